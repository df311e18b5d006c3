import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { exifHasGps, phoneJpeg } from "../fixtures/images";
import {
  describeViolations,
  launchBrowser,
  phone,
  seriousA11yViolations,
  uniqueSuffix,
} from "./browser";
import { countProposals, findProposalsByTitle } from "./db";
import { logInAsAdmin, publishAsStaff } from "./staff-flows";

const baseUrl = inject("baseUrl");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function inContext(
  options: Parameters<Browser["newContext"]>[0],
  journey: (page: Page, context: BrowserContext) => Promise<void>,
) {
  const context = await browser.newContext(options);
  try {
    await journey(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

type Entry = { title: string; description: string };

async function expectAccessible(page: Page) {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

async function fillText(page: Page, entry: Entry) {
  await page.getByLabel("Titel Ihrer Idee", { exact: true }).fill(entry.title);
  await page.getByLabel("Beschreibung", { exact: true }).fill(entry.description);
  await page.getByLabel("Thema", { exact: true }).selectOption({ label: "Umwelt & Grün" });
}

async function expectTextKept(page: Page, entry: Entry) {
  expect(await page.getByLabel("Titel Ihrer Idee", { exact: true }).inputValue()).toBe(entry.title);
  expect(await page.getByLabel("Beschreibung", { exact: true }).inputValue()).toBe(
    entry.description,
  );
}

const notAPhoto = {
  name: "einladung.jpg",
  mimeType: "image/jpeg",
  buffer: Buffer.from("Einladung zum Hoffest am Samstag – das ist Text, kein Bild."),
};
const disguisedMessage = "„einladung.jpg“ heißt wie ein Foto, enthält aber kein Bild.";

/** The place by the address search (with JavaScript it answers without a page load). */
async function chooseAddress(page: Page) {
  await page.getByRole("searchbox", { name: "Adresse suchen" }).fill("Eisenbahnstraße 54");
  await page.getByRole("button", { name: "Adresse suchen", exact: true }).click();
  const radio = page.getByRole("radio", { name: /^Eisenbahnstraße 54, 04315 Leipzig\b/ });
  await radio.waitFor({ timeout: 15_000 });
  await radio.check();
}

describe("photos of an initiative", () => {
  it("a phone photo with GPS data is published without any metadata; a wrong file is named and the text kept", async () => {
    const original = await phoneJpeg();
    // What the phone wrote: a GPS position and the camera model.
    const before = await sharp(original).metadata();
    expect(exifHasGps(before.exif)).toBe(true);

    const entry = {
      title: `Teich im Rabet entschlammen ${uniqueSuffix()}`,
      description: "Der Teich im Rabet riecht im Sommer stark. Er sollte entschlammt werden.",
    };
    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals/new?lng=de`);
      await fillText(page, entry);
      await page.setInputFiles("#photo1", {
        name: "IMG_0001.jpg",
        mimeType: "image/jpeg",
        buffer: original,
      });
      // The preview comes from the file itself (a blob: URL the CSP allows), before any upload.
      const preview = page.getByRole("img", { name: "Vorschau von Foto 1" });
      await preview.waitFor();
      expect(await preview.getAttribute("src")).toMatch(/^blob:/);
      await expect
        .poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(0);
      await page.getByLabel("Was zeigt Foto 1? (freiwillig)").fill("Der Teich vom Ufer aus");

      // The next slot appears once the first is used; a text file renamed .jpg goes into it.
      await page.setInputFiles("#photo2", notAPhoto);
      await chooseAddress(page);
      await page.getByRole("button", { name: "Idee absenden", exact: true }).click();

      await page.getByText(disguisedMessage).waitFor({ timeout: 15_000 });
      expect(await page.getByRole("alert").first().textContent()).toContain(
        "Mindestens ein Foto konnte nicht angenommen werden.",
      );
      await expectTextKept(page, entry);
      expect(findProposalsByTitle(entry.title)).toHaveLength(0);
      // The photo fields with a preview and a refusal are usable with a screen reader.
      await expectAccessible(page);
      // The good photo is still chosen; the wrong one is taken out, then it goes through.
      expect(await preview.isVisible()).toBe(true);
      await page.getByRole("button", { name: "Foto 2 nicht verwenden" }).click();
      await page.getByRole("button", { name: "Idee absenden", exact: true }).click();
      await page.waitForURL(/\/track\/[^/?]+\?submitted=1$/, { timeout: 15_000 });

      // The resident sees the photo behind the private link before it is public.
      const own = page.locator("#photos img");
      await own.waitFor();
      await expect
        .poll(() => own.evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(0);
      await expectAccessible(page);
    });

    const [stored] = findProposalsByTitle(entry.title);
    expect(stored).toBeDefined();
    await inContext({}, async (page) => {
      await logInAsAdmin(page);
      await publishAsStaff(page, stored!.id);
      // Staff see the photo with the form to hide it.
      await page.getByRole("button", { name: "Foto verbergen" }).waitFor();
      await expectAccessible(page);
    });

    await inContext(phone, async (page) => {
      await page.goto(`${baseUrl}/proposals/${stored!.id}?lng=de`);
      const photo = page.getByRole("img", { name: "Der Teich vom Ufer aus" });
      await photo.waitFor();
      expect(await photo.getAttribute("dir")).toBe("auto");
      await expectAccessible(page);
      const src = await photo.getAttribute("src");
      expect(src).toMatch(/^\/photos\/[^/]+\/small$/);

      // What the public gets: a WebP we wrote, upright, without EXIF, GPS or anything else.
      for (const url of [src!, src!.replace(/small$/, "large")]) {
        const response = await fetch(`${baseUrl}${url}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("image/webp");
        expect(response.headers.get("x-content-type-options")).toMatch(/\bnosniff\b/);
        const bytes = Buffer.from(await response.arrayBuffer());
        const meta = await sharp(bytes).metadata();
        expect(meta.format).toBe("webp");
        expect(meta.exif).toBeUndefined();
        expect(exifHasGps(meta.exif)).toBe(false);
        expect(meta.xmp).toBeUndefined();
        expect(meta.height).toBeGreaterThan(meta.width!);
        expect(bytes.toString("latin1")).not.toContain("TestPhone");
      }

      // The list card shows the small version, lazily, with its size set.
      await page.goto(`${baseUrl}/proposals?lng=de&q=${encodeURIComponent(entry.title)}`);
      const card = page.locator(".card", { hasText: entry.title }).locator("img.card-photo");
      expect(await card.getAttribute("loading")).toBe("lazy");
      expect(await card.getAttribute("width")).toBe("480");
      expect(await card.getAttribute("height")).toBe("640");
    });
  });

  it("a photo chosen before the page's script has loaded (a slow phone) still gets its preview", async () => {
    const original = await phoneJpeg();
    await inContext(phone, async (page) => {
      // Hold back the app's scripts until the photo is chosen.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route(/\/build\/.*\.js$/, async (route) => {
        await released;
        await route.continue();
      });
      await page.goto(`${baseUrl}/proposals/new?lng=de`, { waitUntil: "domcontentloaded" });
      await page.setInputFiles("#photo1", {
        name: "IMG_0002.jpg",
        mimeType: "image/jpeg",
        buffer: original,
      });
      const preview = page.getByRole("img", { name: "Vorschau von Foto 1" });
      expect(await preview.count()).toBe(0);
      release();
      await preview.waitFor();
      expect(await preview.getAttribute("src")).toMatch(/^blob:/);
      // The next slot opens as it does for a photo chosen after loading; the one after stays closed.
      await page.locator("#photo2").waitFor();
      expect(await page.locator("#photo3").isVisible()).toBe(false);
    });
  });

  it("without JavaScript: a wrong file is named, the typed text stays and nothing is stored", async () => {
    const entry = {
      title: `Hofflohmarkt Ludwigstraße ${uniqueSuffix()}`,
      description: "Ein gemeinsamer Hofflohmarkt in der Ludwigstraße im Mai, für alle Höfe.",
    };
    await inContext({ ...phone, javaScriptEnabled: false }, async (page) => {
      await page.goto(`${baseUrl}/proposals/new?lng=de`);
      await fillText(page, entry);
      await page.setInputFiles("#photo1", notAPhoto);
      const proposalsBefore = countProposals();
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/proposals/new",
        ),
        page.getByRole("button", { name: "Idee absenden", exact: true }).click(),
      ]);
      await page.waitForLoadState("load");
      expect(response.status()).toBe(400);
      expect(await page.getByText(disguisedMessage).count()).toBe(1);
      await expectTextKept(page, entry);
      // The browser cannot keep a chosen file across a page load: the page says so.
      expect(await page.getByText("Bitte wählen Sie die Fotos noch einmal aus.").count()).toBe(1);
      expect(countProposals()).toBe(proposalsBefore);
    });
  });
});
