import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from "vitest";
import { describeViolations, launchBrowser, seriousA11yViolations, waitForMap } from "./browser";
import { logInAsAdmin } from "./staff-flows";

/**
 * The presenter's side of a meeting, in Chromium: staff open a meeting for
 * the demo vote (German and Arabic side by side), the projection fills a
 * 1280×720 and a 1920×1080 wall without scrolling, its QR code (read from a
 * screenshot, as a phone camera would) opens the join URL, the presenter
 * steps through the initiatives and steers voting with the keyboard, and axe
 * finds nothing serious on the projection or the remote.
 *
 * Steps share one meeting and run in order; after a failed step the later
 * ones are skipped.
 */

const baseUrl = inject("baseUrl");
const demoProcedure = "Quartiersbudget: 15.000 € für Ideen aus der Nachbarschaft";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let remoteUrl = "";
let code = "";
const cspViolations: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.exposeFunction("__reportCspViolation", (text: string) => cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      // @ts-expect-error exposed by the test
      window.__reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

let failed: string | null = null;
function step(name: string, run: () => Promise<void>, timeout = 90_000) {
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

async function expectAccessible(label: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `axe on ${label}:\n${describeViolations(violations)}`).toEqual([]);
}

/** The projection fits the window: nothing to scroll, the QR code and the status bar fully on screen. */
async function expectNoScrolling(width: number, height: number) {
  const sizes = await page.evaluate(() => ({
    scrollHeight: document.scrollingElement!.scrollHeight,
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerHeight,
    innerWidth,
  }));
  expect(sizes).toMatchObject({ innerWidth: width, innerHeight: height });
  expect(sizes.scrollHeight).toBeLessThanOrEqual(sizes.innerHeight);
  expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.innerWidth);
  for (const selector of [".pj-qr", ".pj-code-value", ".pj-foot", ".pj-head"]) {
    const box = (await page.locator(selector).boundingBox())!;
    expect(box, selector).not.toBeNull();
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, selector).toBeLessThanOrEqual(width + 0.5);
    expect(box.y + box.height, selector).toBeLessThanOrEqual(height + 0.5);
  }
  // Readable from the back of the room: the join code is big.
  const codeBox = (await page.locator(".pj-code-value").boundingBox())!;
  expect(codeBox.height).toBeGreaterThan(height / 14);
}

/** Decodes the QR code from a screenshot of its element, as a phone camera would read it. */
async function decodeQr(): Promise<string | null> {
  const png = PNG.sync.read(await page.locator(".pj-qr").screenshot());
  const result = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  return result?.data ?? null;
}

const projection = () => page.locator(".projection");
const spotlight = () => page.locator("[data-spotlight-option-id]");

describe("the projection of a meeting", () => {
  step("staff open a meeting in German and Arabic from the vote page", async () => {
    await logInAsAdmin(page);
    await page.goto(`${baseUrl}/staff/procedures?lng=de`);
    await Promise.all([
      page.waitForURL(/\/staff\/procedures\/[^/?]+$/),
      page.getByRole("link", { name: demoProcedure }).first().click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/staff\/votes\/[^/?]+$/),
      page.locator('a[href^="/staff/votes/"]').first().click(),
    ]);
    await page.getByLabel("Sprache der Projektion").selectOption("de");
    await page.getByLabel("Zweite Sprache daneben (freiwillig)").selectOption("ar");
    await Promise.all([
      page.waitForURL(/\/staff\/meetings\/[^/?]+$/),
      page.getByRole("button", { name: "Versammlung eröffnen" }).click(),
    ]);
    remoteUrl = page.url();
    code = (await page.locator("[data-join-code]").textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{4}$/);
    await expect
      .poll(() => page.locator(".remote-state").getAttribute("data-connection"))
      .toBe("open");
  });

  step("the remote works on a phone-sized screen and passes axe", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(remoteUrl);
    const overflow = await page.evaluate(
      () => document.scrollingElement!.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible("the remote at 360 px");
  });

  step("the projection fills 1280×720 and 1920×1080 without scrolling", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${remoteUrl}/projection`);
    await expect.poll(() => projection().getAttribute("data-connection")).toBe("open");
    await waitForMap(page, ".pj-map");
    expect(await projection().getAttribute("data-tallies")).toBe("hidden");
    // Bilingual: each half of the title in its own language and direction.
    expect(
      await page
        .locator(".pj-half")
        .evaluateAll((halves) =>
          halves.map((half) => [half.getAttribute("lang"), half.getAttribute("dir")]),
        ),
    ).toEqual([
      ["de", "ltr"],
      ["ar", "rtl"],
    ]);
    await expectNoScrolling(1280, 720);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectNoScrolling(1920, 1080);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  step(
    "the QR code on the wall decodes to the join URL, also written out with the code",
    async () => {
      expect(await decodeQr()).toBe(`${baseUrl}/m/${code}`);
      expect(await page.locator(".pj-url").textContent()).toBe(
        `${baseUrl.replace(/^https?:\/\//, "")}/m/${code}`,
      );
      expect(await page.locator(".pj-code-value").textContent()).toBe(code);
    },
  );

  step("the presenter steps through the initiatives with the arrow keys", async () => {
    const rows = page.locator(".pj-row");
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const ids = await rows.evaluateAll((items) => items.map((item) => item.dataset.optionId));
    const titles = await page.locator(".pj-row-title").allTextContents();
    expect(await spotlight().count()).toBe(0);

    await page.keyboard.press("ArrowRight");
    await expect.poll(() => spotlight().getAttribute("data-spotlight-option-id")).toBe(ids[0]);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => spotlight().getAttribute("data-spotlight-option-id")).toBe(ids[1]);
    expect(await page.locator(".pj-spotlight-title").textContent()).toContain(titles[1]);
    // The map flies to it: the spotlighted pin is ringed.
    await expect
      .poll(() =>
        page.evaluate(() =>
          JSON.stringify(window.__qsMaps?.[0]?.getFilter("meeting-pin-highlight")),
        ),
      )
      .toContain(ids[1]!);
    await expectNoScrolling(1280, 720);

    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => spotlight().getAttribute("data-spotlight-option-id")).toBe(ids[0]);
    await page.keyboard.press("Escape");
    await expect.poll(() => spotlight().count()).toBe(0);
  });

  step("space opens and closes voting; refusals are shown on the wall", async () => {
    await page.keyboard.press("c");
    await expect
      .poll(() => page.locator(".pj-message").textContent())
      .toBe("Die Abstimmung ist gerade nicht offen.");

    // The demo vote is a budget vote: space opens the whole ballot.
    await page.keyboard.press(" ");
    await expect.poll(() => projection().getAttribute("data-voting")).toBe("all");
    await page.keyboard.press("c");
    await expect.poll(() => page.locator("[data-countdown]").count()).toBe(1);
    const seconds = Number(await page.locator("[data-countdown]").getAttribute("data-countdown"));
    expect(seconds).toBeGreaterThan(50);
    expect(seconds).toBeLessThanOrEqual(60);
    await page.keyboard.press(" ");
    await expect.poll(() => projection().getAttribute("data-voting")).toBe("closed");
  });

  step("R reveals the tallies: one bar per initiative with its total", async () => {
    await page.keyboard.press("r");
    await expect.poll(() => projection().getAttribute("data-tallies")).toBe("visible");
    const totals = await page
      .locator(".pj-row")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-total")));
    expect(totals.every((total) => total !== null && /^\d+$/.test(total))).toBe(true);
    // The demo vote already has ballots.
    expect(totals.reduce((sum, total) => sum + Number(total), 0)).toBeGreaterThan(0);
    await expectNoScrolling(1280, 720);
  });

  step("the key help toggles with ? and axe finds nothing serious on the projection", async () => {
    expect(await page.locator(".pj-keys").count()).toBe(1);
    await page.keyboard.press("?");
    await expect.poll(() => page.locator(".pj-keys").count()).toBe(0);
    await page.keyboard.press("?");
    await expect.poll(() => page.locator(".pj-keys").count()).toBe(1);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => spotlight().count()).toBe(1);
    await expectAccessible("the projection (spotlight, tallies shown)");
    expect(cspViolations).toEqual([]);
  });

  step(
    "the remote works without JavaScript: a step and a show of hands reach the wall",
    async () => {
      const remote = await browser.newContext({
        storageState: await context.storageState(),
        javaScriptEnabled: false,
        viewport: { width: 360, height: 740 },
      });
      try {
        const phone = await remote.newPage();
        await phone.goto(remoteUrl);
        const spotlighted = await spotlight().getAttribute("data-spotlight-option-id");
        const rows = page.locator(".pj-row");
        const ids = await rows.evaluateAll((items) => items.map((item) => item.dataset.optionId));
        const second = ids[ids.indexOf(spotlighted!) + 1]!;

        await Promise.all([
          phone.waitForURL(/done=next/),
          phone.getByRole("button", { name: "Weiter →" }).click(),
        ]);
        await expect.poll(() => spotlight().getAttribute("data-spotlight-option-id")).toBe(second);
        const row = page.locator(`.pj-row[data-option-id="${second}"]`);
        const before = Number(await row.getAttribute("data-total"));

        // The demo vote is a budget vote: one tick per person at most, so 30 from 10 cannot be.
        await phone.getByLabel("Stimmen", { exact: true }).fill("30");
        await phone.getByLabel("Personen, die per Handzeichen abstimmen (insgesamt)").fill("10");
        await phone.getByRole("button", { name: "Handzeichen speichern" }).click();
        await phone.waitForLoadState();
        expect(await phone.locator("[role=alert]").textContent()).toContain(
          "Die Zahlen passen nicht zusammen",
        );
        expect(await phone.getByLabel("Stimmen", { exact: true }).inputValue()).toBe("30");
        expect(
          await phone
            .getByLabel("Personen, die per Handzeichen abstimmen (insgesamt)")
            .inputValue(),
        ).toBe("10");

        await phone.getByLabel("Stimmen", { exact: true }).fill("4");
        await Promise.all([
          phone.waitForURL(/done=hand-count/),
          phone.getByRole("button", { name: "Handzeichen speichern" }).click(),
        ]);
        await expect
          .poll(async () => Number(await row.getAttribute("data-total")))
          .toBe(before + 4);
        expect(await row.locator(".pj-row-numbers").textContent()).toContain("Handzeichen 4");
      } finally {
        await remote.close();
      }
    },
  );
});
