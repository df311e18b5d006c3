import { distance } from "@turf/turf";
import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { isMailedStatus } from "~/modules/mail/mail-message.server";
import { mailQueued, queueMail } from "~/modules/mail/outbox.server";
import { publicStatuses, type Status } from "~/modules/proposals/statuses";
import { prisma } from "~/utils/db.server";
import { publicDataChanged } from "~/modules/proposals/public-data-cache.server";
import { significantWords, titleSimilarity } from "./similarity";
import { canTransition, publishingStatuses, reasonRequired } from "./workflow";

export type ModerationResult =
  | { status: "ok" }
  | {
      status: "refused";
      reason:
        | "not-found"
        | "invalid-transition"
        | "reason-required"
        | "original-invalid"
        | "unchanged"
        | "on-ballot"
        | "has-outcome";
    };

/**
 * An initiative on the ballot of a vote whose result is not yet published, or
 * with a recorded outcome, stays as it is: hiding it would change a running
 * vote or erase a public decision. Staff first take it off the ballot (before
 * anyone voted); an outcome is kept for good.
 */
async function outcomeLock(
  tx: Prisma.TransactionClient,
  proposalId: string,
): Promise<"on-ballot" | "has-outcome" | null> {
  const [onBallot, record] = await Promise.all([
    tx.voteOption.count({ where: { proposalId, vote: { resultsPublishedAt: null } } }),
    tx.implementationRecord.count({ where: { proposalId } }),
  ]);
  if (record > 0) return "has-outcome";
  return onBallot > 0 ? "on-ballot" : null;
}

/**
 * Changes an initiative's status along the workflow, with a public reason where
 * one is required. One transaction: status, timeline entry and audit entry.
 */
/**
 * Runs a moderation command; when it succeeds, cached public data is rebuilt
 * and the mail worker looks for the mail the command may have queued.
 */
async function changingPublicData(
  command: () => Promise<ModerationResult>,
): Promise<ModerationResult> {
  const result = await command();
  if (result.status === "ok") {
    publicDataChanged();
    mailQueued();
  }
  return result;
}

export async function changeStatus(input: {
  staffId: string;
  proposalId: string;
  to: Status;
  reason?: string;
}): Promise<ModerationResult> {
  const reason = input.reason?.trim() || undefined;
  return changingPublicData(() =>
    prisma.$transaction(async (tx) => {
      const proposal = await tx.proposal.findUnique({
        where: { id: input.proposalId },
        select: { id: true, status: true, publishedAt: true },
      });
      if (!proposal) return { status: "refused", reason: "not-found" } as const;
      // "duplicate" needs an original and moves supports: only markDuplicate sets it.
      if (input.to === "duplicate" || !canTransition(proposal.status, input.to)) {
        return { status: "refused", reason: "invalid-transition" } as const;
      }
      if (reasonRequired.includes(input.to) && !reason) {
        return { status: "refused", reason: "reason-required" } as const;
      }
      const lock = await outcomeLock(tx, proposal.id);
      if (lock) return { status: "refused", reason: lock } as const;
      const data: Prisma.ProposalUpdateInput = { status: input.to };
      if (publishingStatuses.includes(input.to) && !proposal.publishedAt)
        data.publishedAt = new Date();
      if (input.to === "changes_requested") data.changeRequest = reason;
      await tx.proposal.update({ where: { id: proposal.id }, data });
      await tx.statusChange.create({
        data: {
          proposalId: proposal.id,
          fromStatus: proposal.status,
          toStatus: input.to,
          reason: reason ?? null,
          actor: "staff",
          staffId: input.staffId,
        },
      });
      await recordAudit(tx, {
        staffId: input.staffId,
        action: "proposal.status",
        entityType: "proposal",
        entityId: proposal.id,
        before: { status: proposal.status },
        after: { status: input.to, reason },
      });
      // The submitter hears about it (if they left an address and mail is configured).
      if (isMailedStatus(input.to)) {
        await queueMail(tx, proposal.id, { kind: "status", status: input.to, reason });
      }
      return { status: "ok" } as const;
    }),
  );
}

/**
 * Marks an initiative as a duplicate of a published one. Its supporters are
 * moved to the original (each browser counted once), and it points there.
 */
export async function markDuplicate(input: {
  staffId: string;
  proposalId: string;
  originalId: string;
}): Promise<ModerationResult> {
  if (input.proposalId === input.originalId)
    return { status: "refused", reason: "original-invalid" };
  return changingPublicData(() =>
    prisma.$transaction(async (tx) => {
      const [proposal, original] = await Promise.all([
        tx.proposal.findUnique({
          where: { id: input.proposalId },
          select: { id: true, status: true },
        }),
        tx.proposal.findUnique({
          where: { id: input.originalId },
          select: { id: true, status: true, publishedAt: true, duplicateOfId: true },
        }),
      ]);
      if (!proposal) return { status: "refused", reason: "not-found" } as const;
      if (
        !original ||
        !original.publishedAt ||
        !(publicStatuses as ReadonlyArray<string>).includes(original.status)
      ) {
        return { status: "refused", reason: "original-invalid" } as const;
      }
      if (!canTransition(proposal.status, "duplicate")) {
        return { status: "refused", reason: "invalid-transition" } as const;
      }
      const lock = await outcomeLock(tx, proposal.id);
      if (lock) return { status: "refused", reason: lock } as const;
      // Browsers that support both count once: drop their duplicate rows, move the rest.
      const supportsBefore = await tx.support.count({ where: { proposalId: proposal.id } });
      const originalKeys = await tx.support.findMany({
        where: { proposalId: original.id },
        select: { supporterKey: true },
      });
      await tx.support.deleteMany({
        where: {
          proposalId: proposal.id,
          supporterKey: { in: originalKeys.map((row) => row.supporterKey) },
        },
      });
      await tx.support.updateMany({
        where: { proposalId: proposal.id },
        data: { proposalId: original.id },
      });
      const [duplicateCount, originalCount] = await Promise.all([
        tx.support.count({ where: { proposalId: proposal.id } }),
        tx.support.count({ where: { proposalId: original.id } }),
      ]);
      await tx.proposal.update({
        where: { id: proposal.id },
        data: { status: "duplicate", duplicateOfId: original.id, supportCount: duplicateCount },
      });
      await tx.proposal.update({
        where: { id: original.id },
        data: { supportCount: originalCount },
      });
      await tx.statusChange.create({
        data: {
          proposalId: proposal.id,
          fromStatus: proposal.status,
          toStatus: "duplicate",
          actor: "staff",
          staffId: input.staffId,
        },
      });
      await recordAudit(tx, {
        staffId: input.staffId,
        action: "proposal.duplicate",
        entityType: "proposal",
        entityId: proposal.id,
        before: { status: proposal.status },
        after: { status: "duplicate", duplicateOfId: original.id, movedSupports: supportsBefore },
      });
      await queueMail(tx, proposal.id, {
        kind: "status",
        status: "duplicate",
        originalId: original.id,
      });
      return { status: "ok" } as const;
    }),
  );
}

/** Fixes typos; the previous text is kept as a revision (the resident's original is never lost). */
export async function editProposalText(input: {
  staffId: string;
  proposalId: string;
  title: string;
  description: string;
}): Promise<ModerationResult> {
  return changingPublicData(() =>
    prisma.$transaction(async (tx) => {
      const proposal = await tx.proposal.findUnique({
        where: { id: input.proposalId },
        select: { id: true, title: true, description: true },
      });
      if (!proposal) return { status: "refused", reason: "not-found" } as const;
      if (proposal.title === input.title && proposal.description === input.description) {
        return { status: "refused", reason: "unchanged" } as const;
      }
      await tx.proposalRevision.create({
        data: {
          proposalId: proposal.id,
          title: proposal.title,
          description: proposal.description,
          replacedById: input.staffId,
        },
      });
      await tx.proposal.update({
        where: { id: proposal.id },
        data: { title: input.title, description: input.description },
      });
      await recordAudit(tx, {
        staffId: input.staffId,
        action: "proposal.edit",
        entityType: "proposal",
        entityId: proposal.id,
        before: { title: proposal.title, description: proposal.description },
        after: { title: input.title, description: input.description },
      });
      return { status: "ok" } as const;
    }),
  );
}

export async function addInternalNote(input: {
  staffId: string;
  proposalId: string;
  body: string;
}) {
  return prisma.$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({
      where: { id: input.proposalId },
      select: { id: true },
    });
    if (!proposal) return { status: "refused", reason: "not-found" } as const;
    const note = await tx.internalNote.create({
      data: { proposalId: proposal.id, staffId: input.staffId, body: input.body },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "proposal.note",
      entityType: "proposal",
      entityId: proposal.id,
      after: { noteId: note.id, body: input.body },
    });
    return { status: "ok" } as const;
  });
}

/** Initiatives waiting for staff, oldest first. */
export async function listProposalQueue() {
  return prisma.proposal.findMany({
    where: { status: { in: ["submitted", "in_review"] } },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: {
      id: true,
      title: true,
      category: true,
      status: true,
      district: true,
      language: true,
      createdAt: true,
    },
  });
}

export async function getQueueCounts() {
  const [proposals, comments] = await Promise.all([
    prisma.proposal.count({ where: { status: { in: ["submitted", "in_review"] } } }),
    prisma.comment.count({ where: { status: { in: ["pending", "reported", "auto_hidden"] } } }),
  ]);
  return { proposals, comments };
}

/**
 * Everything staff see about one initiative, with internal notes but without
 * the submitter's contact data: only whether there is some. The data itself
 * is shown on request, and logged (contact-data.server.ts).
 */
export async function getProposalForStaff(id: string) {
  const proposal = await prisma.proposal.findUnique({
    where: { id },
    include: {
      fundingArea: { select: { name: true } },
      duplicateOf: { select: { id: true, title: true } },
      procedure: { select: { id: true, title: true, state: true } },
      // The ballots it is on (votes live in procedures, see /staff/procedures).
      voteOptions: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          vote: {
            select: {
              id: true,
              closedAt: true,
              resultsPublishedAt: true,
              procedure: { select: { id: true, title: true } },
            },
          },
        },
      },
      statusChanges: {
        orderBy: { createdAt: "asc" },
        include: { staff: { select: { name: true } } },
      },
      revisions: {
        orderBy: { createdAt: "asc" },
        include: { replacedBy: { select: { name: true } } },
      },
      notes: { orderBy: { createdAt: "asc" }, include: { staff: { select: { name: true } } } },
    },
  });
  if (!proposal) return null;
  const { submitterName, submitterEmail, contactConsentAt: _consent, ...rest } = proposal;
  return { ...rest, hasContact: submitterName !== null || submitterEmail !== null };
}

const NEAR_METERS = 50;

/** Published initiatives within ~50 m or with a similar title. */
export async function findPossibleDuplicates(proposal: {
  id: string;
  title: string;
  lon: number;
  lat: number;
}) {
  // ~50 m expressed in degrees at Leipzig's latitude, as a cheap pre-filter.
  const dLat = NEAR_METERS / 111_320;
  const dLon = NEAR_METERS / (111_320 * Math.cos((proposal.lat * Math.PI) / 180));
  const words = significantWords(proposal.title);
  const candidates = await prisma.proposal.findMany({
    where: {
      id: { not: proposal.id },
      publishedAt: { not: null },
      status: { in: [...publicStatuses] },
      OR: [
        {
          lat: { gte: proposal.lat - dLat, lte: proposal.lat + dLat },
          lon: { gte: proposal.lon - dLon, lte: proposal.lon + dLon },
        },
        ...words.map((word) => ({ title: { contains: word } })),
      ],
    },
    select: { id: true, title: true, status: true, lon: true, lat: true },
    take: 300,
  });
  return candidates
    .map((candidate) => ({
      ...candidate,
      meters: Math.round(
        distance([proposal.lon, proposal.lat], [candidate.lon, candidate.lat], { units: "meters" }),
      ),
      similarity: titleSimilarity(proposal.title, candidate.title),
    }))
    .filter((c) => c.meters <= NEAR_METERS || c.similarity >= 0.35)
    .sort((a, b) => b.similarity - a.similarity || a.meters - b.meters)
    .slice(0, 8);
}

const STAFF_PAGE_SIZE = 50;

/** All initiatives for staff, any status, newest first. */
export async function listProposalsForStaff(filter: { status?: Status; q?: string; page: number }) {
  const where: Prisma.ProposalWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.q
      ? { OR: [{ title: { contains: filter.q } }, { description: { contains: filter.q } }] }
      : {}),
  };
  const [total, items] = await prisma.$transaction([
    prisma.proposal.count({ where }),
    prisma.proposal.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (filter.page - 1) * STAFF_PAGE_SIZE,
      take: STAFF_PAGE_SIZE,
      select: {
        id: true,
        title: true,
        status: true,
        category: true,
        createdAt: true,
        supportCount: true,
        implementation: { select: { state: true } },
      },
    }),
  ]);
  return {
    total,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE)),
    items,
  };
}
