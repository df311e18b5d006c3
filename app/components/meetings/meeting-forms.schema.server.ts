import { z } from "zod";
import { languages } from "~/i18n/config";
import { MAX_MEETING_LANGUAGES, type PresenterCommand } from "~/modules/meetings/meetings.server";
import type { Score } from "~/modules/votes/aggregate";
import type { VoteMethod } from "~/modules/votes/methods";
import {
  COUNTDOWN_MAX_SECONDS,
  COUNTDOWN_MIN_SECONDS,
  DEFAULT_COUNTDOWN_SECONDS,
  HAND_COUNT_MAX,
} from "./meeting-forms";

/**
 * The meeting forms as the server reads them: opening a meeting (staff vote
 * page), the presenter's commands (remote buttons and projection keys) and a
 * show of hands. Server-only, so zod stays out of the browser; messages are
 * catalogue keys under staff.meetings.
 */

/** Form fields as one object; repeated fields (`languages`) as lists, empty choices dropped. */
function formObject(formData: FormData, lists: string[] = []) {
  const object: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((value) => typeof value === "string");
    object[key] = lists.includes(key) ? values.filter((value) => value !== "") : values[0];
  }
  return object;
}

const languageList = z
  .array(z.enum(languages))
  .transform((list) => [...new Set(list)])
  .pipe(z.array(z.enum(languages)).min(1).max(MAX_MEETING_LANGUAGES));

/** "Versammlung eröffnen": one or two languages for the projection (a second equal to the first is dropped). */
export function parseOpenMeeting(formData: FormData) {
  const parsed = z
    .object({ languages: languageList.default(["de"]) })
    .safeParse(formObject(formData, ["languages"]));
  return parsed.success
    ? { ok: true as const, languages: parsed.data.languages }
    : { ok: false as const };
}

const seconds = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/)
  .transform(Number)
  .pipe(z.number().int().min(COUNTDOWN_MIN_SECONDS).max(COUNTDOWN_MAX_SECONDS));
/** An optional countdown: an empty field is none. */
const optionalSeconds = z.union([z.literal("").transform(() => null), seconds]).nullish();

const PresenterFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("next") }),
  z.object({ intent: z.literal("previous") }),
  z.object({ intent: z.literal("overview") }),
  z.object({ intent: z.literal("spotlight"), optionId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("open-question"), seconds: optionalSeconds }),
  z.object({ intent: z.literal("open-all"), seconds: optionalSeconds }),
  z.object({ intent: z.literal("countdown"), seconds: optionalSeconds }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("reveal") }),
  z.object({ intent: z.literal("hide") }),
  z.object({ intent: z.literal("show") }),
  z.object({ intent: z.literal("toggle-hide") }),
  z.object({ intent: z.literal("languages"), languages: languageList }),
  z.object({ intent: z.literal("end") }),
]);

export type PresenterForm = z.infer<typeof PresenterFormSchema>;

/**
 * A presenter form → the command it asks for. "toggle-hide" (the projection's
 * H key) depends on the meeting's current mode and is returned as such.
 */
export function parsePresenterForm(
  formData: FormData,
):
  | { ok: true; command: PresenterCommand | { kind: "toggle-hide" } }
  | { ok: false; error: "seconds" | "invalid" } {
  const parsed = PresenterFormSchema.safeParse(formObject(formData, ["languages"]));
  if (!parsed.success) {
    const secondsWrong = parsed.error.issues.some((issue) => issue.path[0] === "seconds");
    return { ok: false, error: secondsWrong ? "seconds" : "invalid" };
  }
  const form = parsed.data;
  const command = ((): PresenterCommand | { kind: "toggle-hide" } => {
    switch (form.intent) {
      case "next":
      case "previous":
        return { kind: form.intent };
      case "overview":
        return { kind: "spotlight", optionId: null };
      case "spotlight":
        return { kind: "spotlight", optionId: form.optionId };
      case "open-question":
      case "open-all":
        return {
          kind: "open",
          scope: form.intent === "open-question" ? "question" : "all",
          seconds: form.seconds ?? null,
        };
      case "countdown":
        return { kind: "countdown", seconds: form.seconds ?? DEFAULT_COUNTDOWN_SECONDS };
      case "close":
      case "reveal":
      case "end":
        return { kind: form.intent };
      case "hide":
      case "show":
        return { kind: "hide", hide: form.intent === "hide" };
      case "toggle-hide":
        return { kind: "toggle-hide" };
      case "languages":
        return { kind: "languages", languages: form.languages };
    }
  })();
  return { ok: true, command };
}

const count = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/)
  .transform(Number)
  .pipe(z.number().int().min(0).max(HAND_COUNT_MAX));

const yesNoHands = z.object({
  optionId: z.string().min(1).max(64),
  yes: count,
  no: count,
  abstain: count,
  people: count,
});
const pointHands = z.object({ optionId: z.string().min(1).max(64), points: count, people: count });

/** The typed numbers, as they are echoed back into the form after a refusal. */
export type HandCountValues = Record<"yes" | "no" | "abstain" | "points" | "people", string>;

export function handCountValues(formData: FormData): HandCountValues {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value.slice(0, 12) : "";
  };
  return {
    yes: text("yes"),
    no: text("no"),
    abstain: text("abstain"),
    points: text("points"),
    people: text("people"),
  };
}

/** A show of hands for one initiative: its score in the vote's method, and how many people voted by hand. */
export function parseHandCount(
  method: VoteMethod,
  formData: FormData,
): { ok: true; optionId: string; score: Score; people: number } | { ok: false; fields: string[] } {
  const object = formObject(formData);
  if (method === "yes_no") {
    const parsed = yesNoHands.safeParse(object);
    if (!parsed.success) return { ok: false, fields: invalidFields(parsed.error.issues) };
    const { optionId, yes, no, abstain, people } = parsed.data;
    return { ok: true, optionId, score: { yes, no, abstain }, people };
  }
  const parsed = pointHands.safeParse(object);
  if (!parsed.success) return { ok: false, fields: invalidFields(parsed.error.issues) };
  const { optionId, points, people } = parsed.data;
  return { ok: true, optionId, score: { points }, people };
}

function invalidFields(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }>): string[] {
  return [...new Set(issues.map((issue) => String(issue.path[0] ?? "")))];
}
