import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from "vitest";
import { repoRoot } from "../setup/paths";
import { launchBrowser, uniqueSuffix } from "./browser";
import { logInAsAdmin, submitViaApi } from "./staff-flows";

/**
 * A meeting as the room lives it, with two browsers: the projection on the
 * office laptop and phones (360×740, touch). A phone joins by the URL it
 * reads from the projection's QR code, votes, and the wall follows within a
 * second; tallies stay hidden until the presenter reveals them; the wall's
 * stream is dropped by the server and the wall catches up by itself.
 *
 * It runs on a second instance of the built app with SSE_MAX_AGE_SECONDS=4,
 * so that the server ends every stream after four seconds, as a proxy's idle
 * limit or a restart would. Both instances share the e2e database and the
 * staff login (cookies are per host, not per port), but every request here
 * goes to the second instance, whose event bus is the one that hears them.
 */

const databaseUrl = inject("databaseUrl");
const DAY = 24 * 60 * 60 * 1000;
const DROP_AFTER_S = 4;

let server: ChildProcess;
let base = "";
let browser: Browser;
let wallContext: BrowserContext;
let wall: Page;
const phones: BrowserContext[] = [];
let meetingId = "";
let voteId = "";
let optionIds: string[] = [];
let joinUrl = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

beforeAll(async () => {
  // The vote and the meeting are made with the app's own commands on the shared database.
  process.env.DATABASE_URL = databaseUrl;
  const { prisma } = await import("~/utils/db.server");
  const procedures = await import("~/modules/procedures/procedures.server");
  const votes = await import("~/modules/votes/votes.server");
  const meetings = await import("~/modules/meetings/meetings.server");
  const staffId = (await prisma.staff.findFirstOrThrow({ select: { id: true } })).id;
  const suffix = uniqueSuffix();
  const at = (days: number) => new Date(Date.now() + days * DAY);
  const procedure = await procedures.createProcedure(
    {
      kind: "resident_vote",
      title: `Stadtteilrunde live ${suffix}`,
      description: "Zwei Ideen, abgestimmt im Saal.",
      translations: {},
      phases: [
        { kind: "collection", startsAt: at(-10), endsAt: at(-6) },
        { kind: "review", startsAt: at(-6), endsAt: at(-4) },
        { kind: "voting", startsAt: at(-1), endsAt: at(1) },
        { kind: "counting", startsAt: at(1), endsAt: at(2) },
        { kind: "results", startsAt: at(2), endsAt: at(3) },
      ],
    },
    staffId,
  );
  if (procedure.status !== "ok") throw new Error(JSON.stringify(procedure));
  await procedures.setProcedureState(procedure.id, "published", staffId);
  const vote = await votes.createVote(
    procedure.id,
    {
      method: "yes_no",
      config: { method: "yes_no", minTurnout: null, winners: null },
      channels: ["open"],
      eligibilityNote: "Alle, die im Saal sind.",
      eligibilityTranslations: {},
      liveResults: false,
    },
    staffId,
  );
  if (vote.status !== "ok") throw new Error(JSON.stringify(vote));
  voteId = vote.id;
  for (const title of ["Tischtennisplatte im Rabet", "Lastenrad für den Stadtteilladen"]) {
    const { id } = await submitViaApi({
      title: `${title} ${suffix}`,
      description: "Eine Idee aus der Nachbarschaft, über die im Saal abgestimmt wird.",
      name: "Murat Yılmaz",
    });
    await prisma.proposal.update({
      where: { id },
      // Published as staff would: with its entry in the public status history.
      data: {
        status: "published",
        publishedAt: new Date(),
        statusChanges: {
          create: { fromStatus: "submitted", toStatus: "published", actor: "staff", staffId },
        },
      },
    });
    const option = await votes.addVoteOption({
      voteId,
      proposalId: id,
      estimatedCostCents: 800_00,
      staffId,
    });
    if (option.status !== "ok") throw new Error(JSON.stringify(option));
    optionIds.push(option.id);
  }
  const created = await meetings.createMeeting({ voteId, staffId });
  if (created.status !== "ok") throw new Error(JSON.stringify(created));
  meetingId = created.id;
  await prisma.$disconnect();

  const port = await freePort();
  server = spawn("node", ["server.mjs"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: "",
      SSE_MAX_AGE_SECONDS: String(DROP_AFTER_S),
    },
    stdio: "ignore",
  });
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(base + "/")).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("second instance did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  browser = await launchBrowser();
  wallContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  wall = await wallContext.newPage();
}, 120_000);

afterAll(async () => {
  for (const context of phones) await context.close().catch(() => undefined);
  await wallContext?.close();
  await browser?.close();
  server?.kill();
});

let failed: string | null = null;
function step(name: string, run: () => Promise<void>, timeout = 60_000) {
  it(
    name,
    async (test: TestContext) => {
      if (failed) test.skip(`an earlier step failed: ${failed}`);
      try {
        await run();
      } catch (error) {
        failed = name;
        throw error;
      }
    },
    timeout,
  );
}

const projection = () => wall.locator(".projection");
const row = (index: number) => wall.locator(`li.pj-row[data-option-id="${optionIds[index]}"]`);
const ballotsOnWall = async () =>
  Number(await wall.locator(".pj-ballots-value").getAttribute("data-ballots"));

async function newPhone(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  phones.push(context);
  return context.newPage();
}

/** A phone opens the join URL, answers the open question and waits for "gezählt". Returns when it was counted. */
async function vote(answer: "yes" | "no" | "abstain"): Promise<number> {
  const phone = await newPhone();
  await phone.goto(joinUrl);
  await phone.locator(`input[name=answer][value=${answer}]`).check();
  await phone.locator("[data-submit]").tap();
  await expect.poll(() => phone.locator("[data-status]").textContent()).toContain("gezählt");
  return Date.now();
}

/** Polls the wall until `check` holds; returns the time it took. */
async function wallFollows(check: () => Promise<boolean>, within: number): Promise<number> {
  const started = Date.now();
  await expect.poll(check, { timeout: within, interval: 25 }).toBe(true);
  return Date.now() - started;
}

describe("a meeting in the room: projection and phones", () => {
  step("the projection connects and shows the join QR code, tallies hidden", async () => {
    // The staff session is the main instance's cookie on the same host.
    await logInAsAdmin(wall);
    await wall.goto(`${base}/staff/meetings/${meetingId}/projection?lng=de`);
    await expect.poll(() => projection().getAttribute("data-connection")).toBe("open");
    expect(await projection().getAttribute("data-tallies")).toBe("hidden");
    const png = PNG.sync.read(await wall.locator(".pj-qr").screenshot());
    joinUrl = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? "";
    expect(joinUrl).toMatch(new RegExp(`^${base}/m/[A-Z0-9]{4}$`));
  });

  step(
    "the presenter puts the first initiative up and opens voting with the keyboard",
    async () => {
      await wall.keyboard.press("ArrowRight");
      await expect
        .poll(() =>
          wall.locator("[data-spotlight-option-id]").getAttribute("data-spotlight-option-id"),
        )
        .toBe(optionIds[0]);
      await wall.keyboard.press("Space");
      await expect.poll(() => projection().getAttribute("data-voting")).toBe("question");
    },
  );

  step("a phone votes; the wall counts it within a second but keeps the tally hidden", async () => {
    const counted = await vote("yes");
    await wallFollows(async () => (await ballotsOnWall()) === 1, 5_000);
    expect(Date.now() - counted).toBeLessThan(1_000);
    expect(await projection().getAttribute("data-tallies")).toBe("hidden");
    expect(await row(0).getAttribute("data-total")).toBeNull();
  });

  step("reveal shows the hidden tally", async () => {
    await wall.keyboard.press("r");
    await expect.poll(() => projection().getAttribute("data-tallies")).toBe("visible");
    expect(await row(0).getAttribute("data-total")).toBe("1");
  });

  step("another phone votes; the bars follow within a second", async () => {
    const counted = await vote("no");
    await wallFollows(async () => (await row(0).getAttribute("data-total")) === "2", 5_000);
    expect(Date.now() - counted).toBeLessThan(1_000);
    expect(await row(0).locator(".pj-row-numbers").textContent()).toMatch(/2/);
  });

  step(
    "the server drops the wall's stream; a ballot cast meanwhile still reaches the wall",
    async () => {
      // Watch the wall's connection mark; the moment it reconnects, a phone votes.
      const marks: string[] = [];
      await wall.exposeFunction("__qsConnection", (value: string) => marks.push(value));
      await wall.evaluate(() => {
        const root = document.querySelector(".projection")!;
        new MutationObserver(() => {
          // @ts-expect-error exposed by the test
          window.__qsConnection(root.getAttribute("data-connection"));
        }).observe(root, { attributes: true, attributeFilter: ["data-connection"] });
      });
      await expect
        .poll(() => marks.includes("reconnecting"), { timeout: (DROP_AFTER_S + 4) * 1000 })
        .toBe(true);
      const phone = await newPhone();
      await phone.goto(joinUrl);
      await phone.locator("input[name=answer][value=abstain]").check();
      await phone.locator("[data-submit]").tap();
      await expect.poll(() => phone.locator("[data-status]").textContent()).toContain("gezählt");
      // The wall reconnects by itself and shows the ballot it may have missed.
      await wallFollows(async () => (await row(0).getAttribute("data-total")) === "3", 5_000);
      await expect.poll(() => projection().getAttribute("data-connection")).toBe("open");
      expect(marks.indexOf("open", marks.indexOf("reconnecting"))).toBeGreaterThan(-1);
    },
  );

  step("a projection opened late shows the same numbers as the one that watched", async () => {
    const late = await wallContext.newPage();
    await late.goto(`${base}/staff/meetings/${meetingId}/projection?lng=de`);
    await expect
      .poll(() => late.locator(".projection").getAttribute("data-connection"))
      .toBe("open");
    const total = (page: Page) =>
      page.locator(`li.pj-row[data-option-id="${optionIds[0]}"]`).getAttribute("data-total");
    expect(await total(late)).toBe(await total(wall));
    expect(await total(late)).toBe("3");
    await late.close();
  });
});
