import type { Prisma } from "~/db/generated/client";
import { getMailConfig } from "~/modules/mail/mail-config.server";
import { mailQueued, queueFundMail, subscribeFundApplicant } from "~/modules/mail/outbox.server";
import { sealToken } from "~/modules/mail/sealed-token.server";
import { prisma } from "~/utils/db.server";
import { isDecisionOutcome } from "./decision-rules";
import { reportDueAt } from "./report-due";
import type { ReviewIntent } from "./statuses";

/**
 * Mails to fund applicants about their own application: submitted (and
 * resubmitted), returned with a request, not eligible, decided, paid out,
 * spending report received, questions on it, report accepted. Each command calls one function of
 * this module inside its transaction, so a refused or rolled-back command
 * queues nothing; the mail itself is written and sent by the outbox worker
 * (app/modules/mail/), in the language the form was filled in, with the
 * private link sealed as for initiatives.
 *
 * Why no double opt-in and no consent tick box: these are not a newsletter
 * but messages about the procedure the applicant started (GDPR Art. 6(1)(b),
 * performing the funding procedure), sent only to the address they typed
 * into their own application. Initiatives do not verify addresses either:
 * their confirmation carries the private link at once. Verifying first would
 * guard only against a mistyped address, at the price of holding back the
 * link that applicants need and lose. What a wrong recipient would get is
 * the title, what happened, the office's or team's words and the private
 * link (behind it the application; its contact data only in the edit form
 * while it is a draft or returned), and an unsubscribe link that works
 * without the private link — the same trade-off as for initiatives. So fund
 * mails follow the initiative flow: no verification, an unsubscribe link in
 * every mail, nothing when no mail server is configured (SMTP_URL empty).
 */

type Tx = Prisma.TransactionClient;

/** What a submission needs from outside its transaction: the private token, sealed. */
export type PreparedFundMail =
  /** No mail server: nothing to do. */
  | { kind: "off" }
  /** No address in the application: no subscription (an old one goes). */
  | { kind: "no-address" }
  | { kind: "ready"; sealedTrackingToken: string };

/**
 * Before a submission's transaction (sealing reads the app secret, which may
 * need the database): the token sealed for later mails.
 */
export async function prepareFundMail(input: {
  trackingToken: string;
  contactEmail: string | null | undefined;
}): Promise<PreparedFundMail> {
  if (!getMailConfig()) return { kind: "off" };
  if (!input.contactEmail) return { kind: "no-address" };
  return { kind: "ready", sealedTrackingToken: await sealToken(input.trackingToken) };
}

/**
 * In the transaction of a submission (first or after a request): remembers
 * the sealed link for later mails and queues the confirmation.
 */
export async function queueFundSubmittedMail(
  tx: Tx,
  applicationId: string,
  prepared: PreparedFundMail,
  options: { resubmitted: boolean },
): Promise<void> {
  if (prepared.kind === "off") return;
  const { language } = await tx.fundApplication.findUniqueOrThrow({
    where: { id: applicationId },
    select: { language: true },
  });
  await subscribeFundApplicant(
    tx,
    applicationId,
    prepared.kind === "ready"
      ? { language, sealedTrackingToken: prepared.sealedTrackingToken }
      : null,
  );
  if (prepared.kind === "ready") {
    await queueFundMail(tx, applicationId, {
      kind: "fund_submitted",
      resubmitted: options.resubmitted,
    });
  }
}

/**
 * In the transaction of a staff review: the request (returned) or the public
 * reason (not eligible), as stored on the application. "Complete" is the
 * office's own step before the session and sends nothing.
 */
export async function queueFundReviewMail(
  tx: Tx,
  applicationId: string,
  intent: ReviewIntent,
): Promise<void> {
  if (intent === "complete") return;
  const row = await tx.fundApplication.findUniqueOrThrow({
    where: { id: applicationId },
    select: { reviewRequest: true, ineligibleReason: true },
  });
  await queueFundMail(
    tx,
    applicationId,
    intent === "return"
      ? { kind: "fund_returned", request: row.reviewRequest ?? "" }
      : { kind: "fund_ineligible", reason: row.ineligibleReason ?? "" },
  );
}

/** In the decision's transaction: the outcome, amounts, reason and, for a grant, the report's due day. */
export async function queueFundDecisionMail(tx: Tx, applicationId: string): Promise<void> {
  const row = await tx.fundApplication.findUniqueOrThrow({
    where: { id: applicationId },
    select: {
      requestedCents: true,
      endsOn: true,
      round: { select: { reportDueDays: true } },
      decision: { select: { outcome: true, grantedCents: true, reason: true } },
    },
  });
  const decision = row.decision;
  if (!decision) return;
  const outcome = decision.outcome;
  if (!isDecisionOutcome(outcome)) return;
  const due =
    outcome === "refused" || !row.endsOn ? null : reportDueAt(row.endsOn, row.round.reportDueDays);
  await queueFundMail(tx, applicationId, {
    kind: "fund_decided",
    outcome,
    grantedCents: decision.grantedCents,
    requestedCents: row.requestedCents,
    reason: decision.reason,
    ...(due ? { reportDueOn: due.toISOString() } : {}),
  });
}

/**
 * In the transaction of a recorded payment: the total paid so far and its
 * day, with the report's due day when the project has an end.
 */
export async function queueFundPaidMail(tx: Tx, applicationId: string): Promise<void> {
  const row = await tx.fundApplication.findUniqueOrThrow({
    where: { id: applicationId },
    select: {
      endsOn: true,
      round: { select: { reportDueDays: true } },
      decision: { select: { paidCents: true, paidAt: true } },
    },
  });
  const paid = row.decision;
  if (!paid?.paidAt) return;
  const due = row.endsOn ? reportDueAt(row.endsOn, row.round.reportDueDays) : null;
  await queueFundMail(tx, applicationId, {
    kind: "fund_paid",
    paidCents: paid.paidCents,
    paidOn: paid.paidAt.toISOString(),
    ...(due ? { reportDueOn: due.toISOString() } : {}),
  });
}

/** In the transaction of the applicant's submission of the spending report: it has arrived. */
export async function queueFundReportSubmittedMail(tx: Tx, applicationId: string): Promise<void> {
  await queueFundMail(tx, applicationId, { kind: "fund_report_submitted" });
}

/** In the transaction of staff's questions on a spending report (as stored on the report). */
export async function queueFundReportQuestionsMail(tx: Tx, applicationId: string): Promise<void> {
  const report = await tx.fundReport.findUniqueOrThrow({
    where: { applicationId },
    select: { staffQuestion: true },
  });
  await queueFundMail(tx, applicationId, {
    kind: "fund_report_questions",
    questions: report.staffQuestion ?? "",
  });
}

/** In the transaction of a report's acceptance, with what the applicant pays back (report-diff.ts). */
export async function queueFundReportAcceptedMail(
  tx: Tx,
  applicationId: string,
  money: { repayCents: number },
): Promise<void> {
  await queueFundMail(tx, applicationId, {
    kind: "fund_report_accepted",
    repayCents: money.repayCents,
  });
}

/** After the commit of a command that may have queued a fund mail: wakes the mail worker. */
export function fundMailQueued(result: { status: string }): void {
  if (result.status === "ok") mailQueued();
}

/**
 * What the tracking page says right after the first save about the link
 * coming by e-mail (a catalogue key): it comes (submitted with an address,
 * mail configured), it comes once submitted (a draft with an address), or
 * it does not come.
 */
export async function fundLinkNoticeKey(applicationId: string): Promise<string> {
  if (!getMailConfig()) return "fund.tracking.linkNotice";
  const row = await prisma.fundApplication.findUnique({
    where: { id: applicationId },
    select: {
      status: true,
      contactEmail: true,
      mailSubscription: { select: { unsubscribedAt: true } },
    },
  });
  if (!row?.contactEmail) return "fund.tracking.linkNotice";
  if (row.status === "draft") return "mail.tracking.fundAfterSubmit";
  return row.mailSubscription && !row.mailSubscription.unsubscribedAt
    ? "mail.tracking.mailComing"
    : "fund.tracking.linkNotice";
}
