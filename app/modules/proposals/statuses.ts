/**
 * Status of an initiative: its moderation and its life as an initiative, and
 * nothing else. Labels live in the catalogue under `statuses.<code>`
 * (German: eingereicht, in Prüfung, veröffentlicht, …).
 *
 * Outcomes are not statuses: a vote's result lives in its procedure, and what
 * became of an accepted initiative (angenommen → in Umsetzung → umgesetzt) is
 * an implementation record (app/modules/outcomes/).
 */
export const statuses = [
  "submitted",
  "in_review",
  "changes_requested",
  "published",
  "rejected",
  "withdrawn",
  "duplicate",
] as const;

export type Status = (typeof statuses)[number];

export function isStatus(value: unknown): value is Status {
  return typeof value === "string" && (statuses as ReadonlyArray<string>).includes(value);
}

/**
 * Statuses in which a once-published initiative is shown to the public. A
 * published initiative that staff reject later stays visible with its reason.
 */
export const publicStatuses = ["published", "rejected"] as const satisfies ReadonlyArray<Status>;

export type PublicStatus = (typeof publicStatuses)[number];

export function isPublicStatus(status: string): status is PublicStatus {
  return (publicStatuses as ReadonlyArray<string>).includes(status);
}

/**
 * Statuses from which the submitter may still withdraw the initiative (as
 * long as it is not on a ballot and has no recorded outcome, see
 * `withdrawProposal`).
 */
const withdrawableStatuses: ReadonlyArray<string> = [
  "submitted",
  "in_review",
  "changes_requested",
  "published",
] satisfies ReadonlyArray<Status>;

export function isWithdrawable(status: string): boolean {
  return withdrawableStatuses.includes(status);
}
