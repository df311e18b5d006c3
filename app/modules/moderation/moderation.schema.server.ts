import { z } from "zod";
import { CommentInputSchema } from "~/modules/comments/comment.schema.server";
import { ImplementationInputSchema } from "~/modules/outcomes/implementation.server";
import { PhotoIdSchema, hideReasonSchema } from "~/modules/photos/photos.server";
import { ProposalTextSchema } from "~/modules/proposals/proposal.schema.server";
import { statuses } from "~/modules/proposals/statuses";
import { userText } from "~/utils/user-text.schema.server";

const reason = userText()
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
  // Staff typo fixes obey the same rules as the resident's text.
  ProposalTextSchema.extend({ intent: z.literal("edit") }),
  z.object({
    intent: z.literal("note"),
    body: userText().min(1, "errors.staff.noteRequired").max(5000),
  }),
  z.object({ intent: z.literal("reply"), body: CommentInputSchema.shape.body }),
  // Show the submitter's contact data (logged).
  z.object({ intent: z.literal("contact") }),
  // A step of an accepted initiative's implementation, with a dated public note.
  ImplementationInputSchema.extend({ intent: z.literal("implementation") }),
  // One photo hidden (with an internal reason) or shown again.
  z.object({ intent: z.literal("photo-hide"), photoId: PhotoIdSchema, reason: hideReasonSchema }),
  z.object({ intent: z.literal("photo-show"), photoId: PhotoIdSchema }),
]);
