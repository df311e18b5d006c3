import type { OutboxMailKind } from "~/db/generated/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { maskEmail } from "./mask-email";
import { mailQueued } from "./outbox.server";

/**
 * What staff see on /staff/mail: deliveries that failed, and those waiting for
 * another attempt — to initiatives' submitters and to fund applicants.
 */

export type DeliveryRow = {
  id: string;
  kind: OutboxMailKind;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  /** What the mail is about, with the staff page that shows it. */
  about: { kind: "proposal" | "fundApplication"; id: string; title: string };
  /** Shortened ("o…@example.org"), and only for staff who may see contact data. */
  recipient: string | null;
};

export async function listDeliveryProblems(options: { showRecipient: boolean }) {
  const rows = await prisma.outboxMail.findMany({
    where: { OR: [{ status: "failed" }, { status: "pending", attempts: { gt: 0 } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      kind: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastError: true,
      createdAt: true,
      proposal: { select: { id: true, title: true, submitterEmail: true } },
      // The same as for an initiative: the title (never the applicant's name), the address shortened.
      fundApplication: { select: { id: true, title: true, contactEmail: true } },
    },
  });
  const toRow = ({
    proposal,
    fundApplication,
    status: _status,
    ...row
  }: (typeof rows)[number]): DeliveryRow => {
    const email = proposal ? proposal.submitterEmail : (fundApplication?.contactEmail ?? null);
    return {
      ...row,
      about: proposal
        ? { kind: "proposal", id: proposal.id, title: proposal.title }
        : {
            kind: "fundApplication",
            id: fundApplication?.id ?? "",
            title: fundApplication?.title ?? "",
          },
      recipient: options.showRecipient && email ? maskEmail(email) : null,
    };
  };
  return {
    failed: rows.filter((row) => row.status === "failed").map(toRow),
    retrying: rows.filter((row) => row.status === "pending").map(toRow),
  };
}

export async function getDeliverySummary(now = new Date()) {
  const [sent, pending, failed] = await Promise.all([
    prisma.outboxMail.count({
      where: { status: "sent", sentAt: { gte: new Date(now.getTime() - 7 * 86_400_000) } },
    }),
    prisma.outboxMail.count({ where: { status: { in: ["pending", "sending"] } } }),
    countFailedMails(),
  ]);
  return { sent, pending, failed };
}

export function countFailedMails(): Promise<number> {
  return prisma.outboxMail.count({ where: { status: "failed" } });
}

export type RetryMailResult = { status: "ok" } | { status: "refused"; reason: "not-failed" };

/** An admin sends a failed mail again: a fresh round of attempts, logged. */
export async function retryMail(input: { id: string; staffId: string }): Promise<RetryMailResult> {
  const result = await prisma.$transaction(async (tx): Promise<RetryMailResult> => {
    const { count } = await tx.outboxMail.updateMany({
      where: { id: input.id, status: "failed" },
      data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), claimToken: null },
    });
    if (count !== 1) return { status: "refused", reason: "not-failed" };
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "mail.retried",
      entityType: "outboxMail",
      entityId: input.id,
    });
    return { status: "ok" };
  });
  if (result.status === "ok") mailQueued();
  return result;
}
