import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from "vitest";
import { PrismaClient } from "~/db/generated/client";
import { createFundRound, dayFromNow, moveRoundToPhase } from "../integration/fund-apply-fixtures";
import {
  describeViolations,
  launchBrowser,
  phone,
  seriousA11yViolations,
  uniqueSuffix,
} from "./browser";
import { logInAsAdmin } from "./staff-flows";

/**
 * Applying to the neighbourhood fund, end to end in Chromium: on a phone
 * (360 px) the form says at once that a cost line is over the cap per item,
 * the applicant corrects it and submits; staff return it with a request; the
 * applicant edits and resubmits behind the private link; staff mark it
 * complete. axe checks the form and the tracking page in German and Arabic.
 * The round is created directly in the database (the round's admin pages are
 * built elsewhere).
 */

const baseUrl = inject("baseUrl");
const suffix = uniqueSuffix();
const title = `Hochbeete im Rabet ${suffix}`;

let db: PrismaClient;
let browser: Browser;
const contexts: BrowserContext[] = [];
let round: { roundId: string; procedureId: string };
let trackingPath = "";
/** The draft saved without JavaScript (the last steps withdraw it). */
let draftPath = "";

beforeAll(async () => {
  db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: inject("databaseUrl") }) });
  // 1,240 € left in the investive pot: the form says so when more is asked from it.
  round = await createFundRound(db, { investiveFreeCents: 124_000 });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await db?.$disconnect();
});

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

let failed: string | null = null;
function step(name: string, run: () => Promise<void>, timeout = 90_000) {
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

async function expectNoSeriousViolations(page: Page) {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
  const widths = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // The elements that stick out, to say what to fix.
    const wide = [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > client + 1)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect(widths.scroll, widths.wide.join(", ")).toBeLessThanOrEqual(widths.client);
}

const applicationId = async () =>
  (await db.fundApplication.findFirstOrThrow({ where: { title }, select: { id: true } })).id;

const statusOf = async () =>
  (await db.fundApplication.findFirstOrThrow({ where: { title }, select: { status: true } }))
    .status;

let applicant: Page;
let staff: Page;

describe("applying to the neighbourhood fund", () => {
  step(
    "the form at 360 px: a line over the cap is said at once, corrected and submitted",
    async () => {
      applicant = await newPage(phone);
      await applicant.goto(`${baseUrl}/fund/${round.roundId}/apply?lng=de`);
      await applicant
        .getByRole("heading", { level: 1, name: "Antrag auf Geld aus dem Verfügungsfonds" })
        .waitFor();
      await expectNoHorizontalScroll(applicant);

      await applicant.getByLabel("Privatperson oder Gruppe von Nachbarn").check();
      await applicant.getByLabel("Ihr Name", { exact: true }).fill("Aylin Demir");
      await applicant.getByLabel("E-Mail-Adresse").fill("aylin.demir@example.org");
      await applicant.getByLabel("Name des Projekts").fill(title);
      await applicant
        .getByLabel("Was wollen Sie machen?")
        .fill("Wir bauen drei Hochbeete, die alle Nachbarn im Hof nutzen können.");
      await applicant.getByLabel("Beginn des Projekts").fill(dayFromNow(45));
      await applicant.getByLabel("Ende des Projekts").fill(dayFromNow(120));
      await applicant.getByLabel("Nachbarschaft allgemein").check();
      await applicant.getByLabel("Kinder", { exact: true }).check();

      // Position 1: 410.01 € — over the cap of 410 € per purchase, said while typing.
      const line1 = applicant.getByRole("group", { name: "Position 1" });
      await line1.getByLabel("Was wird gebraucht?").fill("Holz und Schrauben");
      await line1.getByLabel("Betrag in Euro").fill("410,01");
      const overCap = "Position 1 liegt über der Grenze von 410\u00a0€ pro Anschaffung.";
      await expect.poll(() => line1.locator(".field-error").allTextContents()).toContain(overCap);
      expect(await applicant.locator("#fund-check").textContent()).toContain(overCap);

      const line2 = applicant.getByRole("group", { name: "Position 2" });
      await line2.getByLabel("Was wird gebraucht?").fill("Gartenwerkzeug");
      await line2.getByLabel("Betrag in Euro").fill("400");
      const line3 = applicant.getByRole("group", { name: "Position 3" });
      await line3.getByLabel("Was wird gebraucht?").fill("Gießkannen und Schläuche");
      await line3.getByLabel("Betrag in Euro").fill("400");
      await applicant.getByLabel("Stunden ehrenamtliche Arbeit").fill("10");
      await applicant.getByLabel("Wie viel Geld beantragen Sie? (in Euro)").fill("1.130");
      // The investive pot has 1,240 € left; 1,130 € fit — no warning yet.
      expect(await applicant.locator("#fund-check").textContent()).not.toContain(
        "Im investiven Topf",
      );

      await line1.getByLabel("Betrag in Euro").fill("410");
      await expect.poll(() => line1.locator(".field-error").count()).toBe(0);

      // The place: the address search, as on the initiative form.
      await applicant.getByRole("searchbox", { name: "Adresse suchen" }).fill("Eisenbahnstraße 54");
      await applicant.getByRole("button", { name: "Adresse suchen", exact: true }).click();
      const radio = applicant.getByRole("radio", { name: /^Eisenbahnstraße 54, 04315 Leipzig\b/ });
      await radio.waitFor({ timeout: 15_000 });
      await radio.check();
      await expect
        .poll(() => applicant.locator("#fund-place-status").textContent(), { timeout: 15_000 })
        .toContain("liegt im Fördergebiet");
      // What was typed is still there after the search.
      expect(await applicant.getByLabel("Name des Projekts").inputValue()).toBe(title);

      await expect
        .poll(() => applicant.locator("#fund-check").textContent())
        .toContain("Nach den Regeln dieser Runde ist alles in Ordnung.");
      await expectNoHorizontalScroll(applicant);
      await expectNoSeriousViolations(applicant);

      await Promise.all([
        applicant.waitForURL(/\/track\/[A-Za-z0-9_-]{32}\?created=submit$/, { timeout: 30_000 }),
        applicant.getByRole("button", { name: "Antrag einreichen", exact: true }).click(),
      ]);
      trackingPath = new URL(applicant.url()).pathname;
      await applicant.getByRole("heading", { name: "Danke! Ihr Antrag ist eingereicht" }).waitFor();
      expect(await applicant.locator(".tracking-link").textContent()).toContain(trackingPath);
      const page = await applicant.locator("main").textContent();
      expect(page).toContain("Eingereicht");
      expect(page).not.toContain("aylin.demir@example.org");
      expect(page).not.toContain("Aylin Demir");
      expect(await statusOf()).toBe("submitted");
      await expectNoHorizontalScroll(applicant);
      await expectNoSeriousViolations(applicant);
    },
  );

  step("a warning when a pot kind has less left than asked", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/fund/${round.roundId}/apply?lng=de`);
    const line1 = page.getByRole("group", { name: "Position 1" });
    await line1.getByLabel("Was wird gebraucht?").fill("Lastenrad");
    await line1.getByLabel("Betrag in Euro").fill("400");
    for (const n of [2, 3, 4]) {
      const line = page.getByRole("group", { name: `Position ${n}` });
      await line.getByLabel("Was wird gebraucht?").fill(`Anschaffung ${n}`);
      await line.getByLabel("Betrag in Euro").fill("400");
    }
    await page.getByLabel("Wie viel Geld beantragen Sie? (in Euro)").fill("1500");
    await expect
      .poll(() => page.locator("#fund-check").textContent())
      .toContain("Im investiven Topf sind noch 1.240\u00a0€ frei.");
  });

  step("staff return it with a request", async () => {
    staff = await newPage();
    await logInAsAdmin(staff);
    await staff.goto(`${baseUrl}/staff/fund/${round.roundId}/applications?lng=de`);
    await staff.getByRole("link", { name: title }).click();
    await staff.getByRole("heading", { level: 1, name: title }).waitFor();
    await staff
      .getByLabel("Bitte an die Antragstellerin oder den Antragsteller")
      .fill("Bitte beschreiben Sie genauer, wer die Hochbeete pflegt.");
    await Promise.all([
      staff.waitForURL(/\?done=return$/),
      staff.getByRole("button", { name: "Mit Bitte zurückgeben" }).click(),
    ]);
    expect(await statusOf()).toBe("returned");
  });

  step("the applicant edits and resubmits behind the private link", async () => {
    // Applications closed meanwhile: a returned application may still come back in review.
    await moveRoundToPhase(db, round.procedureId, "review");
    await applicant.goto(`${baseUrl}${trackingPath}?lng=de`);
    expect(await applicant.locator("main").textContent()).toContain(
      "Bitte beschreiben Sie genauer, wer die Hochbeete pflegt.",
    );
    await applicant.getByRole("link", { name: "Antrag ändern und erneut einreichen" }).click();
    await applicant.getByRole("heading", { level: 1, name: "Antrag überarbeiten" }).waitFor();
    const description = applicant.getByLabel("Was wollen Sie machen?");
    await description.fill(
      "Wir bauen drei Hochbeete. Die Hausgemeinschaft pflegt sie, jede Woche eine andere Familie.",
    );
    await Promise.all([
      applicant.waitForURL(/\?done=submitted$/, { timeout: 30_000 }),
      applicant.getByRole("button", { name: "Antrag erneut einreichen" }).click(),
    ]);
    expect(await statusOf()).toBe("submitted");
    const events = await db.fundEvent.findMany({
      where: { applicationId: await applicationId() },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => event.kind)).toEqual([
      "created",
      "submitted",
      "returned",
      "resubmitted",
    ]);
  });

  step("staff mark it complete; the applicant sees it", async () => {
    await staff.goto(`${baseUrl}/staff/fund/applications/${await applicationId()}?lng=de`);
    await Promise.all([
      staff.waitForURL(/\?done=complete$/),
      staff.getByRole("button", { name: "Als vollständig markieren" }).click(),
    ]);
    expect(await statusOf()).toBe("complete");
    await applicant.goto(`${baseUrl}${trackingPath}?lng=de`);
    expect(await applicant.locator("main").textContent()).toContain("Vollständig geprüft");
    await expectNoSeriousViolations(applicant);
  });

  step("axe finds nothing serious on the form and the tracking page in Arabic", async () => {
    await moveRoundToPhase(db, round.procedureId, "applications");
    const page = await newPage(phone);
    await page.goto(`${baseUrl}/fund/${round.roundId}/apply?lng=ar`);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    await page.getByRole("heading", { level: 1, name: "طلب تمويل من صندوق الحي" }).waitFor();
    await expectNoHorizontalScroll(page);
    await expectNoSeriousViolations(page);
    await page.goto(`${baseUrl}${trackingPath}?lng=ar`);
    await page.getByRole("heading", { level: 1, name: "طلبك لدى صندوق الحي" }).waitFor();
    await expectNoSeriousViolations(page);
  });

  step(
    "without JavaScript: the server names the broken rule, keeps the input and saves a draft",
    async () => {
      const page = await newPage({ ...phone, javaScriptEnabled: false });
      await page.goto(`${baseUrl}/fund/${round.roundId}/apply?lng=de`);
      const noJsTitle = `Nachbarschaftsfest ${suffix}`;
      await page.getByLabel("Name des Projekts").fill(noJsTitle);
      await page.getByLabel("Name des Vereins oder der Initiative").fill("Kulturverein Ost");
      await page.getByLabel("Verein oder Initiative", { exact: true }).check();
      const line1 = page.getByRole("group", { name: "Position 1" });
      await line1.getByLabel("Was wird gebraucht?").fill("Musikanlage");
      await line1.getByLabel("Betrag in Euro").fill("450");
      await page.getByLabel("Wie viel Geld beantragen Sie? (in Euro)").fill("450");
      expect(await page.locator("#fund-check").textContent()).toContain(
        "Wir prüfen Ihre Angaben, wenn Sie speichern oder einreichen.",
      );
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.getByRole("button", { name: "Antrag einreichen", exact: true }).click(),
      ]);
      await page.waitForLoadState("load");
      const text = await page.locator("main").textContent();
      expect(text).toContain("Position 1 liegt über der Grenze von 410\u00a0€ pro Anschaffung.");
      expect(text).toContain("Bitte geben Sie Ihren Namen an.");
      expect(await page.getByLabel("Name des Projekts").inputValue()).toBe(noJsTitle);
      expect(await page.getByLabel("Name des Vereins oder der Initiative").inputValue()).toBe(
        "Kulturverein Ost",
      );
      expect(await db.fundApplication.count({ where: { title: noJsTitle } })).toBe(0);

      await Promise.all([
        page.waitForURL(/\/track\/[A-Za-z0-9_-]{32}\?created=save$/, { timeout: 30_000 }),
        page.getByRole("button", { name: "Entwurf speichern", exact: true }).click(),
      ]);
      expect(await page.locator("h1").textContent()).toBe("Ihr Entwurf ist gespeichert");
      draftPath = new URL(page.url()).pathname;
      const stored = await db.fundApplication.findFirstOrThrow({
        where: { title: noJsTitle },
        include: { costLines: true },
      });
      expect(stored).toMatchObject({
        status: "draft",
        applicantKind: "association",
        organisation: "Kulturverein Ost",
      });
      expect(stored.costLines.map((line) => line.amountCents)).toEqual([45_000]);
    },
  );

  step(
    "at 360 px the applicant withdraws: the server asks for the confirmation, then says it is done",
    async () => {
      const page = await newPage(phone);
      await page.goto(`${baseUrl}${trackingPath}?lng=de`);
      const withdraw = page.getByRole("button", { name: "Antrag zurückziehen", exact: true });
      await withdraw.scrollIntoViewIfNeeded();
      // Without the tick nothing happens but a message next to the box.
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 422),
        withdraw.click(),
      ]);
      const confirm = page.getByLabel(
        "Ja, ich ziehe den Antrag zurück. Meine Kontaktdaten werden gelöscht.",
      );
      await expect.poll(() => confirm.getAttribute("aria-invalid")).toBe("true");
      expect(await page.locator("#fund-withdraw-error").textContent()).toContain(
        "Bitte setzen Sie das Häkchen",
      );
      expect(await statusOf()).toBe("complete");
      await expectNoHorizontalScroll(page);
      await expectNoSeriousViolations(page);

      await confirm.check();
      await Promise.all([
        page.waitForURL(/\?done=withdrawn$/, { timeout: 30_000 }),
        withdraw.click(),
      ]);
      await page
        .getByRole("status")
        .filter({ hasText: "Sie haben Ihren Antrag zurückgezogen." })
        .waitFor();
      const text = await page.locator("main").textContent();
      expect(text).toContain("Zurückgezogen");
      expect(await page.getByRole("button", { name: "Antrag zurückziehen" }).count()).toBe(0);
      const stored = await db.fundApplication.findFirstOrThrow({ where: { title } });
      expect(stored).toMatchObject({
        status: "withdrawn",
        applicantName: "",
        contactEmail: null,
      });
      await expectNoHorizontalScroll(page);
      await expectNoSeriousViolations(page);
    },
  );

  step("without JavaScript the draft is withdrawn the same way", async () => {
    const page = await newPage({ ...phone, javaScriptEnabled: false });
    await page.goto(`${baseUrl}${draftPath}?lng=de`);
    await page
      .getByLabel("Ja, ich ziehe den Antrag zurück. Meine Kontaktdaten werden gelöscht.")
      .check();
    await Promise.all([
      page.waitForURL(/\?done=withdrawn$/, { timeout: 30_000 }),
      page.getByRole("button", { name: "Antrag zurückziehen", exact: true }).click(),
    ]);
    expect(await page.locator("main").textContent()).toContain(
      "Sie haben Ihren Antrag zurückgezogen.",
    );
    const drafts = await db.fundApplication.findMany({
      where: { roundId: round.roundId, status: "withdrawn", organisation: "Kulturverein Ost" },
    });
    expect(drafts).toHaveLength(1);
  });
});
