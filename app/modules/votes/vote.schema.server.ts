import { z } from "zod";
import { userText } from "~/utils/user-text.schema.server";
import { normaliseCode } from "./codes";
import type { TranslationLanguage } from "~/i18n/config";
import { eligibilityFields, voteMethods, type MethodConfig, type VoteMethod } from "./methods";
import { settableChannels } from "./votes.server";

/**
 * Staff forms of a vote: settings, ballot options, codes, paper counts,
 * tie-breaks. Server-only (no zod in the browser); messages are catalogue
 * keys shown in the staff member's language.
 */

const error = (key: string) => `staff.votes.errors.${key}`;

export const voteLimits = {
  eligibilityNote: 2000,
  /** Upper bound for every count a staff member types (points, winners, ballots in a batch). */
  count: 1_000_000,
  batchLabel: 120,
  tieReason: 2000,
  discardReason: 2000,
} as const;

/** 100 million euros: far above any neighbourhood budget, far below Number.MAX_SAFE_INTEGER cents. */
export const MAX_EURO_CENTS = 10_000_000_000;

/**
 * Euros as staff type them → integer cents, without floating point.
 * Accepts German and English writing: "1.250,50", "1250,50", "1,250.50",
 * "1250.50", "1250", "1 250 €". A single separator followed by exactly three
 * digits groups thousands ("1.250" and "1,250" are 1250 €); followed by one
 * or two digits it is the decimal point. Returns null for anything else
 * (negative amounts, three decimals, misplaced group separators, letters).
 */
export function parseEuroToCents(input: string): number | null {
  const text = input
    .normalize("NFKC")
    .replace(/\s|'/g, "")
    .replace(/€|eur(o)?$/i, "");
  if (!/^[0-9.,]+$/.test(text) || !/\d/.test(text)) return null;
  const count = (separator: string) => text.split(separator).length - 1;
  const dots = count(".");
  const commas = count(",");
  let decimal: "." | "," | null = null;
  if (dots > 0 && commas > 0) {
    decimal = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
  } else if (dots + commas === 1) {
    const separator = dots ? "." : ",";
    decimal = text.length - text.indexOf(separator) - 1 === 3 ? null : separator;
  }
  const cut = decimal ? text.lastIndexOf(decimal) : text.length;
  const whole = text.slice(0, cut);
  const fraction = decimal ? text.slice(cut + 1) : "";
  if (decimal && !/^\d{1,2}$/.test(fraction)) return null;
  const group = decimal === "." ? "," : decimal === "," ? "." : dots ? "." : ",";
  const grouped = new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`);
  if (!/^\d+$/.test(whole) && !grouped.test(whole)) return null;
  const digits = whole.replaceAll(group, "").replace(/^0+(?=\d)/, "");
  if (digits.length > 12) return null;
  const cents = Number(digits) * 100 + Number(fraction.padEnd(2, "0"));
  return Number.isSafeInteger(cents) && cents <= MAX_EURO_CENTS ? cents : null;
}

/** An amount field: empty → null, else cents (or a field error). */
const euroField = (key: string) =>
  z
    .string()
    .max(40, error(key))
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      const cents = parseEuroToCents(value);
      if (cents === null) {
        ctx.addIssue({ code: "custom", message: error(key) });
        return z.NEVER;
      }
      return cents;
    });

/** A whole number typed by staff; method-specific fields stay text until the method is known. */
const numberText = z.string().max(40).optional();

function readCount(
  value: string | undefined,
  path: string,
  ctx: z.RefinementCtx,
  options: { required: boolean; min: number },
): number | null {
  if (value === undefined || value === "") {
    if (options.required)
      ctx.addIssue({ code: "custom", path: [path], message: error("required") });
    return null;
  }
  const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(number)) {
    ctx.addIssue({ code: "custom", path: [path], message: error("wholeNumber") });
    return null;
  }
  if (number < options.min || number > voteLimits.count) {
    ctx.addIssue({
      code: "custom",
      path: [path],
      message: error(options.min === 0 ? "numberRange0" : "numberRange1"),
    });
    return null;
  }
  return number;
}

// Compile-time check: every UI language but German has its eligibility field in methods.ts.
type EligibilityLanguage = (typeof eligibilityFields)[number][0];
const everyLanguageHasAField: Record<TranslationLanguage, true> = {} as Record<
  EligibilityLanguage,
  true
>;
void everyLanguageHasAField;

const optionalTranslation = userText()
  .max(voteLimits.eligibilityNote, error("eligibilityTooLong"))
  .optional()
  .transform((value) => value || undefined);

/**
 * The settings form, for creating and editing a vote. Fields of the methods
 * not chosen are ignored (the form shows all of them when JavaScript is off).
 */
export const VoteSettingsSchema = z
  .object({
    method: z.enum(voteMethods, { error: error("methodRequired") }),
    minTurnout: numberText,
    winners: numberText,
    maxChoices: numberText,
    points: numberText,
    maxPerOption: numberText,
    budget: z.string().max(40).optional(),
    channels: z.array(z.enum(settableChannels)).min(1, error("channelsRequired")),
    eligibilityNote: userText({ error: error("eligibilityRequired") })
      .min(1, error("eligibilityRequired"))
      .max(voteLimits.eligibilityNote, error("eligibilityTooLong")),
    // One translation per UI language but German (eligibilityFields).
    eligibilityEn: optionalTranslation,
    eligibilityAr: optionalTranslation,
    eligibilityTr: optionalTranslation,
    eligibilityUk: optionalTranslation,
    eligibilityRu: optionalTranslation,
    liveResults: z.boolean().optional(),
  })
  .transform((value, ctx) => {
    const config = readConfig(value, ctx);
    const eligibilityTranslations: Record<string, string> = {};
    for (const [language, field] of eligibilityFields) {
      if (value[field]) eligibilityTranslations[language] = value[field];
    }
    return {
      method: value.method,
      // Only reached with a config: readConfig reports every problem as an issue.
      config: config ?? { method: "approval", maxChoices: 1, winners: null },
      channels: [...new Set(value.channels)],
      eligibilityNote: value.eligibilityNote,
      eligibilityTranslations,
      liveResults: value.liveResults === true,
    };
  });

export type VoteSettingsValue = z.output<typeof VoteSettingsSchema>;

function readConfig(
  value: {
    method: VoteMethod;
    minTurnout?: string;
    winners?: string;
    maxChoices?: string;
    points?: string;
    maxPerOption?: string;
    budget?: string;
  },
  ctx: z.RefinementCtx,
): MethodConfig | null {
  // Every problem is reported as an issue; `failed` says whether there was one.
  let failed = false;
  const read = (field: keyof typeof value, required: boolean) => {
    const number = readCount(value[field], field, ctx, { required, min: 1 });
    if (number === null && (required || value[field])) failed = true;
    return number;
  };
  switch (value.method) {
    case "yes_no": {
      const minTurnout = read("minTurnout", false);
      const winners = read("winners", false);
      return failed ? null : { method: "yes_no", minTurnout, winners };
    }
    case "approval": {
      const maxChoices = read("maxChoices", true);
      const winners = read("winners", false);
      return failed || maxChoices === null ? null : { method: "approval", maxChoices, winners };
    }
    case "dot": {
      const points = read("points", true);
      const maxPerOption = read("maxPerOption", true);
      const winners = read("winners", false);
      if (failed || points === null || maxPerOption === null) return null;
      if (maxPerOption > points) {
        ctx.addIssue({ code: "custom", path: ["maxPerOption"], message: error("maxPerOption") });
        return null;
      }
      return { method: "dot", points, maxPerOption, winners };
    }
    case "budget": {
      if (!value.budget) {
        ctx.addIssue({ code: "custom", path: ["budget"], message: error("required") });
        return null;
      }
      const budgetCents = parseEuroToCents(value.budget);
      if (budgetCents === null || budgetCents < 1) {
        ctx.addIssue({ code: "custom", path: ["budget"], message: error("money") });
        return null;
      }
      return { method: "budget", budgetCents };
    }
  }
}

/** The settings of a stored vote as form values (for the edit form's defaults). */
export function settingsToFormValues(settings: {
  method: string;
  config: MethodConfig;
  channels: ReadonlyArray<string>;
  eligibilityNote: string;
  eligibilityTranslations: Record<string, string>;
  liveResults: boolean;
}): Record<string, string | string[] | undefined> {
  const { config } = settings;
  const text = (value: number | null | undefined) =>
    value === null || value === undefined ? undefined : String(value);
  return {
    method: settings.method,
    minTurnout: config.method === "yes_no" ? text(config.minTurnout) : undefined,
    winners: config.method === "budget" ? undefined : text(config.winners),
    maxChoices: config.method === "approval" ? text(config.maxChoices) : undefined,
    points: config.method === "dot" ? text(config.points) : undefined,
    maxPerOption: config.method === "dot" ? text(config.maxPerOption) : undefined,
    budget: config.method === "budget" ? centsToInput(config.budgetCents) : undefined,
    channels: [...settings.channels],
    eligibilityNote: settings.eligibilityNote,
    ...Object.fromEntries(
      eligibilityFields.map(([language, field]) => [
        field,
        settings.eligibilityTranslations[language],
      ]),
    ),
    liveResults: settings.liveResults ? "on" : undefined,
  };
}

/** Cents → what a German staff member would type ("1250,50"), for pre-filled amount fields. */
export function centsToInput(cents: number): string {
  const euros = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest ? `${euros},${String(rest).padStart(2, "0")}` : String(euros);
}

const id = z.string().trim().min(1, error("invalid")).max(100, error("invalid"));

export const AddOptionSchema = z.object({ proposalId: id, cost: euroField("money") });
export const UpdateOptionSchema = z.object({ optionId: id, cost: euroField("money") });
export const RemoveOptionSchema = z.object({ optionId: id });

export const VoidCodeSchema = z.object({
  code: z
    .string({ error: error("codeRequired") })
    .max(60, error("codeInvalid"))
    .transform((value, ctx) => {
      const normalised = normaliseCode(value);
      if (!normalised.ok) {
        ctx.addIssue({
          code: "custom",
          message: error(normalised.reason === "empty" ? "codeRequired" : "codeInvalid"),
        });
        return z.NEVER;
      }
      return normalised.code;
    }),
});

export const PaperBatchSchema = z.object({
  label: userText({ error: error("batchLabelRequired") })
    .min(1, error("batchLabelRequired"))
    .max(voteLimits.batchLabel, error("batchLabelTooLong")),
});

/** Discarding a paper batch that does not count: the reason goes into the audit log. */
export const PaperDiscardSchema = z.object({
  batchId: id,
  reason: userText({ error: "votes.paperCheck.errors.reasonRequired" })
    .min(1, "votes.paperCheck.errors.reasonRequired")
    .max(voteLimits.discardReason, "votes.paperCheck.errors.reasonTooLong"),
});

// Conform reads an empty field as undefined and text that is no number as NaN.
const numberError = (missing: string) => (issue: { input?: unknown }) =>
  error(issue.input === undefined ? missing : "wholeNumber");

const paperCount = z
  .number({ error: numberError("wholeNumber") })
  .int(error("wholeNumber"))
  .min(0, error("numberRange0"))
  .max(voteLimits.count, error("numberRange0"));
// An empty count field is zero: long yes/no tables stay quick to fill in;
// the second person's independent entry catches a forgotten number.
const paperCell = paperCount.optional().transform((value) => value ?? 0);

/**
 * One staff member's count of a paper batch. Field names:
 * `ballots`, `options.<optionId>.yes|no|abstain` (yes/no votes) or
 * `options.<optionId>.points` (the other methods).
 */
export function paperEntrySchema(method: VoteMethod, optionIds: ReadonlyArray<string>) {
  const score =
    method === "yes_no"
      ? z.object({ yes: paperCell, no: paperCell, abstain: paperCell })
      : z.object({ points: paperCell });
  return z.object({
    batchId: id,
    ballots: z.number({ error: numberError("ballotsRequired") }).pipe(paperCount),
    options: z.object(Object.fromEntries(optionIds.map((optionId) => [optionId, score]))),
  });
}

/**
 * A tie-break: a lot drawn by the server, or a decision with an order and a
 * public reason. `place.<optionId>` are the places staff give the tied
 * initiatives (1 = first); `ties` lists the decisive ties' ids in groups.
 */
export function tieBreakSchema(ties: ReadonlyArray<ReadonlyArray<string>>) {
  const tiedIds = ties.flat();
  return z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("lot") }),
    z
      .object({
        kind: z.literal("decision"),
        reason: userText({ error: error("tieReasonRequired") })
          .min(1, error("tieReasonRequired"))
          .max(voteLimits.tieReason, error("tieReasonTooLong")),
        place: z.object(
          Object.fromEntries(
            tiedIds.map((optionId) => [
              optionId,
              z
                .number({ error: numberError("placeRequired") })
                .int(error("placeRequired"))
                .min(1, error("placeRequired"))
                .max(tiedIds.length, error("placeRequired")),
            ]),
          ),
        ),
      })
      .transform((value, ctx) => {
        const order: string[] = [];
        for (const group of ties) {
          const places = group.map((optionId) => value.place[optionId]);
          if (new Set(places).size !== places.length) {
            for (const optionId of group) {
              ctx.addIssue({
                code: "custom",
                path: ["place", optionId],
                message: error("placeDistinct"),
              });
            }
            return z.NEVER;
          }
          order.push(...[...group].sort((a, b) => (value.place[a] ?? 0) - (value.place[b] ?? 0)));
        }
        return { kind: "decision" as const, order, reason: value.reason };
      }),
  ]);
}
