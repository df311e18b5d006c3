import { isStatus, type Status } from "~/modules/proposals/statuses";

/**
 * The status workflow, one table: which status may follow which, when changed
 * by staff. eingereicht → in Prüfung → veröffentlicht, or abgelehnt, Änderung
 * erbeten, Duplikat, zurückgezogen. Residents can only withdraw, and resubmit
 * after a change request.
 *
 * What happens to a published initiative afterwards is not a status: a vote
 * decides in its procedure, and an implementation record says what became of
 * an accepted initiative (app/modules/outcomes/implementation.server.ts).
 */
export const staffTransitions: Record<Status, ReadonlyArray<Status>> = {
  submitted: ["in_review", "published", "changes_requested", "rejected", "duplicate"],
  in_review: ["published", "changes_requested", "rejected", "duplicate"],
  changes_requested: ["in_review", "rejected", "duplicate"],
  published: ["rejected", "duplicate", "withdrawn"],
  rejected: ["in_review"],
  withdrawn: [],
  duplicate: [],
};

/** Changes that need a public reason, shown on the timeline and the tracking page. */
export const reasonRequired: ReadonlyArray<Status> = ["rejected", "changes_requested", "withdrawn"];

export function canTransition(from: string, to: string): boolean {
  return isStatus(from) && isStatus(to) && staffTransitions[from].includes(to);
}

/** Statuses that put an initiative in front of the public; the first time sets publishedAt. */
export const publishingStatuses: ReadonlyArray<Status> = ["published"];
