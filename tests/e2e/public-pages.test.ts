import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  describeViolations,
  launchBrowser,
  phone,
  seriousA11yViolations,
  waitForMap,
} from "./browser";

const baseUrl = inject("baseUrl");
const appHost = new URL(baseUrl).host;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function inContext(
  options: BrowserContextOptions,
  journey: (page: Page, context: BrowserContext) => Promise<void>,
) {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    await journey(page, context);
  } finally {
    await context.close();
  }
}

/** The language choice as the switch stores it (a cookie), for tests that start in a language. */
async function chooseLanguage(context: BrowserContext, language: "de" | "en" | "ar") {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  const name = { de: "Deutsch", en: "English", ar: "العربية" }[language];
  await page.getByRole("button", { name, exact: true }).click();
  await page.waitForFunction((lng) => document.documentElement.lang === lng, language);
  await page.close();
}

/** Pages with a map are only complete once the map has loaded (its controls are part of the page). */
async function open(page: Page, path: string) {
  await page.goto(`${baseUrl}${path}`);
  if ((await page.locator(".map").count()) > 0) await waitForMap(page, ".map");
  else await page.waitForLoadState("networkidle");
}

async function resultCount(page: Page): Promise<number> {
  const text = (await page.locator(".result-count").textContent()) ?? "";
  const match = text.match(/^(\d+) Ideen? gefunden$/);
  if (!match) throw new Error(`unexpected result count text: ${JSON.stringify(text)}`);
  return Number(match[1]);
}

async function cardTitles(page: Page): Promise<string[]> {
  return page.locator(".cards .card h2").allTextContents();
}

async function firstDetailPath(): Promise<string> {
  const response = await fetch(`${baseUrl}/api/proposals.geojson`);
  const collection = (await response.json()) as {
    features: Array<{ properties: { url: string } }>;
  };
  return new URL(collection.features[0].properties.url).pathname;
}

describe("language", () => {
  it("the Arabic switch makes the page right-to-left, and the choice is remembered", async () => {
    await inContext({}, async (page, context) => {
      await page.goto(`${baseUrl}/`);
      expect(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual(["de", "ltr"]);

      const arabic = page.getByRole("button", { name: "العربية", exact: true });
      expect(await arabic.isVisible()).toBe(true);
      expect(await arabic.getAttribute("aria-pressed")).toBe("false");
      await arabic.click();
      await page.waitForFunction(() => document.documentElement.lang === "ar");

      expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("ar");
      expect(new URL(page.url()).pathname).toBe("/");
      expect(
        await page
          .getByRole("button", { name: "العربية", exact: true })
          .getAttribute("aria-pressed"),
      ).toBe("true");
      const cookie = (await context.cookies(baseUrl)).find((c) => c.name === "lng");
      // Remix cookies hold base64-encoded JSON: "ar".
      expect(
        JSON.parse(Buffer.from(decodeURIComponent(cookie?.value ?? ""), "base64").toString()),
      ).toBe("ar");

      // A new page load elsewhere keeps the language.
      await page.goto(`${baseUrl}/proposals`);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("ar");

      // And back to German.
      await page.getByRole("button", { name: "Deutsch", exact: true }).click();
      await page.waitForFunction(() => document.documentElement.lang === "de");
      expect(await page.evaluate(() => document.documentElement.dir)).toBe("ltr");
      expect(new URL(page.url()).pathname).toBe("/proposals");
    });
  });

  it("the Arabic page is in Arabic (not the German texts)", async () => {
    await inContext({}, async (page, context) => {
      await chooseLanguage(context, "ar");
      await page.goto(`${baseUrl}/proposals/new`);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("ar");
      const heading = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
      const submit = (await page.locator('button[value="submit"]').textContent()) ?? "";
      const arabicLetters = /[\u0600-\u06FF]/;
      expect(heading, "h1 of /proposals/new in Arabic").toMatch(arabicLetters);
      expect(submit, "submit button in Arabic").toMatch(arabicLetters);
      expect(heading).not.toBe("Idee einreichen");
    });
  });
});

describe("accessibility (axe-core, serious and critical)", () => {
  const pages: Array<{ language: "de" | "ar"; path: string | (() => Promise<string>) }> = [
    { language: "de", path: "/" },
    { language: "de", path: "/proposals" },
    { language: "de", path: firstDetailPathFromList },
    { language: "de", path: "/proposals/new" },
    { language: "de", path: "/privacy" },
    { language: "ar", path: "/" },
    { language: "ar", path: "/proposals/new" },
    { language: "ar", path: "/privacy" },
  ];

  async function firstDetailPathFromList(): Promise<string> {
    let path = "";
    await inContext({}, async (page) => {
      await page.goto(`${baseUrl}/proposals`);
      path = (await page.locator(".cards .card h2 a").first().getAttribute("href")) ?? "";
    });
    expect(path).toMatch(/^\/proposals\/[^/]+$/);
    return path;
  }

  for (const { language, path } of pages) {
    const label = typeof path === "string" ? path : "/proposals/:id (first in the list)";
    it(`${label} in ${language === "de" ? "German" : "Arabic"}`, async () => {
      const target = typeof path === "string" ? path : await path();
      await inContext({}, async (page, context) => {
        if (language !== "de") await chooseLanguage(context, language);
        await open(page, target);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
        const violations = await seriousA11yViolations(page);
        expect(
          violations,
          `axe on ${target} (${language}):\n${describeViolations(violations)}`,
        ).toEqual([]);
      });
    });
  }
});

describe("privacy", () => {
  it("a link to /privacy#fund opens the notice at its fund section", async () => {
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/privacy#fund`);
      const heading = page.locator("#fund h2");
      expect(await heading.textContent()).toBe("Verfügungsfonds");
      const box = await heading.boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeLessThan(phone.viewport!.height / 2);
    });
  });

  it("the start page with its map requests nothing from another host", async () => {
    await inContext({}, async (page, context) => {
      const urls = new Set<string>();
      // The context also sees the map's web worker's requests.
      context.on("request", (request) => urls.add(request.url()));
      page.on("request", (request) => urls.add(request.url()));

      await page.goto(`${baseUrl}/`);
      await page.locator(".maplibregl-canvas").waitFor({ state: "attached", timeout: 30_000 });
      await waitForMap(page, ".map");
      await page.waitForLoadState("networkidle");

      const all = [...urls];
      // The map really loaded its data from the app.
      expect(all.some((url) => url.endsWith("/api/areas/current.geojson"))).toBe(true);
      expect(all.some((url) => url.endsWith("/api/proposals.geojson"))).toBe(true);
      expect(all.some((url) => url.includes("/vendor/maplibre-gl-worker"))).toBe(true);

      const foreign = all.filter((url) => {
        const parsed = new URL(url);
        // data: and blob: URLs never leave the browser.
        if (parsed.protocol === "data:" || parsed.protocol === "blob:") return false;
        return parsed.host !== appHost;
      });
      expect(foreign, `requests to other hosts:\n${foreign.join("\n")}`).toEqual([]);
    });
  });
});

describe("the list of initiatives", () => {
  it("shows the count, pages through the results, filters by topic and finds a title by a word", async () => {
    await inContext({}, async (page) => {
      await page.goto(`${baseUrl}/proposals`);
      const total = await resultCount(page);
      const publicFeatures = (
        (await (await fetch(`${baseUrl}/api/proposals.geojson`)).json()) as { features: unknown[] }
      ).features.length;
      expect(total).toBe(publicFeatures);
      expect(total).toBeGreaterThan(20);

      // Paging: 20 per page.
      const firstPage = await cardTitles(page);
      expect(firstPage).toHaveLength(20);
      const pages = Math.ceil(total / 20);
      const pagination = page.getByRole("navigation", { name: "Seiten" });
      expect(await pagination.locator('[aria-current="page"]').textContent()).toBe(
        `Seite 1 von ${pages}`,
      );
      await pagination.getByRole("link", { name: "Nächste Seite" }).click();
      await page.waitForURL(/[?&]page=2\b/);
      await expect
        .poll(() => pagination.locator('[aria-current="page"]').textContent())
        .toBe(`Seite 2 von ${pages}`);
      const secondPage = await cardTitles(page);
      expect(secondPage).toHaveLength(Math.min(20, total - 20));
      expect(secondPage.filter((title) => firstPage.includes(title))).toEqual([]);
      await pagination.getByRole("link", { name: "Vorherige Seite" }).click();
      await page.waitForURL((url) => !url.searchParams.has("page"));
      await expect.poll(() => cardTitles(page)).toEqual(firstPage);

      // Filter by topic.
      await page.getByRole("combobox", { name: "Thema" }).selectOption({ label: "Verkehr & Wege" });
      await page.getByRole("button", { name: "Filtern" }).click();
      await page.waitForURL(/[?&]category=traffic\b/);
      await expect.poll(() => resultCount(page)).toBeLessThan(total);
      const traffic = await resultCount(page);
      expect(traffic).toBeGreaterThan(0);
      expect(await page.locator(".cards .card").count()).toBe(traffic);
      const tags = await page.locator(".cards .card .tag").allTextContents();
      expect(tags).toEqual(Array(traffic).fill("Verkehr & Wege"));
      expect(await page.getByRole("navigation", { name: "Seiten" }).count()).toBe(0);

      // Search a word from a demo title, across all topics.
      await page.getByRole("combobox", { name: "Thema" }).selectOption({ label: "Alle Themen" });
      await page.getByRole("searchbox", { name: "Suche" }).fill("Zebrastreifen");
      await page.getByRole("button", { name: "Filtern" }).click();
      await page.waitForURL(/[?&]q=Zebrastreifen\b/);
      await expect.poll(() => resultCount(page)).toBe(1);
      expect(await cardTitles(page)).toEqual(["Zebrastreifen vor der Schule in der Konradstraße"]);

      // A word nobody used finds nothing, and says so.
      await page.getByRole("searchbox", { name: "Suche" }).fill("Xylophonwerkstatt");
      await page.getByRole("button", { name: "Filtern" }).click();
      await page.waitForURL(/[?&]q=Xylophonwerkstatt\b/);
      await expect.poll(() => resultCount(page)).toBe(0);
      expect(await page.getByText("Keine Ideen gefunden.", { exact: false }).count()).toBe(1);

      // The result opens its public page.
      await page.goto(`${baseUrl}/proposals?q=Zebrastreifen`);
      await page
        .getByRole("link", { name: "Zebrastreifen vor der Schule in der Konradstraße" })
        .click();
      await page.waitForURL(/\/proposals\/[^/?]+$/);
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toBe("Zebrastreifen vor der Schule in der Konradstraße");
    });
  });

  it("the public detail page of an initiative shows its status history", async () => {
    await inContext({}, async (page) => {
      await page.goto(`${baseUrl}${await firstDetailPath()}`);
      expect(await page.locator(".timeline li").count()).toBeGreaterThan(0);
      expect(await page.locator(".timeline .badge").allTextContents()).toContain("veröffentlicht");
      expect(await page.getByRole("link", { name: "← Alle Ideen" }).getAttribute("href")).toBe(
        "/proposals",
      );
    });
  });
});

describe("phones (360 px)", () => {
  const paths = ["/", "/proposals/new", "/proposals", "/privacy"];
  for (const language of ["de", "ar"] as const) {
    for (const path of paths) {
      it(`${path} in ${language === "de" ? "German" : "Arabic"} needs no horizontal scrolling`, async () => {
        await inContext(phone, async (page, context) => {
          if (language !== "de") await chooseLanguage(context, language);
          await open(page, path);
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll("body *")]
              .filter((el) => {
                const rect = el.getBoundingClientRect();
                return rect.width > 0 && (rect.right > window.innerWidth + 1 || rect.left < -1);
              })
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`),
          );
          expect(clientWidth).toBe(360);
          expect(scrollWidth, `wider than the screen: ${wide.join(", ")}`).toBeLessThanOrEqual(360);
        });
      });
    }
  }
});
