/**
 * When a granted project's spending report is due, and whether it belongs in
 * the staff reminder queue. Pure (dates in, dates out); the queue query in
 * rounds.server.ts uses it so that the rule lives in one place.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** How many days ahead a due report shows up in the staff queue. */
export const REPORT_REMINDER_DAYS = 14;

/** Report statuses that take a project out of the reminder queue. */
export const reportDoneStatuses = ["submitted", "accepted"] as const;

/** Due date: the project's end plus the round's `reportDueDays`. */
export function reportDueAt(endsOn: Date, reportDueDays: number): Date {
  return new Date(endsOn.getTime() + reportDueDays * DAY_MS);
}

/** Whole days past the due date (0 when not yet due or due today). */
export function daysOverdue(dueAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / DAY_MS));
}

export type ReportReminder = { dueAt: Date; daysOverdue: number; overdue: boolean };

/**
 * The reminder for a project, or null when it needs none: no end date yet,
 * the report already submitted or accepted, or due later than the reminder window.
 */
export function reportReminder(
  project: { endsOn: Date | null; reportStatus: string | null },
  reportDueDays: number,
  now: Date,
): ReportReminder | null {
  if (!project.endsOn) return null;
  if ((reportDoneStatuses as ReadonlyArray<string>).includes(project.reportStatus ?? ""))
    return null;
  const dueAt = reportDueAt(project.endsOn, reportDueDays);
  if (dueAt.getTime() - now.getTime() > REPORT_REMINDER_DAYS * DAY_MS) return null;
  // Overdue from the day after the due date: on the day itself it is simply due.
  const days = daysOverdue(dueAt, now);
  return { dueAt, daysOverdue: days, overdue: days > 0 };
}
