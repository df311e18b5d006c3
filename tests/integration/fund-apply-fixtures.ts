import type { PrismaClient } from "~/db/generated/client";
import type { PhaseKind } from "~/modules/procedures/phases";

/**
 * A published fund round made directly in the database (the admin pages are
 * another helper's work): phases around the real clock so that `now` falls
 * into the wanted phase, rules 410 €/item, 1,500 €/project, 8 €/h, two pots.
 */
const DAY = 24 * 60 * 60 * 1000;
const order: PhaseKind[] = ["applications", "review", "decision", "projects", "reports"];

export function fundPhasesAround(current: PhaseKind, base = Date.now()) {
  const index = order.indexOf(current);
  // The current phase runs from one day ago for 20 days; the others follow, 20 days each.
  return order.map((kind, i) => {
    const start = base - DAY + (i - index) * 20 * DAY;
    return { kind, startsAt: new Date(start), endsAt: new Date(start + 20 * DAY) };
  });
}

let counter = 0;

export async function createFundRound(
  db: PrismaClient,
  options: {
    phase?: PhaseKind;
    investiveFreeCents?: number;
    minOwnContributionPercent?: number | null;
    title?: string;
  } = {},
) {
  const area = await db.fundingArea.findFirstOrThrow({ where: { status: "active" } });
  const n = ++counter;
  const procedure = await db.procedure.create({
    data: {
      kind: "fund_round",
      state: "published",
      publishedAt: new Date(),
      title: options.title ?? `Verfügungsfonds Leipziger Osten, Runde ${n}`,
      description: "Geld für Projekte in der Nachbarschaft.",
      fundingAreaId: area.id,
      phases: { create: fundPhasesAround(options.phase ?? "applications") },
    },
    select: { id: true },
  });
  const investive = options.investiveFreeCents ?? 500_000;
  const round = await db.fundRound.create({
    data: {
      procedureId: procedure.id,
      maxPerProjectCents: 150_000,
      maxPerItemCents: 41_000,
      volunteerRateCents: 800,
      minOwnContributionPercent: options.minOwnContributionPercent ?? null,
      pots: {
        create: [
          {
            name: "Investiver Topf",
            kind: "investive",
            amountCents: 500_000,
            grantedCents: 500_000 - investive,
            position: 0,
          },
          {
            name: "Nicht investiver Topf",
            kind: "non_investive",
            amountCents: 500_000,
            position: 1,
          },
        ],
      },
    },
    select: { id: true },
  });
  return { roundId: round.id, procedureId: procedure.id };
}

/** Moves a round's phases so that now lies in `phase`. */
export async function moveRoundToPhase(db: PrismaClient, procedureId: string, phase: PhaseKind) {
  await db.procedurePhase.deleteMany({ where: { procedureId } });
  for (const row of fundPhasesAround(phase)) {
    await db.procedurePhase.create({ data: { procedureId, ...row } });
  }
}

/** "YYYY-MM-DD" in `days` days. */
export function dayFromNow(days: number) {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}
