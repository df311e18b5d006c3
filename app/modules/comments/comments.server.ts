import { recordAudit } from "~/modules/audit/audit.server";
import { publicDataChanged, signalIfOk } from "~/modules/events/events.server";
import { mailQueued, queueMail } from "~/modules/mail/outbox.server";
import type { PhaseSituation } from "~/modules/procedures/phases";
import { proposalAllows } from "~/modules/procedures/procedures.server";
import { publicStatuses } from "~/modules/proposals/statuses";
import { addressKey } from "~/utils/address-key.server";
import { prisma } from "~/utils/db.server";

export const AUTO_HIDE_AFTER_REPORTS = 3;

export type CommentMode = "pre" | "post";

/** Pre-moderation (default): comments appear after staff approve them. Post: at once. */
export async function getCommentMode(): Promise<CommentMode> {
  const row = await prisma.setting.findUnique({ where: { key: "commentModeration" } });
  return row?.value === "post" ? "post" : "pre";
}

export async function setCommentMode(mode: CommentMode, staffId: string) {
  await prisma.$transaction(async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: "commentModeration" } });
    await tx.setting.upsert({
      where: { key: "commentModeration" },
      create: { key: "commentModeration", value: mode },
      update: { value: mode },
    });
    await recordAudit(tx, {
      staffId,
      action: "settings.commentModeration",
      entityType: "setting",
      entityId: "commentModeration",
      before: { value: before?.value ?? "pre" },
      after: { value: mode },
    });
  });
  publicDataChanged();
}

/** Statuses in which a comment is visible to the public. */
const visibleStatuses = ["published", "reported"];

export type PostCommentResult =
  | { status: "ok"; visible: boolean }
  | { status: "refused"; reason: "not-found" }
  /** The initiative's procedure is in a phase without comments (e.g. counting). */
  | { status: "refused"; reason: "phase"; situation: PhaseSituation };

/**
 * A resident's comment on a public initiative. Free ideas take comments at
 * any time; an initiative in a procedure only while its phase allows them
 * (the phase table, asked in the same transaction as the write).
 */
export async function postComment(input: {
  proposalId: string;
  body: string;
  authorName?: string;
  now?: Date;
}): Promise<PostCommentResult> {
  const mode = await getCommentMode();
  const result = await prisma.$transaction(async (tx): Promise<PostCommentResult> => {
    const proposal = await tx.proposal.findFirst({
      where: {
        id: input.proposalId,
        publishedAt: { not: null },
        status: { in: [...publicStatuses] },
      },
      select: { id: true },
    });
    if (!proposal) return { status: "refused", reason: "not-found" };
    const check = await proposalAllows(proposal.id, "comment:create", input.now, tx);
    if (!check.allowed) {
      return check.reason === "phase"
        ? { status: "refused", reason: "phase", situation: check.situation }
        : { status: "refused", reason: "not-found" };
    }
    await tx.comment.create({
      data: {
        proposalId: proposal.id,
        body: input.body,
        authorName: input.authorName ?? null,
        status: mode === "post" ? "published" : "pending",
      },
    });
    return { status: "ok", visible: mode === "post" };
  });
  if (result.status === "ok" && result.visible) publicDataChanged();
  return result;
}

/** An official reply by staff on a public initiative: published at once and marked as such. */
export async function postOfficialReply(input: {
  proposalId: string;
  body: string;
  staffId: string;
}): Promise<{ status: "ok" } | { status: "refused"; reason: "not-found" }> {
  const result = await signalIfOk(
    prisma.$transaction(async (tx) => {
      const proposal = await tx.proposal.findFirst({
        where: {
          id: input.proposalId,
          publishedAt: { not: null },
          status: { in: [...publicStatuses] },
        },
        select: { id: true },
      });
      if (!proposal) return { status: "refused", reason: "not-found" } as const;
      const comment = await tx.comment.create({
        data: {
          proposalId: input.proposalId,
          body: input.body,
          staffId: input.staffId,
          status: "published",
          moderatedAt: new Date(),
        },
      });
      await recordAudit(tx, {
        staffId: input.staffId,
        action: "comment.officialReply",
        entityType: "comment",
        entityId: comment.id,
        after: { proposalId: input.proposalId, body: input.body },
      });
      // Mailed only to a submitter who asked for replies.
      await queueMail(tx, proposal.id, { kind: "reply", body: input.body });
      return { status: "ok" } as const;
    }),
  );
  if (result.status === "ok") mailQueued();
  return result;
}

export async function listPublicComments(proposalId: string) {
  const comments = await prisma.comment.findMany({
    where: { proposalId, status: { in: visibleStatuses } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      body: true,
      authorName: true,
      createdAt: true,
      staffId: true,
    },
  });
  // Which staff member wrote an official reply is not public: only that it is official.
  return comments.map(({ staffId, ...comment }) => ({ ...comment, official: staffId !== null }));
}

export type ReportResult =
  { status: "ok" } | { status: "refused"; reason: "not-found" | "already-reported" };

/** Who reports. Only hashes are stored, never the browser id or the address itself. */
export type Reporter = {
  /** Hash of the signed browser cookie (as for supports). */
  browserKey: string;
  /** The client address; stored as a keyed hash of its bucket (utils/address-key.server.ts). */
  clientAddress: string;
};

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "P2002";

/**
 * A report puts the comment back into the moderation queue; reports from
 * AUTO_HIDE_AFTER_REPORTS distinct reporters hide it until reviewed. A report
 * counts once per browser and once per address: a browser or an address that
 * already reported this comment is refused as "already-reported" (so neither
 * clearing cookies nor switching networks with one browser adds up).
 * Official replies by staff are never hidden by reports; they only go to the queue.
 */
export async function reportComment(commentId: string, reporter: Reporter): Promise<ReportResult> {
  const reporterKey = reporter.browserKey;
  const address = await addressKey(reporter.clientAddress);
  try {
    return await signalIfOk(
      prisma.$transaction(async (tx) => {
        const comment = await tx.comment.findUnique({ where: { id: commentId } });
        if (!comment || !visibleStatuses.includes(comment.status)) {
          return { status: "refused", reason: "not-found" } as const;
        }
        const existing = await tx.commentReport.findFirst({
          where: {
            commentId,
            OR: [{ reporterKey }, { addressKey: address }],
          },
          select: { id: true },
        });
        if (existing) return { status: "refused", reason: "already-reported" } as const;
        await tx.commentReport.create({
          data: { commentId, reporterKey, addressKey: address },
        });
        // Counts distinct reporters since the last staff decision (which resets it).
        const { reportCount } = await tx.comment.update({
          where: { id: commentId },
          data: { reportCount: { increment: 1 } },
          select: { reportCount: true },
        });
        const hide = comment.staffId === null && reportCount >= AUTO_HIDE_AFTER_REPORTS;
        await tx.comment.update({
          where: { id: commentId },
          data: { status: hide ? "auto_hidden" : "reported" },
        });
        return { status: "ok" } as const;
      }),
    );
  } catch (error) {
    // A parallel report from the same browser or address won the race for the unique index.
    if (isUniqueViolation(error)) return { status: "refused", reason: "already-reported" };
    throw error;
  }
}

export type CommentDecision = "approve" | "hide";

export async function moderateComment(input: {
  commentId: string;
  decision: CommentDecision;
  staffId: string;
}): Promise<{ status: "ok" } | { status: "refused"; reason: "not-found" }> {
  return signalIfOk(
    prisma.$transaction(async (tx) => {
      const comment = await tx.comment.findUnique({ where: { id: input.commentId } });
      if (!comment) return { status: "refused", reason: "not-found" } as const;
      const status = input.decision === "approve" ? "published" : "hidden";
      await tx.comment.update({
        where: { id: comment.id },
        data: { status, moderatedAt: new Date(), reportCount: 0 },
      });
      await recordAudit(tx, {
        staffId: input.staffId,
        action: `comment.${input.decision}`,
        entityType: "comment",
        entityId: comment.id,
        before: { status: comment.status, reportCount: comment.reportCount },
        after: { status },
      });
      return { status: "ok" } as const;
    }),
  );
}

/** Comments waiting for staff: new (pre-moderation), reported, auto-hidden. Oldest first. */
export async function listCommentQueue() {
  return prisma.comment.findMany({
    where: { status: { in: ["pending", "reported", "auto_hidden"] } },
    orderBy: { createdAt: "asc" },
    take: 200,
    include: { proposal: { select: { id: true, title: true } } },
  });
}
