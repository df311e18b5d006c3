import { describe, expect, it } from "vitest";
import { centsToInput, formatCents, MONEY_MAX_CENTS, parseMoney } from "~/modules/fund/money";

const cents = (input: string, language = "de") => {
  const parsed = parseMoney(input, language);
  return parsed.ok ? parsed.cents : parsed.reason;
};

describe("parseMoney", () => {
  it("reads German amounts", () => {
    expect(cents("410")).toBe(41_000);
    expect(cents("410,50")).toBe(41_050);
    expect(cents("410,5")).toBe(41_050);
    expect(cents("1.240,00 €")).toBe(124_000);
    expect(cents("1.240")).toBe(124_000);
    expect(cents("1 240,99")).toBe(124_099);
    expect(cents("12.345.678")).toBe("too-large");
    expect(cents(",50")).toBe(50);
    expect(cents("0")).toBe(0);
  });

  it("reads English amounts", () => {
    expect(cents("410.50", "en")).toBe(41_050);
    expect(cents("€1,240.00", "en")).toBe(124_000);
    expect(cents("1,240", "en")).toBe(124_000);
    expect(cents("EUR 12", "en")).toBe(1_200);
    expect(cents("12 euros", "en")).toBe(1_200);
  });

  it("reads Arabic-Indic digits", () => {
    expect(cents("٤١٠٫٥٠", "ar")).toBe(41_050);
  });

  it("is empty for nothing typed", () => {
    expect(cents("")).toBeNull();
    expect(cents("  € ")).toBeNull();
  });

  it("refuses more than two decimals instead of guessing", () => {
    expect(cents("410,505")).toBe("too-many-decimals");
    expect(cents("1,2345", "en")).toBe("too-many-decimals");
    expect(cents("410.5055")).toBe("too-many-decimals");
  });

  it("refuses negative amounts, words and broken grouping", () => {
    expect(cents("-5")).toBe("negative");
    expect(cents("−5")).toBe("negative");
    expect(cents("5-")).toBe("negative");
    expect(cents("abc")).toBe("invalid");
    expect(cents("1e5")).toBe("invalid");
    expect(cents("1.24.0")).toBe("invalid");
    expect(cents("1.240.5")).toBe("invalid");
    expect(cents("1,240,50")).toBe("invalid");
    expect(cents("1.2,3.4")).toBe("invalid");
  });

  it("refuses absurd sizes", () => {
    expect(cents("1.000.000")).toBe(MONEY_MAX_CENTS);
    expect(cents("1.000.000,01")).toBe("too-large");
    expect(cents("99999999999999999999")).toBe("too-large");
  });
});

describe("formatCents", () => {
  it("formats per language, cents only when there are any", () => {
    expect(formatCents(41_000, "de")).toBe("410\u00a0€");
    expect(formatCents(124_050, "de")).toBe("1.240,50\u00a0€");
    expect(formatCents(124_000, "en")).toBe("€1,240");
    expect(formatCents(41_000, "ar")).toMatch(/410/);
  });

  it("gives an input value that parses back", () => {
    for (const language of ["de", "en", "ar", "tr", "uk", "ru"]) {
      for (const value of [0, 5, 41_000, 41_050, 123_456]) {
        const parsed = parseMoney(centsToInput(value, language), language);
        expect(parsed).toEqual({ ok: true, cents: value });
      }
    }
    expect(centsToInput(null, "de")).toBe("");
  });
});
