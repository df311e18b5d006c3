import { z } from "zod";

import { commentLimits } from "./comment-limits";

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
