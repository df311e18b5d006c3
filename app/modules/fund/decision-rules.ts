/**
 * The rules of a decision on an application, pure so that the session form
 * and the server agree: what a grant may be, and how it is split over the
 * round's pots. Amounts in integer cents.
 */
import { tallyAllowsGrant, type JuryTally } from "./quorum";

export const decisionOutcomes = ["granted", "reduced", "refused"] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

export function isDecisionOutcome(value: unknown): value is DecisionOutcome {
  return typeof value === "string" && (decisionOutcomes as ReadonlyArray<string>).includes(value);
}

export type Allocation = { potId: string; amountCents: number };

export type DecisionProblem =
  | { key: "reason-missing" }
  | { key: "no-majority"; yes: number; no: number }
  | { key: "amount-missing" }
  | { key: "reduced-not-below-request"; requestedCents: number }
  | { key: "split-sum"; sumCents: number; grantedCents: number }
  | { key: "split-unknown-pot" }
  | { key: "split-negative" };

export type DecisionInput = {
  outcome: DecisionOutcome;
  /** Ignored for "granted" (the requested amount) and "refused" (0). */
  grantedCents: number;
  allocations: ReadonlyArray<Allocation>;
  reason: string;
};

/** The amount a decision grants. */
export function grantedAmount(
  input: Pick<DecisionInput, "outcome" | "grantedCents">,
  requestedCents: number,
) {
  if (input.outcome === "granted") return requestedCents;
  if (input.outcome === "refused") return 0;
  return input.grantedCents;
}

/**
 * Every problem with a decision: a reason is always required; a grant needs
 * more yes than no votes; a reduced grant lies between 0 and the request; the
 * split names only the round's pots and sums to the granted amount exactly.
 */
export function checkDecision(
  input: DecisionInput,
  context: { requestedCents: number; potIds: ReadonlyArray<string>; tally: JuryTally },
): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if (input.reason.trim().length === 0) problems.push({ key: "reason-missing" });
  if (input.outcome === "refused") return problems;
  if (!tallyAllowsGrant(context.tally)) {
    problems.push({ key: "no-majority", yes: context.tally.yes, no: context.tally.no });
  }
  const granted = grantedAmount(input, context.requestedCents);
  if (input.outcome === "reduced") {
    if (!(granted > 0)) problems.push({ key: "amount-missing" });
    else if (granted >= context.requestedCents) {
      problems.push({ key: "reduced-not-below-request", requestedCents: context.requestedCents });
    }
  }
  const parts = input.allocations.filter((part) => part.amountCents !== 0);
  if (parts.some((part) => !Number.isInteger(part.amountCents) || part.amountCents < 0)) {
    problems.push({ key: "split-negative" });
  }
  if (parts.some((part) => !context.potIds.includes(part.potId))) {
    problems.push({ key: "split-unknown-pot" });
  }
  const sum = parts.reduce((total, part) => total + part.amountCents, 0);
  if (granted > 0 && sum !== granted) {
    problems.push({ key: "split-sum", sumCents: sum, grantedCents: granted });
  }
  return problems;
}

/**
 * A first split to offer in the form: the amount shared over the pot kinds in
 * proportion to the cost plan's lines of each kind, each kind's share to the
 * first pot of that kind (a kind without a pot goes to the first pot).
 */
export function suggestSplit(
  amountCents: number,
  costLines: ReadonlyArray<{ amountCents: number; potKind: string }>,
  pots: ReadonlyArray<{ id: string; kind: string }>,
): Allocation[] {
  if (pots.length === 0 || amountCents <= 0) return [];
  const byPot = new Map<string, number>();
  for (const line of costLines) {
    const pot = pots.find((candidate) => candidate.kind === line.potKind) ?? pots[0]!;
    byPot.set(pot.id, (byPot.get(pot.id) ?? 0) + Math.max(0, line.amountCents));
  }
  const total = [...byPot.values()].reduce((sum, value) => sum + value, 0);
  if (total === 0) return [{ potId: pots[0]!.id, amountCents: amountCents }];
  const shares = [...byPot.entries()].map(([potId, cost]) => ({
    potId,
    amountCents: Math.floor((amountCents * cost) / total),
  }));
  // Rounding leftovers (a few cents) go to the largest share.
  const rest = amountCents - shares.reduce((sum, share) => sum + share.amountCents, 0);
  const largest = shares.reduce((best, share) =>
    share.amountCents > best.amountCents ? share : best,
  );
  largest.amountCents += rest;
  return pots
    .map((pot) => shares.find((share) => share.potId === pot.id))
    .filter((share): share is Allocation => share !== undefined && share.amountCents > 0);
}
