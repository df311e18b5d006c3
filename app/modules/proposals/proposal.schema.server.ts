import { z } from "zod";
import { contentLanguageCodes } from "~/i18n/config";
import { userText } from "~/utils/user-text.schema.server";
import { categories } from "./categories";
import { descriptionLimits, titleLimits } from "./proposal-limits";

// Messages are catalogue keys: the page translates them into the reader's language.
const optionalText = (max: number, message: string) =>
  userText()
    .max(max, message)
    .optional()
    .transform((value) => (value ? value : undefined));

/**
 * One schema for the submission form and the JSON API. Server-only: the
 * browser gets no zod (~90 kB gzipped) — fields carry their limits as HTML
 * attributes, and the server answers with messages in the page's language.
 * Location is lon/lat in WGS84; whether it lies inside the funding area is
 * decided afterwards by the server (it needs the stored area).
 */
const title = userText({ error: "errors.title.required" })
  .min(titleLimits.min, "errors.title.tooShort")
  .max(titleLimits.max, "errors.title.tooLong");

const description = userText({ error: "errors.description.required" })
  .min(descriptionLimits.min, "errors.description.tooShort")
  .max(descriptionLimits.max, "errors.description.tooLong");

/** Title and text alone: for a resident's resubmission and staff typo fixes. */
export const ProposalTextSchema = z.object({ title, description });

export const ProposalInputSchema = z
  .object({
    title,
    description,
    category: z.enum(categories, { error: "errors.category.invalid" }),
    lon: z
      .number({ error: "errors.location.required" })
      .min(-180, "errors.location.invalid")
      .max(180, "errors.location.invalid"),
    lat: z
      .number({ error: "errors.location.required" })
      .min(-90, "errors.location.invalid")
      .max(90, "errors.location.invalid"),
    name: optionalText(100, "errors.name.tooLong"),
    email: z.email({ error: "errors.email.invalid" }).max(200, "errors.email.invalid").optional(),
    consent: z.boolean().optional(),
    /** Also mail official replies (only with an address, and only when mail is configured). */
    notifyReplies: z.boolean().optional(),
    language: z.enum(contentLanguageCodes).optional(),
    // The procedure it is submitted into; none (empty, null) is a free idea.
    // Whether the procedure takes ideas now is decided by submitProposal.
    procedureId: z
      .string({ error: "phaseRefusal.unknownProcedure" })
      .trim()
      .max(64, "phaseRefusal.unknownProcedure")
      .nullish()
      .transform((value) => value || undefined),
  })
  .superRefine((value, ctx) => {
    if (value.email && !value.consent) {
      ctx.addIssue({ code: "custom", path: ["consent"], message: "errors.consent.required" });
    }
  });

export type ProposalInput = z.infer<typeof ProposalInputSchema>;
