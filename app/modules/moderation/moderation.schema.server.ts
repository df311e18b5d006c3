import { z } from "zod";
import { statuses } from "~/modules/proposals/statuses";

const reason = z
  .string()
  .trim()
  .max(2000, "errors.staff.reasonTooLong")
  .optional()
  .transform((value) => value || undefined);

/** Every staff action on one initiative, keyed by the submit button's intent. */
export const StaffProposalActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("status"), to: z.enum(statuses), reason }),
  z.object({
    intent: z.literal("duplicate"),
    // The original's id, or a pasted link to it (/proposals/<id>).
    original: z
      .string({ error: "errors.staff.originalRequired" })
      .trim()
      .min(1, "errors.staff.originalRequired")
      .max(300)
      .transform((value) => value.split("/").filter(Boolean).pop()?.split(/[?#]/)[0] ?? ""),
  }),
  z.object({
    intent: z.literal("edit"),
    title: z.string().trim().min(5, "errors.title.tooShort").max(120, "errors.title.tooLong"),
    description: z
      .string()
      .trim()
      .min(20, "errors.description.tooShort")
      .max(5000, "errors.description.tooLong"),
  }),
  z.object({
    intent: z.literal("note"),
    body: z.string().trim().min(1, "errors.staff.noteRequired").max(5000),
  }),
  z.object({
    intent: z.literal("reply"),
    body: z.string().trim().min(2, "errors.comment.required").max(2000, "errors.comment.tooLong"),
  }),
]);
