import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  describeViolations,
  launchBrowser,
  phone,
  seriousA11yViolations,
  uniqueSuffix,
} from "./browser";
import { logInAsAdmin } from "./staff-flows";

/**
 * After the decision: an applicant with a granted project (made directly in
 * the database, with the round's phases set so that reports are taken) submits
 * the spending report with a PDF receipt and an underspent line; staff accept
 * it and the pots show the money that came back.
 */

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");

type Project = {
  token: string;
  applicationId: string;
  lineIds: string[];
};

let browser: Browser;
let project: Project;
let plainProject: Project;
const title = `Hoffest Eisenbahnstraße ${uniqueSuffix()}`;

beforeAll(async () => {
  process.env.DATABASE_URL = databaseUrl;
  const { setUpGrantedProject } = await import("../integration/fund-report-fixtures");
  const { prisma } = await import("~/utils/db.server");
  project = await setUpGrantedProject({ title });
  plainProject = await setUpGrantedProject({ title: `${title} ohne JavaScript` });
  await prisma.$disconnect();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(page: Page) {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

async function receiptPdf(): Promise<Buffer> {
  const { receiptPdf: make } = await import("../integration/fund-report-fixtures");
  return make();
}

/** Text with Intl's no-break spaces ("110 €") as plain spaces. */
const plain = (text: string | null) => (text ?? "").replace(/[\s\u00a0\u202f]+/g, " ").trim();

const reportUrl = (lng: string) => `${baseUrl}/track/${project.token}/report?lng=${lng}`;

describe("spending report", () => {
  it("is accessible in German and Arabic and fits a 360 px phone", async () => {
    const context = await browser.newContext(phone);
    try {
      const page = await context.newPage();
      await page.goto(reportUrl("ar"));
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      await page.getByRole("heading", { level: 1 }).waitFor();
      await expectAccessible(page);
      await page.goto(reportUrl("de"));
      await expect
        .poll(async () => plain(await page.getByRole("heading", { level: 1 }).textContent()))
        .toBe("Verwendungsnachweis");
      await expectAccessible(page);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });

  it("an applicant submits with a receipt and an underspent line; staff accept; the pots get the money back", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(reportUrl("de"));
      const [pavillon, essen, plakate] = project.lineIds.map((id) => page.locator(`#actual-${id}`));
      await pavillon!.fill("300");
      // The difference is flagged at once, in the browser.
      await expect
        .poll(async () =>
          plain(await page.locator(`#actual-${project.lineIds[0]}-flag`).textContent()),
        )
        .toBe("110 € weniger als geplant (27 %).");
      await essen!.fill("150");
      await plakate!.fill("0");
      await expect
        .poll(async () =>
          plain(await page.locator(`#actual-${project.lineIds[2]}-flag`).textContent()),
        )
        .toBe("Nichts ausgegeben: 90 € weniger als geplant.");
      await expect
        .poll(async () => plain(await page.getByTestId("total-spent").textContent()))
        .toBe("450 €");
      await expect
        .poll(async () => plain(await page.getByTestId("total-unspent").textContent()))
        .toBe("150 €");

      await page.setInputFiles("#receipt1", {
        name: "rechnung-pavillon.pdf",
        mimeType: "application/pdf",
        buffer: await receiptPdf(),
      });
      await page.selectOption("#receipt1Line", project.lineIds[0]!);
      await page.getByLabel("Ehrenamtliche Stunden (ganze Stunden)").fill("24");
      await page
        .getByLabel("Kurzer Bericht", { exact: true })
        .fill("Das Hoffest war ein schöner Nachmittag für den ganzen Block.");
      await Promise.all([
        page.waitForURL(/done=submitted/),
        page.getByRole("button", { name: "Nachweis einreichen" }).click(),
      ]);
      await expect
        .poll(async () => plain(await page.getByTestId("report-status").textContent()))
        .toBe("Eingereicht. Das Büro prüft den Nachweis.");
      await expect.poll(() => page.locator(".fund-files li").count()).toBe(1);

      await logInAsAdmin(page);
      await page.goto(`${baseUrl}/staff/fund/projects/${project.applicationId}?lng=de`);
      await expect
        .poll(() => page.locator(".fund-files a").first().getAttribute("href"))
        .toMatch(/^\/staff\/fund\/files\//);
      await Promise.all([
        page.waitForURL(/done=accepted/),
        page.getByRole("button", { name: "Nachweis annehmen" }).click(),
      ]);
      await expect
        .poll(async () => plain(await page.getByTestId("returned").textContent()))
        .toBe("Zurück in die Töpfe: 150 €.");
      await expectAccessible(page);
      const rows = (await page.locator("[data-testid=pots] tbody tr").allTextContents()).map(plain);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain("Investiv");
      expect(rows[0]).toContain("90 €");
      expect(rows[1]).toContain("Nicht investiv");
      expect(rows[1]).toContain("60 €");
    } finally {
      await context.close();
    }
  });

  it("works without JavaScript: a wrong amount keeps what was typed, the answer flags the differences", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/track/${plainProject.token}/report?lng=de`);
      const [first, second] = plainProject.lineIds;
      await page.fill(`#actual-${first}`, "450");
      await page.fill(`#actual-${second}`, "zweihundert");
      await page.getByLabel("Kurzer Bericht", { exact: true }).fill("Ohne JavaScript geschrieben.");
      await Promise.all([
        page.waitForLoadState("load"),
        page.getByRole("button", { name: "Als Entwurf speichern" }).click(),
      ]);
      await expect
        .poll(async () => plain(await page.locator("#report-errors").textContent()))
        .toBe("Bitte prüfen Sie die markierten Angaben. Es wurde nichts gespeichert.");
      expect(await page.inputValue(`#actual-${second}`)).toBe("zweihundert");
      expect(await page.inputValue("#summary")).toBe("Ohne JavaScript geschrieben.");
      expect(plain(await page.locator(`#actual-${first}-flag`).textContent())).toBe(
        "40 € mehr als geplant (10 %).",
      );
      await page.fill(`#actual-${second}`, "280");
      await Promise.all([
        page.waitForURL(/done=saved/),
        page.getByRole("button", { name: "Als Entwurf speichern" }).click(),
      ]);
      expect(await page.inputValue(`#actual-${second}`)).toBe("280");
      expect(plain(await page.locator(`#actual-${second}-flag`).textContent())).toBe(
        "20 € weniger als geplant (7 %).",
      );
    } finally {
      await context.close();
    }
  });
});
