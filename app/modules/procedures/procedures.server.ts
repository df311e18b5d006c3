import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { createRoundForProcedure } from "~/modules/fund/rounds.server";
import { publicStatuses } from "~/modules/proposals/statuses";
import { prisma } from "~/utils/db.server";
import {
  allows,
  checkPhases,
  currentSituation,
  phasesByKind,
  type Capability,
  type Phase,
  type PhaseKind,
  type PhaseProblem,
  type PhaseSituation,
  type ProcedureKind,
  type ProcedureState,
} from "./phases";
import { parseTranslations, type ProcedureTranslations } from "./procedure-text";

type Db = Prisma.TransactionClient | typeof prisma;

export type ProcedureInput = {
  kind: ProcedureKind;
  title: string;
  description: string;
  translations: ProcedureTranslations;
  phases: Phase[];
};

export type SaveProcedureResult =
  | { status: "ok"; id: string; fundRoundId?: string }
  | { status: "refused"; reason: "not-found" | "archived" | "no-area" }
  | { status: "refused"; reason: "phases"; problems: Array<PhaseProblem | "kind"> };

function phaseProblems(kind: ProcedureKind, phases: ReadonlyArray<Phase>) {
  const problems: Array<PhaseProblem | "kind"> = checkPhases(phases);
  const offered: ReadonlyArray<PhaseKind> = phasesByKind[kind];
  if (phases.some((phase) => !offered.includes(phase.kind))) problems.push("kind");
  return problems;
}

const phaseRows = (phases: ReadonlyArray<Phase>) =>
  phases.map(({ kind, startsAt, endsAt }) => ({ kind, startsAt, endsAt }));

/** The funding area in force now: a procedure applies to it. */
async function currentAreaId(db: Db, now: Date) {
  const area = await db.fundingArea.findFirst({
    where: {
      status: "active",
      validFrom: { lte: now },
      OR: [{ validTo: null }, { validTo: { gt: now } }],
    },
    orderBy: { validFrom: "desc" },
    select: { id: true },
  });
  return area?.id ?? null;
}

/** Creates a procedure as a draft; a fund round gets its rules (defaults) in the same transaction. */
export async function createProcedure(
  input: ProcedureInput,
  staffId: string,
): Promise<SaveProcedureResult> {
  const problems = phaseProblems(input.kind, input.phases);
  if (problems.length) return { status: "refused", reason: "phases", problems };
  return prisma.$transaction(async (tx) => {
    const fundingAreaId = await currentAreaId(tx, new Date());
    if (!fundingAreaId) return { status: "refused", reason: "no-area" } as const;
    const procedure = await tx.procedure.create({
      data: {
        kind: input.kind,
        title: input.title,
        description: input.description,
        translations: JSON.stringify(input.translations),
        fundingAreaId,
        phases: { create: phaseRows(input.phases) },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      staffId,
      action: "procedure.created",
      entityType: "procedure",
      entityId: procedure.id,
      after: input,
    });
    if (input.kind === "fund_round") {
      const round = await createRoundForProcedure(tx, procedure.id, staffId);
      return { status: "ok", id: procedure.id, fundRoundId: round.id } as const;
    }
    return { status: "ok", id: procedure.id } as const;
  });
}

/** Edits title, texts and phases. An archived procedure is a record and stays as it is. */
export async function updateProcedure(
  id: string,
  input: Omit<ProcedureInput, "kind">,
  staffId: string,
): Promise<SaveProcedureResult> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.procedure.findUnique({ where: { id }, include: { phases: true } });
    if (!before) return { status: "refused", reason: "not-found" } as const;
    if (before.state === "archived") return { status: "refused", reason: "archived" } as const;
    const problems = phaseProblems(before.kind as ProcedureKind, input.phases);
    if (problems.length) return { status: "refused", reason: "phases", problems } as const;
    await tx.procedurePhase.deleteMany({ where: { procedureId: id } });
    await tx.procedure.update({
      where: { id },
      data: {
        title: input.title,
        description: input.description,
        translations: JSON.stringify(input.translations),
        phases: { create: phaseRows(input.phases) },
      },
    });
    await recordAudit(tx, {
      staffId,
      action: "procedure.updated",
      entityType: "procedure",
      entityId: id,
      before: {
        title: before.title,
        description: before.description,
        translations: parseTranslations(before.translations),
        phases: phaseRows(before.phases as Phase[]),
      },
      after: input,
    });
    return { status: "ok", id } as const;
  });
}

const stateTransitions: Record<ProcedureState, ReadonlyArray<ProcedureState>> = {
  draft: ["published"],
  published: ["archived"],
  archived: [],
};

export type SetProcedureStateResult =
  { status: "ok" } | { status: "refused"; reason: "not-found" | "transition" | "no-phases" };

/** Publishes a draft (it becomes public) or archives a published procedure. */
export async function setProcedureState(
  id: string,
  to: ProcedureState,
  staffId: string,
): Promise<SetProcedureStateResult> {
  return prisma.$transaction(async (tx) => {
    const procedure = await tx.procedure.findUnique({
      where: { id },
      select: { state: true, _count: { select: { phases: true } } },
    });
    if (!procedure) return { status: "refused", reason: "not-found" } as const;
    const from = procedure.state as ProcedureState;
    if (!stateTransitions[from]?.includes(to)) {
      return { status: "refused", reason: "transition" } as const;
    }
    if (to === "published" && procedure._count.phases === 0) {
      return { status: "refused", reason: "no-phases" } as const;
    }
    await tx.procedure.update({
      where: { id },
      data: { state: to, ...(to === "published" ? { publishedAt: new Date() } : {}) },
    });
    await recordAudit(tx, {
      staffId,
      action: `procedure.${to}`,
      entityType: "procedure",
      entityId: id,
      before: { state: from },
      after: { state: to },
    });
    return { status: "ok" } as const;
  });
}

const phaseSelect = { select: { kind: true, startsAt: true, endsAt: true } } as const;

function withSituation<T extends { phases: Array<{ kind: string; startsAt: Date; endsAt: Date }> }>(
  procedure: T,
  now: Date,
) {
  const phases = procedure.phases as Phase[];
  const { situation, phase, next } = currentSituation(phases, now);
  return { ...procedure, phases, situation, currentPhase: phase, nextPhase: next };
}

/** Published and archived procedures for the public list, current ones first. */
export async function listPublicProcedures(now = new Date()) {
  const procedures = await prisma.procedure.findMany({
    where: { state: { in: ["published", "archived"] } },
    orderBy: { publishedAt: "desc" },
    select: {
      id: true,
      kind: true,
      state: true,
      title: true,
      description: true,
      translations: true,
      phases: phaseSelect,
      fundRound: { select: { id: true } },
      _count: { select: { proposals: { where: { status: { in: [...publicStatuses] } } } } },
    },
  });
  const rows = procedures.map((procedure) => withSituation(procedure, now));
  const isCurrent = (row: (typeof rows)[number]) =>
    row.state === "published" && row.situation !== "ended";
  return { current: rows.filter(isCurrent), past: rows.filter((row) => !isCurrent(row)) };
}

/** A published or archived procedure with its phases and public initiatives; null otherwise. */
export async function getPublicProcedure(id: string, now = new Date()) {
  const procedure = await prisma.procedure.findFirst({
    where: { id, state: { in: ["published", "archived"] } },
    select: {
      id: true,
      kind: true,
      state: true,
      title: true,
      description: true,
      translations: true,
      fundingAreaId: true,
      phases: phaseSelect,
      fundRound: { select: { id: true } },
      votes: { select: { id: true }, orderBy: { createdAt: "asc" } },
      proposals: {
        where: { status: { in: [...publicStatuses] } },
        orderBy: [{ supportCount: "desc" }, { publishedAt: "desc" }],
        select: {
          id: true,
          title: true,
          category: true,
          district: true,
          lon: true,
          lat: true,
          supportCount: true,
          publishedAt: true,
        },
      },
    },
  });
  return procedure ? withSituation(procedure, now) : null;
}

/** All procedures for staff, newest first. */
export async function listStaffProcedures(now = new Date()) {
  const procedures = await prisma.procedure.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      kind: true,
      state: true,
      title: true,
      createdAt: true,
      phases: phaseSelect,
      _count: { select: { proposals: true, votes: true } },
    },
  });
  return procedures.map((procedure) => withSituation(procedure, now));
}

/** One procedure for its staff page (any state). */
export async function getStaffProcedure(id: string, now = new Date()) {
  const procedure = await prisma.procedure.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      state: true,
      title: true,
      description: true,
      translations: true,
      publishedAt: true,
      createdAt: true,
      phases: phaseSelect,
      fundRound: { select: { id: true } },
      votes: { select: { id: true }, orderBy: { createdAt: "asc" } },
      proposals: {
        orderBy: { createdAt: "desc" },
        select: { id: true, title: true, status: true, supportCount: true },
      },
    },
  });
  return procedure ? withSituation(procedure, now) : null;
}

/** Published procedures whose current phase takes new initiatives (for the submit form). */
export async function listProceduresOpenForSubmission(now = new Date()) {
  const procedures = await prisma.procedure.findMany({
    where: {
      state: "published",
      phases: { some: { kind: "collection", startsAt: { lte: now }, endsAt: { gt: now } } },
    },
    orderBy: { publishedAt: "desc" },
    select: { id: true, title: true, translations: true, phases: phaseSelect },
  });
  return procedures.map((procedure) => withSituation(procedure, now));
}

export type CapabilityCheck =
  | { allowed: true; situation: PhaseSituation | null }
  | { allowed: false; reason: "phase"; situation: PhaseSituation }
  | { allowed: false; reason: "not-found" };

/**
 * Asks the phase table whether `capability` is allowed in a procedure now.
 * Only published procedures allow anything. Pass the transaction so that the
 * check and the write see the same data.
 */
export async function procedureAllows(
  procedureId: string,
  capability: Capability,
  now = new Date(),
  db: Db = prisma,
): Promise<CapabilityCheck> {
  const procedure = await db.procedure.findUnique({
    where: { id: procedureId },
    select: { state: true, phases: phaseSelect },
  });
  if (!procedure) return { allowed: false, reason: "not-found" };
  const { situation } = currentSituation(procedure.phases as Phase[], now);
  if (procedure.state !== "published" || !allows(situation, capability)) {
    return { allowed: false, reason: "phase", situation };
  }
  return { allowed: true, situation };
}

/**
 * The same question for an initiative: free ideas (outside any procedure) may
 * always be commented on and supported; an idea in a procedure follows its phase.
 */
export async function proposalAllows(
  proposalId: string,
  capability: Capability,
  now = new Date(),
  db: Db = prisma,
): Promise<CapabilityCheck> {
  const proposal = await db.proposal.findUnique({
    where: { id: proposalId },
    select: { procedureId: true },
  });
  if (!proposal) return { allowed: false, reason: "not-found" };
  if (!proposal.procedureId) return { allowed: true, situation: null };
  return procedureAllows(proposal.procedureId, capability, now, db);
}
