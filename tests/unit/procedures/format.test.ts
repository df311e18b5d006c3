import { describe, expect, it } from "vitest";
import { formatEuro, formatNumber, procedureFormatter } from "~/components/procedures/format";
import { getTFor } from "~/i18n/i18n.server";
import { languages } from "~/i18n/config";

// 12 March 2027, 18:00 and 18:30 in Leipzig (UTC+1 in March before the switch).
const fullHour = new Date("2027-03-12T17:00:00Z");
const halfPast = new Date("2027-03-12T17:30:00Z");
const now = new Date("2027-01-10T12:00:00Z");

async function formatter(language: (typeof languages)[number]) {
  const t = await getTFor(language);
  return procedureFormatter(t as Parameters<typeof procedureFormatter>[0], language, now);
}

describe("dates, times and money per UI language", () => {
  it.each([
    ["de", "12. März, 18 Uhr", "12. März, 18:30 Uhr"],
    ["en", "March 12, 6 PM", "March 12, 6:30 PM"],
    ["tr", "12 Mart, saat 18:00", "12 Mart, saat 18:30"],
    ["uk", "12 березня, 18:00", "12 березня, 18:30"],
    ["ru", "12 марта, 18:00", "12 марта, 18:30"],
  ] as const)("%s: a moment reads as that language writes it", async (language, hour, minutes) => {
    const format = await formatter(language);
    expect(format.moment(fullHour)).toBe(hour);
    expect(format.moment(halfPast)).toBe(minutes);
  });

  it("Arabic keeps its own format (day period, Arabic comma)", async () => {
    const format = await formatter("ar");
    expect(format.moment(fullHour)).toMatch(/^12 مارس، 6 م$/);
  });

  it.each([
    ["de", "1.250,50 €"],
    ["tr", "€1.250,50"],
    ["uk", "1 250,50 EUR"],
    ["ru", "1 250,50 €"],
  ] as const)(
    "%s: euros (the currency sign as the language's CLDR data writes it)",
    (language, expected) => {
      // Intl separates with (narrow) no-break spaces: compare with plain ones.
      expect(formatEuro(125_050, language).replace(/[\u00a0\u202f]/g, " ")).toBe(expected);
    },
  );

  it("every UI language groups large numbers its own way", () => {
    const formatted = languages.map((language) =>
      formatNumber(1_234_567, language).replace(/[\u00a0\u202f]/g, " "),
    );
    expect(Object.fromEntries(languages.map((language, i) => [language, formatted[i]]))).toEqual({
      de: "1.234.567",
      en: "1,234,567",
      ar: expect.stringMatching(/^(1,234,567|١٬٢٣٤٬٥٦٧)$/),
      tr: "1.234.567",
      uk: "1 234 567",
      ru: "1 234 567",
    });
  });
});
