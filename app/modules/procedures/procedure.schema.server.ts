import { z } from "zod";
import { translationLanguages } from "~/i18n/config";
import { berlinLocalToDate } from "~/utils/berlin-time";
import { userText } from "~/utils/user-text.schema.server";
import {
  phaseKinds,
  phasesByKind,
  procedureKinds,
  type Phase,
  type PhaseKind,
  type PhaseProblem,
  type ProcedureKind,
} from "./phases";
import type { ProcedureTranslations } from "./procedure-text";

/**
 * The staff form for a procedure: texts, optional translations and the phase
 * plan. Server-only (no zod in the browser); messages are catalogue keys that
 * the page shows in the staff member's language. Field names:
 * `title`, `description`, `translations.en.title`, …, `phases.voting.start`,
 * `phases.voting.end` (datetime-local values, Berlin time).
 */

export const procedureLimits = { title: 160, description: 5000 } as const;

const error = (key: string) => `staff.procedures.errors.${key}`;

const optionalText = (max: number, key: string) =>
  userText()
    .max(max, error(key))
    .optional()
    .transform((value) => value || undefined);

const translation = z
  .object({
    title: optionalText(procedureLimits.title, "titleTooLong"),
    description: optionalText(procedureLimits.description, "descriptionTooLong"),
  })
  .optional();

// Conform turns empty inputs into undefined: a phase with both fields empty is skipped.
const phaseFields = z
  .object({
    start: z.string().trim().max(40).optional(),
    end: z.string().trim().max(40).optional(),
  })
  .optional();

type TypedPhases = Partial<Record<PhaseKind, { start?: string; end?: string }>>;

/**
 * Reads the typed phase plan and reports each problem on the field where it
 * shows: a half-filled phase on its empty field, an unreadable date on that
 * date, an end before its start on the end, an overlap on the later start.
 * `offered`: the phase kinds of the procedure's kind, when it is known here.
 */
function readPhases(
  typed: TypedPhases,
  offered: ReadonlyArray<PhaseKind> | null,
  ctx: z.RefinementCtx,
): Phase[] {
  const phases: Phase[] = [];
  for (const phaseKind of phaseKinds) {
    const { start, end } = typed[phaseKind] ?? {};
    if (!start && !end) continue;
    const path = (field: "start" | "end") => [phaseKind, field];
    if (offered && !offered.includes(phaseKind)) {
      ctx.addIssue({
        code: "custom",
        path: path(start ? "start" : "end"),
        message: error("phaseNotOffered"),
      });
      continue;
    }
    if (!start || !end) {
      ctx.addIssue({
        code: "custom",
        path: path(start ? "end" : "start"),
        message: error("phaseIncomplete"),
      });
      continue;
    }
    const startsAt = berlinLocalToDate(start);
    const endsAt = berlinLocalToDate(end);
    if (!startsAt)
      ctx.addIssue({ code: "custom", path: path("start"), message: error("phaseDate") });
    if (!endsAt) ctx.addIssue({ code: "custom", path: path("end"), message: error("phaseDate") });
    if (!startsAt || !endsAt) continue;
    if (endsAt.getTime() <= startsAt.getTime()) {
      ctx.addIssue({ code: "custom", path: path("end"), message: error("phaseOrder") });
      continue;
    }
    phases.push({ kind: phaseKind, startsAt, endsAt });
  }
  const sorted = [...phases].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  sorted.forEach((phase, index) => {
    const previous = sorted[index - 1];
    if (previous && phase.startsAt.getTime() < previous.endsAt.getTime()) {
      ctx.addIssue({ code: "custom", path: [phase.kind, "start"], message: error("phaseOverlap") });
    }
  });
  const typedAny = phaseKinds.some((kind) => typed[kind]?.start || typed[kind]?.end);
  if (!typedAny) ctx.addIssue({ code: "custom", path: [], message: error("phasesEmpty") });
  return phases;
}

const phasesField = (offered: ReadonlyArray<PhaseKind> | null) =>
  z
    .object({
      collection: phaseFields,
      review: phaseFields,
      voting: phaseFields,
      counting: phaseFields,
      results: phaseFields,
      applications: phaseFields,
      decision: phaseFields,
      projects: phaseFields,
      reports: phaseFields,
    } satisfies Record<PhaseKind, typeof phaseFields>)
    .transform((typed, ctx) => readPhases(typed, offered, ctx));

const textFields = {
  title: userText({ error: error("titleRequired") })
    .min(1, error("titleRequired"))
    .max(procedureLimits.title, error("titleTooLong")),
  description: userText({ error: error("descriptionRequired") })
    .min(1, error("descriptionRequired"))
    .max(procedureLimits.description, error("descriptionTooLong")),
  // Translations into every other UI language (German is the original; ~/i18n/config).
  translations: z
    .object({ en: translation, ar: translation, tr: translation, uk: translation, ru: translation })
    .transform((typed) => {
      const translations: ProcedureTranslations = {};
      for (const language of translationLanguages) {
        const entry = typed[language];
        if (entry?.title || entry?.description) translations[language] = { ...entry };
      }
      return translations;
    }),
};

/** The form on /staff/procedures/new: kind, texts, phases. */
export const NewProcedureSchema = z
  .object({
    kind: z.enum(procedureKinds, { error: error("kindRequired") }),
    ...textFields,
    phases: phasesField(null),
  })
  .superRefine((value, ctx) => {
    // Runs once everything else is valid: a phase this kind does not have.
    const offered: ReadonlyArray<PhaseKind> = phasesByKind[value.kind];
    for (const phase of value.phases) {
      if (!offered.includes(phase.kind)) {
        ctx.addIssue({
          code: "custom",
          path: ["phases", phase.kind, "start"],
          message: error("phaseNotOffered"),
        });
      }
    }
  });

/** The edit form: the kind is fixed once the procedure exists. */
export function editProcedureSchema(kind: ProcedureKind) {
  return z.object({ ...textFields, phases: phasesField(phasesByKind[kind]) });
}

/** A refusal of the phase plan by the command (the same checks, as a second line) → form errors. */
export function phaseProblemKeys(problems: ReadonlyArray<PhaseProblem | "kind">): string[] {
  return problems.map((problem) => error(`phases.${problem}`));
}
