import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, uniqueSuffix } from "./browser";
import { findProposalsByTitle } from "./db";
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

/**
 * Where text people write sits in a sentence or a line of the page's own
 * language: the element holding it (or one between it and `container`,
 * both included) isolates it, as a <bdi> or with a `dir`. "none" when
 * nothing does, so a page that loses its isolation fails here.
 */
function isolationOf(container: Locator, text: string): Promise<string> {
  return container.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.includes(wanted)) continue;
      for (let element = node.parentElement; element; element = element.parentElement) {
        if (element.localName === "bdi") return "bdi";
        const dir = element.getAttribute("dir");
        if (dir) return `dir=${dir}`;
        if (element === root) break;
      }
      return "none";
    }
    return "not found";
  }, text);
}

const isolated = /^(bdi|dir=(auto|ltr))$/;

describe("German titles with Latin digits are isolated on Arabic pages", () => {
  const procedureTitle = `Ideenaufruf Eisenbahnstraße 54 ${marker}`;
  const ideaTitle = `Bänke vor Haus 12 ${marker}`;
  let staff: Page;
  let visitor: Page;
  let procedureId = "";
  let ideaId = "";
  let trackingUrl = "";
  let district = "";

  /** A moment as a `datetime-local` value in Leipzig (Berlin) time, which the staff form expects. */
  const berlinLocal = (date: Date) =>
    new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Berlin",
      dateStyle: "short",
      timeStyle: "short",
    })
      .format(date)
      .replace(" ", "T");

  beforeAll(async () => {
    staff = await (await browser.newContext()).newPage();
    visitor = await (await browser.newContext()).newPage();
    await logInAsAdmin(staff);

    // An idea call collecting ideas now, with a German title only.
    await staff.goto(`${baseUrl}/staff/procedures/new?lng=de`);
    await staff.getByLabel("Art des Verfahrens").selectOption("idea_call");
    await staff.getByLabel("Titel", { exact: true }).first().fill(procedureTitle);
    await staff
      .getByLabel("Beschreibung", { exact: true })
      .first()
      .fill("Welche Bänke fehlen in der Eisenbahnstraße? Schreiben Sie uns Ihre Ideen.");
    const collection = staff.getByRole("group", { name: "Ideensammlung", exact: true });
    await collection
      .getByLabel("Beginn (Leipziger Zeit)")
      .fill(berlinLocal(new Date(Date.now() - 3_600_000)));
    await collection
      .getByLabel("Ende (Leipziger Zeit)")
      .fill(berlinLocal(new Date(Date.now() + 48 * 3_600_000)));
    await Promise.all([
      staff.waitForURL(/\/staff\/procedures\/[^/?]+\?done=created/),
      staff.getByRole("button", { name: "Als Entwurf speichern" }).click(),
    ]);
    procedureId = new URL(staff.url()).pathname.split("/").pop()!;
    await staff.locator("summary", { hasText: "Veröffentlichen …" }).click();
    await Promise.all([
      staff.waitForURL(/done=published/),
      staff.getByRole("button", { name: "Ja, jetzt veröffentlichen", exact: true }).click(),
    ]);

    // An idea for it, published and then accepted by the office: it shows on the outcomes page.
    ({ id: ideaId, trackingUrl } = await submitViaApi({
      title: ideaTitle,
      description: "Zwei Bänke vor dem Haus Nummer 12, mit Blick auf den Spielplatz.",
      procedureId,
    }));
    await publishAsStaff(staff, ideaId);
    await staff.fill("#implementation-note", "Das Quartiersmanagement stellt die Bänke auf.");
    await Promise.all([
      staff.waitForURL(/done=implementation/),
      staff.click("button[name=intent][value=implementation]"),
    ]);
    district = findProposalsByTitle(ideaTitle)[0]?.district ?? "";
  }, 120_000);

  async function openArabic(on: Page, url: string) {
    await on.goto(`${url}${url.includes("?") ? "&" : "?"}lng=ar`);
    expect(await on.evaluate(() => document.documentElement.dir)).toBe("rtl");
  }

  it("on the procedure list and page: the procedure's title, the idea's title and its Ortsteil", async () => {
    await openArabic(visitor, `${baseUrl}/procedures`);
    const card = visitor.locator(".procedure-card", { hasText: procedureTitle });
    expect(await isolationOf(card, procedureTitle)).toMatch(isolated);

    await openArabic(visitor, `${baseUrl}/procedures/${procedureId}`);
    expect(await isolationOf(visitor.locator("h1"), procedureTitle)).toMatch(isolated);
    const idea = visitor.locator(".card", { hasText: ideaTitle });
    expect(await isolationOf(idea, ideaTitle)).toMatch(isolated);
    expect(district).not.toBe("");
    expect(await isolationOf(idea.locator(".meta"), district)).toMatch(isolated);
  });

  it("on the outcomes page: the idea's title, its Ortsteil and the procedure it belongs to", async () => {
    await openArabic(visitor, `${baseUrl}/outcomes`);
    const card = visitor.locator(".outcome-card", { hasText: ideaTitle });
    expect(await isolationOf(card, ideaTitle)).toMatch(isolated);
    expect(await isolationOf(card, district)).toMatch(isolated);
    expect(await isolationOf(card, procedureTitle)).toMatch(isolated);
  });

  it("on the tracking page: the idea's title and the procedure it belongs to", async () => {
    await openArabic(visitor, trackingUrl);
    const section = visitor.locator("section", {
      has: visitor.locator("h2", { hasText: ideaTitle }),
    });
    expect(await isolationOf(section, ideaTitle)).toMatch(isolated);
    expect(await isolationOf(section, procedureTitle)).toMatch(isolated);
  });

  it("on staff pages: the name after 'Angemeldet als' and the titles in the lists", async () => {
    await openArabic(staff, `${baseUrl}/staff/proposals?q=${encodeURIComponent(marker)}`);
    const bar = staff.locator(".staff-bar p");
    expect(await bar.textContent()).toContain("Administrator");
    expect(await isolationOf(bar, "Administrator")).toBe("bdi");
    const row = staff.locator("tbody tr", { hasText: ideaTitle });
    expect(await isolationOf(row, ideaTitle)).toMatch(isolated);

    await openArabic(staff, `${baseUrl}/staff/procedures`);
    const procedureRow = staff.locator("tbody tr", { hasText: procedureTitle });
    expect(await isolationOf(procedureRow, procedureTitle)).toMatch(isolated);

    await openArabic(staff, `${baseUrl}/staff/procedures/${procedureId}`);
    expect(await isolationOf(staff.locator("h1"), procedureTitle)).toMatch(isolated);
    const ideaRow = staff.locator("tbody tr", { hasText: ideaTitle });
    expect(await isolationOf(ideaRow, ideaTitle)).toMatch(isolated);
  });
});
