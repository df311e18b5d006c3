import { z } from "zod";

export const commentLimits = { min: 2, max: 2000, name: 60 };

export const CommentInputSchema = z.object({
  body: z
    .string({ error: "errors.comment.required" })
    .trim()
    .min(commentLimits.min, "errors.comment.required")
    .max(commentLimits.max, "errors.comment.tooLong"),
  authorName: z
    .string()
    .trim()
    .max(commentLimits.name, "errors.name.tooLong")
    .optional()
    .transform((value) => value || undefined),
});
