import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  describeViolations,
  launchBrowser,
  phone,
  seriousA11yViolations,
  waitForMap,
} from "./browser";

// The built-in street basemap: tiles, glyphs and style come from the app itself.

const baseUrl = inject("baseUrl");
const appHost = new URL(baseUrl).host;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Transfer = { url: string; bytes: number; encoding: string | null; type: string | null };

/** Records every request of the context (the map's worker included) and the basemap responses. */
function record(context: BrowserContext) {
  const urls = new Set<string>();
  const transfers: Transfer[] = [];
  context.on("request", (request) => urls.add(request.url()));
  context.on("response", async (response) => {
    const url = response.url();
    if (!new URL(url).pathname.startsWith("/basemap/")) return;
    const headers = await response.allHeaders().catch(() => ({}) as Record<string, string>);
    // The server sends every static file with its Content-Length: the bytes on the wire.
    let bytes = Number(headers["content-length"] ?? NaN);
    if (!Number.isFinite(bytes))
      bytes = (await response.body().catch(() => Buffer.alloc(0))).length;
    transfers.push({
      url,
      bytes,
      encoding: headers["content-encoding"] ?? null,
      type: headers["content-type"] ?? null,
    });
  });
  return { urls, transfers };
}

function foreignUrls(urls: Iterable<string>): string[] {
  return [...urls].filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === "data:" || parsed.protocol === "blob:") return false;
    return parsed.host !== appHost;
  });
}

/** Waits for the map's next complete render (after a camera change). */
async function nextIdle(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__qsMaps?.[0];
        if (!map) throw new Error("no map on the page");
        if (map.loaded() && !map.isMoving()) {
          // Give the tiles of the new view a chance to be requested first.
          map.once("idle", () => resolve());
          map.triggerRepaint();
        } else map.once("idle", () => resolve());
      }),
  );
}

describe("the street basemap", () => {
  it("renders street names on a 360 px phone, loads ≤ 400 KB for the first view and asks no other host", async () => {
    const context = await browser.newContext(phone);
    try {
      const { urls, transfers } = record(context);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await waitForMap(page, ".map");
      await page.waitForLoadState("networkidle");

      // (3) The first view of the funding area: tiles and glyphs (the style is built
      // in the page's own script, no request), compressed on the wire.
      const firstView = [...transfers];
      const tiles = firstView.filter((t) => t.url.includes("/basemap/tiles/"));
      const glyphs = firstView.filter((t) => t.url.includes("/basemap/glyphs/"));
      expect(tiles.length).toBeGreaterThan(0);
      expect(glyphs.length).toBeGreaterThan(0);
      for (const tile of tiles) {
        expect(tile.type).toBe("application/x-protobuf");
        if (tile.bytes > 1024) expect(tile.encoding, tile.url).toMatch(/^(br|gzip)$/);
      }
      const total = firstView.reduce((sum, t) => sum + t.bytes, 0);
      console.log(
        `basemap first view at 360 px: ${tiles.length} tiles, ${glyphs.length} glyph ranges, ${(total / 1024).toFixed(1)} KB transferred`,
      );
      expect(total).toBeLessThanOrEqual(400 * 1024);

      // (1) Street names are drawn by MapLibre: zoom to Eisenbahnstraße and ask for it.
      await page.evaluate(() =>
        window.__qsMaps?.[0]?.jumpTo({ center: [12.405, 51.3457], zoom: 16 }),
      );
      await nextIdle(page);
      const names = await page.evaluate(() => {
        const map = window.__qsMaps?.[0];
        if (!map) return [];
        return map
          .queryRenderedFeatures({ layers: ["street-names"] })
          .filter((feature) => feature.sourceLayer === "transportation_name")
          .map((feature) => String(feature.properties.name));
      });
      expect(names).toContain("Eisenbahnstraße");

      // Ortsteil names are map labels now, no HTML markers over the map.
      expect(await page.locator(".district-label").count()).toBe(0);
      const districtNames = await page.evaluate(() => {
        const map = window.__qsMaps?.[0];
        map?.jumpTo({ center: [12.41, 51.34], zoom: 13 });
        return true;
      });
      expect(districtNames).toBe(true);
      await nextIdle(page);
      const districts = await page.evaluate(() =>
        (window.__qsMaps?.[0]?.queryRenderedFeatures({ layers: ["district-labels"] }) ?? []).map(
          (feature) => String(feature.properties.name),
        ),
      );
      expect(districts.length).toBeGreaterThan(0);

      // (2) Nothing from another host, the worker's tile requests included.
      const foreign = foreignUrls(urls);
      expect(foreign, `requests to other hosts:\n${foreign.join("\n")}`).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("sends tiles gzip-compressed only to clients that accept it, with long cache headers", async () => {
    const path = "/basemap/tiles/14/8757/5458.pbf";
    const plain = await fetch(`${baseUrl}${path}`, { headers: { "Accept-Encoding": "identity" } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("application/x-protobuf");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("cache-control")).toMatch(/max-age=(\d{7,})/);
    const raw = Buffer.from(await plain.arrayBuffer());

    const gz = await fetch(`${baseUrl}${path}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gz.headers.get("vary")).toMatch(/Accept-Encoding/i);
    expect(Number(gz.headers.get("content-length"))).toBeLessThan(raw.length);
    // fetch decodes the body: it is the same tile.
    expect(Buffer.from(await gz.arrayBuffer()).equals(raw)).toBe(true);

    const glyphs = await fetch(
      `${baseUrl}/basemap/glyphs/${encodeURIComponent("Noto Sans Regular,Noto Sans Arabic Regular")}/0-255.pbf`,
      { headers: { "Accept-Encoding": "gzip" } },
    );
    expect(glyphs.status).toBe(200);
    expect(glyphs.headers.get("content-encoding")).toBe("gzip");
  });

  it("the list page's map view works without a request to another host", async () => {
    const context = await browser.newContext(phone);
    try {
      const { urls } = record(context);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/proposals`);
      const toggle = page.getByRole("navigation", { name: "Ansicht" });
      await expect(
        toggle.getByRole("link", { name: "Liste" }).getAttribute("aria-current"),
      ).resolves.toBe("page");
      expect(await page.locator(".maplibregl-canvas").count()).toBe(0);
      await toggle.getByRole("link", { name: "Karte" }).click();
      await page.waitForURL(/view=map/);
      await waitForMap(page, ".map");
      // Translated MapLibre labels.
      await expect(page.locator(".maplibregl-canvas").getAttribute("aria-label")).resolves.toBe(
        "Karte",
      );
      await expect(page.getByRole("button", { name: "Hineinzoomen" }).count()).resolves.toBe(1);
      await expect(page.locator(".maplibregl-ctrl-attrib-inner").textContent()).resolves.toContain(
        "© OpenMapTiles © OpenStreetMap contributors",
      );
      expect(foreignUrls(urls)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("accessibility of the pages with a basemap", () => {
  let detailPath = "";
  beforeAll(async () => {
    const response = await fetch(`${baseUrl}/api/proposals.geojson`);
    const data = (await response.json()) as { features: Array<{ properties: { id: string } }> };
    detailPath = `/proposals/${data.features[0].properties.id}`;
  });

  for (const language of ["de", "ar"] as const) {
    it(`has no serious or critical axe violations in ${language}`, async () => {
      const context = await browser.newContext(phone);
      try {
        const setup = await context.newPage();
        await setup.goto(`${baseUrl}/`);
        const name = { de: "Deutsch", ar: "العربية" }[language];
        await setup.getByRole("button", { name, exact: true }).click();
        await setup.waitForFunction((lng) => document.documentElement.lang === lng, language);
        await setup.close();

        const page = await context.newPage();
        for (const path of ["/", "/proposals?view=map", detailPath, "/proposals/new"]) {
          await page.goto(`${baseUrl}${path}`);
          const container = path === "/proposals/new" ? ".map-pick" : ".map";
          await waitForMap(page, container);
          if (language === "ar") {
            await expect(
              page.locator(".maplibregl-canvas").first().getAttribute("aria-label"),
            ).resolves.toBe("خريطة");
          }
          const violations = await seriousA11yViolations(page);
          expect(violations, `${path} (${language}):\n${describeViolations(violations)}`).toEqual(
            [],
          );
        }
      } finally {
        await context.close();
      }
    });
  }
});
