import { isStatus, type Status } from "~/modules/proposals/statuses";

/**
 * The status workflow, one table: which status may follow which, when changed
 * by staff. eingereicht → in Prüfung → veröffentlicht → (in Abstimmung) →
 * angenommen / abgelehnt → in Umsetzung → umgesetzt; plus zurückgezogen.
 * Residents can only withdraw, and resubmit after a change request.
 */
export const staffTransitions: Record<Status, ReadonlyArray<Status>> = {
  submitted: ["in_review", "published", "changes_requested", "rejected", "duplicate"],
  in_review: ["published", "changes_requested", "rejected", "duplicate"],
  changes_requested: ["in_review", "rejected", "duplicate"],
  published: ["voting", "accepted", "rejected", "duplicate", "withdrawn"],
  voting: ["accepted", "rejected"],
  accepted: ["in_progress", "rejected"],
  rejected: ["in_review"],
  in_progress: ["implemented", "rejected"],
  implemented: [],
  withdrawn: [],
  duplicate: [],
};

/** Changes that need a public reason, shown on the timeline and the tracking page. */
export const reasonRequired: ReadonlyArray<Status> = [
  "rejected",
  "accepted",
  "changes_requested",
  "withdrawn",
];

export function canTransition(from: string, to: string): boolean {
  return isStatus(from) && isStatus(to) && staffTransitions[from].includes(to);
}

/** Statuses that put an initiative in front of the public; the first time sets publishedAt. */
export const publishingStatuses: ReadonlyArray<Status> = ["published", "voting", "accepted"];
