/**
 * Money of the neighbourhood fund: integer cents everywhere, euros only where
 * people read or type them. Pure (no server imports): the application form
 * checks what is typed in the browser, the server parses it again.
 */

/** More than any grant of a neighbourhood fund could be (1 million €): a typo, not a cost. */
export const MONEY_MAX_CENTS = 100_000_000;

export type MoneyParseFailure = "invalid" | "negative" | "too-many-decimals" | "too-large";

export type MoneyParse =
  | { ok: true; cents: number }
  /** Nothing typed (an optional field). */
  | { ok: true; cents: null }
  | { ok: false; reason: MoneyParseFailure };

/**
 * Reads an amount as people type it: "410", "410,50", "410.50", "1.240,00 €",
 * "1 240", "€ 1,240.00" (English), "EUR 12". German first: a comma is the
 * decimal mark, a single dot before exactly three digits groups thousands
 * ("1.240" is 1,240 €). In English, a comma before exactly three digits groups
 * thousands ("1,240"). Refuses more than two decimals, negative amounts and
 * absurd sizes instead of guessing.
 */
export function parseMoney(input: string, language: string = "de"): MoneyParse {
  let text = input
    .normalize("NFKC")
    .replace(/[\s\u00a0\u202f']/g, "")
    .replace(/€/g, "")
    .replace(/^eur(?:os?)?|eur(?:os?)?$/gi, "");
  // Arabic-Indic and Persian digits, and the Arabic decimal/thousands marks.
  text = text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066b/g, ",")
    .replace(/\u066c/g, ".");
  if (text === "") return { ok: true, cents: null };
  if (/^[-\u2212]/.test(text) || /-$/.test(text)) {
    return /\d/.test(text) ? { ok: false, reason: "negative" } : { ok: false, reason: "invalid" };
  }
  if (text.startsWith("+")) text = text.slice(1);
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return { ok: false, reason: "invalid" };

  const lastDot = text.lastIndexOf(".");
  const lastComma = text.lastIndexOf(",");
  let whole: string;
  let fraction = "";
  if (lastDot >= 0 && lastComma >= 0) {
    // Both marks: the last one is the decimal mark, the other groups thousands.
    const decimalMark = lastDot > lastComma ? "." : ",";
    const groupMark = decimalMark === "." ? "," : ".";
    const at = text.lastIndexOf(decimalMark);
    fraction = text.slice(at + 1);
    const grouped = text.slice(0, at);
    if (grouped.includes(decimalMark)) return { ok: false, reason: "invalid" };
    const ungrouped = ungroup(grouped, groupMark);
    if (ungrouped === null) return { ok: false, reason: "invalid" };
    whole = ungrouped;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? "." : ",";
    const parts = text.split(mark);
    const groupsThousands =
      parts.length > 2 || (parts[1]!.length === 3 && (mark === "." || language === "en"));
    if (groupsThousands) {
      const ungrouped = ungroup(text, mark);
      if (ungrouped === null) return { ok: false, reason: "invalid" };
      whole = ungrouped;
    } else {
      whole = parts[0]!;
      fraction = parts[1]!;
    }
  } else {
    whole = text;
  }
  if (whole === "") whole = "0";
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) return { ok: false, reason: "invalid" };
  if (fraction.length > 2) return { ok: false, reason: "too-many-decimals" };
  if (whole.replace(/^0+/, "").length > 9) return { ok: false, reason: "too-large" };
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (cents > MONEY_MAX_CENTS) return { ok: false, reason: "too-large" };
  return { ok: true, cents };
}

/** "1.240" with mark "." → "1240"; null when the groups are not of three digits. */
function ungroup(text: string, mark: string): string | null {
  const groups = text.split(mark);
  if (groups[0] === "" || groups[0]!.length > 3) return null;
  if (groups.slice(1).some((group) => !/^\d{3}$/.test(group))) return null;
  return groups.join("");
}

/** Intl's locale for a UI language: Arabic with Latin digits, as amounts are typed. */
function numberLocale(language: string): string {
  return language === "ar" ? "ar-u-nu-latn" : language;
}

/** "410 €", "1.240,50 €" (German), "€1,240.50" (English): cents only when there are any. */
export function formatCents(cents: number, language: string): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat(numberLocale(language), {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(cents / 100);
}

/**
 * An amount as an input's value, without the currency sign and without
 * grouping, in the way the person types it: "410,50" (German and most
 * languages) or "410.50" (English). parseMoney reads it back.
 */
export function centsToInput(cents: number | null | undefined, language: string): string {
  if (cents === null || cents === undefined) return "";
  const euros = Math.floor(cents / 100);
  const rest = cents % 100;
  if (rest === 0) return String(euros);
  return `${euros}${language === "en" ? "." : ","}${String(rest).padStart(2, "0")}`;
}
