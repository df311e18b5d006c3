import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, phone, uniqueSuffix, waitForMap } from "./browser";
import { countProposals, findProposalsByTitle } from "./db";

const baseUrl = inject("baseUrl");

// The funding area's bounding box (union of the three Ortsteile), generously rounded.
const areaBox = { minLon: 12.38, maxLon: 12.46, minLat: 51.32, maxLat: 51.36 };

const texts = {
  inside: "Dieser Ort liegt im Fördergebiet.",
  thanks: "Danke! Ihre Idee ist eingegangen.",
  outside: "außerhalb des Fördergebiets",
  submit: "Idee absenden",
  searchAddress: "Adresse suchen",
};

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Runs one journey in its own browser context and always closes it. */
async function inContext(
  options: Parameters<Browser["newContext"]>[0],
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

type Entry = {
  title: string;
  description: string;
  category: string;
  name?: string;
  email?: string;
};

async function fillForm(page: Page, entry: Entry) {
  await page.getByLabel("Titel Ihrer Idee", { exact: true }).fill(entry.title);
  await page.getByLabel("Beschreibung", { exact: true }).fill(entry.description);
  await page.getByLabel("Thema", { exact: true }).selectOption({ label: entry.category });
  if (entry.name) await page.getByLabel("Name (freiwillig)").fill(entry.name);
  if (entry.email) {
    await page.getByLabel("E-Mail-Adresse (freiwillig)").fill(entry.email);
    await page.getByRole("checkbox", { name: /Ich bin einverstanden/ }).check();
  }
}

async function expectFormKeeps(page: Page, entry: Entry) {
  expect(await page.getByLabel("Titel Ihrer Idee", { exact: true }).inputValue()).toBe(entry.title);
  expect(await page.getByLabel("Beschreibung", { exact: true }).inputValue()).toBe(
    entry.description,
  );
  const category = page.getByLabel("Thema", { exact: true });
  expect(await category.locator("option:checked").textContent()).toBe(entry.category);
  if (entry.name) expect(await page.getByLabel("Name (freiwillig)").inputValue()).toBe(entry.name);
  if (entry.email) {
    expect(await page.getByLabel("E-Mail-Adresse (freiwillig)").inputValue()).toBe(entry.email);
  }
}

/** Posts the form without JavaScript: a full page load with the server's answer. */
async function submitWithoutJs(page: Page, button: string) {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/proposals/new",
    ),
    page.getByRole("button", { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState("load");
  return response;
}

async function searchAddressWithoutJs(page: Page, query: string) {
  await page.getByRole("searchbox", { name: texts.searchAddress }).fill(query);
  const response = await submitWithoutJs(page, texts.searchAddress);
  expect(response.status()).toBe(200);
  await page
    .getByRole("group", { name: "Gefundene Adressen – bitte eine auswählen" })
    .waitFor({ timeout: 15_000 });
}

async function publishedTitles(): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/proposals.geojson`);
  expect(response.ok).toBe(true);
  const collection = (await response.json()) as {
    features: Array<{ properties: { title: string } }>;
  };
  return collection.features.map((feature) => feature.properties.title);
}

describe("submitting an initiative", () => {
  it("on a phone, by tapping the map inside the funding area: stored, private, status 'eingereicht'", async () => {
    const entry: Entry = {
      title: `Trinkbrunnen am Rabet ${uniqueSuffix()}`,
      description:
        "Ein öffentlicher Trinkbrunnen im Park, damit Kinder und Ältere im Sommer Wasser haben.",
      category: "Umwelt & Grün",
    };
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await fillForm(page, entry);

      const map = page.getByRole("region", { name: "Karte: Ort der Idee wählen" });
      await waitForMap(page, ".map-pick");
      await map.scrollIntoViewIfNeeded();
      const box = await map.boundingBox();
      if (!box) throw new Error("map has no size");
      expect(box.width).toBeLessThanOrEqual(360);
      // After fitBounds on the funding area, the middle of the map lies inside it.
      await map.tap({ position: { x: box.width / 2, y: box.height / 2 } });

      await expect
        .poll(() => page.locator("#location-status").textContent(), { timeout: 10_000 })
        .toContain(texts.inside);
      expect(await page.locator("#location-errors").textContent()).toBe("");
      const lon = Number(await page.locator('input[name="lon"]').inputValue());
      const lat = Number(await page.locator('input[name="lat"]').inputValue());
      expect(lon).toBeGreaterThan(areaBox.minLon);
      expect(lon).toBeLessThan(areaBox.maxLon);
      expect(lat).toBeGreaterThan(areaBox.minLat);
      expect(lat).toBeLessThan(areaBox.maxLat);
      // A pin marks the chosen place.
      expect(
        await page.locator(".map-pick .maplibregl-marker:not(.district-label)").count(),
      ).toBeGreaterThan(0);

      await page.getByRole("button", { name: texts.submit, exact: true }).click();
      await page.waitForURL(/\/track\/[^/?]+\?submitted=1$/, { timeout: 15_000 });

      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain(texts.thanks);
      await expect
        .poll(() => page.getByRole("heading", { level: 2, name: entry.title }).count())
        .toBe(1);
      expect(await page.locator("section .meta .badge").textContent()).toBe("eingereicht");
      expect(await page.getByText("Ihre Idee ist noch nicht öffentlich.").count()).toBe(1);

      // The private link shown is the page's own address (without ?submitted=1).
      const trackingPath = new URL(page.url()).pathname;
      const link = page.locator(".tracking-link a");
      expect(await link.getAttribute("href")).toBe(`${baseUrl}${trackingPath}`);

      // Stored once, at the tapped point, not published.
      const stored = findProposalsByTitle(entry.title);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        status: "submitted",
        publishedAt: null,
        category: "environment",
      });
      expect(stored[0].lon).toBeCloseTo(lon, 6);
      expect(stored[0].lat).toBeCloseTo(lat, 6);

      // Not public yet: the open-data API does not list it.
      const titles = await publishedTitles();
      expect(titles.length).toBeGreaterThan(0);
      expect(titles).not.toContain(entry.title);

      // A fresh visit of the private link (no ?submitted) still shows the status.
      await page.goto(`${baseUrl}${trackingPath}`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Ihre Idee");
      expect(await page.locator("section .meta .badge").textContent()).toBe("eingereicht");
    });
  });

  it("without JavaScript, via the address search: typed text survives the search, the address sets the place", async () => {
    const entry: Entry = {
      title: `Lastenrad-Verleih Eisenbahnstraße ${uniqueSuffix()}`,
      description:
        "Ein Lastenrad, das sich Nachbarn und Läden in der Eisenbahnstraße ausleihen können.",
      category: "Verkehr & Wege",
      name: "Aylin Demir",
      email: "aylin@example.org",
    };
    await inContext({ ...phone, javaScriptEnabled: false }, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      // Without JavaScript the map says so and points to the address search.
      expect(await page.locator(".map-pick").textContent()).toContain(
        "Die Karte braucht JavaScript.",
      );

      await fillForm(page, entry);
      await searchAddressWithoutJs(page, "Eisenbahnstraße 54");

      // A full page load later, everything typed is still there.
      await expectFormKeeps(page, entry);
      expect(await page.getByRole("searchbox", { name: texts.searchAddress }).inputValue()).toBe(
        "Eisenbahnstraße 54",
      );
      expect(await page.getByRole("checkbox", { name: /Ich bin einverstanden/ }).isChecked()).toBe(
        true,
      );
      // Searching is not submitting: no validation errors yet.
      expect(await page.locator(".field-error").count()).toBe(0);

      // "54" also matches 154: pick exactly number 54.
      const radio = page.getByRole("radio", { name: /^Eisenbahnstraße 54, 04315 Leipzig\b/ });
      expect(await radio.count()).toBe(1);
      await radio.check();

      const response = await submitWithoutJs(page, texts.submit);
      expect(response.status()).toBe(303);
      expect(page.url()).toMatch(/\/track\/[^/?]+\?submitted=1$/);
      expect(await page.getByRole("status").first().textContent()).toContain(texts.thanks);
      expect(await page.locator("section .meta .badge").textContent()).toBe("eingereicht");
      // Name and e-mail are shown to the submitter only, on the private page.
      expect(await page.locator("dl").textContent()).toContain("Aylin Demir");

      const stored = findProposalsByTitle(entry.title);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        status: "submitted",
        publishedAt: null,
        category: "traffic",
        district: "Neustadt-Neuschönefeld",
        submitterName: "Aylin Demir",
        submitterEmail: "aylin@example.org",
      });
      // Eisenbahnstraße 54 lies near 12.40 E, 51.345 N.
      expect(stored[0].lon).toBeCloseTo(12.4, 1);
      expect(stored[0].lat).toBeCloseTo(51.345, 2);
    });
  });

  it("without JavaScript, an address outside the area is refused with distance, typed text kept, nothing stored", async () => {
    const entry: Entry = {
      title: `Bücherschrank Schönefeld ${uniqueSuffix()}`,
      description: "Ein offener Bücherschrank an der Ecke, damit Nachbarn Bücher tauschen können.",
      category: "Kultur",
      name: "Jonas Weber",
      email: "jonas@example.org",
    };
    await inContext({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await fillForm(page, entry);
      await searchAddressWithoutJs(page, "Abtnaundorfer Straße 1");
      const radio = page.getByRole("radio", { name: /^Abtnaundorfer Straße 1, \d{5} Leipzig\b/ });
      expect(await radio.count()).toBe(1);
      await radio.check();

      const before = countProposals();
      const response = await submitWithoutJs(page, texts.submit);
      expect(response.status()).toBe(422);
      expect(new URL(page.url()).pathname).toBe("/proposals/new");

      const error = await page.locator("#location-errors").textContent();
      expect(error).toContain(texts.outside);
      expect(error).toMatch(/etwa \d[\d.]* m außerhalb/);
      expect(await page.locator("#location-errors").getAttribute("role")).toBe("alert");
      await expectFormKeeps(page, entry);
      expect(countProposals()).toBe(before);
      expect(findProposalsByTitle(entry.title)).toHaveLength(0);
    });
  });

  it("with JavaScript, tapping the map outside the area says so at once, and the server refuses it too", async () => {
    const entry: Entry = {
      title: `Sitzecke am Hauptbahnhof ${uniqueSuffix()}`,
      description: "Bänke und Schatten für Wartende, damit niemand auf dem Boden sitzen muss.",
      category: "Senior:innen",
      name: "Mira Schulz",
    };
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await fillForm(page, entry);
      const map = page.getByRole("region", { name: "Karte: Ort der Idee wählen" });
      await waitForMap(page, ".map-pick");
      await map.scrollIntoViewIfNeeded();
      // The top-left corner is in fitBounds' padding, outside the area's bounding box.
      await map.tap({ position: { x: 8, y: 8 } });

      await expect
        .poll(() => page.locator("#location-errors").textContent(), { timeout: 10_000 })
        .toMatch(/etwa \d[\d.]* m außerhalb des Fördergebiets/);
      expect(await page.locator("#location-status").textContent()).not.toContain(texts.inside);
      const lon = Number(await page.locator('input[name="lon"]').inputValue());
      expect(lon).toBeLessThan(areaBox.minLon + 0.03);

      const before = countProposals();
      await page.getByRole("button", { name: texts.submit, exact: true }).click();
      await page.waitForLoadState("networkidle");
      expect(new URL(page.url()).pathname).toBe("/proposals/new");
      await expect
        .poll(() => page.locator("#location-errors").textContent(), { timeout: 10_000 })
        .toContain(texts.outside);
      await expectFormKeeps(page, entry);
      expect(countProposals()).toBe(before);
    });
  });

  it("with JavaScript, after a refusal, tapping a place inside clears the outside error and the idea goes through", async () => {
    const entry: Entry = {
      title: `Spielstraße am Sonntag ${uniqueSuffix()}`,
      description:
        "Sonntags wird die Straße für Autos gesperrt, damit Kinder draußen spielen können.",
      category: "Kinder & Jugend",
    };
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await fillForm(page, entry);
      const map = page.getByRole("region", { name: "Karte: Ort der Idee wählen" });
      await waitForMap(page, ".map-pick");
      await map.scrollIntoViewIfNeeded();
      const box = await map.boundingBox();
      if (!box) throw new Error("map has no size");

      // Outside, submitted anyway: the server refuses.
      await map.tap({ position: { x: 8, y: 8 } });
      await page.getByRole("button", { name: texts.submit, exact: true }).click();
      await page.waitForLoadState("networkidle");
      await expect
        .poll(() => page.locator("#location-errors").textContent(), { timeout: 10_000 })
        .toContain(texts.outside);

      // The person corrects the place: the page must no longer claim it is outside.
      await map.tap({ position: { x: box.width / 2, y: box.height / 2 } });
      await expect
        .poll(() => page.locator("#location-status").textContent(), { timeout: 10_000 })
        .toContain(texts.inside);
      await expect
        .poll(() => page.locator("#location-errors").textContent(), {
          timeout: 3_000,
          message:
            "a stale 'outside' error is still shown next to 'Dieser Ort liegt im Fördergebiet.'",
        })
        .toBe("");

      await page.getByRole("button", { name: texts.submit, exact: true }).click();
      await page.waitForURL(/\/track\/[^/?]+\?submitted=1$/, { timeout: 15_000 });
      expect(findProposalsByTitle(entry.title)).toHaveLength(1);
    });
  });

  it("with JavaScript, the address search keeps the typed text, moves the pin and submits", async () => {
    const entry: Entry = {
      title: `Tischtennis im Hof ${uniqueSuffix()}`,
      description:
        "Eine Tischtennisplatte im Innenhof für alle Kinder aus den umliegenden Häusern.",
      category: "Sport & Bewegung",
    };
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await waitForMap(page, ".map-pick");
      await fillForm(page, entry);
      await page.getByRole("searchbox", { name: texts.searchAddress }).fill("Eisenbahnstraße 54");
      await page.getByRole("button", { name: texts.searchAddress, exact: true }).click();
      const radio = page.getByRole("radio", { name: /^Eisenbahnstraße 54, 04315 Leipzig\b/ });
      await radio.waitFor({ timeout: 15_000 });
      await expectFormKeeps(page, entry);
      expect(await page.locator(".field-error").count()).toBe(0);

      await radio.check();
      await expect
        .poll(() => page.locator("#location-status").textContent(), { timeout: 10_000 })
        .toMatch(/^Gewählter Ort: 51\.34\d+, 12\.40\d+$/);
      expect(
        await page.locator(".map-pick .maplibregl-marker:not(.district-label)").count(),
      ).toBeGreaterThan(0);

      await page.getByRole("button", { name: texts.submit, exact: true }).click();
      await page.waitForURL(/\/track\/[^/?]+\?submitted=1$/, { timeout: 15_000 });
      const stored = findProposalsByTitle(entry.title);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        category: "sport",
        district: "Neustadt-Neuschönefeld",
        status: "submitted",
      });
    });
  });

  it("without JavaScript, an empty or too short form gets German messages next to the fields, nothing stored", async () => {
    await inContext({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      const before = countProposals();

      let response = await submitWithoutJs(page, texts.submit);
      expect(response.status()).toBe(400);
      expect(new URL(page.url()).pathname).toBe("/proposals/new");

      const title = page.getByLabel("Titel Ihrer Idee", { exact: true });
      const description = page.getByLabel("Beschreibung", { exact: true });
      const category = page.getByLabel("Thema", { exact: true });
      const errorOf = async (field: typeof title) => {
        const id = (await field.getAttribute("aria-describedby"))?.split(" ").at(-1);
        const errorId = id ?? `${await field.getAttribute("id")}-error`;
        return page.locator(`[id="${errorId}"]`).textContent();
      };
      expect(await errorOf(title)).toBe("Bitte geben Sie einen Titel ein.");
      expect(await errorOf(description)).toBe("Bitte beschreiben Sie Ihre Idee.");
      expect(
        await page.locator(`[id="${await category.getAttribute("id")}-error"]`).textContent(),
      ).toBe("Bitte wählen Sie ein Thema.");
      expect(await page.locator("#location-errors").textContent()).toBe(
        "Bitte wählen Sie einen Ort: auf der Karte oder über die Adresssuche.",
      );
      expect(await title.getAttribute("aria-invalid")).toBe("true");
      expect(await description.getAttribute("aria-invalid")).toBe("true");

      // Too short, and an e-mail without consent.
      await title.fill("Bank");
      await description.fill("Eine Bank.");
      await page.getByLabel("E-Mail-Adresse (freiwillig)").fill("kein-at-zeichen");
      response = await submitWithoutJs(page, texts.submit);
      expect(response.status()).toBe(400);
      expect(await errorOf(title)).toBe("Der Titel ist zu kurz: bitte mindestens 5 Zeichen.");
      expect(await errorOf(description)).toBe(
        "Die Beschreibung ist zu kurz: bitte mindestens 20 Zeichen.",
      );
      const emailError = await page
        .locator(
          `[id="${await page.getByLabel("E-Mail-Adresse (freiwillig)").getAttribute("id")}-error"]`,
        )
        .textContent();
      expect(emailError).toBe("Bitte prüfen Sie die E-Mail-Adresse, z. B. name@beispiel.de.");
      expect(await title.inputValue()).toBe("Bank");
      expect(await description.inputValue()).toBe("Eine Bank.");

      expect(countProposals()).toBe(before);
    });
  });

  it("with JavaScript, an empty form shows the messages in place, and choosing a place clears the place message", async () => {
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await waitForMap(page, ".map-pick");
      const before = countProposals();

      await page.getByRole("button", { name: texts.submit, exact: true }).click();
      await expect
        .poll(() => page.locator(".field-error").allTextContents(), { timeout: 10_000 })
        .toEqual([
          "Bitte geben Sie einen Titel ein.",
          "Bitte beschreiben Sie Ihre Idee.",
          "Bitte wählen Sie ein Thema.",
          "Bitte wählen Sie einen Ort: auf der Karte oder über die Adresssuche.",
        ]);
      expect(new URL(page.url()).pathname).toBe("/proposals/new");
      expect(countProposals()).toBe(before);

      // Choosing a place on the map answers "Bitte wählen Sie einen Ort".
      const map = page.getByRole("region", { name: "Karte: Ort der Idee wählen" });
      await map.scrollIntoViewIfNeeded();
      const box = await map.boundingBox();
      if (!box) throw new Error("map has no size");
      await map.tap({ position: { x: box.width / 2, y: box.height / 2 } });
      await expect
        .poll(() => page.locator("#location-status").textContent(), { timeout: 10_000 })
        .toContain(texts.inside);
      expect(
        await page.locator("#location-errors").textContent(),
        "'Bitte wählen Sie einen Ort' is still shown after a place was chosen on the map",
      ).toBe("");
    });
  });

  it("the private tracking page deletes name and e-mail, and withdraws the initiative after confirmation", async () => {
    const entry: Entry = {
      title: `Nachbarschaftsflohmarkt ${uniqueSuffix()}`,
      description: "Ein Flohmarkt im Hof, damit sich Nachbarn kennenlernen und Dinge weitergeben.",
      category: "Zusammenleben & Nachbarschaft",
      name: "Sam Koch",
      email: "sam@example.org",
    };
    // Submit without JavaScript (the quickest way to a tracking page), then use it with JavaScript.
    let trackingUrl = "";
    await inContext({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`${baseUrl}/proposals/new`);
      await fillForm(page, entry);
      await searchAddressWithoutJs(page, "Eisenbahnstraße 154");
      await page.getByRole("radio", { name: /^Eisenbahnstraße 154, 04315 Leipzig\b/ }).check();
      await submitWithoutJs(page, texts.submit);
      expect(page.url()).toContain("/track/");
      trackingUrl = page.url().replace(/\?.*$/, "");
    });

    await inContext(phone, async (page) => {
      await page.goto(trackingUrl);
      expect(await page.locator("dl").textContent()).toContain("sam@example.org");

      await page.getByRole("button", { name: "Name und E-Mail löschen" }).click();
      await page.waitForURL(/\?done=erased$/);
      await expect
        .poll(() => page.getByText("Ihr Name und Ihre E-Mail-Adresse wurden gelöscht.").count())
        .toBe(1);
      expect(await page.locator("dl").count()).toBe(0);
      expect(
        await page
          .getByText("Zu dieser Idee sind kein Name und keine E-Mail-Adresse gespeichert.")
          .count(),
      ).toBe(1);
      expect(findProposalsByTitle(entry.title)[0]).toMatchObject({
        submitterName: null,
        submitterEmail: null,
      });

      // Cancelling the confirmation keeps the initiative.
      page.once("dialog", (dialog) => dialog.dismiss());
      await page.getByRole("button", { name: "Idee zurückziehen" }).click();
      await page.waitForTimeout(500);
      expect(findProposalsByTitle(entry.title)[0].status).toBe("submitted");

      page.once("dialog", (dialog) => dialog.accept());
      await page.getByRole("button", { name: "Idee zurückziehen" }).click();
      await page.waitForURL(/\?done=withdrawn$/);
      await expect.poll(() => page.getByText("Ihre Idee wurde zurückgezogen.").count()).toBe(1);
      await expect
        .poll(() => page.locator("section .meta .badge").textContent())
        .toBe("zurückgezogen");
      expect(await page.getByRole("button", { name: "Idee zurückziehen" }).count()).toBe(0);
      expect(findProposalsByTitle(entry.title)[0].status).toBe("withdrawn");
    });
  });
});
