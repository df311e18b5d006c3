import { z } from "zod";
import { contentLanguageCodes } from "~/i18n/config";
import { categories } from "./categories";

// Messages are catalogue keys: the page translates them into the reader's language.
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => (value ? value : undefined));

/**
 * One schema for the submission form (with Conform) and the JSON API.
 * Location is lon/lat in WGS84; whether it lies inside the funding area is
 * decided afterwards by the server (it needs the stored area).
 */
const title = z
  .string({ error: "errors.title.required" })
  .trim()
  .min(5, "errors.title.tooShort")
  .max(120, "errors.title.tooLong");

const description = z
  .string({ error: "errors.description.required" })
  .trim()
  .min(20, "errors.description.tooShort")
  .max(5000, "errors.description.tooLong");

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
    email: z
      .email({ error: "errors.email.invalid" })
      .max(200, "errors.email.invalid")
      .optional(),
    consent: z.boolean().optional(),
    language: z.enum(contentLanguageCodes).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.email && !value.consent) {
      ctx.addIssue({ code: "custom", path: ["consent"], message: "errors.consent.required" });
    }
  });

export type ProposalInput = z.infer<typeof ProposalInputSchema>;

export const titleLimits = { min: 5, max: 120 };
export const descriptionLimits = { min: 20, max: 5000 };
