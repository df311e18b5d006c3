/**
 * Status workflow of an initiative. Labels live in the catalogue under
 * `statuses.<code>` (German: eingereicht, in Prüfung, veröffentlicht, …).
 */
export const statuses = [
  "submitted",
  "in_review",
  "changes_requested",
  "published",
  "voting",
  "accepted",
  "rejected",
  "in_progress",
  "implemented",
  "withdrawn",
  "duplicate",
] as const;

export type Status = (typeof statuses)[number];

export function isStatus(value: unknown): value is Status {
  return typeof value === "string" && (statuses as ReadonlyArray<string>).includes(value);
}

/** Statuses in which a published initiative is shown to the public. */
export const publicStatuses = [
  "published",
  "voting",
  "accepted",
  "rejected",
  "in_progress",
  "implemented",
] as const satisfies ReadonlyArray<Status>;

export type PublicStatus = (typeof publicStatuses)[number];

export function isPublicStatus(status: string): status is PublicStatus {
  return (publicStatuses as ReadonlyArray<string>).includes(status);
}

/** Statuses from which the submitter may still withdraw the initiative. */
const withdrawableStatuses: ReadonlyArray<string> = [
  "submitted",
  "in_review",
  "changes_requested",
  "published",
] satisfies ReadonlyArray<Status>;

export function isWithdrawable(status: string): boolean {
  return withdrawableStatuses.includes(status);
}
