import { afterEach, describe, expect, it, vi } from "vitest";
import type { Language } from "~/i18n/config";
import { DEMO_OFFICE_CONTACT_EMAIL, getOfficeContact } from "~/utils/office-contact.server";

/**
 * The office's contact address (OFFICE_CONTACT_EMAIL) in the imprint and the
 * accessibility statement. Unset, the pages show a demo placeholder and say
 * so, without a mail link: the statement must not promise a mailbox that
 * nobody reads.
 */

// The environment is read once per process: each case loads the app's modules afresh.
async function render(page: "accessibility" | "imprint", email: string, language: Language = "de") {
  vi.stubEnv("OFFICE_CONTACT_EMAIL", email);
  vi.resetModules();
  const { renderRoute } = await import("./render-route");
  const route =
    page === "accessibility"
      ? await import("~/routes/accessibility")
      : await import("~/routes/imprint");
  return renderRoute(
    `/${page}`,
    `/${page}`,
    { loader: route.loader, Component: route.default },
    language,
  );
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("office contact address", () => {
  it("is the configured address, or the demo placeholder while none is configured", () => {
    expect(getOfficeContact({ OFFICE_CONTACT_EMAIL: "qm@leipziger-osten.de" })).toEqual({
      email: "qm@leipziger-osten.de",
      isDemo: false,
    });
    expect(getOfficeContact({ OFFICE_CONTACT_EMAIL: "" })).toEqual({
      email: DEMO_OFFICE_CONTACT_EMAIL,
      isDemo: true,
    });
    expect(DEMO_OFFICE_CONTACT_EMAIL).toMatch(/\.example$/);
  });

  it.each(["accessibility", "imprint"] as const)(
    "the %s page links the configured address, with no demo note",
    async (page) => {
      const html = await render(page, "barrieren@qm-leipziger-osten.de");
      expect(html).toContain('href="mailto:barrieren@qm-leipziger-osten.de');
      expect(html).not.toContain(DEMO_OFFICE_CONTACT_EMAIL);
      expect(html).not.toContain("Demo-Installation");
    },
  );

  it("the accessibility statement's mail link has the statement as its subject", async () => {
    const html = await render("accessibility", "barrieren@qm-leipziger-osten.de");
    expect(html).toContain(
      `href="mailto:barrieren@qm-leipziger-osten.de?subject=${encodeURIComponent("Erklärung zur Barrierefreiheit")}"`,
    );
  });

  it.each(["accessibility", "imprint"] as const)(
    "unset, the %s page shows the placeholder as text and says that it is one",
    async (page) => {
      const html = await render(page, "");
      expect(html).toContain(DEMO_OFFICE_CONTACT_EMAIL);
      expect(html).not.toContain("mailto:");
      expect(html).toContain("Dies ist eine Demo-Installation");
      const arabic = await render(page, "", "ar");
      expect(arabic).toContain(DEMO_OFFICE_CONTACT_EMAIL);
      expect(arabic).toContain("هذه نسخة تجريبية");
    },
  );

  it("refuses an address that is not one at boot", async () => {
    vi.stubEnv("OFFICE_CONTACT_EMAIL", "Stadtteilladen");
    vi.resetModules();
    const { getEnv } = await import("~/utils/env.server");
    expect(() => getEnv()).toThrow(/OFFICE_CONTACT_EMAIL/);
  });
});
