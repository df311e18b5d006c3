import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { catalogues } from "~/i18n/catalogues.server";
import { languageNames, languages, textDirection, type Language } from "~/i18n/config";
import { describeViolations, launchBrowser, seriousA11yViolations, waitForMap } from "./browser";
import { logInAsAdmin } from "./staff-flows";

/**
 * Every UI language (German, English, Arabic, Turkish, Ukrainian, Russian)
 * renders the start page, the submit form and staff pages: with its lang and
 * dir, its own headings (not the German ones), no hydration error, and axe
 * finding no serious or critical violation. And the Leichte Sprache page is
 * linked from the start page and the footer.
 */
const baseUrl = inject("baseUrl");

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A catalogue text by its dotted key. */
function text(language: Language, key: string): string {
  let node: unknown = catalogues[language];
  for (const part of key.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "string") throw new Error(`no text ${key} in ${language}`);
  return node;
}

/** React's errors in the browser console (a hydration mismatch shows as one). */
function collectReactErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && /React|hydrat/i.test(message.text())) {
      errors.push(message.text());
    }
  });
  return errors;
}

/** Chooses the language with the visible switch (remembered in a cookie) on the current page. */
async function switchTo(page: Page, language: Language) {
  await page.getByRole("button", { name: languageNames[language], exact: true }).click();
  await page.waitForFunction((lng) => document.documentElement.lang === lng, language);
}

async function open(page: Page, path: string) {
  await page.goto(`${baseUrl}${path}`);
  if ((await page.locator(".map").count()) > 0) await waitForMap(page, ".map");
  else await page.waitForLoadState("networkidle");
}

/** lang/dir, the translated h1, and axe. */
async function expectPage(page: Page, language: Language, path: string, headingKey: string) {
  const label = `${path} (${language})`;
  expect(
    await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
    label,
  ).toEqual([language, textDirection(language)]);
  const heading = (await page.locator("main h1").first().textContent())?.trim();
  expect(heading, `h1 of ${label}`).toBe(text(language, headingKey));
  if (language !== "de") expect(heading, `h1 of ${label}`).not.toBe(text("de", headingKey));
  const violations = await seriousA11yViolations(page);
  expect(violations, `axe on ${label}:\n${describeViolations(violations)}`).toEqual([]);
}

describe.each([...languages])("the interface in %s", (language) => {
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
  });

  it("start page and submit form: lang, dir, translated headings and labels, axe", async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    const reactErrors = collectReactErrors(page);
    await page.goto(`${baseUrl}/`);
    if (language !== "de") await switchTo(page, language);
    await open(page, "/");
    await expectPage(page, language, "/", "home.title");
    // The language switch names every language in that language.
    for (const lng of languages) {
      const button = page.getByRole("button", { name: languageNames[lng], exact: true });
      expect(await button.getAttribute("lang"), lng).toBe(lng);
    }

    await open(page, "/proposals/new");
    await expectPage(page, language, "/proposals/new", "proposals.new.title");
    const submit = (await page.locator('button[value="submit"]').textContent())?.trim();
    expect(submit).toBe(text(language, "proposals.new.submit"));
    // The form suggests the page's language as the language the idea is written in.
    expect(await page.locator("select[name=language]").inputValue()).toBe(language);
    expect(reactErrors).toEqual([]);
  });

  it("staff pages (logged in): lang, dir, translated headings, axe", async () => {
    const staffContext = await browser.newContext();
    try {
      const page = await staffContext.newPage();
      const reactErrors = collectReactErrors(page);
      await logInAsAdmin(page);
      if (language !== "de") await switchTo(page, language);
      await open(page, "/staff");
      await expectPage(page, language, "/staff", "staff.queue.title");
      await open(page, "/staff/procedures");
      await expectPage(page, language, "/staff/procedures", "staff.procedures.list.title");
      expect(reactErrors).toEqual([]);
    } finally {
      await staffContext.close();
    }
  });
});

describe("Leichte Sprache", () => {
  const title = text("de", "easy.title");

  it("is linked from the start page and renders in large, easy-to-read German", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // The start page as a visitor sees it (map loaded), then the link.
      await open(page, "/");
      await Promise.all([
        page.waitForURL(`${baseUrl}/leichte-sprache`),
        page.locator("main a", { hasText: "Leichte Sprache" }).click(),
      ]);
      // A client-side navigation changes the URL a moment before the new page is drawn.
      await page.locator("main h1", { hasText: title }).waitFor();
      expect(await page.title()).toContain("Leichte Sprache");
      // The three parts the page explains, and the way to submit an idea.
      for (const section of ["platform", "submit", "vote"]) {
        expect(await page.locator(`#easy-${section}`).textContent()).toBe(
          text("de", `easy.${section}.title`),
        );
      }
      expect(await page.locator("main a[href='/proposals/new']").count()).toBeGreaterThan(0);
      // Large type: at least 20 px body text.
      const fontSize = await page
        .locator(".easy-read p")
        .first()
        .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(20);
      const violations = await seriousA11yViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("is linked from the footer of every page, and stays German (lang=de) in another UI language", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/proposals`);
      await switchTo(page, "tr");
      const link = page.locator("footer a", { hasText: "Leichte Sprache" });
      expect(await link.getAttribute("lang")).toBe("de");
      await Promise.all([page.waitForURL(/\/leichte-sprache$/), link.click()]);
      await page.locator(".easy-notice").waitFor();
      await page.waitForLoadState("networkidle");
      // The Turkish page explains in Turkish what this page is; the page text is German.
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("tr");
      expect((await page.locator(".easy-notice").textContent())?.trim()).toBe(
        text("tr", "easy.notice"),
      );
      const german = page.locator(".easy-read > div[lang=de]");
      expect(await german.count()).toBe(1);
      expect((await german.locator("h1").textContent())?.trim()).toBe(title);

      await page.goto(`${baseUrl}/leichte-sprache?lng=ar`);
      await page.waitForLoadState("networkidle");
      expect(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual(["ar", "rtl"]);
      expect(await page.locator(".easy-read > div").first().getAttribute("dir")).toBe("ltr");
      const violations = await seriousA11yViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
