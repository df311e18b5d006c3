import { useTranslation } from "react-i18next";
import { dateToBerlinLocal, formatBerlin } from "~/utils/berlin-time";

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * Dates and money as residents read them, in the page's language. Times are
 * always Leipzig time (Europe/Berlin), whatever the phone's time zone is.
 * Isomorphic and light: the ballot page and its action use it too.
 */
export function procedureFormatter(t: Translate, language: string, now: Date | string) {
  const yearOf = (date: Date | string) => dateToBerlinLocal(new Date(date)).slice(0, 4);
  const thisYear = yearOf(now);

  /** "12. März" (with the year when it is not this year). */
  const day = (date: Date | string) =>
    formatBerlin(date, language, {
      day: "numeric",
      month: "long",
      ...(yearOf(date) === thisYear ? {} : { year: "numeric" }),
    });

  /** "18 Uhr", "18:30 Uhr", "6 PM"; "18:00" where the hour alone would be a bare number (tr, uk, ru). */
  const time = (date: Date | string) =>
    dateToBerlinLocal(new Date(date)).endsWith(":00") && fullHourReads(language)
      ? formatBerlin(date, language, { hour: "numeric" })
      : t("procedures.time.withMinutes", {
          time: formatBerlin(date, language, { hour: "numeric", minute: "2-digit" }),
        });

  /** "12. März, 18 Uhr". */
  const moment = (date: Date | string) =>
    t("procedures.time.dateTime", { date: day(date), time: time(date) });

  return { day, time, moment, euro: (cents: number) => formatEuro(cents, language) };
}

/**
 * Whether a full hour reads well on its own in this language: "18 Uhr", "6 PM",
 * "6 م". In Turkish, Ukrainian and Russian Intl gives a bare "18", which reads
 * like any number, so those languages show "18:00".
 */
function fullHourReads(language: string): boolean {
  let reads = fullHourReadsCache.get(language);
  if (reads === undefined) {
    const parts = new Intl.DateTimeFormat(language, { hour: "numeric", timeZone: "UTC" })
      .formatToParts(new Date(Date.UTC(2024, 0, 1, 18)))
      .filter((part) => part.value.trim() !== "");
    reads = parts.some((part) => part.type !== "hour");
    fullHourReadsCache.set(language, reads);
  }
  return reads;
}
const fullHourReadsCache = new Map<string, boolean>();

export function useProcedureFormat(now: Date | string) {
  const { t, i18n } = useTranslation();
  return procedureFormatter(t as Translate, i18n.language, now);
}

/** "1.250 €", "1.250,50 €": cents only when there are any. */
export function formatEuro(cents: number, language: string): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat(language, {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(cents / 100);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}
