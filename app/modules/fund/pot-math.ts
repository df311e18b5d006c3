/**
 * Pot arithmetic of the neighbourhood fund, in integer cents. Pure: used by the
 * application form (what is still free), the session (balances, allocation),
 * the spending report (money given back) and the overview.
 *
 * A pot holds `amountCents`. Decisions raise `grantedCents`; accepted spending
 * reports give unspent money back (`returnedCents`). What is free to grant is
 * amount − granted + returned, never below zero; the database refuses a write
 * that would make it negative (CHECK constraint FundPot_not_overdrawn).
 */

export const potKinds = ["investive", "non_investive"] as const;
export type PotKind = (typeof potKinds)[number];

export function isPotKind(value: unknown): value is PotKind {
  return typeof value === "string" && (potKinds as ReadonlyArray<string>).includes(value);
}

export type PotBalance = {
  amountCents: number;
  grantedCents: number;
  returnedCents: number;
};

/** What is still free to grant from a pot. */
export function potAvailable(pot: PotBalance): number {
  return Math.max(0, pot.amountCents - pot.grantedCents + pot.returnedCents);
}

/** Granted money that has not come back: what the pot has committed to projects. */
export function potCommitted(pot: PotBalance): number {
  return Math.max(0, pot.grantedCents - pot.returnedCents);
}

/** Free money per pot kind, summed over a round's pots (a round may have several pots of a kind). */
export function availableByKind(
  pots: ReadonlyArray<PotBalance & { kind: string }>,
): Record<PotKind, number> {
  const out: Record<PotKind, number> = { investive: 0, non_investive: 0 };
  for (const pot of pots) if (isPotKind(pot.kind)) out[pot.kind] += potAvailable(pot);
  return out;
}
