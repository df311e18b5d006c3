import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "~/db/generated/client";
import { hashPassword } from "~/modules/staff/password.server";
import { createFundSessionFixture, type FundSessionFixture } from "../setup/fund-session-fixtures";
import { describeViolations, launchBrowser, seriousA11yViolations, uniqueSuffix } from "./browser";
import { logInAsAdmin } from "./staff-flows";

/**
 * The decision team's session in Chromium: staff record attendance, a
 * recusal, the team's votes and a reduced grant with a per-pot split; the pot
 * balance follows; the minutes PDF downloads, opens and names the decision;
 * axe finds nothing serious on the session page in German and Arabic; a jury
 * account lands on /jury after login and is refused the staff area politely.
 * The round and its applications are written with Prisma (their UIs are
 * tested elsewhere).
 */

const baseUrl = inject("baseUrl");
const suffix = uniqueSuffix();
const password = `Vergabeteam-Passwort-${suffix}`;
const jurors = [`Ayşe Demir ${suffix}`, `Jonas Weber ${suffix}`, `Марія Петренко ${suffix}`];
const titleA = `Hochbeete im Hof ${suffix}`;

let browser: Browser;
let db: PrismaClient;
let f: FundSessionFixture;
let juryEmail = "";

beforeAll(async () => {
  db = new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: inject("databaseUrl") }),
  });
  const hash = await hashPassword(password);
  const staffIds: string[] = [];
  for (const [index, name] of jurors.entries()) {
    const email = `jury${index}-${suffix}@e2e.test`.toLowerCase();
    if (index === 0) juryEmail = email;
    const created = await db.staff.create({
      data: { email, name, role: "jury", passwordHash: hash },
      select: { id: true },
    });
    staffIds.push(created.id);
  }
  f = await createFundSessionFixture(db, {
    staffIds,
    applications: [
      {
        title: titleA,
        requestedCents: 80_000,
        kind: "association",
        organisation: "Hofgarten e. V.",
      },
      { title: `حديقة الحي ${suffix}`, requestedCents: 30_000 },
    ],
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

async function expectStatus(page: Page, text: string) {
  await expect
    .poll(() => page.locator("[role=status]").allTextContents(), { timeout: 15_000 })
    .toEqual(expect.arrayContaining([expect.stringContaining(text)]));
}

async function expectAccessible(page: Page, label: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `axe on ${label}:\n${describeViolations(violations)}`).toEqual([]);
}

describe("the decision team's session", () => {
  it("attendance, a recusal, votes and a reduced grant; the minutes PDF names the decision", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    try {
      await logInAsAdmin(page);
      await page.goto(`${baseUrl}/jury/sessions/${f.sessionId}?lng=de`);
      await expect
        .poll(() => page.locator("[data-quorum]").getAttribute("data-quorum"))
        .toBe("missing");

      // Attendance: everyone is there.
      for (const name of jurors) await page.getByLabel(name).check();
      await page.getByRole("button", { name: "Anwesenheit speichern" }).click();
      await expectStatus(page, "Die Anwesenheit ist gespeichert.");
      await expect
        .poll(() => page.locator("[data-quorum]").getAttribute("data-quorum"))
        .toBe("reached");

      const section = page.locator("section.panel", { hasText: titleA });
      // The third member has a conflict of interest for this application.
      await section.getByLabel("Mitglied").selectOption({ label: jurors[2]! });
      await section.getByRole("button", { name: "Als befangen eintragen" }).click();
      await expectStatus(page, "Die Befangenheit ist eingetragen.");
      await expect
        .poll(() => section.locator("tr", { hasText: jurors[2]! }).textContent())
        .toContain("befangen, stimmt nicht ab");

      // Votes of the two others.
      for (const name of jurors.slice(0, 2)) {
        await section.getByRole("button", { name: `Ja: ${name}` }).click();
        await expectStatus(page, "Die Stimme ist gespeichert.");
      }
      await expect.poll(() => section.textContent()).toContain("Ja: 2, Nein: 0, Enthaltung: 0");

      // A reduced grant of 600 € split over the two pots.
      await section.getByLabel("Bewilligt mit geringerem Betrag").check();
      await section.getByLabel("Bewilligter Betrag in Euro").fill("600");
      await section.getByLabel(/^Investiv/).fill("450");
      await section.getByLabel(/^Nicht investiv/).fill("150");
      await section.getByLabel("Begründung").fill("Die Verpflegung zahlt der Verein selbst.");
      await section.getByRole("button", { name: "Entscheidung speichern" }).click();
      await expectStatus(page, "Die Entscheidung ist gespeichert.");
      await expect
        .poll(() =>
          page.locator(`[data-pot="${f.pots.investive}"] [data-available]`).first().textContent(),
        )
        .toMatch(/4\.550\s€/);
      await expect
        .poll(() => section.locator("[data-decision]").textContent())
        .toMatch(/Bewilligt mit geringerem Betrag: 600\s€/);

      // The minutes: printable page and PDF.
      await page.getByRole("link", { name: "Protokoll", exact: true }).click();
      await page.waitForURL(/\/minutes$/);
      await expect.poll(() => page.locator("main").textContent()).toContain(jurors[2]!);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Protokoll als PDF herunterladen" }).click(),
      ]);
      const dir = mkdtempSync(path.join(os.tmpdir(), "fund-minutes-"));
      try {
        const file = path.join(dir, "protokoll.pdf");
        await download.saveAs(file);
        expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
        const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"])
          .toString("utf8")
          .replace(/[\s\u00a0]+/g, " ");
        expect(text).toContain(titleA);
        expect(text).toContain("Bewilligt mit geringerem Betrag: 600 €");
        expect(text).toContain("Investiv: 450 €");
        expect(text).toContain("Die Verpflegung zahlt der Verein selbst.");
        expect(text).toContain(`Befangen: ${jurors[2]}`);
        expect(text).not.toContain("Swetlana");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await context.close();
    }
  });

  it.each(["de", "ar"] as const)(
    "axe: the session, projection, minutes, round and planning pages in %s",
    async (language) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await logInAsAdmin(page);
        await page.goto(`${baseUrl}/jury/sessions/${f.sessionId}?lng=${language}`);
        expect(
          await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
        ).toEqual([language, language === "ar" ? "rtl" : "ltr"]);
        await page.waitForLoadState("networkidle");
        await expectAccessible(page, `session (${language})`);
        for (const [label, url] of [
          ["projection", `/jury/sessions/${f.sessionId}/projection`],
          ["minutes", `/jury/sessions/${f.sessionId}/minutes`],
          ["round", `/jury/rounds/${f.roundId}`],
          ["sessions", `/staff/fund/${f.roundId}/sessions`],
        ] as const) {
          await page.goto(`${baseUrl}${url}?lng=${language}`);
          await page.waitForLoadState("networkidle");
          await expectAccessible(page, `${label} (${language})`);
        }
      } finally {
        await context.close();
      }
    },
  );

  it("a jury account lands on /jury after login and gets a polite refusal in the staff area", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/staff/login?lng=de`);
      await page.fill("input[name=email]", juryEmail);
      await page.fill("input[name=password]", password);
      await Promise.all([
        page.waitForURL(`${baseUrl}/jury`, { timeout: 20_000 }),
        page.click("main button[type=submit]"),
      ]);
      await expect.poll(() => page.locator("main").textContent()).toContain("Meine Förderrunden");
      const response = await page.goto(`${baseUrl}/staff`);
      expect(response?.status()).toBe(403);
      await expect.poll(() => page.locator("main h1").textContent()).toBe("Kein Zugriff");
      // A member reads the session but cannot run it.
      await page.goto(`${baseUrl}/jury/sessions/${f.sessionId}?lng=de`);
      expect(await page.getByRole("button", { name: "Anwesenheit speichern" }).count()).toBe(0);
      await expect.poll(() => page.locator("main").textContent()).toContain(titleA);
    } finally {
      await context.close();
    }
  });
});
