import { formatBerlin } from "~/utils/berlin-time";

/**
 * Dates and money on the staff pages. Times are always Leipzig time
 * (Europe/Berlin), whatever the computer's time zone is; amounts are
 * stored in cents and shown in euros.
 */

/** "12.03.2027, 18:00" in the staff member's language, Berlin time. */
export function formatStaffDate(date: Date | string, language: string): string {
  return formatBerlin(date, language, { dateStyle: "medium", timeStyle: "short" });
}

/** "1.250,50 €" for 125050 cents. */
export function formatEuro(cents: number, language: string): string {
  return new Intl.NumberFormat(language, { style: "currency", currency: "EUR" }).format(
    cents / 100,
  );
}

export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}
