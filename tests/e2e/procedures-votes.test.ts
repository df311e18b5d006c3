import { readFile } from "node:fs/promises";
import { inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from "pdf-lib";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from "vitest";
import {
  describeViolations,
  launchBrowser,
  phone,
  seriousA11yViolations,
  uniqueSuffix,
  waitForMap,
} from "./browser";

/**
 * The procedures & votes journey, end to end in Chromium: staff set up a
 * resident vote, print codes (the QR code on the sheet is decoded here), a
 * resident votes with a code on a phone and changes the ballot, someone votes
 * without a code, two staff members count paper batches (only agreeing
 * batches count), staff close the vote and publish the result, and the
 * public page shows the numbers per channel. axe checks the procedure, ballot
 * and results pages in German and Arabic.
 *
 * The steps share one procedure and run in order; once a step fails, the
 * later ones are skipped (they would only fail for the same reason).
 */

const baseUrl = inject("baseUrl");
const admin = inject("admin");
const inside = { lon: 12.4029903, lat: 51.3434382 };
const suffix = uniqueSuffix();

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
});

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

/** Steps of one journey: a step after a failed one is skipped, not run against a broken state. */
let failed: string | null = null;
function step(name: string, run: () => Promise<void>, timeout = 60_000) {
  it(
    name,
    async (context: TestContext) => {
      if (failed) context.skip(`an earlier step failed: ${failed}`);
      try {
        await run();
      } catch (error) {
        failed = name;
        throw error;
      }
    },
    timeout,
  );
}

// --- helpers --------------------------------------------------------------

/** A moment as a `datetime-local` value in Leipzig (Berlin) time, which the staff form expects. */
function berlinLocal(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const hours = (n: number) => new Date(Date.now() + n * 3_600_000);

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl}/staff/login`);
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(password);
  await Promise.all([
    page.waitForURL(`${baseUrl}/staff`),
    page.getByRole("button", { name: "Anmelden" }).click(),
  ]);
}

/** The page's success message (after a redirect with `?done=`). */
async function expectStatus(page: Page, text: string) {
  await expect
    .poll(() => page.locator("[role=status]").allTextContents(), { timeout: 15_000 })
    .toEqual(expect.arrayContaining([expect.stringContaining(text)]));
}

/** A two-step button (ConfirmAction): open the explanation, then confirm. */
async function confirm(page: Page, summary: string, button: string) {
  await page.locator("summary", { hasText: summary }).click();
  await page.getByRole("button", { name: button, exact: true }).click();
}

/** A new initiative through the public API, as a resident's app would send it. */
async function submitViaApi(title: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/proposals`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      title,
      description: "Eine Idee für die Abstimmung im Browsertest, mit genug Text für die Prüfung.",
      category: "community",
      ...inside,
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/**
 * Every QR code drawn on the code sheet, decoded. The sheet draws each QR code
 * as a 1-bit DeviceGray image XObject (one pixel per module, quiet zone
 * included, FlateDecode): the test inflates each image, scales it up to RGBA
 * and lets jsQR read it, the way a phone camera would read the print.
 */
async function qrCodesInPdf(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes);
  const decoded: string[] = [];
  for (const page of pdf.getPages()) {
    const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of("XObject"), PDFDict);
    if (!xObjects) continue;
    for (const [, ref] of xObjects.entries()) {
      const stream = pdf.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const dict = stream.dict;
      if (String(dict.get(PDFName.of("Subtype"))) !== "/Image") continue;
      expect(String(dict.get(PDFName.of("Filter")))).toBe("/FlateDecode");
      expect(String(dict.get(PDFName.of("ColorSpace")))).toBe("/DeviceGray");
      expect(dict.lookup(PDFName.of("BitsPerComponent"), PDFNumber).asNumber()).toBe(1);
      const width = dict.lookup(PDFName.of("Width"), PDFNumber).asNumber();
      const height = dict.lookup(PDFName.of("Height"), PDFNumber).asNumber();
      const bits = inflateSync(stream.contents);
      const rowBytes = Math.ceil(width / 8);
      expect(bits.length).toBeGreaterThanOrEqual(rowBytes * height);
      const scale = 6;
      const w = width * scale;
      const h = height * scale;
      const rgba = new Uint8ClampedArray(w * h * 4);
      for (let y = 0; y < h; y++) {
        const row = Math.floor(y / scale);
        for (let x = 0; x < w; x++) {
          const column = Math.floor(x / scale);
          // DeviceGray, 1 bit: 1 is white, 0 is black.
          const white = (bits[row * rowBytes + (column >> 3)]! >> (7 - (column & 7))) & 1;
          const offset = (y * w + x) * 4;
          rgba[offset] = rgba[offset + 1] = rgba[offset + 2] = white ? 255 : 0;
          rgba[offset + 3] = 255;
        }
      }
      const code = jsQR(rgba, w, h);
      if (code) decoded.push(code.data);
    }
  }
  return decoded;
}

/** axe on the current page: no serious or critical violation. */
async function expectAccessible(page: Page, label: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `axe on ${label}:\n${describeViolations(violations)}`).toEqual([]);
}

/** A page in a language (`?lng=`), complete once its map (if any) has loaded. */
async function openIn(page: Page, path: string, language: "de" | "ar") {
  const separator = path.includes("?") ? "&" : "?";
  await page.goto(`${baseUrl}${path}${separator}lng=${language}`);
  expect(
    await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
  ).toEqual([language, language === "ar" ? "rtl" : "ltr"]);
  if ((await page.locator(".map").count()) > 0) await waitForMap(page, ".map");
  else await page.waitForLoadState("networkidle");
}

// --- the journey ----------------------------------------------------------

const procedureTitle = `Abstimmung Lene-Voigt-Park ${suffix}`;
// Neither title contains the other: a checkbox or label found by one title is that option's.
const titleA = `Trinkbrunnen ${suffix}`;
const titleB = `Sitzbänke am Spielplatz ${suffix}`;
const moderator = {
  name: `Mona Moderation ${suffix}`,
  email: `moderation-${suffix}@e2e.test`,
  password: "",
};

let staff: Page; // the admin
let second: Page; // the moderator: the second person counting paper
let procedureId = "";
let voteId = "";
let ballotUrls: string[] = [];

/** The per-batch paper counts. Entries are [ballots, ticks for A, ticks for B]. */
type Count = [number, number, number];

async function createBatch(page: Page, label: string) {
  await page.goto(`${baseUrl}/staff/votes/${voteId}`);
  await page.getByLabel("Bezeichnung des Stapels").fill(label);
  await page.getByRole("button", { name: "Stapel anlegen", exact: true }).click();
  await expectStatus(page, "Der Stapel ist angelegt.");
}

async function enterCount(page: Page, label: string, [ballots, a, b]: Count) {
  await page.goto(`${baseUrl}/staff/votes/${voteId}`);
  const batch = page.getByRole("region", { name: label, exact: true });
  await batch.getByLabel("Anzahl gültiger Stimmzettel").fill(String(ballots));
  await batch.getByLabel(titleA, { exact: true }).fill(String(a));
  await batch.getByLabel(titleB, { exact: true }).fill(String(b));
  await batch.getByRole("button", { name: "Zählung speichern" }).click();
  await expect.poll(() => page.url()).toContain("done=paper-");
}

async function batchState(page: Page, label: string): Promise<string> {
  await page.goto(`${baseUrl}/staff/votes/${voteId}`);
  return (await page.getByRole("region", { name: label, exact: true }).textContent()) ?? "";
}

describe("procedures and votes, end to end", () => {
  step("an admin adds a moderator; two initiatives are submitted and published", async () => {
    staff = await newPage();
    await logIn(staff, admin.email, admin.password);

    await staff.goto(`${baseUrl}/staff/users`);
    await staff.getByLabel("Name", { exact: true }).fill(moderator.name);
    await staff.getByLabel("E-Mail-Adresse").fill(moderator.email);
    await staff.getByLabel("Rolle").selectOption("moderator");
    await staff.getByRole("button", { name: "Konto anlegen" }).click();
    const password = staff.locator("[role=status] code");
    await expect.poll(() => password.count()).toBe(1);
    moderator.password = ((await password.textContent()) ?? "").trim();
    expect(moderator.password.length).toBeGreaterThanOrEqual(12);

    for (const title of [titleA, titleB]) {
      const id = await submitViaApi(title);
      await staff.goto(`${baseUrl}/staff/proposals/${id}`);
      await staff.getByRole("button", { name: "Veröffentlichen", exact: true }).click();
      await expectStatus(staff, "Stand wurde geändert");
    }

    second = await newPage();
    await logIn(second, moderator.email, moderator.password);
  });

  step("staff create a resident vote procedure, publish it and set up the vote", async () => {
    await staff.goto(`${baseUrl}/staff/procedures/new`);
    await staff.getByLabel("Art des Verfahrens").selectOption("resident_vote");
    await staff.getByLabel("Titel", { exact: true }).first().fill(procedureTitle);
    await staff
      .getByLabel("Beschreibung", { exact: true })
      .first()
      .fill("Welche Ideen sollen im Park umgesetzt werden? Stimmen Sie ab.");
    const phase = (name: string, start: Date, end: Date) => async () => {
      const group = staff.getByRole("group", { name, exact: true });
      await group.getByLabel("Beginn (Leipziger Zeit)").fill(berlinLocal(start));
      await group.getByLabel("Ende (Leipziger Zeit)").fill(berlinLocal(end));
    };
    // Collection is over, the voting phase runs from an hour ago until tomorrow.
    await phase("Ideensammlung", hours(-72), hours(-48))();
    await phase("Abstimmung", hours(-1), hours(24))();
    await phase("Auszählung", hours(24), hours(48))();
    await Promise.all([
      staff.waitForURL(/\/staff\/procedures\/[^/?]+\?done=created/),
      staff.getByRole("button", { name: "Als Entwurf speichern" }).click(),
    ]);
    procedureId = new URL(staff.url()).pathname.split("/").pop()!;

    await confirm(staff, "Veröffentlichen …", "Ja, jetzt veröffentlichen");
    await expectStatus(staff, "Das Verfahren ist veröffentlicht.");

    await staff.locator("summary", { hasText: "Abstimmung anlegen …" }).click();
    await staff.getByLabel("Abstimmungsart").selectOption("approval");
    await staff.getByLabel("Höchstens so viele Ideen ankreuzen").fill("2");
    await staff.getByLabel("Anzahl der Gewinner (freiwillig)").fill("1");
    await staff.getByRole("checkbox", { name: /Mit Code/ }).check();
    await staff.getByRole("checkbox", { name: /Offen im Internet/ }).check();
    await staff.getByRole("checkbox", { name: /Auf Papier/ }).check();
    await staff
      .getByLabel("Wer darf abstimmen? (Deutsch)")
      .fill("Ich wohne, arbeite oder lerne im Leipziger Osten und bin mindestens 14 Jahre alt.");
    await Promise.all([
      staff.waitForURL(/\/staff\/votes\/[^/?]+\?done=created/),
      staff.getByRole("button", { name: "Abstimmung anlegen", exact: true }).click(),
    ]);
    voteId = new URL(staff.url()).pathname.split("/").pop()!;

    const ballot = staff.getByRole("table", { name: "Ideen auf dem Stimmzettel" });
    const added: string[] = [];
    for (const title of [titleA, titleB]) {
      const select = staff.getByLabel("Idee", { exact: true });
      const value = await select
        .locator("option", { hasText: title })
        .getAttribute("value", { timeout: 5_000 });
      await select.selectOption(value!);
      await staff.getByRole("button", { name: "Idee hinzufügen", exact: true }).click();
      added.push(title);
      await expect
        .poll(() => ballot.getByRole("rowheader").allTextContents())
        .toEqual(added.map((t) => expect.stringContaining(t)));
    }
    await expectStatus(staff, "Die Idee steht jetzt auf dem Stimmzettel");
  });

  step("staff generate codes and download the sheet; its QR codes open the ballot", async () => {
    await staff.getByLabel("Anzahl der Codes").fill("2");
    await staff.getByLabel("Bezeichnung", { exact: true }).fill("Briefe Test");
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByRole("button", { name: "Codes erzeugen und PDF herunterladen" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^abstimmungscodes-.*\.pdf$/);
    const bytes = new Uint8Array(await readFile((await download.path())!));
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    // The PDF opens: one A4 page for two cards, titled with the procedure.
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe(procedureTitle);

    ballotUrls = await qrCodesInPdf(bytes);
    expect(ballotUrls).toHaveLength(2);
    const pattern = new RegExp(
      `^${baseUrl.replace(/[.]/g, "\\.")}/votes/${voteId}\\?code=[34679A-Y]{4}-[34679A-Y]{4}-[34679A-Y]{2}$`,
    );
    for (const url of ballotUrls) expect(url).toMatch(pattern);
    expect(new Set(ballotUrls).size).toBe(2);

    // The sheet is listed (its codes are not).
    await staff.reload();
    const sheets = staff.getByRole("table", { name: "Erzeugte Code-Bögen" });
    await expect.poll(() => sheets.getByRole("row").count()).toBe(2);
    expect(await sheets.getByRole("row").nth(1).textContent()).toContain("Briefe Test");
  });

  step(
    "a resident on a phone votes with the code from the QR code and changes the ballot",
    async () => {
      const resident = await newPage(phone);
      const url = ballotUrls[0]!;
      const code = new URL(url).searchParams.get("code")!;
      await resident.goto(url);
      await expect.poll(() => resident.getByLabel("Ihr Abstimmungscode").inputValue()).toBe(code);
      expect(await resident.getByRole("radio", { name: /Mit Abstimmungscode/ }).isChecked()).toBe(
        true,
      );
      await resident.getByRole("checkbox", { name: titleA }).check();
      await resident.getByRole("checkbox", { name: "Ich bestätige: Ich darf" }).check();
      await resident.getByRole("button", { name: "Stimme abgeben" }).click();
      await expectStatus(resident, "Ihre Stimme ist gezählt.");
      // The ballot fits the phone's width.
      expect(
        await resident.evaluate(() => document.documentElement.scrollWidth),
      ).toBeLessThanOrEqual(360);

      // Opening the code's link again shows the stored ballot; change it from A to B.
      await resident.goto(url);
      await expectStatus(resident, "Sie haben schon abgestimmt.");
      expect(await resident.getByRole("checkbox", { name: titleA }).isChecked()).toBe(true);
      expect(await resident.getByRole("checkbox", { name: titleB }).isChecked()).toBe(false);
      await resident.getByRole("checkbox", { name: titleA }).uncheck();
      await resident.getByRole("checkbox", { name: titleB }).check();
      await resident.getByRole("checkbox", { name: "Ich bestätige: Ich darf" }).check();
      await resident.getByRole("button", { name: "Stimme ändern" }).click();
      await expectStatus(resident, "Ihre Stimme ist gezählt.");

      await resident.goto(url);
      expect(await resident.getByRole("checkbox", { name: titleA }).isChecked()).toBe(false);
      expect(await resident.getByRole("checkbox", { name: titleB }).isChecked()).toBe(true);

      // Changed, not added: still one ballot.
      await staff.goto(`${baseUrl}/staff/votes/${voteId}`);
      expect(await staff.getByText(/Stimmen? online/).textContent()).toContain("1 Stimme online");
    },
  );

  step("someone else votes without a code (the open channel)", async () => {
    const visitor = await newPage();
    await visitor.goto(`${baseUrl}/procedures/${procedureId}`);
    await Promise.all([
      visitor.waitForURL(`${baseUrl}/votes/${voteId}`),
      visitor.getByRole("link", { name: "Jetzt abstimmen" }).click(),
    ]);
    await visitor.getByRole("radio", { name: "Ohne Code" }).check();
    await visitor.getByRole("checkbox", { name: titleA }).check();
    await visitor.getByRole("checkbox", { name: "Ich bestätige: Ich darf" }).check();
    await visitor.getByRole("button", { name: "Stimme abgeben" }).click();
    await expectStatus(visitor, "Ihre Stimme ist gezählt.");

    await staff.goto(`${baseUrl}/staff/votes/${voteId}`);
    expect(await staff.getByText(/Stimmen? online/).textContent()).toContain("2 Stimmen online");
  });

  step(
    "axe: procedure and ballot pages in German and Arabic, results hidden while open",
    async () => {
      const visitor = await newPage();
      for (const language of ["de", "ar"] as const) {
        await openIn(visitor, `/procedures/${procedureId}`, language);
        if (language === "de") {
          expect(await visitor.locator("main").textContent()).toContain("jetzt: Abstimmung bis");
          // Live results are off: no numbers while the vote runs.
          expect(await visitor.locator("main").textContent()).toContain(
            "Das Ergebnis erscheint hier nach dem Ende der Abstimmung.",
          );
          expect(await visitor.locator(".vote-results").count()).toBe(0);
        }
        await expectAccessible(visitor, `/procedures/${procedureId} (${language})`);

        await openIn(visitor, `/votes/${voteId}`, language);
        expect(await visitor.getByRole("checkbox").count()).toBeGreaterThanOrEqual(3);
        await expectAccessible(visitor, `/votes/${voteId} (${language})`);
      }
    },
  );

  step(
    "two staff members count paper batches; only agreeing batches count",
    async () => {
      // Urne 1: both count the same at once.
      await createBatch(staff, "Urne 1");
      await enterCount(staff, "Urne 1", [7, 5, 3]);
      expect(await batchState(staff, "Urne 1")).toContain("Wartet auf die zweite Zählung");
      // The second person does not see the first count before entering their own.
      expect(await batchState(second, "Urne 1")).toContain(
        "Die Zahlen der anderen sehen Sie erst, wenn Sie selbst gezählt",
      );
      await enterCount(second, "Urne 1", [7, 5, 3]);
      await expectStatus(second, "Beide Zählungen stimmen überein: der Stapel zählt.");

      // Urne 2: the second count differs at first, then is corrected after recounting.
      await createBatch(staff, "Urne 2");
      await enterCount(staff, "Urne 2", [3, 1, 2]);
      await enterCount(second, "Urne 2", [3, 2, 2]);
      await expectStatus(second, "sie weicht ab");
      expect(await batchState(staff, "Urne 2")).toContain("Die Zählungen weichen ab");
      await enterCount(second, "Urne 2", [3, 1, 2]);
      await expectStatus(second, "Beide Zählungen stimmen überein");

      // Urne 3: the counts disagree and stay so; it keeps the result from being published.
      await createBatch(second, "Urne 3");
      await enterCount(second, "Urne 3", [4, 4, 0]);
      await enterCount(staff, "Urne 3", [4, 3, 1]);
      await expectStatus(staff, "sie weicht ab");

      expect(await batchState(staff, "Urne 1")).toContain("Beide Zählungen stimmen überein");
      expect(await batchState(staff, "Urne 2")).toContain("Beide Zählungen stimmen überein");
      expect(await batchState(staff, "Urne 3")).toContain("Die Zählungen weichen ab");
    },
    90_000,
  );

  step("staff close the vote; results stay private until staff publish them", async () => {
    await staff.goto(`${baseUrl}/staff/votes/${voteId}`);
    await confirm(staff, "Abstimmung jetzt beenden …", "Ja, Abstimmung beenden");
    await expectStatus(staff, "Die Abstimmung ist beendet.");

    const visitor = await newPage();
    await visitor.goto(`${baseUrl}/procedures/${procedureId}`);
    expect(await visitor.locator("main").textContent()).toContain("Die Stimmen werden ausgezählt.");
    expect(await visitor.locator(".vote-results").count()).toBe(0);
    const csv = await fetch(`${baseUrl}/votes/${voteId}/results.csv`);
    expect(csv.ok).toBe(false);

    // Urne 3 still disagrees: the page says so, and publishing is refused, naming the batch.
    await staff.goto(`${baseUrl}/staff/votes/${voteId}`);
    expect(await staff.locator(".alert-info").allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "Das Ergebnis kann erst veröffentlicht werden, wenn jeder Papierstapel zählt. Noch offen: Urne 3 (Zählungen weichen ab).",
        ),
      ]),
    );
    await confirm(staff, "Ergebnis veröffentlichen …", "Ja, Ergebnis veröffentlichen");
    await expect
      .poll(() => staff.getByRole("alert").allTextContents(), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            "Das Ergebnis wurde nicht veröffentlicht. Diese Papierstapel zählen noch nicht: Urne 3 (Zählungen weichen ab).",
          ),
        ]),
      );
    expect(await staff.getByRole("status").allTextContents()).not.toEqual(
      expect.arrayContaining([expect.stringContaining("Das Ergebnis ist veröffentlicht.")]),
    );

    // Staff discard Urne 3: a reason is required, and goes into the audit log.
    const urne3 = staff.getByRole("region", { name: "Urne 3", exact: true });
    await urne3.locator("summary", { hasText: "Stapel verwerfen …" }).click();
    await urne3.getByRole("button", { name: "Ja, Stapel verwerfen", exact: true }).click();
    await expect
      .poll(() => urne3.textContent(), { timeout: 15_000 })
      .toContain("Bitte schreiben Sie, warum der Stapel verworfen wird.");
    await urne3
      .getByLabel("Begründung", { exact: true })
      .fill("Zwei Zählungen, zwei Ergebnisse; die Urne war beim Transport offen.");
    await urne3.getByRole("button", { name: "Ja, Stapel verwerfen", exact: true }).click();
    await expectStatus(staff, "Der Stapel ist verworfen.");
    expect(await staff.getByRole("region", { name: "Urne 3", exact: true }).count()).toBe(0);
    expect(await staff.locator(".alert-info").allTextContents()).not.toEqual(
      expect.arrayContaining([expect.stringContaining("Noch offen")]),
    );

    // A fresh page: the publish step from before is still open on this one.
    await staff.goto(`${baseUrl}/staff/votes/${voteId}`);
    await confirm(staff, "Ergebnis veröffentlichen …", "Ja, Ergebnis veröffentlichen");
    await expectStatus(staff, "Das Ergebnis ist veröffentlicht.");
  });

  step("the public procedure page shows the result with its numbers per channel", async () => {
    // Code: B (the changed ballot). Open: A. Paper, Urne 1 + Urne 2: 10 ballots, A 6, B 5.
    // Urne 3 disagreed and was discarded.
    const expected = {
      turnout: "Abgegebene Stimmzettel: 12. Davon mit Code: 1, ohne Code: 1 und auf Papier: 10.",
      a: { code: 0, open: 1, paper: 6, total: 7 },
      b: { code: 1, open: 0, paper: 5, total: 6 },
    };
    const visitor = await newPage(phone);
    await visitor.goto(`${baseUrl}/procedures/${procedureId}`);
    const results = visitor.getByRole("region", { name: "Ergebnis der Abstimmung" });
    await expect.poll(() => results.count()).toBe(1);
    expect(await results.locator(".meta").first().textContent()).toMatch(/^Veröffentlicht am /);
    expect((await results.locator(".turnout").textContent())?.replace(/\s+/g, " ").trim()).toBe(
      expected.turnout,
    );

    const rows = results.locator("li.result-row");
    expect(await rows.count()).toBe(2);
    const row = async (index: number) => {
      const item = rows.nth(index);
      return {
        title: (await item.locator(".result-title").textContent())?.trim(),
        outcome: (await item.locator(".outcome").textContent())?.trim(),
        numbers: (await item.locator(".result-numbers").textContent())?.trim(),
        channels: (await item.locator("p.meta").textContent())?.trim(),
        // One segment per channel, in the channel's colour.
        bars: Object.fromEntries(
          await Promise.all(
            ["code", "open", "paper"].map(async (channel) => {
              const rect = item.locator(`svg.result-bar rect.bar-ch-${channel}`);
              const width = (await rect.count()) ? await rect.getAttribute("width") : "0%";
              return [channel, parseFloat(width ?? "0")] as const;
            }),
          ),
        ) as Record<"code" | "open" | "paper", number>,
      };
    };
    const first = await row(0);
    const secondRow = await row(1);
    const channelText = (c: { code: number; open: number; paper: number }) =>
      `mit Code: ${c.code} · ohne Code: ${c.open} · auf Papier: ${c.paper}`;
    expect(first).toMatchObject({
      title: `Platz 1: ${titleA}`,
      outcome: "✓ gewählt",
      numbers: `Stimmen: ${expected.a.total}`,
      channels: channelText(expected.a),
    });
    expect(secondRow).toMatchObject({
      title: `Platz 2: ${titleB}`,
      outcome: "– nicht gewählt: nicht unter den ersten Plätzen",
      numbers: `Stimmen: ${expected.b.total}`,
      channels: channelText(expected.b),
    });
    // The bars repeat the numbers per channel: the largest total fills the track.
    const percent = (value: number) => (100 * value) / expected.a.total;
    for (const channel of ["code", "open", "paper"] as const) {
      expect(first.bars[channel]).toBeCloseTo(percent(expected.a[channel]), 3);
      expect(secondRow.bars[channel]).toBeCloseTo(percent(expected.b[channel]), 3);
    }

    // The same numbers as a table, one column per channel.
    const table = results.locator(".results-table table");
    expect((await table.locator("thead th").allTextContents()).map((text) => text.trim())).toEqual([
      "Platz",
      "Idee",
      "mit Code",
      "ohne Code",
      "auf Papier",
      "Gesamt",
      "Ergebnis",
    ]);
    const cells = async (index: number) =>
      (await table.locator("tbody tr").nth(index).locator("th, td").allTextContents()).map((text) =>
        text.trim(),
      );
    expect(await cells(0)).toEqual(["1", titleA, "0", "1", "6", "7", "gewählt"]);
    expect(await cells(1)).toEqual([
      "2",
      titleB,
      "1",
      "0",
      "5",
      "6",
      "nicht gewählt: nicht unter den ersten Plätzen",
    ]);

    // The CSV download has the same turnout, and no code.
    const csv = await fetch(`${baseUrl}/votes/${voteId}/results.csv?lng=de`);
    expect(csv.ok).toBe(true);
    const lines = (await csv.text()).split(/\r?\n/);
    expect(lines).toEqual(expect.arrayContaining(["Papier,10", "Gesamt,12"]));
    expect(lines.some((line) => line.startsWith("1,1,") && line.includes(titleA))).toBe(true);
    for (const url of ballotUrls) {
      const code = new URL(url).searchParams.get("code")!;
      expect(lines.join("\n")).not.toContain(code.replaceAll("-", ""));
      expect(lines.join("\n")).not.toContain(code);
    }
  });

  step(
    "axe: the results on the procedure page and the closed ballot, in German and Arabic",
    async () => {
      const visitor = await newPage();
      for (const language of ["de", "ar"] as const) {
        await openIn(visitor, `/procedures/${procedureId}`, language);
        expect(await visitor.locator(".vote-results").count()).toBe(1);
        expect(await visitor.locator(".vote-results li.result-row").count()).toBe(2);
        await expectAccessible(visitor, `results on /procedures/${procedureId} (${language})`);

        await openIn(visitor, `/votes/${voteId}`, language);
        await expectAccessible(visitor, `closed /votes/${voteId} (${language})`);
      }
    },
  );
});
