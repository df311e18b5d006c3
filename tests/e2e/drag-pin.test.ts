import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { launchBrowser, waitForMap } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it("dragging the pin re-checks the place at once and updates the hidden location", async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/proposals/new`);
    await waitForMap(page, ".map-pick");
    const map = page.locator(".map-pick");
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect
      .poll(() => page.locator("#location-status").textContent())
      .toContain("im Fördergebiet");
    const before = await page.inputValue("input[name=lon]");

    // Drag the pin up and to the left, outside the area, frame by frame as a hand would.
    const pin = (await page.locator(".map-pick .maplibregl-marker:has(svg)").boundingBox())!;
    const x = pin.x + pin.width / 2;
    const y = pin.y + pin.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 15; step++) {
      await page.mouse.move(x - step * 15, y - step * 10);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();

    await expect
      .poll(() => page.locator("#location-errors").textContent())
      .toContain("außerhalb des Fördergebiets");
    expect(await page.inputValue("input[name=lon]")).not.toBe(before);
    expect(Number(await page.inputValue("input[name=lon]"))).toBeLessThan(Number(before));
  } finally {
    await context.close();
  }
});
