import type { SubmissionResult } from "@conform-to/react";

/** All error keys of a Conform result, for forms that show them in one list. */
export function errorKeys(result: SubmissionResult<string[]>): string[] {
  const keys = Object.values(result.error ?? {})
    .flat()
    .filter((error): error is string => typeof error === "string");
  return keys.length ? [...new Set(keys)] : ["errors.staff.invalidAction"];
}
