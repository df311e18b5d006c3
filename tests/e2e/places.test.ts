import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, phone, uniqueSuffix, waitForMap } from "./browser";
import { findProposalsByTitle } from "./db";

const baseUrl = inject("baseUrl");
const admin = inject("admin");

/** Eisenbahnstraße 54, an address point shipped with the seed, inside the funding area. */
const eisenbahn54 = { longitude: 12.40347, latitude: 51.344097 };
/** Augustusplatz, in the city centre: outside the funding area. */
const augustusplatz = { longitude: 12.382011, latitude: 51.338905 };

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

async function fillForm(page: Page, title: string) {
  await page.getByLabel("Titel Ihrer Idee", { exact: true }).fill(title);
  await page
    .getByLabel("Beschreibung", { exact: true })
    .fill("Ein Ort zum Ausruhen mit Bänken und Schatten, für Ältere und Familien.");
  await page.getByLabel("Thema", { exact: true }).selectOption({ label: "Senior:innen" });
}

/** Whether an element lies completely inside the visible part of the page. */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return (
      box.height > 0 &&
      box.top >= 0 &&
      box.left >= 0 &&
      box.bottom <= window.innerHeight &&
      box.right <= window.innerWidth
    );
  });
}

const confirmation = (page: Page) => page.locator("#place-confirmation");

describe("places people understand", () => {
  it("confirms a chosen address in words next to the submit button, stores it and staff see it", async () => {
    const title = `Bank vor dem Laden ${uniqueSuffix()}`;
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await fillForm(page, title);
      await page.getByRole("searchbox", { name: "Adresse suchen" }).fill("Eisenbahnstraße 54");
      await page.getByRole("button", { name: "Adresse suchen", exact: true }).click();
      await page.getByRole("radio", { name: /Eisenbahnstraße 54,/ }).check();

      await expect
        .poll(() => confirmation(page).textContent(), { timeout: 10_000 })
        .toBe("Ihr Ort: bei Eisenbahnstraße 54 – liegt im Fördergebiet.");
      // At 360 px the words sit right above the submit button: both visible at once.
      const submit = page.getByRole("button", { name: "Idee absenden", exact: true });
      await submit.scrollIntoViewIfNeeded();
      const words = await confirmation(page).boundingBox();
      const button = await submit.boundingBox();
      expect(words && button).toBeTruthy();
      expect(button!.y - (words!.y + words!.height)).toBeGreaterThanOrEqual(0);
      expect(button!.y - (words!.y + words!.height)).toBeLessThan(40);
      expect(await inViewport(page, "#place-confirmation")).toBe(true);
      await page.screenshot({ path: "tests/.tmp/places-confirmation-360.png" }).catch(() => {});

      await submit.click();
      await page.waitForURL(/\/track\/[^/?]+\?submitted=1$/, { timeout: 15_000 });
      const [stored] = findProposalsByTitle(title);
      expect(stored).toBeDefined();

      // Staff see the place in words on the initiative's page.
      await page.goto(`${baseUrl}/staff/login`);
      await page.fill("input[name=email]", admin.email);
      await page.fill("input[name=password]", admin.password);
      await Promise.all([
        page.waitForURL(`${baseUrl}/staff`),
        page.click("main button[type=submit]"),
      ]);
      await page.goto(`${baseUrl}/staff/proposals/${stored.id}`);
      expect(await page.locator("main").textContent()).toContain("Ort: bei Eisenbahnstraße 54");
    });
  });

  it("shows the places of published initiatives on the cards and the detail page", async () => {
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals`);
      const places = page.locator(".card .place");
      expect(await places.count()).toBeGreaterThan(0);
      expect(await places.first().textContent()).toMatch(/^Ort: (bei |\S)/);
      const href = await page.locator(".card h2 a").first().getAttribute("href");
      await page.goto(`${baseUrl}${href}`);
      expect(await page.locator("main .place").textContent()).toMatch(/^Ort: /);
      // The place is isolated for right-to-left pages.
      expect(await page.locator("main .place bdi").count()).toBe(1);
    });
  });

  it("uses the visitor's location when they allow it (Chromium's permission emulation)", async () => {
    await inContext(
      { ...phone, geolocation: eisenbahn54, permissions: ["geolocation"] },
      async (page) => {
        await page.goto(`${baseUrl}/proposals/new`);
        await waitForMap(page, ".map-pick");
        await page.getByRole("button", { name: "Meinen Standort verwenden" }).click();
        await expect
          .poll(() => confirmation(page).textContent(), { timeout: 10_000 })
          .toBe("Ihr Ort: bei Eisenbahnstraße 54 – liegt im Fördergebiet.");
        expect(Number(await page.locator('input[name="lon"]').inputValue())).toBeCloseTo(
          eisenbahn54.longitude,
          5,
        );
        expect(await page.locator("#geolocate-status").textContent()).toContain(
          "Standort wurde übernommen",
        );
      },
    );
  });

  it("says clearly when the visitor refuses their location", async () => {
    await inContext({ ...phone, geolocation: eisenbahn54 }, async (page, context) => {
      await context.clearPermissions();
      await page.goto(`${baseUrl}/proposals/new`);
      await page.getByRole("button", { name: "Meinen Standort verwenden" }).click();
      await expect
        .poll(() => page.locator("#geolocate-status").textContent(), { timeout: 10_000 })
        .toContain("nicht erlaubt");
      expect(await page.locator('input[name="lon"]').inputValue()).toBe("");
    });
  });

  it("at 360 px, an outside place is said next to the button, and the refusal's summary gets the focus in view", async () => {
    const title = `Sitzecke am Augustusplatz ${uniqueSuffix()}`;
    await inContext(
      { ...phone, geolocation: augustusplatz, permissions: ["geolocation"] },
      async (page) => {
        await page.goto(`${baseUrl}/proposals/new`);
        await fillForm(page, title);
        await waitForMap(page, ".map-pick");
        await page.getByRole("button", { name: "Meinen Standort verwenden" }).click();
        await expect
          .poll(() => confirmation(page).textContent(), { timeout: 10_000 })
          .toMatch(/außerhalb des Fördergebiets/);
        const submit = page.getByRole("button", { name: "Idee absenden", exact: true });
        await submit.scrollIntoViewIfNeeded();
        expect(await inViewport(page, "#place-confirmation")).toBe(true);

        // Sent anyway: the server refuses; its summary at the top is focused and in view.
        await submit.click();
        await page.locator("#place-error-summary").waitFor({ timeout: 15_000 });
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.id))
          .toBe("place-error-summary");
        await expect.poll(() => inViewport(page, "#place-error-summary")).toBe(true);
        expect(await page.locator("#place-error-summary").textContent()).toMatch(
          /außerhalb des Fördergebiets/,
        );
        // Everything typed stays.
        expect(await page.getByLabel("Titel Ihrer Idee", { exact: true }).inputValue()).toBe(title);
        expect(findProposalsByTitle(title)).toHaveLength(0);
      },
    );
  });

  it("without JavaScript, the address search lands on its results", async () => {
    await inContext({ ...phone, javaScriptEnabled: false }, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await page.getByRole("searchbox", { name: "Adresse suchen" }).fill("Eisenbahnstraße 54");
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.getByRole("button", { name: "Adresse suchen", exact: true }).click(),
      ]);
      await page.waitForLoadState("load");
      expect(new URL(page.url()).hash).toBe("#address-results");
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect(await inViewport(page, "#address-results legend")).toBe(true);
      // Choosing the address and sending shows the place in words, also without JavaScript.
      await page.getByRole("radio", { name: /Eisenbahnstraße 54,/ }).check();
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.getByRole("button", { name: "Idee absenden", exact: true }).click(),
      ]);
      await page.waitForLoadState("load");
      expect(await confirmation(page).textContent()).toBe(
        "Ihr Ort: bei Eisenbahnstraße 54 – liegt im Fördergebiet.",
      );
    });
  });
});
