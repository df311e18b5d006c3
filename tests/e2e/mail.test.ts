import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  describeViolations,
  launchBrowser,
  phone,
  seriousA11yViolations,
  uniqueSuffix,
} from "./browser";
import { findProposalsByTitle } from "./db";
import { logInAsAdmin } from "./staff-flows";

/**
 * The confirmation e-mail, end to end: a resident submits in Arabic in
 * Chromium, the app's worker sends the mail to the test SMTP server started by
 * tests/setup/e2e-global.ts, and its tracking link opens the right page.
 */
const baseUrl = inject("baseUrl");
const mailDir = inject("mailDir");

const ar = {
  title: "عنوان فكرتكم",
  description: "الوصف",
  category: "الموضوع",
  categoryLabel: "كبار السن",
  name: "الاسم (اختياري)",
  email: "البريد الإلكتروني (اختياري)",
  consent: /أوافق على أن تحفظ إدارة الحي/,
  searchAddress: "البحث عن عنوان",
  searchButton: "بحث عن العنوان",
  submit: "إرسال الفكرة",
  copy: "نسخ الرابط",
  print: "طباعة هذه الصفحة",
};

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

/** The messages the test SMTP server received for one address. */
async function mailsTo(address: string): Promise<ParsedMail[]> {
  const files = readdirSync(mailDir).filter((file) => file.endsWith(".eml"));
  const parsed = await Promise.all(
    files.sort().map((file) => simpleParser(readFileSync(path.join(mailDir, file)))),
  );
  return parsed.filter((mail) =>
    [mail.to ?? []].flat().some((to) => to.value.some((box) => box.address === address)),
  );
}

/** The link on the line after `label` in a mail's plain text. */
function linkAfter(mail: ParsedMail, label: string): string {
  const lines = (mail.text ?? "").split("\n");
  const index = lines.findIndex((line) => line.includes(label));
  if (index < 0) throw new Error(`"${label}" not in:\n${mail.text}`);
  return lines[index + 1]!.trim();
}

/** The language choice as the visible switch stores it (a cookie). */
async function chooseArabic(page: Page) {
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: "العربية", exact: true }).click();
  await page.waitForFunction(() => document.documentElement.lang === "ar");
}

async function submitInArabic(page: Page, entry: { title: string; email: string }) {
  await chooseArabic(page);
  await page.goto(`${baseUrl}/proposals/new`);
  await page.getByLabel(ar.title, { exact: true }).fill(entry.title);
  await page
    .getByLabel(ar.description, { exact: true })
    .fill("مقاعد إضافية في حديقة رابيت ليستريح كبار السن أثناء نزهتهم اليومية.");
  await page.getByLabel(ar.category, { exact: true }).selectOption({ label: ar.categoryLabel });
  await page.getByRole("searchbox", { name: ar.searchAddress }).fill("Eisenbahnstraße 54");
  await page.getByRole("button", { name: ar.searchButton, exact: true }).click();
  await page.getByRole("radio", { name: /Eisenbahnstraße 54,/ }).check();
  await page.getByLabel(ar.name).fill("سلمى");
  await page.getByLabel(ar.email).fill(entry.email);
  await page.getByRole("checkbox", { name: ar.consent }).check();
  await page.getByRole("button", { name: ar.submit, exact: true }).click();
  await page.waitForURL(/\/track\/[^/?]+\?submitted=1$/, { timeout: 15_000 });
}

describe("e-mail", () => {
  it("submitted in Arabic: the confirmation arrives in Arabic, and its tracking link opens the initiative's page", async () => {
    const title = `مقاعد في حديقة رابيت ${uniqueSuffix()}`;
    const email = `salma-${uniqueSuffix()}@example.org`;
    await inContext(phone, async (page) => {
      await submitInArabic(page, { title, email });
      const trackingPath = new URL(page.url()).pathname;
      // The page says, in Arabic, that the link also comes by e-mail.
      await expect
        .poll(() => page.locator(".tracking-link").textContent())
        .toContain("سنرسل إليكم هذا الرابط أيضًا بالبريد الإلكتروني");
      const violations = await seriousA11yViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);

      // The worker sends right after the commit; the mail is in Arabic.
      await expect.poll(async () => (await mailsTo(email)).length, { timeout: 20_000 }).toBe(1);
      const [mail] = await mailsTo(email);
      expect(mail!.subject).toContain("وصلتنا فكرتكم");
      expect(mail!.subject).toContain(title);
      expect(mail!.text).toContain("مرحبًا \u2068سلمى\u2069،");
      expect(mail!.html).toContain('<html lang="ar" dir="rtl">');
      const [stored] = findProposalsByTitle(title);
      expect(stored?.submitterEmail).toBe(email);

      // A fresh browser (no language cookie) follows the link from the mail.
      const link = linkAfter(mail!, "رابطكم الشخصي");
      expect(new URL(link).pathname).toBe(trackingPath);
      await inContext(phone, async (reader) => {
        await reader.goto(link);
        expect(await reader.evaluate(() => document.documentElement.lang)).toBe("ar");
        expect(await reader.evaluate(() => document.documentElement.dir)).toBe("rtl");
        expect(await reader.getByRole("heading", { level: 1 }).textContent()).toBe("فكرتكم");
        expect(await reader.getByRole("heading", { level: 2, name: title }).count()).toBe(1);

        // The unsubscribe link shows a page with a button; only the button unsubscribes.
        await reader.goto(linkAfter(mail!, "لإيقاف الرسائل"));
        const onUnsubscribe = await seriousA11yViolations(reader);
        expect(onUnsubscribe, describeViolations(onUnsubscribe)).toEqual([]);
        await reader.getByRole("button", { name: "إلغاء الاشتراك" }).click();
        await expect
          .poll(() => reader.getByRole("status").textContent())
          .toContain("لن تصلكم بعد الآن رسائل");
      });
    });
  });

  it("the tracking link can be copied (clipboard, or a selected field) and the page printed", async () => {
    const title = `Bänke am Rabet ${uniqueSuffix()}`;
    const email = `copy-${uniqueSuffix()}@example.org`;
    await inContext(phone, async (page, context) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
      await submitInArabic(page, { title, email });
      const url = `${baseUrl}${new URL(page.url()).pathname}`;
      await page.getByRole("button", { name: ar.copy }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(url);
      expect(await page.locator(".tracking-link [role=status]").textContent()).toBe(
        "تم نسخ الرابط.",
      );

      // Printed, the link is what remains: no header, no forms, a note what it is for.
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".site-header").isVisible()).toBe(false);
      expect(await page.locator(".tracking-url a").isVisible()).toBe(true);
      expect(await page.locator(".tracking-link .print-only").isVisible()).toBe(true);
      expect(await page.getByRole("button", { name: ar.print }).isVisible()).toBe(false);
      await page.emulateMedia({ media: "screen" });
      expect(await page.locator(".tracking-link .print-only").isVisible()).toBe(false);
    });

    // Where the browser offers no clipboard, the link is put into a field, selected.
    await inContext(phone, async (page) => {
      await page.addInitScript(() => {
        Object.defineProperty(navigator, "clipboard", { value: undefined });
      });
      await submitInArabic(page, { title: `${title} 2`, email: `2-${email}` });
      const url = `${baseUrl}${new URL(page.url()).pathname}`;
      await page.getByRole("button", { name: ar.copy }).click();
      const field = page.locator("#tracking-url-copy");
      await field.waitFor();
      expect(await field.inputValue()).toBe(url);
      expect(
        await page.evaluate(() => {
          const input = document.activeElement;
          return input instanceof HTMLInputElement
            ? [input.id, input.selectionStart, input.selectionEnd, input.value.length]
            : null;
        }),
      ).toEqual(["tracking-url-copy", 0, url.length, url.length]);
    });
  });

  it("staff find the e-mail delivery page in the navigation", async () => {
    await inContext({}, async (page) => {
      await logInAsAdmin(page);
      await page.getByRole("link", { name: "E-Mail-Versand" }).click();
      await page.waitForURL(`${baseUrl}/staff/mail`);
      // (A client-side navigation: the address may change a moment before the page.)
      await expect
        .poll(() => page.getByRole("heading", { level: 1 }).textContent())
        .toBe("E-Mail-Versand");
      expect(await page.locator("main").textContent()).toContain("Gesendet in den letzten 7 Tagen");
      const violations = await seriousA11yViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    });
  });
});
