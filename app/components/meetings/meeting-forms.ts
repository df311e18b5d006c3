/**
 * Names and limits the meeting forms share with their actions (no zod here,
 * so the pages do not load it; the schemas are in meeting-forms.schema.ts).
 */

/** Every button of the remote and every key of the projection sends one of these. */
export const presenterIntents = [
  "next",
  "previous",
  "overview",
  "spotlight",
  "open-question",
  "open-all",
  "countdown",
  "close",
  "reveal",
  "hide",
  "show",
  "toggle-hide",
  "languages",
  "end",
] as const;
export type PresenterIntent = (typeof presenterIntents)[number];

export function isPresenterIntent(value: unknown): value is PresenterIntent {
  return typeof value === "string" && (presenterIntents as ReadonlyArray<string>).includes(value);
}

/** Countdown seconds as the server accepts them (presenterCommand: 5 s … 1 h). */
export const COUNTDOWN_MIN_SECONDS = 5;
export const COUNTDOWN_MAX_SECONDS = 60 * 60;
/** The C key and an empty countdown field: one minute. */
export const DEFAULT_COUNTDOWN_SECONDS = 60;

/** A show of hands in one room: more than this is a typo. */
export const HAND_COUNT_MAX = 10_000;

/** Catalogue key of a refusal or form error. */
export const refusalKey = (reason: string) => `staff.meetings.refusals.${reason}`;
