import { z } from "zod";
import { containsBidiOverride, normaliseText } from "./text-normalise";

export const bidiOverrideMessage = "errors.text.bidiOverride";

/**
 * A string field that a person wrote (titles, descriptions, comments, names,
 * reasons, notes). Normalised with `normaliseText` (the input boundary does it
 * already; it is idempotent, so doing it here too keeps every path safe),
 * refuses the bidi overrides U+202D/U+202E, then trimmed. Chain `.min()` and
 * `.max()` as with `z.string()`; the bidi refusal comes first, so it is the
 * message a field shows.
 */
export function userText(params?: { error: string }) {
  return z
    .string(params)
    .overwrite(normaliseText)
    .refine((value) => !containsBidiOverride(value), bidiOverrideMessage)
    .trim();
}
