import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, uniqueSuffix } from "./browser";
import { commentAndApprove, logInAsAdmin, publishAsStaff, submitViaApi } from "./staff-flows";

/**
 * Text people write keeps its own direction inside the page's: an Arabic
 * title in the German list, an Arabic name before a German date, a German name
 * in an Arabic page. Checked on the rendered glyph positions, and checked
 * again with the isolation taken out of the DOM, which must break the order
 * (so the test proves that the isolation is what makes it right).
 */
const baseUrl = inject("baseUrl");

let browser: Browser;
let page: Page;
let proposalId = "";
const marker = uniqueSuffix();
const arabicTitle = `حديقة للجميع ${marker}!`;
const arabicName = "سارة";
const germanTitle = `Bänke für die Eisenbahnstraße ${marker}!`;

beforeAll(async () => {
  browser = await launchBrowser();
  const staffContext = await browser.newContext();
  const residentContext = await browser.newContext();
  const staff = await staffContext.newPage();
  const resident = await residentContext.newPage();
  ({ id: proposalId } = await submitViaApi({
    title: arabicTitle,
    description: "نريد حديقة صغيرة في الفناء الخلفي، مع مقاعد وظل للجميع.",
  }));
  await logInAsAdmin(staff);
  await publishAsStaff(staff, proposalId);
  await commentAndApprove(resident, staff, proposalId, {
    body: `Gute Idee ${marker}, ich helfe gern.`,
    name: arabicName,
  });
  const german = await submitViaApi({
    title: germanTitle,
    description: "Zwei Bänke vor dem Stadtteilladen, damit man beim Warten sitzen kann.",
  });
  await publishAsStaff(staff, german.id);
  await staffContext.close();
  page = await residentContext.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Screen rectangle of the character at `index` of the text inside `locator`. */
function charBox(locator: Locator, index: number) {
  return locator.evaluate((element, at) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let offset = at;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      if (offset < length) {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        const rect = range.getClientRects()[0];
        return { left: rect.left, right: rect.right };
      }
      offset -= length;
    }
    throw new Error(`no character ${at}`);
  }, index);
}

/** Removes every `<bdi>` inside the locator's element (keeping its text) and `dir` attributes. */
async function removeIsolation(locator: Locator) {
  await locator.evaluate((element) => {
    for (const bdi of Array.from(element.querySelectorAll("bdi")))
      bdi.replaceWith(...bdi.childNodes);
    element.removeAttribute("dir");
    for (const el of Array.from(element.querySelectorAll("[dir]"))) el.removeAttribute("dir");
    element.normalize();
  });
}

describe("bidirectional text renders in the right order", () => {
  it("an Arabic title in the German list ends (the '!') on its left", async () => {
    await page.goto(`${baseUrl}/proposals?lng=de&q=${marker}`);
    const heading = page.locator(".cards .card h2", { hasText: "حديقة" });
    expect(await heading.getAttribute("dir")).toBe("auto");
    const text = (await heading.textContent()) ?? "";
    expect(text).toBe(arabicTitle);
    const first = await charBox(heading, 0); // "ح", the first letter read
    const bang = await charBox(heading, text.length - 1); // "!", the last character read
    // Read right to left: the end of the sentence is at its left edge.
    expect(bang.right).toBeLessThanOrEqual(first.left + 0.5);

    await removeIsolation(heading);
    const bangAfter = await charBox(heading, text.length - 1);
    const firstAfter = await charBox(heading, 0);
    // Without dir="auto" the German paragraph puts the "!" on the far right: wrong.
    expect(bangAfter.left).toBeGreaterThan(firstAfter.right);
  });

  it("an Arabic name before a German date in a German comment line stays before the date", async () => {
    await page.goto(`${baseUrl}/proposals/${proposalId}?lng=de`);
    const meta = page.locator(".comment .meta", { hasText: arabicName });
    expect(await meta.locator("bdi").textContent()).toBe(arabicName);
    const nameBox = await meta.locator("strong").boundingBox();
    const timeBox = await meta.locator("time").boundingBox();
    expect(nameBox && timeBox && nameBox.x + nameBox.width <= timeBox.x).toBe(true);

    await removeIsolation(meta);
    const nameAfter = await meta.locator("strong").boundingBox();
    const timeAfter = await meta.locator("time").boundingBox();
    // Without the <bdi>, the date's digits join the Arabic run and jump to the left of the name.
    expect(nameAfter && timeAfter && timeAfter.x + timeAfter.width <= nameAfter.x).toBe(true);
  });

  it("a German title in the Arabic list keeps its '!' at its right end", async () => {
    await page.goto(`${baseUrl}/proposals?lng=ar&q=${marker}`);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    const heading = page.locator(".cards .card h2", { hasText: "Bänke" });
    const text = (await heading.textContent()) ?? "";
    expect(text).toBe(germanTitle);
    const first = await charBox(heading, 0); // "B"
    const bang = await charBox(heading, text.length - 1); // "!"
    expect(bang.left).toBeGreaterThanOrEqual(first.right - 0.5);

    await removeIsolation(heading);
    const firstAfter = await charBox(heading, 0);
    const bangAfter = await charBox(heading, text.length - 1);
    // Without dir="auto" the Arabic page's direction moves the "!" to the left: "!Bänke …".
    expect(bangAfter.right).toBeLessThanOrEqual(firstAfter.left + 0.5);
  });
});
