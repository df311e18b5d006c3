import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";

const require = createRequire(import.meta.url);

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, started the way this machine allows (no sandbox as root, no background traffic). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      // WebGL for MapLibre without a GPU.
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
    ],
  });
}

export const phone: BrowserContextOptions = {
  viewport: { width: 360, height: 780 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
};

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
};

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy
  // (rightly) refuses an injected inline <script>.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // @ts-expect-error injected global
    const result = await window.axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      },
    });
    return result.violations as AxeViolation[];
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Prints axe violations so that a failure says what to fix and where. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help}\n` +
        v.nodes.map((node) => `    at ${node.target.join(" ")}`).join("\n"),
    )
    .join("\n");
}

/**
 * Waits until a MapLibre map inside `container` has its canvas, has fetched the
 * funding area and the Ortsteile, fitted its view and drawn it completely once
 * (the map sets `data-map-ready` on its first `idle` after that) and the
 * network is quiet.
 */
export async function waitForMap(page: Page, container: string): Promise<void> {
  // A map below the first screen loads when it comes near it (the start page's,
  // app/components/lazy-map.tsx): scrolled to, as a visitor would.
  await page.locator(container).first().waitFor({ state: "attached", timeout: 30_000 });
  await page.evaluate((selector) => document.querySelector(selector)?.scrollIntoView(), container);
  await page
    .locator(`${container} .maplibregl-canvas`)
    .waitFor({ state: "attached", timeout: 30_000 });
  await page
    .locator(`${container}[data-map-ready], ${container} [data-map-ready]`)
    .first()
    .waitFor({ state: "attached", timeout: 30_000 });
  await page.waitForLoadState("networkidle", { timeout: 30_000 }).catch(() => undefined);
  // Two animation frames: the fitBounds view has been drawn.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );
}

/** A short unique marker so that a test finds exactly the initiative it created. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
