import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { describeViolations, launchBrowser, seriousA11yViolations, uniqueSuffix } from "./browser";
import { logInAsAdmin, publishAsStaff, submitViaApi } from "./staff-flows";

/**
 * The pages issue 8 touched (list with Ortsteil filter and sort, detail with
 * share link, accessibility statement, staff detail with the status form):
 * axe in German and Arabic, the status and reply forms empty after success,
 * and the start page without JavaScript.
 */
const baseUrl = inject("baseUrl");
const officeEmail = inject("officeEmail");

let browser: Browser;
let staff: Page;
let proposalId = "";

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await (await browser.newContext()).newPage();
  ({ id: proposalId } = await submitViaApi({
    title: `Trinkbrunnen am Rabet ${uniqueSuffix()}`,
    description: "Ein Trinkbrunnen am Spielplatz, damit Kinder im Sommer Wasser haben.",
  }));
  await logInAsAdmin(staff);
  await publishAsStaff(staff, proposalId);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(page: Page, label: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${label}\n${describeViolations(violations)}`).toEqual([]);
}

describe("touched pages are accessible in German and Arabic", () => {
  it.each(["de", "ar"] as const)("list, detail, accessibility statement (%s)", async (language) => {
    const page = await (await browser.newContext()).newPage();
    for (const path of [
      `/proposals?sort=supported&lng=${language}`,
      `/proposals/${proposalId}?lng=${language}`,
      `/accessibility?lng=${language}`,
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await page.waitForLoadState("networkidle");
      await expectAccessible(page, path);
    }
    await page.context().close();
  });

  it.each(["de", "ar"] as const)("staff proposal page (%s)", async (language) => {
    await staff.goto(`${baseUrl}/staff/proposals/${proposalId}?lng=${language}`);
    await staff.waitForLoadState("networkidle");
    await expectAccessible(staff, `staff proposal (${language})`);
  });
});

describe("small things", () => {
  it("the accessibility statement is linked in the footer and names a way to report barriers", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/`);
    await page.click("footer a:has-text('Barrierefreiheit')");
    await page.waitForURL(`${baseUrl}/accessibility`);
    await page.locator("h1", { hasText: "Erklärung zur Barrierefreiheit" }).waitFor();
    expect(await page.locator("#feedback a[href^='mailto:']").count()).toBe(1);
    await page.context().close();
  });

  it("the accessibility statement and the imprint give the office's configured address", async () => {
    const page = await (await browser.newContext()).newPage();
    for (const [path, where] of [
      ["/accessibility", "#feedback"],
      ["/imprint", "main"],
    ] as const) {
      await page.goto(`${baseUrl}${path}?lng=de`);
      const link = page.locator(`${where} a[href^='mailto:']`);
      expect(await link.textContent(), path).toBe(officeEmail);
      expect(await link.getAttribute("href"), path).toMatch(
        new RegExp(`^mailto:${officeEmail.replace(/\./g, "\\.")}(\\?|$)`),
      );
      expect(await page.locator("main").textContent(), path).not.toContain("Demo-Installation");
    }
    await page.context().close();
  });

  it("the status and reply forms are empty again after a successful change", async () => {
    await staff.goto(`${baseUrl}/staff/proposals/${proposalId}?lng=de`);
    expect(await staff.inputValue("#status-to")).toBe("");
    await staff.fill("#reply-body", "Danke, wir prüfen den Standort mit dem Grünflächenamt.");
    await Promise.all([
      staff.waitForURL(/done=reply/),
      staff.click("button[name=intent][value=reply]"),
    ]);
    await staff.locator("#reply-body").waitFor();
    // The URL changes before React renders the new location: wait for the render.
    await expect.poll(() => staff.inputValue("#reply-body")).toBe("");

    // Whatever the workflow offers next: the first real option.
    const next = await staff
      .locator("#status-to option:not([value=''])")
      .first()
      .getAttribute("value");
    await staff.selectOption("#status-to", next!);
    await staff.fill("#status-reason", "Wir schauen uns das genauer an.");
    await Promise.all([
      staff.waitForURL(/done=status/),
      staff.click("button:has-text('Stand speichern')"),
    ]);
    await staff.locator("#status-to").waitFor();
    await expect.poll(() => staff.inputValue("#status-to")).toBe("");
    await expect.poll(() => staff.inputValue("#status-reason")).toBe("");
  });

  it("without JavaScript the start page offers the list instead of a loading map", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const placeholder = page.locator(".map-placeholder").first();
    expect(await placeholder.innerText()).not.toContain("Karte wird geladen");
    expect(await placeholder.locator("a[href='/proposals']").count()).toBe(1);
    await context.close();
  });

  it("the detail page has a share link that works without JavaScript, and a copy button with it", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/proposals/${proposalId}`);
    expect(await page.inputValue("#share-url")).toBe(`${baseUrl}/proposals/${proposalId}`);
    await context.close();

    const withJs = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const jsPage = await withJs.newPage();
    await jsPage.goto(`${baseUrl}/proposals/${proposalId}`);
    await jsPage.click("button:has-text('Link kopieren')");
    await jsPage.locator(".share [aria-live=polite]", { hasText: "kopiert" }).waitFor();
    expect(await jsPage.evaluate(() => navigator.clipboard.readText())).toBe(
      `${baseUrl}/proposals/${proposalId}`,
    );
    await withJs.close();
  });
});
