/**
 * The spending report compared with the cost plan, in integer cents. Pure:
 * the report form flags differences in the browser while the applicant types,
 * the server flags them again in its answer, and staff acceptance uses the same
 * numbers to give unspent money back to the pots.
 */

/** How a line's actual cost compares with its planned amount. */
export type LineFlag =
  /** No actual amount entered yet. */
  | "not-reported"
  /** Exactly as planned. */
  | "as-planned"
  | "over-plan"
  | "under-plan"
  /** Planned, but nothing was spent (0). */
  | "not-spent";

export type PlannedLine = {
  id: string;
  position: number;
  plannedCents: number;
  /** null: not entered yet. */
  actualCents: number | null;
};

export type LineDiff = PlannedLine & {
  flag: LineFlag;
  /** actual − planned (negative: less was spent); 0 while not reported. */
  differenceCents: number;
  /** The difference in percent of the planned amount, rounded to whole percent; null when nothing was planned or reported. */
  differencePercent: number | null;
};

export function diffLine(line: PlannedLine): LineDiff {
  if (line.actualCents === null) {
    return { ...line, flag: "not-reported", differenceCents: 0, differencePercent: null };
  }
  const differenceCents = line.actualCents - line.plannedCents;
  const differencePercent =
    line.plannedCents > 0 ? Math.round((differenceCents * 100) / line.plannedCents) : null;
  const flag: LineFlag =
    differenceCents === 0
      ? "as-planned"
      : line.actualCents === 0
        ? "not-spent"
        : differenceCents > 0
          ? "over-plan"
          : "under-plan";
  return { ...line, flag, differenceCents, differencePercent };
}

export function diffLines(lines: ReadonlyArray<PlannedLine>): LineDiff[] {
  return [...lines].sort((a, b) => a.position - b.position).map(diffLine);
}

/** A pot's share of the decision. */
export type Allocation = { potId: string; amountCents: number };

export type ReportMoneyInput = {
  lines: ReadonlyArray<PlannedLine>;
  /** What the decision granted. */
  grantedCents: number;
  /** The applicant's own money contribution from the application. */
  ownMoneyCents: number;
  /** What was paid out to the applicant so far. */
  paidCents: number;
  /** The decision's split over the pots. */
  allocations: ReadonlyArray<Allocation>;
};

export type ReportMoney = {
  plannedCents: number;
  /** Sum of the actual amounts entered (lines not reported count 0). */
  spentCents: number;
  /** The fund's part of what was spent: own money pays first. */
  fundShareSpentCents: number;
  /** Granted money that was not spent: goes back to the pots. */
  unspentCents: number;
  /** The unspent money per pot, in proportion to the allocations (cents add up exactly). */
  returnsByPot: Allocation[];
  /** Paid out but not spent: the applicant pays this back. */
  repayCents: number;
  lines: LineDiff[];
};

/**
 * Fund share spent = min(granted, max(0, spent − own money));
 * unspent = granted − fund share spent; repay = max(0, paid − fund share spent).
 */
export function reportMoney(input: ReportMoneyInput): ReportMoney {
  const lines = diffLines(input.lines);
  const plannedCents = lines.reduce((sum, line) => sum + line.plannedCents, 0);
  const spentCents = lines.reduce((sum, line) => sum + (line.actualCents ?? 0), 0);
  const granted = Math.max(0, input.grantedCents);
  const fundShareSpentCents = Math.min(granted, Math.max(0, spentCents - input.ownMoneyCents));
  const unspentCents = granted - fundShareSpentCents;
  return {
    plannedCents,
    spentCents,
    fundShareSpentCents,
    unspentCents,
    returnsByPot: splitByAllocations(unspentCents, input.allocations),
    repayCents: Math.max(0, input.paidCents - fundShareSpentCents),
    lines,
  };
}

/**
 * Splits `amountCents` over the pots in proportion to their allocations, by
 * the largest-remainder method: each pot gets the floor of its exact share,
 * and the cents left over go one each to the pots with the largest remainders
 * (the earlier pot first on a tie). The parts add up to `amountCents` exactly
 * and no pot gets more than its allocation while the amount does not exceed
 * their sum.
 */
export function splitByAllocations(
  amountCents: number,
  allocations: ReadonlyArray<Allocation>,
): Allocation[] {
  const total = allocations.reduce((sum, a) => sum + Math.max(0, a.amountCents), 0);
  if (amountCents <= 0 || total <= 0) {
    return allocations.map((a) => ({ potId: a.potId, amountCents: 0 }));
  }
  const parts = allocations.map((a, index) => {
    const exact = amountCents * Math.max(0, a.amountCents);
    return {
      potId: a.potId,
      amountCents: Math.floor(exact / total),
      remainder: exact % total,
      index,
    };
  });
  let left = amountCents - parts.reduce((sum, part) => sum + part.amountCents, 0);
  const order = [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const part of order) {
    if (left <= 0) break;
    part.amountCents += 1;
    left -= 1;
  }
  return parts.map(({ potId, amountCents }) => ({ potId, amountCents }));
}
