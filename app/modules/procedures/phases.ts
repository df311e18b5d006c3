/**
 * Procedures and their phases: the one table that says what each kind of
 * phase allows. Every command asks `phaseAllows` on the server; pages use the
 * same answer to show or hide actions. Isomorphic (no server imports).
 */

export const procedureKinds = ["idea_call", "resident_vote", "fund_round"] as const;
export type ProcedureKind = (typeof procedureKinds)[number];

export const procedureStates = ["draft", "published", "archived"] as const;
export type ProcedureState = (typeof procedureStates)[number];

export const phaseKinds = [
  "collection",
  "review",
  "voting",
  "counting",
  "results",
  // Neighbourhood fund rounds (app/modules/fund/): applications open → review →
  // decision session → projects run → reports due.
  "applications",
  "decision",
  "projects",
  "reports",
] as const;
export type PhaseKind = (typeof phaseKinds)[number];

/**
 * What a moment in a procedure can be: one of its phases, or before the first
 * phase, between two phases, or after the last one.
 */
export type PhaseSituation = PhaseKind | "upcoming" | "between" | "ended";

export const capabilities = [
  "proposal:submit",
  "comment:create",
  "support:create",
  "ballot:cast",
  "paper:enter",
  "results:view",
  // Neighbourhood fund rounds.
  /** Start, save and submit an application. */
  "application:submit",
  /** Edit and resubmit an application that staff sent back with a request. */
  "application:resubmit",
  /** Record attendance, recusals, the team's votes and decisions. */
  "fund:decide",
  /** Submit the spending report of a granted project. */
  "report:submit",
] as const;
export type Capability = (typeof capabilities)[number];

/** The phase table. A test covers every cell. */
export const phaseAllows = {
  collection: ["proposal:submit", "comment:create", "support:create"],
  review: ["comment:create", "support:create", "application:resubmit"],
  voting: ["ballot:cast", "paper:enter", "comment:create"],
  counting: ["paper:enter"],
  results: ["results:view", "comment:create"],
  applications: ["application:submit", "application:resubmit"],
  decision: ["fund:decide"],
  projects: ["report:submit"],
  reports: ["report:submit"],
  upcoming: [],
  between: [],
  // After the last phase the record stays readable: results, no more participation.
  ended: ["results:view"],
} as const satisfies Record<PhaseSituation, ReadonlyArray<Capability>>;

export function allows(situation: PhaseSituation, capability: Capability): boolean {
  return (phaseAllows[situation] as ReadonlyArray<Capability>).includes(capability);
}

/** The phases a procedure of each kind offers to staff, in their usual order. */
export const phasesByKind = {
  idea_call: ["collection", "review", "results"],
  resident_vote: ["collection", "review", "voting", "counting", "results"],
  fund_round: ["applications", "review", "decision", "projects", "reports"],
} as const satisfies Record<ProcedureKind, ReadonlyArray<PhaseKind>>;

export type Phase = { kind: PhaseKind; startsAt: Date; endsAt: Date };

/** The phase running at `now` (phases may not overlap), or where `now` lies between them. */
export function currentSituation(
  phases: ReadonlyArray<Phase>,
  now: Date,
): { situation: PhaseSituation; phase: Phase | null; next: Phase | null } {
  const sorted = [...phases].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const time = now.getTime();
  const phase = sorted.find((p) => p.startsAt.getTime() <= time && time < p.endsAt.getTime());
  const next = sorted.find((p) => p.startsAt.getTime() > time) ?? null;
  if (phase) return { situation: phase.kind, phase, next };
  if (!sorted.length || time < sorted[0]!.startsAt.getTime()) {
    return { situation: "upcoming", phase: null, next };
  }
  return { situation: next ? "between" : "ended", phase: null, next };
}

export type PhaseProblem = "empty" | "order" | "overlap" | "duplicate-kind";

/** Checks a procedure's phase plan: each phase ends after it starts, no overlaps, each kind once. */
export function checkPhases(phases: ReadonlyArray<Phase>): PhaseProblem[] {
  const problems = new Set<PhaseProblem>();
  if (!phases.length) problems.add("empty");
  const sorted = [...phases].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  sorted.forEach((phase, index) => {
    if (phase.endsAt.getTime() <= phase.startsAt.getTime()) problems.add("order");
    const previous = sorted[index - 1];
    if (previous && phase.startsAt.getTime() < previous.endsAt.getTime()) problems.add("overlap");
  });
  if (new Set(phases.map((p) => p.kind)).size !== phases.length) problems.add("duplicate-kind");
  return [...problems];
}
