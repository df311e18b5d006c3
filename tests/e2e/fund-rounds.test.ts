import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from "vitest";
import {
  describeViolations,
  launchBrowser,
  seriousA11yViolations,
  uniqueSuffix,
  waitForMap,
} from "./browser";
import { fundRoundWithGrants } from "./db";
import { logInAsAdmin } from "./staff-flows";

/**
 * A neighbourhood fund round, end to end in Chromium: an admin creates a
 * procedure of kind "fund_round" (which leads to the round's rules page), sets
 * the rules and two pots, publishes it; the round's public page and
 * "Gefördert im Verfügungsfonds" show the rules, the pots and the apply
 * button. axe checks /fund and the round's page in German and Arabic.
 */

const baseUrl = inject("baseUrl");
const suffix = uniqueSuffix();
const roundTitle = `Verfügungsfonds Testrunde ${suffix}`;

let browser: Browser;
let staff: Page;
let roundId = "";
let procedureId = "";

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

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

async function expectStatus(page: Page, text: string) {
  await expect
    .poll(() => page.locator("[role=status]").allTextContents(), { timeout: 15_000 })
    .toEqual(expect.arrayContaining([expect.stringContaining(text)]));
}

/** Text content with every kind of space as a plain one (Intl puts a no-break space before €). */
async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s/g, " ");
}

async function expectAccessible(page: Page, label: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `axe on ${label}:\n${describeViolations(violations)}`).toEqual([]);
}

async function openIn(page: Page, path: string, language: "de" | "ar") {
  await page.goto(`${baseUrl}${path}?lng=${language}`);
  expect(
    await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
  ).toEqual([language, language === "ar" ? "rtl" : "ltr"]);
  if ((await page.locator(".map").count()) > 0) await waitForMap(page, ".map");
  else await page.waitForLoadState("networkidle");
}

describe("neighbourhood fund rounds, end to end", () => {
  step("an admin creates a fund round and lands on its rules page", async () => {
    staff = await (await browser.newContext()).newPage();
    await logInAsAdmin(staff);
    const nav = staff.locator("nav.staff-nav");
    await expect
      .poll(() => nav.getByRole("link", { name: "Verfügungsfonds", exact: true }).count())
      .toBe(1);

    await staff.goto(`${baseUrl}/staff/procedures/new?lng=de`);
    await staff.getByLabel("Art des Verfahrens").selectOption("fund_round");
    await staff.getByLabel("Titel", { exact: true }).first().fill(roundTitle);
    await staff
      .getByLabel("Beschreibung", { exact: true })
      .first()
      .fill("Kleine Projekte aus der Nachbarschaft, entschieden vom Vergabeteam.");
    const phase = async (name: string, start: Date, end: Date) => {
      const group = staff.getByRole("group", { name, exact: true });
      await group.getByLabel("Beginn (Leipziger Zeit)").fill(berlinLocal(start));
      await group.getByLabel("Ende (Leipziger Zeit)").fill(berlinLocal(end));
    };
    await phase("Anträge", hours(-1), hours(24 * 14));
    await phase("Vergabesitzung", hours(24 * 20), hours(24 * 21));
    await Promise.all([
      staff.waitForURL(/\/staff\/fund\/[^/?]+\?done=created/),
      staff.getByRole("button", { name: "Als Entwurf speichern" }).click(),
    ]);
    roundId = new URL(staff.url()).pathname.split("/").pop()!;
    await expectStatus(staff, "Die Runde ist angelegt.");
    // The usual Leipzig rules are already filled in.
    await expect
      .poll(() => staff.getByLabel("Höchstbetrag pro Anschaffung").inputValue())
      .toBe("410");
  });

  step("the admin sets the rules and two pots; a bad amount is explained", async () => {
    await staff.getByLabel("Höchstbetrag pro Projekt").fill("1.500");
    await staff.getByLabel("Wert einer Stunde ehrenamtlicher Arbeit").fill("8");
    await staff.getByRole("button", { name: "Regeln speichern" }).click();
    await expectStatus(staff, "Die Regeln sind gespeichert.");
    expect(await staff.getByLabel("Höchstbetrag pro Projekt").inputValue()).toBe("1500");

    // Each pot gets its own edit form: their number says the page shows the new pot.
    const addPot = async (name: string, kind: string, amount: string, count: number) => {
      const form = staff.locator("#add-pot-form");
      await form.getByLabel("Name des Topfes").fill(name);
      await form.getByLabel("Art", { exact: true }).selectOption(kind);
      await form.getByLabel("Betrag", { exact: true }).fill(amount);
      await form.getByRole("button", { name: "Topf anlegen" }).click();
      await expect.poll(() => staff.locator("input[name=potId]").count()).toBe(count);
      await expectStatus(staff, "Der Topf ist angelegt.");
    };
    await addPot("Investiv", "investive", "3.000", 1);
    await addPot("Nicht investiv", "non_investive", "2000,50", 2);

    // A bad amount is refused with a message, and what was typed stays.
    const form = staff.locator("#add-pot-form");
    await form.getByLabel("Name des Topfes").fill("Kaputt");
    await form.getByLabel("Betrag", { exact: true }).fill("viel");
    await form.getByRole("button", { name: "Topf anlegen" }).click();
    await expect
      .poll(() => form.locator("[role=alert]").textContent())
      .toContain("Bitte geben Sie einen Betrag in Euro ein");
    expect(await form.getByLabel("Betrag", { exact: true }).inputValue()).toBe("viel");

    await staff.goto(`${baseUrl}/staff/fund/${roundId}?lng=de`);
    const overview = staff.getByRole("region", { name: "Jahresübersicht" });
    await expect.poll(() => textOf(overview)).toContain("3.000 €");
    await expect.poll(() => textOf(overview)).toContain("5.000,50 €");
  });

  step("the admin publishes the round from its procedure page", async () => {
    await staff.getByRole("link", { name: "Verfahren (Texte und Phasen)" }).click();
    await staff.waitForURL(/\/staff\/procedures\/[^/?]+$/);
    procedureId = new URL(staff.url()).pathname.split("/").pop()!;
    // The procedure page leads back to the round; a fund round has no initiatives section.
    await expect
      .poll(() =>
        staff.getByRole("link", { name: "Regeln, Töpfe und Vergabeteam dieser Runde" }).count(),
      )
      .toBe(1);
    expect(await staff.locator("#proposals-heading").count()).toBe(0);
    await staff.locator("summary", { hasText: "Veröffentlichen …" }).click();
    await staff.getByRole("button", { name: "Ja, jetzt veröffentlichen", exact: true }).click();
    await expectStatus(staff, "Das Verfahren ist veröffentlicht.");
  });

  step("the round's public page shows its rules, pots and the apply button", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/procedures/${procedureId}?lng=de`);
    const main = page.locator("main");
    await expect.poll(() => textOf(main)).toContain("Ein Projekt bekommt höchstens 1.500 €.");
    const text = await textOf(main);
    expect(text).toContain("Eine einzelne Anschaffung darf höchstens 410 € kosten.");
    expect(text).toContain("Ehrenamtliche Arbeit zählt als Eigenanteil: 8 € pro Stunde.");
    expect(text).toContain("Spätestens 8 Wochen nach dem Projektende");
    expect(text).toContain("3.000 €, davon noch frei: 3.000 €");
    expect(text).toContain("2.000,50 €, davon noch frei: 2.000,50 €");
    // Not an idea call: no ideas section, no map of initiatives.
    expect(await page.locator("#ideas-heading").count()).toBe(0);
    const apply = page.getByRole("link", { name: "Antrag stellen" });
    expect(await apply.getAttribute("href")).toBe(`/fund/${roundId}/apply`);

    await page.goto(`${baseUrl}/fund?lng=de`);
    const open = page.getByRole("region", { name: "Jetzt Antrag stellen" });
    await expect.poll(() => textOf(open)).toContain(roundTitle);
    const card = open.locator("li", { hasText: roundTitle });
    expect(await card.getByRole("link", { name: "Antrag stellen" }).getAttribute("href")).toBe(
      `/fund/${roundId}/apply`,
    );
    // The procedures list offers the application too, and links to the funded projects.
    await page.goto(`${baseUrl}/procedures?lng=de`);
    const listed = page.locator("li.procedure-card", { hasText: roundTitle });
    expect(await listed.getByRole("link", { name: "Antrag stellen" }).getAttribute("href")).toBe(
      `/fund/${roundId}/apply`,
    );
    expect(
      await page.getByRole("link", { name: "Gefördert im Verfügungsfonds: alle Projekte" }).count(),
    ).toBe(1);
    await page.context().close();
  });

  step("/fund lists the demo round's granted projects without personal data", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/fund?lng=de`);
    const funded = page.getByRole("region", { name: "Geförderte Projekte" });
    const text = await textOf(funded);
    expect(text).toContain("Laternenumzug durch den Rabet");
    expect(text).toContain("Rund 90 Kinder und Eltern");
    expect(text).toContain("Bücherschrank an der Eisenbahnstraße");
    // Submitted and complete applications are not public; neither are the applicants.
    expect(text).not.toContain("Hochbeete im Hof");
    expect(text).not.toContain("Deutsch-Café");
    // The map shows the projects with a place (all of them, in the demo), from the page's own data.
    await waitForMap(page, ".map");
    await expect
      .poll(() =>
        page.evaluate(() => {
          const source = window.__qsMaps?.[0]?.getSource("proposals") as
            { serialize?: () => { data?: { features?: unknown[] } } } | undefined;
          return source?.serialize?.().data?.features?.length ?? 0;
        }),
      )
      .toBe(2);
    const html = await page.content();
    for (const secret of [
      "Miriam Keller",
      "Karin Schubert",
      "Lesefreunde",
      "@demo.quartiersstimme",
    ]) {
      expect(html).not.toContain(secret);
    }
    await page.context().close();
  });

  step("axe: /fund and the round's page in German and Arabic", async () => {
    const page = await (await browser.newContext()).newPage();
    for (const language of ["de", "ar"] as const) {
      for (const path of ["/fund", `/procedures/${procedureId}`]) {
        await openIn(page, path, language);
        await expectAccessible(page, `${path} (${language})`);
      }
    }
    await page.context().close();
    // The staff round page, for the admin.
    for (const language of ["de", "ar"] as const) {
      await staff.goto(`${baseUrl}/staff/fund/${roundId}?lng=${language}`);
      await staff.waitForLoadState("networkidle");
      await expectAccessible(staff, `/staff/fund/${roundId} (${language})`);
    }
    // A round with granted projects shows them on a map above the list.
    const granted = fundRoundWithGrants();
    expect(granted).toBeTruthy();
    await staff.goto(`${baseUrl}/staff/fund/${granted}?lng=de`);
    await waitForMap(staff, ".map");
    await expectAccessible(staff, `/staff/fund/${granted} with its projects' map`);
  });
});
