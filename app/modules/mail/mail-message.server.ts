import { z } from "zod";
import type { OutboxMailKind } from "~/db/generated/enums";
import { decisionOutcomes } from "~/modules/fund/decision-rules";
import { implementationStates } from "~/modules/outcomes/implementation-states";

/**
 * What a mail reports. A command stores it in the outbox row (kind + JSON
 * payload); the worker reads it back through this schema and writes the mail
 * when it sends it, in the resident's (or fund applicant's) language.
 */

/**
 * Status changes a resident hears about. "in_review" is the office's own
 * step, and "submitted" again (reopened) is followed by a real decision.
 */
export const mailedStatuses = [
  "published",
  "rejected",
  "changes_requested",
  "withdrawn",
  "duplicate",
] as const;
export type MailedStatus = (typeof mailedStatuses)[number];

export function isMailedStatus(value: string): value is MailedStatus {
  return (mailedStatuses as ReadonlyArray<string>).includes(value);
}

export const MailMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("confirmation") }),
  z.object({
    kind: z.literal("status"),
    status: z.enum(mailedStatuses),
    /** The public reason (rejection, withdrawal, change request). */
    reason: z.string().optional(),
    /** For a duplicate: the published original. */
    originalId: z.string().optional(),
  }),
  z.object({
    kind: z.literal("outcome"),
    state: z.enum(implementationStates),
    /** Accepted by a vote's published result (else by the office). */
    byVote: z.boolean(),
    /** The public note of this step, with its date (ISO). */
    note: z.string().optional(),
    date: z.string().optional(),
  }),
  z.object({ kind: z.literal("reply"), body: z.string() }),
  // Neighbourhood fund: mails to an applicant about their own application
  // (app/modules/fund/fund-mail.server.ts). Texts written by staff or the
  // decision team are copied in when the mail is queued, as for initiatives.
  z.object({ kind: z.literal("fund_submitted"), resubmitted: z.boolean() }),
  z.object({ kind: z.literal("fund_returned"), request: z.string() }),
  z.object({ kind: z.literal("fund_ineligible"), reason: z.string() }),
  z.object({
    kind: z.literal("fund_decided"),
    outcome: z.enum(decisionOutcomes),
    grantedCents: z.number().int().nonnegative(),
    requestedCents: z.number().int().nonnegative(),
    reason: z.string(),
    /** When the spending report is due (ISO), for a grant with a project end. */
    reportDueOn: z.string().optional(),
  }),
  z.object({
    kind: z.literal("fund_paid"),
    /** Paid out so far (staff record the running total) and the day of the payment (ISO). */
    paidCents: z.number().int().nonnegative(),
    paidOn: z.string(),
    /** When the spending report is due (ISO), for a project with an end. */
    reportDueOn: z.string().optional(),
  }),
  /** The spending report has arrived (first time or again after questions). */
  z.object({ kind: z.literal("fund_report_submitted") }),
  z.object({ kind: z.literal("fund_report_questions"), questions: z.string() }),
  z.object({
    kind: z.literal("fund_report_accepted"),
    /** Paid out but not spent: the applicant pays it back. */
    repayCents: z.number().int().nonnegative(),
  }),
]);

export type MailMessage = z.infer<typeof MailMessageSchema>;

export function messageToRow(message: MailMessage): { kind: OutboxMailKind; payload: string } {
  const { kind, ...payload } = message;
  return { kind, payload: JSON.stringify(payload) };
}

export function messageFromRow(row: { kind: string; payload: string }): MailMessage | null {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null) return null;
  const parsed = MailMessageSchema.safeParse({ ...payload, kind: row.kind });
  return parsed.success ? parsed.data : null;
}

/** A mail to a fund applicant (its outbox row names a fund application, not an initiative). */
export type FundMailMessage = Extract<MailMessage, { kind: `fund_${string}` }>;

export function isFundMessage(message: MailMessage): message is FundMailMessage {
  return message.kind.startsWith("fund_");
}
