/** The statuses of a fund application (FundApplication.status), in their usual order. */
export const fundStatuses = [
  "draft",
  "submitted",
  "returned",
  "complete",
  "ineligible",
  "granted",
  "refused",
  "withdrawn",
] as const;
export type FundStatus = (typeof fundStatuses)[number];

/** Staff review: which command may follow which status (the one table; the server asks it). */
export const reviewFrom = {
  complete: ["submitted"],
  return: ["submitted", "complete"],
  ineligible: ["submitted", "complete", "returned"],
} as const satisfies Record<string, ReadonlyArray<FundStatus>>;

export type ReviewIntent = keyof typeof reviewFrom;
export const reviewIntents = Object.keys(reviewFrom) as ReviewIntent[];

/** The review commands open for an application in this status. */
export function reviewActionsFor(status: string): ReviewIntent[] {
  return reviewIntents.filter((intent) =>
    (reviewFrom[intent] as ReadonlyArray<string>).includes(status),
  );
}
