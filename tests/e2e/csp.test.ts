import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, uniqueSuffix, waitForMap } from "./browser";

const baseUrl = inject("baseUrl");
const admin = inject("admin");

let browser: Browser;
let context: BrowserContext;
/** CSP violations reported by Chromium in any page of the context, with where they happened. */
const violations: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      // @ts-expect-error exposed by the test
      window.__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`,
      );
    });
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

function watchConsole(page: Page) {
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
}

async function openPage(path: string) {
  const page = await context.newPage();
  watchConsole(page);
  const response = await page.goto(`${baseUrl}${path}`);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toContain("'unsafe-inline'");
  expect(csp).not.toContain("'unsafe-eval'");
  return page;
}

/** The page has hydrated: client-side navigation and fetchers work. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => "__remixRouteModules" in window && "__remixRouter" in window);
}

describe("under the Content-Security-Policy", () => {
  it("the start page hydrates and draws the map", async () => {
    const page = await openPage("/");
    await hydrated(page);
    await waitForMap(page, ".map");
    expect(violations).toEqual([]);
    await page.close();
  });

  it("the submit form hydrates, its map picks a place, and a submission goes through", async () => {
    const page = await openPage("/proposals/new");
    await hydrated(page);
    await waitForMap(page, ".map-pick");
    const map = page.locator(".map-pick");
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect
      .poll(() => page.locator("#location-status").textContent())
      .toContain("im Fördergebiet");
    const title = `CSP-Test ${uniqueSuffix()}`;
    await page.fill("input[name=title]", title);
    await page.fill(
      "textarea[name=description]",
      "Eine Idee aus dem Browsertest unter der Sicherheitsrichtlinie, lang genug.",
    );
    await page.selectOption("select[name=category]", "community");
    await Promise.all([
      page.waitForURL(/\/track\//, { timeout: 30_000 }),
      page.click("button[name=intent][value=submit]"),
    ]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it("a detail page draws its map and a comment posts through the hydrated form", async () => {
    const geojson = await (await fetch(`${baseUrl}/api/proposals.geojson`)).json();
    const id = geojson.features[0].properties.id as string;
    const page = await openPage(`/proposals/${id}`);
    await hydrated(page);
    await waitForMap(page, ".map");
    await page.fill("textarea[name=body]", "Gute Idee, ich helfe gern mit!");
    await Promise.all([
      page.waitForURL(/notice=comment-/),
      page.click("button[name=intent][value=comment]"),
    ]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it("a staff page with a map (funding-area preview) works after login", async () => {
    const page = await openPage("/staff/login");
    await hydrated(page);
    await page.fill("input[name=email]", admin.email);
    await page.fill("input[name=password]", admin.password);
    await Promise.all([
      page.waitForURL(`${baseUrl}/staff`),
      page.click("main button[type=submit]"),
    ]);
    await page.goto(`${baseUrl}/staff/areas`);
    const link = page.locator("main table a[href^='/staff/areas/']").first();
    await Promise.all([page.waitForURL(/\/staff\/areas\/\w+/), link.click()]);
    await waitForMap(page, ".map");
    expect(violations).toEqual([]);
    await page.close();
  });
});
