import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { publicDataChanged } from "~/modules/events/events.server";
import { procedureAllows } from "~/modules/procedures/procedures.server";
import { prisma } from "~/utils/db.server";
import {
  checkDecision,
  grantedAmount,
  suggestSplit,
  type Allocation,
  type DecisionOutcome,
  type DecisionProblem,
} from "./decision-rules";
import { fundMailQueued, queueFundDecisionMail } from "./fund-mail.server";
import { allocate, listPotBalances } from "./pots.server";
import { quorumState, tallyJuryVotes, type JuryChoice } from "./quorum";

/**
 * The decision team's session: attendance, quorum, recusals, the team's votes
 * and the decisions with their per-pot split. Every command runs in one
 * transaction whose first statement is a conditional write on the session
 * row (`… WHERE closedAt IS NULL`): it takes SQLite's write lock before
 * anything is read, so checks and writes see the same state, and a closed
 * session takes nothing more. The pots are then raised with their own
 * conditional UPDATE (pots.server.ts).
 */

/** Who runs a command, as found by `requireSessionAccess` (jury.server.ts). */
export type SessionActor = {
  staffId: string;
  roundId: string;
  procedureId: string;
  canRun: boolean;
};

export type SessionRefusal =
  | "not-found"
  | "not-allowed"
  | "closed"
  | "phase"
  | "no-quorum"
  | "not-member"
  | "absent"
  | "recused"
  | "not-ready"
  | "decided";

type Refused<R extends string> = { status: "refused"; reason: R };

/** Rolls an interactive transaction back and carries the refusal out of it. */
class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super("rollback");
  }
}

async function inTransaction<T>(run: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(run, { timeout: 10_000 });
  } catch (error) {
    if (error instanceof Rollback) return error.result as T;
    throw error;
  }
}

/**
 * Takes the write lock with a no-op conditional write on the open session,
 * then asks the phase table. Returns a refusal, or null when the command may go on.
 */
async function lockOpenSession(
  tx: Prisma.TransactionClient,
  actor: SessionActor,
  sessionId: string,
  options: { phase: boolean },
): Promise<Refused<"not-found" | "not-allowed" | "closed" | "phase"> | null> {
  if (!actor.canRun) return { status: "refused", reason: "not-allowed" };
  const changed = await tx.$executeRaw`
    UPDATE "FundSession" SET "place" = "place"
    WHERE "id" = ${sessionId} AND "roundId" = ${actor.roundId} AND "closedAt" IS NULL`;
  if (changed === 0) {
    const exists = await tx.fundSession.findFirst({
      where: { id: sessionId, roundId: actor.roundId },
      select: { id: true },
    });
    return { status: "refused", reason: exists ? "closed" : "not-found" };
  }
  if (options.phase) {
    const check = await procedureAllows(actor.procedureId, "fund:decide", new Date(), tx);
    if (!check.allowed) return { status: "refused", reason: "phase" };
  }
  return null;
}

async function sessionQuorum(tx: Prisma.TransactionClient, sessionId: string, roundId: string) {
  const [round, members, present] = await Promise.all([
    tx.fundRound.findUniqueOrThrow({ where: { id: roundId }, select: { quorumRule: true } }),
    tx.fundJuryMember.count({ where: { roundId } }),
    tx.fundAttendance.count({ where: { sessionId, present: true } }),
  ]);
  return quorumState(round.quorumRule, members, present);
}

/** Declared conflicts of interest become recusals of the session (kept even if withdrawn later). */
async function recuseConflicts(
  tx: Prisma.TransactionClient,
  sessionId: string,
  applicationIds: ReadonlyArray<string>,
) {
  if (applicationIds.length === 0) return;
  const conflicts = await tx.fundConflict.findMany({
    where: { applicationId: { in: [...applicationIds] } },
    select: { applicationId: true, memberId: true },
  });
  for (const { applicationId, memberId } of conflicts) {
    await tx.fundRecusal.upsert({
      where: { applicationId_memberId: { applicationId, memberId } },
      create: { sessionId, applicationId, memberId },
      update: {},
    });
  }
}

/** An application of the round that the session may still decide on. */
async function openApplication(
  tx: Prisma.TransactionClient,
  roundId: string,
  applicationId: string,
): Promise<
  Refused<"not-found" | "not-ready" | "decided"> | { status: "ok"; requestedCents: number }
> {
  const application = await tx.fundApplication.findFirst({
    where: { id: applicationId, roundId },
    select: { status: true, requestedCents: true, decision: { select: { id: true } } },
  });
  if (!application) return { status: "refused", reason: "not-found" };
  if (
    application.decision ||
    application.status === "granted" ||
    application.status === "refused"
  ) {
    return { status: "refused", reason: "decided" };
  }
  if (application.status !== "complete") return { status: "refused", reason: "not-ready" };
  return { status: "ok", requestedCents: application.requestedCents };
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

export async function createSession(input: {
  roundId: string;
  heldAt: Date;
  place: string;
  staffId: string;
}): Promise<{ status: "ok"; sessionId: string } | Refused<"not-found">> {
  return prisma.$transaction(async (tx) => {
    const round = await tx.fundRound.findUnique({
      where: { id: input.roundId },
      select: { id: true },
    });
    if (!round) return { status: "refused", reason: "not-found" } as const;
    const session = await tx.fundSession.create({
      data: { roundId: input.roundId, heldAt: input.heldAt, place: input.place },
      select: { id: true },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "fund.session.created",
      entityType: "fundSession",
      entityId: session.id,
      after: { roundId: input.roundId, heldAt: input.heldAt, place: input.place },
    });
    return { status: "ok", sessionId: session.id } as const;
  });
}

export async function listSessions(roundId: string) {
  return prisma.fundSession.findMany({
    where: { roundId },
    orderBy: { heldAt: "asc" },
    select: {
      id: true,
      heldAt: true,
      place: true,
      closedAt: true,
      _count: { select: { decisions: true } },
    },
  });
}

export type AttendanceResult =
  { status: "ok" } | Refused<"not-found" | "not-allowed" | "closed" | "phase">;

/** Present or absent per member (members not named are recorded absent). */
export async function recordAttendance(input: {
  actor: SessionActor;
  sessionId: string;
  presentMemberIds: ReadonlyArray<string>;
}): Promise<AttendanceResult> {
  return inTransaction(async (tx): Promise<AttendanceResult> => {
    const refused = await lockOpenSession(tx, input.actor, input.sessionId, { phase: true });
    if (refused) return refused;
    const members = await tx.fundJuryMember.findMany({
      where: { roundId: input.actor.roundId },
      select: { id: true },
    });
    const present = new Set(input.presentMemberIds);
    for (const member of members) {
      await tx.fundAttendance.upsert({
        where: { sessionId_memberId: { sessionId: input.sessionId, memberId: member.id } },
        create: {
          sessionId: input.sessionId,
          memberId: member.id,
          present: present.has(member.id),
        },
        update: { present: present.has(member.id) },
      });
    }
    await tx.fundSession.updateMany({
      where: { id: input.sessionId, openedAt: null },
      data: { openedAt: new Date() },
    });
    const open = await tx.fundApplication.findMany({
      where: { roundId: input.actor.roundId, status: "complete", decision: null },
      select: { id: true },
    });
    await recuseConflicts(
      tx,
      input.sessionId,
      open.map((application) => application.id),
    );
    await recordAudit(tx, {
      staffId: input.actor.staffId,
      action: "fund.attendance.recorded",
      entityType: "fundSession",
      entityId: input.sessionId,
      after: { present: members.filter((m) => present.has(m.id)).map((m) => m.id) },
    });
    return { status: "ok" };
  });
}

export type RecusalResult =
  | { status: "ok" }
  | Refused<
      "not-found" | "not-allowed" | "closed" | "phase" | "not-member" | "not-ready" | "decided"
    >;

/** A recusal added in the session; the member's vote on the application, if any, is removed. */
export async function addRecusal(input: {
  actor: SessionActor;
  sessionId: string;
  applicationId: string;
  memberId: string;
}): Promise<RecusalResult> {
  return inTransaction(async (tx): Promise<RecusalResult> => {
    const refused = await lockOpenSession(tx, input.actor, input.sessionId, { phase: true });
    if (refused) return refused;
    const application = await openApplication(tx, input.actor.roundId, input.applicationId);
    if (application.status === "refused") return application;
    const member = await tx.fundJuryMember.findFirst({
      where: { id: input.memberId, roundId: input.actor.roundId },
      select: { id: true },
    });
    if (!member) return { status: "refused", reason: "not-member" };
    await tx.fundRecusal.upsert({
      where: {
        applicationId_memberId: { applicationId: input.applicationId, memberId: input.memberId },
      },
      create: {
        sessionId: input.sessionId,
        applicationId: input.applicationId,
        memberId: input.memberId,
      },
      update: {},
    });
    await tx.fundJuryVote.deleteMany({
      where: { applicationId: input.applicationId, memberId: input.memberId },
    });
    await recordAudit(tx, {
      staffId: input.actor.staffId,
      action: "fund.recusal.added",
      entityType: "fundApplication",
      entityId: input.applicationId,
      after: { sessionId: input.sessionId, memberId: input.memberId },
    });
    return { status: "ok" };
  });
}

/** Takes back a recusal added in the session; one that comes from a declared conflict stays. */
export async function removeRecusal(input: {
  actor: SessionActor;
  sessionId: string;
  applicationId: string;
  memberId: string;
}): Promise<RecusalResult> {
  return inTransaction(async (tx): Promise<RecusalResult> => {
    const refused = await lockOpenSession(tx, input.actor, input.sessionId, { phase: true });
    if (refused) return refused;
    const application = await openApplication(tx, input.actor.roundId, input.applicationId);
    if (application.status === "refused") return application;
    const conflict = await tx.fundConflict.findFirst({
      where: { applicationId: input.applicationId, memberId: input.memberId },
      select: { id: true },
    });
    if (conflict) return { status: "refused", reason: "not-allowed" };
    await tx.fundRecusal.deleteMany({
      where: { applicationId: input.applicationId, memberId: input.memberId },
    });
    await recordAudit(tx, {
      staffId: input.actor.staffId,
      action: "fund.recusal.removed",
      entityType: "fundApplication",
      entityId: input.applicationId,
      after: { sessionId: input.sessionId, memberId: input.memberId },
    });
    return { status: "ok" };
  });
}

export type JuryVoteResult =
  | { status: "ok" }
  | Refused<
      | "not-found"
      | "not-allowed"
      | "closed"
      | "phase"
      | "no-quorum"
      | "not-member"
      | "absent"
      | "recused"
      | "not-ready"
      | "decided"
    >;

/** A present, not recused member's vote on an application, recorded by whoever runs the session. */
export async function recordJuryVote(input: {
  actor: SessionActor;
  sessionId: string;
  applicationId: string;
  memberId: string;
  choice: JuryChoice;
}): Promise<JuryVoteResult> {
  return inTransaction(async (tx): Promise<JuryVoteResult> => {
    const refused = await lockOpenSession(tx, input.actor, input.sessionId, { phase: true });
    if (refused) return refused;
    const application = await openApplication(tx, input.actor.roundId, input.applicationId);
    if (application.status === "refused") return application;
    const member = await tx.fundJuryMember.findFirst({
      where: { id: input.memberId, roundId: input.actor.roundId },
      select: { id: true },
    });
    if (!member) return { status: "refused", reason: "not-member" };
    const quorum = await sessionQuorum(tx, input.sessionId, input.actor.roundId);
    if (!quorum.reached) return { status: "refused", reason: "no-quorum" };
    const attendance = await tx.fundAttendance.findUnique({
      where: { sessionId_memberId: { sessionId: input.sessionId, memberId: input.memberId } },
      select: { present: true },
    });
    if (!attendance?.present) return { status: "refused", reason: "absent" };
    await recuseConflicts(tx, input.sessionId, [input.applicationId]);
    const recused = await tx.fundRecusal.findUnique({
      where: {
        applicationId_memberId: { applicationId: input.applicationId, memberId: input.memberId },
      },
      select: { id: true },
    });
    if (recused) return { status: "refused", reason: "recused" };
    await tx.fundJuryVote.upsert({
      where: {
        applicationId_memberId: { applicationId: input.applicationId, memberId: input.memberId },
      },
      create: {
        sessionId: input.sessionId,
        applicationId: input.applicationId,
        memberId: input.memberId,
        choice: input.choice,
      },
      update: { choice: input.choice, sessionId: input.sessionId },
    });
    await recordAudit(tx, {
      staffId: input.actor.staffId,
      action: "fund.juryVote.recorded",
      entityType: "fundApplication",
      entityId: input.applicationId,
      after: { sessionId: input.sessionId, memberId: input.memberId, choice: input.choice },
    });
    return { status: "ok" };
  });
}

/** The votes that count: present members who are not recused. */
async function countedVotes(
  tx: Prisma.TransactionClient,
  sessionId: string,
  applicationId: string,
) {
  const [votes, recusals, attendance] = await Promise.all([
    tx.fundJuryVote.findMany({
      where: { applicationId },
      select: { memberId: true, choice: true },
    }),
    tx.fundRecusal.findMany({ where: { applicationId }, select: { memberId: true } }),
    tx.fundAttendance.findMany({ where: { sessionId, present: true }, select: { memberId: true } }),
  ]);
  const recused = new Set(recusals.map((r) => r.memberId));
  const present = new Set(attendance.map((a) => a.memberId));
  return votes.filter((vote) => present.has(vote.memberId) && !recused.has(vote.memberId));
}

export type DecideResult =
  | { status: "ok"; decisionId: string }
  | Refused<
      "not-found" | "not-allowed" | "closed" | "phase" | "no-quorum" | "not-ready" | "decided"
    >
  | { status: "refused"; reason: "invalid"; problems: DecisionProblem[] }
  | { status: "refused"; reason: "pot-short"; potName: string; availableCents: number };

/**
 * The team's decision on an application: granted in full, reduced with a
 * per-pot split, or refused — always with a reason. In one transaction: the
 * pots are raised (refusing the whole decision when one has too little left),
 * the decision and its split are stored, the application's status is set, a
 * public "decided" event with the reason goes on its timeline, and the audit
 * log gets an entry.
 */
export async function decideApplication(input: {
  actor: SessionActor;
  sessionId: string;
  applicationId: string;
  outcome: DecisionOutcome;
  grantedCents: number;
  allocations: ReadonlyArray<Allocation>;
  reason: string;
}): Promise<DecideResult> {
  const result = await inTransaction(async (tx): Promise<DecideResult> => {
    const refused = await lockOpenSession(tx, input.actor, input.sessionId, { phase: true });
    if (refused) return refused;
    const application = await openApplication(tx, input.actor.roundId, input.applicationId);
    if (application.status === "refused") return application;
    const quorum = await sessionQuorum(tx, input.sessionId, input.actor.roundId);
    if (!quorum.reached) return { status: "refused", reason: "no-quorum" };
    await recuseConflicts(tx, input.sessionId, [input.applicationId]);
    const votes = await countedVotes(tx, input.sessionId, input.applicationId);
    const pots = await tx.fundPot.findMany({
      where: { roundId: input.actor.roundId },
      select: { id: true },
    });
    const problems = checkDecision(input, {
      requestedCents: application.requestedCents,
      potIds: pots.map((pot) => pot.id),
      tally: tallyJuryVotes(votes.map((vote) => vote.choice)),
    });
    if (problems.length > 0) return { status: "refused", reason: "invalid", problems };
    const grantedCents = grantedAmount(input, application.requestedCents);
    const allocations =
      grantedCents > 0 ? input.allocations.filter((part) => part.amountCents > 0) : [];
    const allocated = await allocate(tx, allocations);
    if (allocated.status === "refused") {
      // Earlier pots of this decision were already raised: undo all of it.
      throw new Rollback<DecideResult>({
        status: "refused",
        reason: "pot-short",
        potName: allocated.potName,
        availableCents: allocated.availableCents,
      });
    }
    const reason = input.reason.trim();
    const decision = await tx.fundDecision.create({
      data: {
        applicationId: input.applicationId,
        sessionId: input.sessionId,
        outcome: input.outcome,
        grantedCents,
        reason,
        decidedById: input.actor.staffId,
        allocations: {
          create: allocations.map(({ potId, amountCents }) => ({ potId, amountCents })),
        },
      },
      select: { id: true },
    });
    const status = input.outcome === "refused" ? "refused" : "granted";
    await tx.fundApplication.update({ where: { id: input.applicationId }, data: { status } });
    await tx.fundEvent.create({
      data: {
        applicationId: input.applicationId,
        kind: "decided",
        note: reason,
        actor: "jury",
        staffId: input.actor.staffId,
        public: true,
      },
    });
    await recordAudit(tx, {
      staffId: input.actor.staffId,
      action: "fund.decision.recorded",
      entityType: "fundApplication",
      entityId: input.applicationId,
      after: {
        sessionId: input.sessionId,
        outcome: input.outcome,
        grantedCents,
        allocations,
        votes: tallyJuryVotes(votes.map((vote) => vote.choice)),
      },
    });
    await queueFundDecisionMail(tx, input.applicationId);
    return { status: "ok", decisionId: decision.id };
  });
  if (result.status === "ok") publicDataChanged();
  fundMailQueued(result);
  return result;
}

export type CloseResult = { status: "ok" } | Refused<"not-found" | "not-allowed" | "closed">;

/** Closes the session: no more changes; the minutes are final. */
export async function closeSession(input: {
  actor: SessionActor;
  sessionId: string;
}): Promise<CloseResult> {
  return inTransaction(async (tx): Promise<CloseResult> => {
    const refused = await lockOpenSession(tx, input.actor, input.sessionId, { phase: false });
    // Without the phase check, "phase" cannot come back.
    if (refused)
      return { status: "refused", reason: refused.reason === "phase" ? "closed" : refused.reason };
    await tx.fundSession.update({
      where: { id: input.sessionId },
      data: { closedAt: new Date() },
    });
    await recordAudit(tx, {
      staffId: input.actor.staffId,
      action: "fund.session.closed",
      entityType: "fundSession",
      entityId: input.sessionId,
    });
    return { status: "ok" };
  });
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/**
 * Everything the session page, the projection and the minutes show. Applicants
 * appear by project title and (for associations) the association's name only.
 * Applications: those ready for a decision, and those decided in this session.
 */
export async function getSessionView(sessionId: string) {
  const session = await prisma.fundSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      heldAt: true,
      place: true,
      openedAt: true,
      closedAt: true,
      roundId: true,
      round: {
        select: {
          quorumRule: true,
          procedure: { select: { title: true } },
          members: {
            orderBy: [{ isChair: "desc" }, { createdAt: "asc" }],
            select: { id: true, isChair: true, staff: { select: { name: true } } },
          },
        },
      },
      attendance: { select: { memberId: true, present: true } },
    },
  });
  if (!session) return null;
  const [pots, applications] = await Promise.all([
    listPotBalances(session.roundId),
    prisma.fundApplication.findMany({
      where: {
        roundId: session.roundId,
        OR: [{ status: "complete", decision: null }, { decision: { sessionId } }],
      },
      orderBy: [{ submittedAt: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        status: true,
        title: true,
        applicantKind: true,
        organisation: true,
        district: true,
        requestedCents: true,
        costLines: {
          orderBy: { position: "asc" },
          select: { description: true, amountCents: true, potKind: true },
        },
        conflicts: { select: { memberId: true, note: true } },
        recusals: { select: { memberId: true } },
        juryVotes: { select: { memberId: true, choice: true } },
        decision: {
          select: {
            outcome: true,
            grantedCents: true,
            reason: true,
            createdAt: true,
            allocations: { select: { potId: true, amountCents: true } },
          },
        },
      },
    }),
  ]);
  const attendance = new Map(session.attendance.map((a) => [a.memberId, a.present]));
  const members = session.round.members.map((member) => ({
    id: member.id,
    name: member.staff.name,
    isChair: member.isChair,
    present: attendance.has(member.id) ? attendance.get(member.id)! : null,
  }));
  const presentIds = new Set(members.filter((m) => m.present).map((m) => m.id));
  const quorum = quorumState(session.round.quorumRule, members.length, presentIds.size);
  const potName = new Map(pots.map((pot) => [pot.id, pot.name]));
  return {
    session: {
      id: session.id,
      roundId: session.roundId,
      heldAt: session.heldAt,
      place: session.place,
      openedAt: session.openedAt,
      closedAt: session.closedAt,
    },
    round: { id: session.roundId, title: session.round.procedure.title },
    members,
    quorum,
    pots,
    applications: applications.map((application) => {
      const recused = new Map<string, { fromConflict: boolean; note: string | null }>();
      for (const r of application.recusals)
        recused.set(r.memberId, { fromConflict: false, note: null });
      for (const c of application.conflicts)
        recused.set(c.memberId, { fromConflict: true, note: c.note });
      const votes = application.juryVotes.filter(
        (vote) => presentIds.has(vote.memberId) && !recused.has(vote.memberId),
      );
      return {
        id: application.id,
        status: application.status,
        title: application.title,
        organisation: application.applicantKind === "association" ? application.organisation : null,
        district: application.district,
        requestedCents: application.requestedCents,
        costLines: application.costLines,
        recusals: members
          .filter((member) => recused.has(member.id))
          .map((member) => ({
            memberId: member.id,
            name: member.name,
            ...recused.get(member.id)!,
          })),
        votes: members.flatMap((member) => {
          const vote = votes.find((v) => v.memberId === member.id);
          return vote ? [{ memberId: member.id, name: member.name, choice: vote.choice }] : [];
        }),
        tally: tallyJuryVotes(votes.map((vote) => vote.choice)),
        decision: application.decision
          ? {
              ...application.decision,
              allocations: application.decision.allocations.map((part) => ({
                ...part,
                potName: potName.get(part.potId) ?? "",
              })),
            }
          : null,
        suggestedSplit: suggestSplit(application.requestedCents, application.costLines, pots),
      };
    }),
  };
}

export type SessionView = NonNullable<Awaited<ReturnType<typeof getSessionView>>>;

/** A round's title (its procedure's), or null when there is no such round. */
export async function getRoundTitle(roundId: string): Promise<string | null> {
  const round = await prisma.fundRound.findUnique({
    where: { id: roundId },
    select: { procedure: { select: { title: true } } },
  });
  return round?.procedure.title ?? null;
}
