import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { currentSituation, type Phase } from "~/modules/procedures/phases";
import { localisedText } from "~/modules/procedures/procedure-text";
import { prisma } from "~/utils/db.server";
import { potAvailable, potCommitted } from "./pot-math";
import { reportReminder } from "./report-due";
import type { QuorumRule } from "./quorum";

type Db = Prisma.TransactionClient | typeof prisma;

/**
 * A fund round's rules, pots, decision team, the annual overview, the
 * reminder queue for spending reports and the public "Gefördert" list.
 * Amounts are integer cents.
 */

/** What a new round starts with: the Leipzig Verfügungsfonds' usual rules; an admin adjusts them. */
export const roundDefaults = {
  maxPerProjectCents: 200_000,
  maxPerItemCents: 41_000,
  volunteerRateCents: 800,
  minOwnContributionPercent: null,
  earliestProjectStart: null,
  reportDueDays: 56,
  quorumRule: "more_than_half",
} as const satisfies RoundRules;

export type RoundRules = {
  maxPerProjectCents: number;
  maxPerItemCents: number;
  volunteerRateCents: number;
  minOwnContributionPercent: number | null;
  earliestProjectStart: Date | null;
  reportDueDays: number;
  quorumRule: QuorumRule;
};

export type PotInput = { name: string; kind: "investive" | "non_investive"; amountCents: number };

/** Decisions that give money (a refusal gives none). */
const grantedOutcomes = ["granted", "reduced"] as const;
const grantedDecision = {
  outcome: { in: [...grantedOutcomes] },
} satisfies Prisma.FundDecisionWhereInput;

/** Creates the rules of a new fund round, inside the transaction that creates its procedure. */
export async function createRoundForProcedure(db: Db, procedureId: string, staffId: string) {
  const round = await db.fundRound.create({
    data: { procedureId, ...roundDefaults },
    select: { id: true },
  });
  await recordAudit(db, {
    staffId,
    action: "fund.round.created",
    entityType: "fund_round",
    entityId: round.id,
    after: { procedureId, ...roundDefaults },
  });
  return round;
}

const rulesSelect = {
  maxPerProjectCents: true,
  maxPerItemCents: true,
  volunteerRateCents: true,
  minOwnContributionPercent: true,
  earliestProjectStart: true,
  reportDueDays: true,
  quorumRule: true,
} as const;

const potSelect = {
  id: true,
  name: true,
  kind: true,
  amountCents: true,
  grantedCents: true,
  returnedCents: true,
  position: true,
} as const;

const phaseSelect = { select: { kind: true, startsAt: true, endsAt: true } } as const;

// ---------------------------------------------------------------------------
// Staff: list, one round, edits
// ---------------------------------------------------------------------------

/** All rounds with their pots, newest first. */
export async function listRoundsForStaff(now = new Date()) {
  const rounds = await prisma.fundRound.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      procedure: { select: { id: true, title: true, state: true, phases: phaseSelect } },
      pots: { orderBy: { position: "asc" }, select: potSelect },
      _count: { select: { applications: { where: { status: { not: "draft" } } }, members: true } },
    },
  });
  return rounds.map((round) => {
    const { situation } = currentSituation(round.procedure.phases as Phase[], now);
    return {
      id: round.id,
      procedureId: round.procedure.id,
      title: round.procedure.title,
      state: round.procedure.state,
      situation,
      applications: round._count.applications,
      members: round._count.members,
      pots: round.pots.map((pot) => ({ ...pot, freeCents: potAvailable(pot) })),
    };
  });
}

/** One round for its staff page: rules, pots, team, and the accounts that could join it. */
export async function getRoundForStaff(roundId: string) {
  const round = await prisma.fundRound.findUnique({
    where: { id: roundId },
    select: {
      id: true,
      ...rulesSelect,
      procedure: { select: { id: true, title: true, state: true, phases: phaseSelect } },
      pots: { orderBy: { position: "asc" }, select: potSelect },
      members: {
        orderBy: [{ isChair: "desc" }, { createdAt: "asc" }],
        select: {
          id: true,
          isChair: true,
          staff: { select: { id: true, name: true, email: true, role: true, active: true } },
        },
      },
    },
  });
  if (!round) return null;
  const memberIds = round.members.map((member) => member.staff.id);
  const candidates = await prisma.staff.findMany({
    where: { active: true, id: { notIn: memberIds } },
    // Decision team accounts first: they are the usual members.
    orderBy: [{ role: "asc" }, { name: "asc" }],
    select: { id: true, name: true, email: true, role: true },
  });
  candidates.sort((a, b) => Number(b.role === "jury") - Number(a.role === "jury"));
  return { ...round, candidates };
}

export type RoundCommandResult =
  | { status: "ok" }
  | { status: "refused"; reason: "not-found" | "not-member" | "has-allocations" | "has-votes" }
  | { status: "refused"; reason: "below-committed"; committedCents: number };

/** Saves a round's rules (admin). */
export async function updateRoundRules(
  roundId: string,
  rules: RoundRules,
  staffId: string,
): Promise<RoundCommandResult> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.fundRound.findUnique({ where: { id: roundId }, select: rulesSelect });
    if (!before) return { status: "refused", reason: "not-found" } as const;
    await tx.fundRound.update({ where: { id: roundId }, data: rules });
    await recordAudit(tx, {
      staffId,
      action: "fund.round.rules_updated",
      entityType: "fund_round",
      entityId: roundId,
      before,
      after: rules,
    });
    return { status: "ok" } as const;
  });
}

/** Adds a pot to a round (admin). */
export async function addPot(
  roundId: string,
  input: PotInput,
  staffId: string,
): Promise<RoundCommandResult> {
  return prisma.$transaction(async (tx) => {
    const round = await tx.fundRound.findUnique({
      where: { id: roundId },
      select: { _count: { select: { pots: true } } },
    });
    if (!round) return { status: "refused", reason: "not-found" } as const;
    const pot = await tx.fundPot.create({
      data: { roundId, ...input, position: round._count.pots },
      select: { id: true },
    });
    await recordAudit(tx, {
      staffId,
      action: "fund.pot.created",
      entityType: "fund_pot",
      entityId: pot.id,
      after: { roundId, ...input },
    });
    return { status: "ok" } as const;
  });
}

/**
 * Changes a pot's name, kind and amount (admin). The amount may not fall below
 * what the pot has already committed to projects (granted − returned): the
 * conditional UPDATE refuses it even when a decision lands at the same moment,
 * and the CHECK constraint on the table is the last line.
 */
export async function updatePot(
  roundId: string,
  potId: string,
  input: PotInput,
  staffId: string,
): Promise<RoundCommandResult> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.fundPot.findFirst({ where: { id: potId, roundId }, select: potSelect });
    if (!before) return { status: "refused", reason: "not-found" } as const;
    const changed = await tx.$executeRaw`
      UPDATE "FundPot" SET "name" = ${input.name}, "kind" = ${input.kind}, "amountCents" = ${input.amountCents}
      WHERE "id" = ${potId} AND "grantedCents" - "returnedCents" <= ${input.amountCents}`;
    if (changed === 0) {
      const now = await tx.fundPot.findUniqueOrThrow({ where: { id: potId }, select: potSelect });
      return {
        status: "refused",
        reason: "below-committed",
        committedCents: potCommitted(now),
      } as const;
    }
    await recordAudit(tx, {
      staffId,
      action: "fund.pot.updated",
      entityType: "fund_pot",
      entityId: potId,
      before: { name: before.name, kind: before.kind, amountCents: before.amountCents },
      after: input,
    });
    return { status: "ok" } as const;
  });
}

/** Removes a pot that has never been granted from (admin). */
export async function removePot(
  roundId: string,
  potId: string,
  staffId: string,
): Promise<RoundCommandResult> {
  return prisma.$transaction(async (tx) => {
    const pot = await tx.fundPot.findFirst({
      where: { id: potId, roundId },
      select: { ...potSelect, _count: { select: { allocations: true } } },
    });
    if (!pot) return { status: "refused", reason: "not-found" } as const;
    if (pot._count.allocations > 0 || pot.grantedCents > 0) {
      return { status: "refused", reason: "has-allocations" } as const;
    }
    await tx.fundPot.delete({ where: { id: potId } });
    await recordAudit(tx, {
      staffId,
      action: "fund.pot.removed",
      entityType: "fund_pot",
      entityId: potId,
      before: { roundId, name: pot.name, kind: pot.kind, amountCents: pot.amountCents },
    });
    return { status: "ok" } as const;
  });
}

/** Adds an existing, active account to the round's decision team (admin). */
export async function addMember(
  roundId: string,
  memberStaffId: string,
  isChair: boolean,
  staffId: string,
): Promise<RoundCommandResult> {
  return prisma.$transaction(async (tx) => {
    const [round, account] = await Promise.all([
      tx.fundRound.findUnique({ where: { id: roundId }, select: { id: true } }),
      tx.staff.findFirst({ where: { id: memberStaffId, active: true }, select: { id: true } }),
    ]);
    if (!round || !account) return { status: "refused", reason: "not-found" } as const;
    if (isChair)
      await tx.fundJuryMember.updateMany({ where: { roundId }, data: { isChair: false } });
    const member = await tx.fundJuryMember.upsert({
      where: { roundId_staffId: { roundId, staffId: memberStaffId } },
      create: { roundId, staffId: memberStaffId, isChair },
      update: isChair ? { isChair } : {},
      select: { id: true },
    });
    await recordAudit(tx, {
      staffId,
      action: "fund.member.added",
      entityType: "fund_round",
      entityId: roundId,
      after: { memberId: member.id, staffId: memberStaffId, isChair },
    });
    return { status: "ok" } as const;
  });
}

/** Takes a member off the team (admin). Their recorded votes stay with the minutes' session. */
export async function removeMember(
  roundId: string,
  memberId: string,
  staffId: string,
): Promise<RoundCommandResult> {
  return prisma.$transaction(async (tx) => {
    const member = await tx.fundJuryMember.findFirst({
      where: { id: memberId, roundId },
      select: { id: true, staffId: true, isChair: true, _count: { select: { juryVotes: true } } },
    });
    if (!member) return { status: "refused", reason: "not-member" } as const;
    // A member who has voted is part of a session's record: deleting would take the votes with it.
    if (member._count.juryVotes > 0)
      return { status: "refused", reason: "has-allocations" } as const;
    await tx.fundJuryMember.delete({ where: { id: memberId } });
    await recordAudit(tx, {
      staffId,
      action: "fund.member.removed",
      entityType: "fund_round",
      entityId: roundId,
      before: { memberId, staffId: member.staffId, isChair: member.isChair },
    });
    return { status: "ok" } as const;
  });
}

/** Makes one member the chair; the round has at most one (admin). */
export async function setChair(
  roundId: string,
  memberId: string,
  staffId: string,
): Promise<RoundCommandResult> {
  return prisma.$transaction(async (tx) => {
    const member = await tx.fundJuryMember.findFirst({
      where: { id: memberId, roundId },
      select: { id: true, staffId: true },
    });
    if (!member) return { status: "refused", reason: "not-member" } as const;
    await tx.fundJuryMember.updateMany({ where: { roundId }, data: { isChair: false } });
    await tx.fundJuryMember.update({ where: { id: memberId }, data: { isChair: true } });
    await recordAudit(tx, {
      staffId,
      action: "fund.member.chair",
      entityType: "fund_round",
      entityId: roundId,
      after: { memberId, staffId: member.staffId },
    });
    return { status: "ok" } as const;
  });
}

// ---------------------------------------------------------------------------
// The annual overview, the granted projects, the reminder queue
// ---------------------------------------------------------------------------

/** Granted projects of a round, with what the overview and the CSV show. No contact data. */
export async function listGrantedProjects(roundId: string) {
  const applications = await prisma.fundApplication.findMany({
    where: { roundId, decision: grantedDecision },
    orderBy: [{ startsOn: "asc" }, { title: "asc" }],
    select: {
      id: true,
      title: true,
      district: true,
      lon: true,
      lat: true,
      startsOn: true,
      endsOn: true,
      requestedCents: true,
      decision: {
        select: {
          grantedCents: true,
          paidCents: true,
          paidAt: true,
          allocations: { select: { potId: true, amountCents: true } },
        },
      },
      report: { select: { status: true, spentCents: true, returnedCents: true } },
    },
  });
  return applications.map(({ decision, report, ...application }) => ({
    ...application,
    grantedCents: decision?.grantedCents ?? 0,
    paidCents: decision?.paidCents ?? 0,
    allocations: decision?.allocations ?? [],
    reportStatus: report?.status ?? null,
    // Spent money counts once staff have accepted the report.
    spentCents: report?.status === "accepted" ? report.spentCents : 0,
    returnedCents: report?.status === "accepted" ? report.returnedCents : 0,
  }));
}

export type GrantedProject = Awaited<ReturnType<typeof listGrantedProjects>>[number];

/**
 * Per pot: amount, granted, paid, spent, returned, free. A payment and a
 * report are per project; a project granted from two pots counts in each in
 * proportion to its allocation there.
 */
export function overviewByPot(
  pots: ReadonlyArray<{
    id: string;
    name: string;
    kind: string;
    amountCents: number;
    grantedCents: number;
    returnedCents: number;
  }>,
  projects: ReadonlyArray<
    Pick<GrantedProject, "grantedCents" | "paidCents" | "spentCents" | "allocations">
  >,
) {
  const rows = pots.map((pot) => {
    let paidCents = 0;
    let spentCents = 0;
    for (const project of projects) {
      const share = project.allocations.find((a) => a.potId === pot.id)?.amountCents ?? 0;
      if (!share || !project.grantedCents) continue;
      paidCents += Math.round((project.paidCents * share) / project.grantedCents);
      spentCents += Math.round((project.spentCents * share) / project.grantedCents);
    }
    return {
      id: pot.id,
      name: pot.name,
      kind: pot.kind,
      amountCents: pot.amountCents,
      grantedCents: pot.grantedCents,
      paidCents,
      spentCents,
      returnedCents: pot.returnedCents,
      freeCents: potAvailable(pot),
    };
  });
  const sum = (pick: (row: (typeof rows)[number]) => number) =>
    rows.reduce((total, row) => total + pick(row), 0);
  return {
    pots: rows,
    total: {
      amountCents: sum((row) => row.amountCents),
      grantedCents: sum((row) => row.grantedCents),
      // Totals from the projects themselves: no rounding differences.
      paidCents: projects.reduce((total, project) => total + project.paidCents, 0),
      spentCents: projects.reduce((total, project) => total + project.spentCents, 0),
      returnedCents: sum((row) => row.returnedCents),
      freeCents: sum((row) => row.freeCents),
    },
  };
}

/** The round's overview for its staff page and the CSV. */
export async function getRoundOverview(roundId: string) {
  const [pots, projects] = await Promise.all([
    prisma.fundPot.findMany({
      where: { roundId },
      orderBy: { position: "asc" },
      select: potSelect,
    }),
    listGrantedProjects(roundId),
  ]);
  return {
    ...overviewByPot(pots, projects),
    projects,
    potNames: pots.map(({ id, name }) => ({ id, name })),
  };
}

/**
 * Granted projects whose spending report is due within the reminder window or
 * overdue, and not yet submitted or accepted; the most overdue first.
 */
export async function listReportsDue(now = new Date()) {
  const applications = await prisma.fundApplication.findMany({
    where: {
      decision: grantedDecision,
      endsOn: { not: null },
      OR: [{ report: null }, { report: { status: { notIn: ["submitted", "accepted"] } } }],
    },
    select: {
      id: true,
      title: true,
      endsOn: true,
      round: { select: { id: true, reportDueDays: true, procedure: { select: { title: true } } } },
      report: { select: { status: true } },
    },
  });
  return applications
    .flatMap((application) => {
      const reminder = reportReminder(
        { endsOn: application.endsOn, reportStatus: application.report?.status ?? null },
        application.round.reportDueDays,
        now,
      );
      return reminder
        ? [
            {
              id: application.id,
              title: application.title,
              roundId: application.round.id,
              roundTitle: application.round.procedure.title,
              reportStatus: application.report?.status ?? null,
              ...reminder,
            },
          ]
        : [];
    })
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

// ---------------------------------------------------------------------------
// Public
// ---------------------------------------------------------------------------

/** A round's rules and pots for its public procedure page. */
export async function getPublicRound(roundId: string) {
  const round = await prisma.fundRound.findUnique({
    where: { id: roundId },
    select: { id: true, ...rulesSelect, pots: { orderBy: { position: "asc" }, select: potSelect } },
  });
  if (!round) return null;
  const { pots, ...rules } = round;
  return {
    ...rules,
    pots: pots.map((pot) => ({
      id: pot.id,
      name: pot.name,
      kind: pot.kind,
      amountCents: pot.amountCents,
      freeCents: potAvailable(pot),
    })),
  };
}

/**
 * "Gefördert im Verfügungsfonds": per public round, its granted projects (title,
 * amount, Ortsteil, place; the short report and photos once staff accepted the
 * report), and the rounds open for applications now. Never personal data.
 */
export async function listFundedProjects(language: string, now = new Date()) {
  const rounds = await prisma.fundRound.findMany({
    where: { procedure: { state: { in: ["published", "archived"] } } },
    orderBy: { procedure: { publishedAt: "desc" } },
    select: {
      id: true,
      procedure: {
        select: {
          id: true,
          state: true,
          title: true,
          description: true,
          translations: true,
          phases: phaseSelect,
        },
      },
      applications: {
        where: { decision: grantedDecision },
        orderBy: { title: "asc" },
        select: {
          id: true,
          title: true,
          district: true,
          lon: true,
          lat: true,
          startsOn: true,
          endsOn: true,
          decision: { select: { grantedCents: true } },
          report: { select: { status: true, summary: true } },
          files: {
            where: { purpose: "report_photo", kind: "image" },
            orderBy: { createdAt: "asc" },
            select: { id: true, width: true, height: true },
          },
        },
      },
    },
  });
  return rounds.map((round) => {
    const { situation, phase } = currentSituation(round.procedure.phases as Phase[], now);
    const text = localisedText(round.procedure, language);
    return {
      id: round.id,
      procedureId: round.procedure.id,
      title: text.title,
      titleLanguage: text.titleLanguage,
      openForApplications: round.procedure.state === "published" && situation === "applications",
      applicationDeadline: situation === "applications" && phase ? phase.endsAt : null,
      projects: round.applications.map((application) => {
        const accepted = application.report?.status === "accepted";
        return {
          id: application.id,
          title: application.title,
          district: application.district,
          lon: application.lon,
          lat: application.lat,
          startsOn: application.startsOn,
          endsOn: application.endsOn,
          grantedCents: application.decision?.grantedCents ?? 0,
          summary: accepted ? application.report?.summary || null : null,
          photos: accepted ? application.files : [],
        };
      }),
    };
  });
}
