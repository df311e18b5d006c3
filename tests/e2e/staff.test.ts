import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  describeViolations,
  launchBrowser,
  phone,
  seriousA11yViolations,
  uniqueSuffix,
} from "./browser";

const baseUrl = inject("baseUrl");
const admin = inject("admin");
const inside = { lon: 12.4029903, lat: 51.3434382 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function newPage(options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext(options);
  return { page: await context.newPage(), close: () => context.close() };
}

async function logIn(page: Page) {
  await page.goto(`${baseUrl}/staff`);
  await expect.poll(() => page.url()).toContain("/staff/login");
  await page.fill("input[name=email]", admin.email);
  await page.fill("input[name=password]", admin.password);
  await Promise.all([page.waitForURL(`${baseUrl}/staff`), page.click("main button[type=submit]")]);
}

/** A new initiative through the public API, as a resident's app would send it. */
async function submitViaApi(title: string) {
  const response = await fetch(`${baseUrl}/api/proposals`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      title,
      description: "Eine Idee aus dem Browsertest, mit genug Text für die Prüfung.",
      category: "community",
      ...inside,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; trackingUrl: string };
}

async function publicGeoJsonTitles(): Promise<string[]> {
  const geojson = await (await fetch(`${baseUrl}/api/proposals.geojson`)).json();
  return geojson.features.map((f: { properties: { title: string } }) => f.properties.title);
}

describe("staff journeys", () => {
  it("refuses a wrong password with a clear message", async () => {
    const { page, close } = await newPage();
    try {
      await page.goto(`${baseUrl}/staff/login`);
      await page.fill("input[name=email]", admin.email);
      await page.fill("input[name=password]", "wrong-password");
      await page.click("main button[type=submit]");
      await expect
        .poll(() => page.locator("[role=alert]").textContent())
        .toContain("Passwort stimmen nicht");
      expect(page.url()).toContain("/staff/login");
    } finally {
      await close();
    }
  });

  it("logs in, publishes an initiative from the queue, and it appears on the public map", async () => {
    const title = `Bücherregal ${uniqueSuffix()}`;
    await submitViaApi(title);
    expect(await publicGeoJsonTitles()).not.toContain(title);

    const { page, close } = await newPage();
    try {
      await logIn(page);
      await page.click(`a:has-text("${title}")`);
      await page.waitForURL(/\/staff\/proposals\//);
      await page.click("button:has-text('Veröffentlichen')");
      await expect
        .poll(() => page.locator("[role=status]").first().textContent())
        .toContain("Stand wurde geändert");

      // The public map draws /api/proposals.geojson; load the start page and check both.
      expect(await publicGeoJsonTitles()).toContain(title);
      const mapRequest = page.waitForResponse((r) => r.url().endsWith("/api/proposals.geojson"));
      await page.goto(`${baseUrl}/`);
      const mapData = await (await mapRequest).json();
      expect(
        mapData.features.some(
          (f: { properties: { title: string } }) => f.properties.title === title,
        ),
      ).toBe(true);
      await page.waitForSelector(".maplibregl-canvas");
    } finally {
      await close();
    }
  });

  it("rejects with a public reason, shown on the submitter's tracking page", async () => {
    const title = `Parkplatz ${uniqueSuffix()}`;
    const { trackingUrl } = await submitViaApi(title);
    const reason =
      "Das liegt nicht im Aufgabenbereich des Quartiersmanagements; bitte wenden Sie sich an das Ordnungsamt.";
    const { page, close } = await newPage();
    try {
      await logIn(page);
      await page.click(`a:has-text("${title}")`);
      await page.waitForURL(/\/staff\/proposals\//);
      // Choose only once the page has hydrated: under load a choice made before can be
      // lost to a full-page post (seen once in CI; see the closing note).
      await page.waitForFunction(() => "__remixRouter" in window);
      await page.selectOption("#status-to", "rejected");
      await page.click("button:has-text('Stand speichern')");
      // Without a reason the server refuses and says why.
      await expect
        .poll(() => page.locator("[role=alert]").textContent())
        .toContain("Begründung nötig");
      await page.selectOption("#status-to", "rejected");
      await page.fill("#status-reason", reason);
      await page.click("button:has-text('Stand speichern')");
      await expect
        .poll(() => page.locator("[role=status]").first().textContent())
        .toContain("Stand wurde geändert");
    } finally {
      await close();
    }
    const resident = await newPage(phone);
    try {
      await resident.page.goto(trackingUrl);
      await expect.poll(() => resident.page.locator(".timeline").textContent()).toContain(reason);
      expect(await resident.page.locator(".timeline").textContent()).toContain("abgelehnt");
    } finally {
      await resident.close();
    }
  });

  it("a resident comments and supports; staff approve, a report brings it back, staff hide it", async () => {
    const title = `Tauschbox ${uniqueSuffix()}`;
    const { id } = await submitViaApi(title);
    const staff = await newPage();
    const resident = await newPage(phone);
    try {
      await logIn(staff.page);
      await staff.page.goto(`${baseUrl}/staff/proposals/${id}`);
      await staff.page.click("button:has-text('Veröffentlichen')");
      await staff.page.waitForSelector("[role=status]");

      // Support and withdraw.
      await resident.page.goto(`${baseUrl}/proposals/${id}`);
      await expect.poll(() => resident.page.locator(".support-count").textContent()).toContain("0");
      await resident.page.click("button[value=support]");
      await expect
        .poll(() => resident.page.locator(".support-count").textContent())
        .toContain("1 Person");
      await resident.page.reload();
      await expect.poll(() => resident.page.locator("button[value=unsupport]").count()).toBe(1);
      await resident.page.click("button[value=unsupport]");
      await expect.poll(() => resident.page.locator(".support-count").textContent()).toContain("0");

      // Comment (pre-moderated): not visible until approved.
      const comment = `Ich mache mit! <b>fett</b> ${uniqueSuffix()}`;
      await resident.page.fill("textarea[name=body]", comment);
      await resident.page.click("button[value=comment]");
      await expect
        .poll(() => resident.page.locator("[role=status]").first().textContent())
        .toContain("erscheint");
      expect(await resident.page.locator(".comments").textContent()).not.toContain(comment);

      await staff.page.goto(`${baseUrl}/staff`);
      const card = staff.page.locator(".card", { hasText: comment });
      await card.locator("button[value=approve]").click();
      await expect.poll(() => staff.page.locator(".card", { hasText: comment }).count()).toBe(0);

      await resident.page.goto(`${baseUrl}/proposals/${id}`);
      // Shown as text, never as HTML.
      await expect.poll(() => resident.page.locator(".comments").textContent()).toContain(comment);
      expect(await resident.page.locator(".comments b").count()).toBe(0);

      await resident.page
        .locator(".comment", { hasText: comment })
        .locator("button[value=report]")
        .click();
      await expect
        .poll(() => resident.page.locator("[role=status]").first().textContent())
        .toContain("Meldung");

      await staff.page.goto(`${baseUrl}/staff`);
      const reported = staff.page.locator(".card", { hasText: comment });
      expect(await reported.textContent()).toContain("gemeldet");
      await reported.locator("button[value=hide]").click();
      await expect.poll(() => staff.page.locator(".card", { hasText: comment }).count()).toBe(0);

      await resident.page.goto(`${baseUrl}/proposals/${id}`);
      expect(await resident.page.locator(".comments").textContent()).not.toContain(comment);
    } finally {
      await staff.close();
      await resident.close();
    }
  });

  it("an admin uploads an invalid funding area and sees what is wrong", async () => {
    const { page, close } = await newPage();
    try {
      await logIn(page);
      await page.goto(`${baseUrl}/staff/areas`);
      const bowTie = {
        type: "Polygon",
        coordinates: [
          [
            [12.4, 51.34],
            [12.42, 51.35],
            [12.42, 51.34],
            [12.4, 51.35],
            [12.4, 51.34],
          ],
        ],
      };
      await page.fill("#area-name", "Fehlerhaftes Gebiet");
      await page.fill("#area-text", JSON.stringify(bowTie));
      await page.fill("#area-source", "Test");
      await page.fill("#area-attribution", "Test");
      await page.click("button:has-text('Hochladen und prüfen')");
      await expect
        .poll(() => page.locator("[role=alert]").textContent())
        .toContain("schneidet sich selbst");
      // What was typed stays.
      expect(await page.inputValue("#area-name")).toBe("Fehlerhaftes Gebiet");

      await page.fill("#area-text", '{"type": "Point", "coordinates": [12.4, 51.3]}');
      await page.click("button:has-text('Hochladen und prüfen')");
      await expect
        .poll(() => page.locator("[role=alert]").textContent())
        .toContain("Polygon oder MultiPolygon");
    } finally {
      await close();
    }
  });

  it("staff pages have no serious accessibility violations, in German and in Arabic", async () => {
    const { page, close } = await newPage();
    try {
      await logIn(page);
      const firstProposal = await page.locator(".cards a").first().getAttribute("href");
      const paths = [
        "/staff",
        "/staff/proposals",
        firstProposal ?? "/staff",
        "/staff/users",
        "/staff/areas",
        "/staff/audit",
        "/staff/settings",
        "/staff/exports",
        "/staff/account",
      ];
      for (const language of ["de", "ar"]) {
        if (language === "ar") {
          await page.click("button:has-text('العربية')");
          await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe("rtl");
        }
        for (const path of paths) {
          await page.goto(`${baseUrl}${path}`);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
          const violations = await seriousA11yViolations(page);
          expect(violations, `${language} ${path}: ${describeViolations(violations)}`).toEqual([]);
        }
      }
    } finally {
      await close();
    }
  });
});
