import { z } from "zod";
import { userText } from "~/utils/user-text.schema.server";
import { commentLimits } from "./comment-limits";

export const CommentInputSchema = z.object({
  body: userText({ error: "errors.comment.required" })
    .min(commentLimits.min, "errors.comment.required")
    .max(commentLimits.max, "errors.comment.tooLong"),
  authorName: userText()
    .max(commentLimits.name, "errors.name.tooLong")
    .optional()
    .transform((value) => value || undefined),
});
