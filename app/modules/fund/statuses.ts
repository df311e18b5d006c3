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

/**
 * The applicant may withdraw their application behind the private link while
 * nothing is decided: from these statuses, and only as long as no decision is
 * recorded for it (`withdrawApplication`, withdrawal.server.ts). Not once it is
 * granted, refused, not eligible or already withdrawn.
 */
export const applicantWithdrawFrom = [
  "draft",
  "submitted",
  "returned",
  "complete",
] as const satisfies ReadonlyArray<FundStatus>;

export function applicantMayWithdraw(status: string, hasDecision: boolean): boolean {
  return !hasDecision && (applicantWithdrawFrom as ReadonlyArray<string>).includes(status);
}
