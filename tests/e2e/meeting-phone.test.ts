import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from "vitest";
import { describeViolations, launchBrowser, seriousA11yViolations, uniqueSuffix } from "./browser";
import { submitViaApi } from "./staff-flows";

/**
 * Phones in the room, in Chromium (360×740, touch), against the built app:
 * the first load's size and contents, a ballot with and without JavaScript,
 * the result numbers following the stream, the page following the room (and
 * not throwing away an unsent choice), the reconnect notice, axe in German
 * and Arabic.
 *
 * The test sets up its own yes/no vote and meeting with the app's own
 * commands on the server's database file (the demo vote stays as it is for
 * other tests). The server's event bus does not hear this process: after
 * each change of the meeting, a ballot through the public API makes the
 * server recount and send the room the new state, as a presenter command
 * would.
 *
 * Steps share the meeting and run in order; after a failed step the later
 * ones are skipped.
 */

const baseUrl = inject("baseUrl");
const phone = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
};
const DAY = 24 * 60 * 60 * 1000;

type Meetings = typeof import("~/modules/meetings/meetings.server");
let meetings: Meetings;
let prisma: (typeof import("~/utils/db.server"))["prisma"];
let browser: Browser;
const contexts: BrowserContext[] = [];
let staffId = "";
let voteId = "";
let optionIds: string[] = [];
let meetingId = "";
let code = "";

beforeAll(async () => {
  // The app's modules in this process, on the e2e server's database.
  process.env.DATABASE_URL = inject("databaseUrl");
  meetings = await import("~/modules/meetings/meetings.server");
  prisma = (await import("~/utils/db.server")).prisma;
  const procedures = await import("~/modules/procedures/procedures.server");
  const votes = await import("~/modules/votes/votes.server");
  staffId = (await prisma.staff.findFirstOrThrow({ select: { id: true } })).id;

  const suffix = uniqueSuffix();
  const at = (days: number) => new Date(Date.now() + days * DAY);
  const procedure = await procedures.createProcedure(
    {
      kind: "resident_vote",
      title: `Stadtteilrunde ${suffix}`,
      description: "Drei Ideen aus der Nachbarschaft, abgestimmt im Saal.",
      translations: { ar: { title: `جلسة الحي ${suffix}` } },
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
  for (const title of ["Trinkbrunnen am Rabet", "Bücherschrank Eisenbahnstraße", "Hofflohmarkt"]) {
    const { id } = await submitViaApi({
      title: `${title} ${suffix}`,
      description: "Eine Idee aus der Nachbarschaft, über die im Saal abgestimmt wird.",
      name: "Olena Kowalenko",
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
      estimatedCostCents: 1_250_00,
      staffId,
    });
    if (option.status !== "ok") throw new Error(JSON.stringify(option));
    optionIds.push(option.id);
  }
  const created = await meetings.createMeeting({ voteId, staffId });
  if (created.status !== "ok") throw new Error(JSON.stringify(created));
  meetingId = created.id;
  code = created.code;
  await command({ kind: "spotlight", optionId: optionIds[0]! });
  await command({ kind: "open", scope: "question" });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await prisma?.$disconnect();
});

async function command(cmd: Parameters<Meetings["presenterCommand"]>[2]) {
  const result = await meetings.presenterCommand(meetingId, staffId, cmd);
  if (result.status !== "ok") throw new Error(`${cmd.kind}: ${JSON.stringify(result)}`);
}

/** Someone votes online (open channel): the server recounts and sends the room its state. */
async function nudgeTheRoom() {
  const response = await fetch(`${baseUrl}/api/votes/${voteId}/ballots`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ choices: { [optionIds[2]!]: "abstain" }, eligible: true }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** Content-Security-Policy complaints of any phone page (the page and its script run under the CSP). */
const cspViolations: string[] = [];

async function newPhone(options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ ...phone, ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, page };
}

const phoneBallots = () => prisma.ballot.count({ where: { voteId, channel: "phone" } });
const statusLine = (page: Page) => page.locator("[data-status]").innerText();

let failed: string | null = null;
function step(name: string, run: () => Promise<void>) {
  it(name, async (context: TestContext) => {
    if (failed) context.skip(`an earlier step failed: ${failed}`);
    try {
      await run();
    } catch (error) {
      failed = name;
      throw error;
    }
  });
}

/** The phone that votes with JavaScript, and how often it (re)loaded the page. */
let jsPhone: Page;
let loads = 0;

describe("a phone in the room", () => {
  step("the first load is light: our own small script, no Remix scripts, ≤ 50 KB", async () => {
    const { context, page } = await newPhone();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const urls = new Map<string, string>();
    const transferred = new Map<string, number>();
    cdp.on("Network.requestWillBeSent", (event) => urls.set(event.requestId, event.request.url));
    cdp.on("Network.loadingFinished", (event) =>
      transferred.set(urls.get(event.requestId) ?? event.requestId, event.encodedDataLength),
    );
    // The event stream is not part of the page's load (it never finishes); its first message is logged.
    let snapshotBytes = 0;
    const firstEvent = new Promise<void>((resolve) =>
      cdp.on("Network.eventSourceMessageReceived", (event) => {
        snapshotBytes ||= Buffer.byteLength(event.data);
        resolve();
      }),
    );
    const response = await page.goto(`${baseUrl}/m/${code}`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    expect(response?.headers()["cache-control"]).toBe("no-store");
    const html = (await response?.text()) ?? "";
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/meeting/phone.js" defer="">']);
    expect(html).not.toContain("modulepreload");
    expect(html).not.toContain("__remix");
    // What /build/ holds that the page names: style sheets only.
    for (const match of html.matchAll(/"(\/build\/[^"]+)"/g)) expect(match[1]).toMatch(/\.css$/);
    // The submitter of the initiatives is nowhere on the page.
    expect(html).not.toContain("Olena");

    await firstEvent;
    await page.waitForTimeout(300);
    const total = [...transferred.values()].reduce((sum, bytes) => sum + bytes, 0);
    const list = [...transferred.entries()]
      .map(([url, bytes]) => `${bytes} B ${url.replace(baseUrl, "")}`)
      .join("\n");
    console.log(
      `phone page, first load: ${total} bytes transferred\n${list}\n` +
        `(then the event stream: first snapshot ${snapshotBytes} bytes of data)`,
    );
    expect([...transferred.keys()].some((url) => url.endsWith("/meeting/phone.js"))).toBe(true);
    expect(total).toBeLessThanOrEqual(50 * 1024);
  });

  step("votes with JavaScript: large choices, counted without a reload", async () => {
    const { context, page } = await newPhone();
    jsPhone = page;
    page.on("load", () => loads++);
    await page.goto(`${baseUrl}/m/${code}`);
    await page.getByRole("heading", { name: /^Trinkbrunnen am Rabet/ }).waitFor();
    const before = loads;
    for (const name of ["Ja", "Nein", "Enthaltung"]) {
      const box = await page.locator("label.mp-choice", { hasText: name }).boundingBox();
      expect(box!.height, name).toBeGreaterThanOrEqual(44);
    }
    await page.getByRole("radio", { name: "Ja" }).tap();
    await page.getByRole("button", { name: "Stimme abgeben" }).tap();
    await expect.poll(() => statusLine(page)).toBe("gezählt ✓");
    await page.getByRole("button", { name: "Stimme ändern" }).waitFor();
    expect(await phoneBallots()).toBe(1);
    expect(loads).toBe(before);

    const cookie = (await context.cookies()).find((c) => c.name === `qs_device_${code}`);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.path).toBe(`/m/${code}`);
  });

  step("revealed tallies: the page shows them, and the numbers follow the stream", async () => {
    const page = jsPhone;
    await command({ kind: "reveal" });
    await nudgeTheRoom();
    // The room moved on (tallies shown): the page reloads by itself.
    const yes = page.locator(`[data-option="${optionIds[0]}"] [data-n="yes"]`);
    await yes.waitFor();
    expect(await yes.innerText()).toBe("1");
    expect(await page.getByRole("radio", { name: "Ja" }).isChecked()).toBe(true);
    const before = loads;

    // Another phone says no: the numbers change without a reload.
    const other = await fetch(`${baseUrl}/m/${code}/ballot`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({ round: "1", optionId: optionIds[0]!, answer: "no" }),
    });
    expect(await other.json()).toMatchObject({ status: "counted", changed: false });
    await expect
      .poll(() => page.locator(`[data-option="${optionIds[0]}"] [data-n="no"]`).innerText())
      .toBe("1");
    expect(loads).toBe(before);
  });

  step("a new question while a choice is unsent: a notice, not a reload", async () => {
    const page = jsPhone;
    await page.getByRole("radio", { name: "Nein" }).tap();
    expect(await statusLine(page)).toBe("");
    const before = loads;
    await command({ kind: "spotlight", optionId: optionIds[1]! });
    await command({ kind: "open", scope: "question" });
    await nudgeTheRoom();
    const notice = page.getByRole("link", { name: "Neue Frage – tippen zum Aktualisieren" });
    await notice.waitFor();
    expect(loads).toBe(before);
    expect(await page.getByRole("radio", { name: "Nein" }).isChecked()).toBe(true);

    // Sending it anyway: refused, with the reason, and nothing stored.
    await page.getByRole("button", { name: "Stimme ändern" }).tap();
    await expect
      .poll(() => page.locator("[data-error]").innerText())
      .toContain("Ihre Stimme wurde nicht gespeichert");
    await Promise.all([page.waitForEvent("load"), notice.tap()]);
    await page.getByRole("heading", { name: /^Bücherschrank Eisenbahnstraße/ }).waitFor();
    expect(await page.getByRole("radio", { name: "Nein" }).isChecked()).toBe(false);
  });

  step("votes without JavaScript: a form post, then the page says counted", async () => {
    const { page } = await newPhone({ javaScriptEnabled: false });
    await page.goto(`${baseUrl}/m/${code}`);
    await page.getByRole("radio", { name: "Enthaltung" }).check();
    await Promise.all([
      page.waitForURL(/counted=1/),
      page.getByRole("button", { name: "Stimme abgeben" }).click(),
    ]);
    expect(await statusLine(page)).toBe("gezählt ✓");
    expect(await page.getByRole("radio", { name: "Enthaltung" }).isChecked()).toBe(true);
    expect(await phoneBallots()).toBe(3);
  });

  step("a countdown started later appears without a reload", async () => {
    const page = jsPhone;
    const before = loads;
    await command({ kind: "countdown", seconds: 90 });
    await nudgeTheRoom();
    await expect
      .poll(() => page.locator("[data-time-left]").innerText())
      .toMatch(/^noch 1:[23]\d$/);
    expect(await page.locator("[data-until]").innerText()).toMatch(
      /^Abstimmen bis \d{1,2}:\d{2}:\d{2} Uhr$/,
    );
    expect(loads).toBe(before);
  });

  step("no connection to the stream: a discreet notice until it is back", async () => {
    const { page } = await newPhone();
    // The stream's requests fail as they would without network; the page itself loads.
    await page.route("**/events", (route) => route.abort("internetdisconnected"));
    await page.goto(`${baseUrl}/m/${code}`);
    const notice = page.locator("[data-connection]");
    await notice.waitFor({ state: "visible", timeout: 15_000 });
    expect(await notice.innerText()).toBe("Verbindung wird wiederhergestellt …");
    await page.unroute("**/events");
    await notice.waitFor({ state: "hidden", timeout: 15_000 });
  });

  step("when voting closes, the page follows by itself", async () => {
    const page = jsPhone;
    await command({ kind: "close" });
    await nudgeTheRoom();
    await page.getByRole("heading", { name: "Abstimmung geschlossen" }).waitFor();
    expect(await page.locator("form[data-ballot]").count()).toBe(0);
  });

  step("a state the stream has not caught up with: at most one reload, no loop", async () => {
    // Changed behind the server's back: the room's last snapshot is older than the page.
    await command({ kind: "open", scope: "all" });
    const { page } = await newPhone();
    let pageLoads = 0;
    page.on("load", () => pageLoads++);
    await page.goto(`${baseUrl}/m/${code}`);
    await page.waitForTimeout(3000);
    expect(pageLoads).toBeLessThanOrEqual(2);
    await page.getByRole("heading", { name: "Abstimmung über alle Ideen" }).waitFor();
    await nudgeTheRoom();
  });

  step("axe finds no serious or critical violation, in German and Arabic", async () => {
    for (const language of ["de", "ar"]) {
      const { page } = await newPhone();
      await page.goto(`${baseUrl}/m/${code}?lng=${language}`);
      await page.locator("form[data-ballot]").waitFor();
      if (language === "ar") {
        expect(await page.getAttribute("html", "dir")).toBe("rtl");
        await page.getByRole("heading", { name: "التصويت على جميع الأفكار" }).waitFor();
        await page.getByRole("heading", { name: /^جلسة الحي/ }).waitFor();
      }
      const violations = await seriousA11yViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
    const { page } = await newPhone();
    await page.goto(`${baseUrl}/m?code=${code.toLowerCase()}`);
    await page.getByRole("heading", { name: "Abstimmung über alle Ideen" }).waitFor();
    await page.goto(`${baseUrl}/m/ZZZZ`);
    await page.getByRole("heading", { name: "Versammlung nicht gefunden" }).waitFor();
    const violations = await seriousA11yViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
