import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, phone, waitForMap } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The JavaScript a page loads: URL and body of every script response. */
async function scriptsOf(path: string, waitForMapSelector?: string) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const scripts: Array<{ url: string; body: string }> = [];
  page.on("response", async (response) => {
    if (response.request().resourceType() === "script" || response.url().endsWith(".js")) {
      scripts.push({ url: response.url(), body: await response.text().catch(() => "") });
    }
  });
  await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" });
  if (waitForMapSelector) await waitForMap(page, waitForMapSelector);
  await context.close();
  return scripts;
}

const isMapLibrary = (script: { url: string; body: string }) =>
  script.url.includes("proposal-map") || script.body.includes("maplibregl-canvas");
const isZod = (script: { body: string }) => script.body.includes("ZodType");

describe("what phones download", () => {
  it("the start page loads the map only when the visitor scrolls to it", async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    try {
      await page.goto(`${baseUrl}/`, { waitUntil: "networkidle" });
      await page.waitForTimeout(1_000);
      const mapFiles = () =>
        requested.filter(
          (path) =>
            path.includes("proposal-map") ||
            path.startsWith("/basemap/") ||
            path.endsWith(".geojson") ||
            (path.includes("maplibre") && !path.endsWith(".css")),
        );
      // The map's box is below the first screen of a phone: nothing of the map yet.
      const box = await page.locator(".map").first().boundingBox();
      expect(box!.y).toBeGreaterThan(phone.viewport!.height);
      expect(mapFiles()).toEqual([]);
      await waitForMap(page, ".map");
      expect(mapFiles().some((path) => path.includes("proposal-map"))).toBe(true);
      expect(mapFiles().some((path) => path.startsWith("/basemap/tiles/"))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it.each(["/proposals", "/privacy", "/imprint"])(
    "%s, a page without a map, loads no map or geo library and no zod",
    async (path) => {
      const scripts = await scriptsOf(path);
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts.filter(isMapLibrary).map((s) => s.url)).toEqual([]);
      expect(scripts.filter(isZod).map((s) => s.url)).toEqual([]);
      const kilobytes = scripts.reduce((sum, s) => sum + s.body.length, 0) / 1024;
      // React, Remix, i18next and the page itself (uncompressed).
      expect(kilobytes).toBeLessThan(450);
    },
  );

  it("the start page loads the map library only lazily, for its map", async () => {
    const scripts = await scriptsOf("/", ".map");
    expect(scripts.some(isMapLibrary)).toBe(true);
    expect(scripts.filter(isZod).map((s) => s.url)).toEqual([]);
  });
});
