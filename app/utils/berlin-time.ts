/**
 * Procedures run on Leipzig time. Dates are stored in UTC; staff enter and
 * residents read them as Europe/Berlin wall-clock time. Hand-written with Intl
 * (no time-zone library in the browser bundle): two small functions.
 */
export const TIME_ZONE = "Europe/Berlin";

const partsFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function berlinParts(date: Date) {
  const parts = Object.fromEntries(
    partsFormat.formatToParts(date).map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Minutes Berlin is ahead of UTC at this instant (60 in winter, 120 in summer). */
function offsetMinutes(date: Date): number {
  const p = berlinParts(date);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/**
 * "2027-03-12T18:00" (an `<input type="datetime-local">` value, Berlin time) → the instant.
 * A time that does not exist (the spring-forward hour) moves forward; an ambiguous
 * autumn time takes the earlier instant. Returns null for malformed input.
 */
export function berlinLocalToDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59) return null;
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0);
  if (new Date(wall).getUTCDate() !== d) return null; // 31 February and the like
  // Try both possible offsets and take the earliest instant that shows this wall time.
  const candidates = [60, 120]
    .map((offset) => new Date(wall - offset * 60_000))
    .filter((instant) => offsetMinutes(instant) * 60_000 === wall - instant.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  // None: the wall time falls into the skipped spring hour; the winter offset moves it forward.
  return candidates[0] ?? new Date(wall - 60 * 60_000);
}

/** The instant as a `datetime-local` value in Berlin time ("2027-03-12T18:00"). */
export function dateToBerlinLocal(date: Date): string {
  const p = berlinParts(date);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** Formats an instant in Berlin time for the given UI language. */
export function formatBerlin(
  date: Date | string,
  language: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" },
): string {
  return new Intl.DateTimeFormat(language, { ...options, timeZone: TIME_ZONE }).format(
    new Date(date),
  );
}
