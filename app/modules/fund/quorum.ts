/**
 * Quorum and the team's votes in a decision session of the neighbourhood fund.
 * Pure: the session page shows the same answer the server enforces.
 *
 * The quorum counts the members present against all members of the round's
 * decision team (FundRound.quorumRule). Recusals do not change it: a member
 * with a conflict of interest is present but does not vote on that application.
 */

export const quorumRules = ["more_than_half", "two_thirds"] as const;
export type QuorumRule = (typeof quorumRules)[number];

export function isQuorumRule(value: unknown): value is QuorumRule {
  return typeof value === "string" && (quorumRules as ReadonlyArray<string>).includes(value);
}

/** How many members must be present (an unknown rule is read as the stricter two thirds). */
export function quorumNeeded(rule: string, memberCount: number): number {
  if (memberCount <= 0) return 1;
  if (rule === "more_than_half") return Math.floor(memberCount / 2) + 1;
  return Math.ceil((2 * memberCount) / 3);
}

export type QuorumState = {
  rule: QuorumRule;
  members: number;
  present: number;
  needed: number;
  reached: boolean;
};

export function quorumState(rule: string, memberCount: number, presentCount: number): QuorumState {
  const needed = quorumNeeded(rule, memberCount);
  return {
    rule: isQuorumRule(rule) ? rule : "two_thirds",
    members: memberCount,
    present: presentCount,
    needed,
    reached: memberCount > 0 && presentCount >= needed,
  };
}

export const juryChoices = ["yes", "no", "abstain"] as const;
export type JuryChoice = (typeof juryChoices)[number];

export function isJuryChoice(value: unknown): value is JuryChoice {
  return typeof value === "string" && (juryChoices as ReadonlyArray<string>).includes(value);
}

export type JuryTally = Record<JuryChoice, number>;

export function tallyJuryVotes(choices: ReadonlyArray<string>): JuryTally {
  const tally: JuryTally = { yes: 0, no: 0, abstain: 0 };
  for (const choice of choices) if (isJuryChoice(choice)) tally[choice] += 1;
  return tally;
}

/** A grant (in full or reduced) needs more yes than no among the recorded votes. */
export function tallyAllowsGrant(tally: JuryTally): boolean {
  return tally.yes > tally.no;
}
