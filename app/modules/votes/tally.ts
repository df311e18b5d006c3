import {
  addScores,
  emptyScore,
  isYesNoScore,
  type ChannelAggregate,
  type Score,
} from "~/modules/votes/aggregate";
import { channels, type Channel } from "~/modules/votes/channels";
import { drawOrder } from "~/modules/votes/lot";
import {
  checkConfig,
  describeRule,
  type MethodConfig,
  type RuleDescription,
  type VoteMethod,
  type VoteOption,
} from "~/modules/votes/methods";

/**
 * How a decisive tie is settled. `lot`: the order drawn from a seed the
 * server generated and stored (see `lot.ts`). `decision`: staff put the tied
 * ids in an order and give a public reason. One tie-break settles every
 * decisive tie of a vote: a lot by its seed, a decision for each tie whose
 * ids all appear in `order`.
 */
export type TieBreak =
  { kind: "lot"; seed: string } | { kind: "decision"; order: string[]; reason: string };

export type RowReason =
  /** approval, dot: among the winners. */
  | "won"
  /** yes_no: passed and selected. */
  | "passed"
  /** budget: funded. */
  | "fits-budget"
  /** budget: its cost no longer fits what the options ahead of it left. */
  | "over-remaining-budget"
  /** yes_no: fewer ballots than the minimum turnout, so nothing passes. */
  | "below-turnout"
  /** yes_no: not more yes than no. */
  | "no-majority"
  /** Ranked below the number of winners. */
  | "not-among-winners"
  /** approval, dot, budget: nobody chose it, so it is never selected. */
  | "no-votes"
  /** In a decisive tie that no tie-break has settled yet. */
  | "tie-unresolved"
  /** budget: ranked after an unsettled tie; whether it fits depends on that tie. */
  | "awaiting-tie-break";

export type TallyRow = {
  optionId: string;
  costCents: number | null;
  /** Every channel, zero where a channel had no votes; `TallyResult.channels` says which to show. */
  byChannel: Record<Channel, Score>;
  total: Score;
  /** What the ranking uses: points (approvals count 1), or yes − no for yes_no. */
  value: number;
  /** 1-based; equal values share a rank (1, 2, 2, 4), before any tie-break. */
  rank: number;
  /** 1-based place in `rows`, after tie-breaking. */
  position: number;
  /** yes_no only. */
  passed?: boolean;
  selected: boolean;
  reason: RowReason;
};

export type TallyTie = {
  rank: number;
  /** In final order: the tie-break's order if it was broken, else ballot order. */
  optionIds: string[];
  /** Whether the order within the tie changes which options are selected. */
  decisive: boolean;
  brokenBy: "lot" | "decision" | null;
  seed?: string;
  reason?: string;
};

export type TallyResult = {
  method: VoteMethod;
  /** Channels that delivered an aggregate, in the order of `channels`. */
  channels: Channel[];
  turnout: { total: number; byChannel: Record<Channel, number> };
  /** Sorted by final order (value, then tie-break, then ballot order). */
  rows: TallyRow[];
  /** Every group of two or more options with the same value, decisive or not. */
  ties: TallyTie[];
  /** A decisive tie has no tie-break yet: the result must not be published as final. */
  needsTieBreak: boolean;
  selectedIds: string[];
  budget: { budgetCents: number; usedCents: number; remainingCents: number } | null;
  rule: RuleDescription;
};

/**
 * Counts a vote from its per-channel aggregates.
 *
 * Ties are declared, not hidden. A tie whose order decides who is selected
 * (it straddles the number of winners, or not all of its options fit the
 * remaining budget) is settled only by the given `tieBreak`. Without one, the
 * result sets `needsTieBreak` and selects none of the tied options (reason
 * "tie-unresolved"): selecting by ballot order or by id would quietly turn an
 * accident of data entry into a decision. Ties that decide nothing are
 * listed with `brokenBy: null` and keep ballot order.
 *
 * Options nobody chose are never selected, even if seats or money are left:
 * a vote selects what residents asked for.
 *
 * Throws on a configuration `checkConfig` rejects and on aggregates that name
 * unknown options or carry another method's scores: those are programming
 * errors (paper counts are checked by `validateAggregate` on entry).
 */
export function tally(
  config: MethodConfig,
  options: ReadonlyArray<VoteOption>,
  aggregates: Partial<Record<Channel, ChannelAggregate>>,
  tieBreak?: TieBreak,
): TallyResult {
  const problems = checkConfig(config, options);
  if (problems.length > 0) {
    throw new Error(`tally: invalid vote configuration: ${JSON.stringify(problems)}`);
  }
  const knownIds = new Set(options.map((option) => option.id));
  const used = channels.filter((channel) => aggregates[channel] !== undefined);
  for (const channel of used) {
    for (const [id, score] of Object.entries(aggregates[channel]?.options ?? {})) {
      if (!knownIds.has(id)) throw new Error(`tally: ${channel} counts unknown option ${id}`);
      if (isYesNoScore(score) !== (config.method === "yes_no")) {
        throw new Error(`tally: ${channel} has a score of the wrong kind for ${config.method}`);
      }
    }
  }

  const turnoutByChannel = perChannel((channel) => aggregates[channel]?.ballots ?? 0);
  const turnoutTotal = channels.reduce((sum, channel) => sum + turnoutByChannel[channel], 0);
  const turnoutMet =
    config.method !== "yes_no" || config.minTurnout === null || turnoutTotal >= config.minTurnout;

  const base = options.map((option) => {
    const byChannel = perChannel((channel) => scoreIn(aggregates[channel], option.id, config));
    const total = channels.reduce(
      (sum, channel) => addScores(sum, byChannel[channel]),
      emptyScore(config),
    );
    const value = isYesNoScore(total) ? total.yes - total.no : total.points;
    return { option, byChannel, total, value };
  });
  type Base = (typeof base)[number];

  // Stable sort: equal values keep ballot order until a tie-break reorders them.
  const sorted = [...base].sort((a, b) => b.value - a.value);
  const groups: Base[][] = [];
  for (const row of sorted) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0].value === row.value) last.push(row);
    else groups.push([row]);
  }

  const rows: TallyRow[] = [];
  const ties: TallyTie[] = [];
  let needsTieBreak = false;

  // Budget state: what is left, and whether an unsettled tie has frozen the greedy walk.
  let remaining = config.method === "budget" ? config.budgetCents : 0;
  let frozen = false;
  // Winner-count state for the other methods.
  let taken = 0;

  for (const group of groups) {
    const rank = rows.length + 1;
    const value = group[0].value;
    const outcome = new Map<string, { selected: boolean; reason: RowReason }>();
    const tie: { order: Base[]; decisive: boolean; broken: Broken | null } = {
      order: group,
      decisive: false,
      broken: null,
    };

    // Settles this group as a decisive tie: the tie-break's order, or null
    // (and a flag on the result) when nothing settles it.
    const settle = (): Base[] | null => {
      tie.decisive = true;
      tie.broken = breakTie(
        group.map((row) => row.option.id),
        tieBreak,
      );
      if (tie.broken === null) {
        needsTieBreak = true;
        return null;
      }
      tie.order = reorder(group, tie.broken.order);
      return tie.order;
    };
    const mark = (row: Base, selected: boolean, reason: RowReason) =>
      outcome.set(row.option.id, { selected, reason });

    if (config.method === "budget") {
      if (value <= 0) {
        for (const row of group) mark(row, false, "no-votes");
      } else if (frozen) {
        // What is left can only shrink, so an option that does not fit now never will.
        for (const row of group) {
          const fits = cost(row) <= remaining;
          mark(row, false, fits ? "awaiting-tie-break" : "over-remaining-budget");
        }
      } else {
        const fitting = group.filter((row) => cost(row) <= remaining);
        const fittingCents = fitting.reduce((sum, row) => sum + cost(row), 0);
        // If everything that fits on its own also fits together, every order
        // selects the same options; otherwise the first in line wins the money.
        const walk = fittingCents > remaining ? settle() : group;
        if (walk === null) {
          for (const row of group) {
            mark(row, false, cost(row) <= remaining ? "tie-unresolved" : "over-remaining-budget");
          }
          frozen = true;
        } else {
          for (const row of walk) {
            if (cost(row) <= remaining) {
              remaining -= cost(row);
              mark(row, true, "fits-budget");
            } else {
              mark(row, false, "over-remaining-budget");
            }
          }
        }
      }
    } else {
      const eligible = config.method === "yes_no" ? turnoutMet && value > 0 : value > 0;
      const winners = config.winners;
      const selectedReason: RowReason = config.method === "yes_no" ? "passed" : "won";
      if (!eligible) {
        const reason: RowReason =
          config.method !== "yes_no" ? "no-votes" : turnoutMet ? "no-majority" : "below-turnout";
        for (const row of group) mark(row, false, reason);
      } else if (winners === null || group.length <= winners - taken) {
        for (const row of group) mark(row, true, selectedReason);
        taken += group.length;
      } else if (winners - taken <= 0) {
        for (const row of group) mark(row, false, "not-among-winners");
      } else {
        // The tie straddles the last seat.
        const seats = winners - taken;
        const walk = settle();
        if (walk === null) {
          for (const row of group) mark(row, false, "tie-unresolved");
        } else {
          walk.forEach((row, index) =>
            mark(row, index < seats, index < seats ? selectedReason : "not-among-winners"),
          );
        }
        taken = winners;
      }
    }

    if (group.length > 1) {
      const settled = tie.broken;
      ties.push({
        rank,
        optionIds: tie.order.map((row) => row.option.id),
        decisive: tie.decisive,
        brokenBy: settled === null ? null : settled.by,
        ...(settled?.seed === undefined ? {} : { seed: settled.seed }),
        ...(settled?.reason === undefined ? {} : { reason: settled.reason }),
      });
    }
    for (const row of tie.order) {
      const marked = outcome.get(row.option.id);
      if (marked === undefined) throw new Error(`tally: ${row.option.id} was not decided`);
      const { selected, reason } = marked;
      rows.push({
        optionId: row.option.id,
        costCents: row.option.costCents,
        byChannel: row.byChannel,
        total: row.total,
        value: row.value,
        rank,
        position: rows.length + 1,
        ...(config.method === "yes_no" ? { passed: turnoutMet && row.value > 0 } : {}),
        selected,
        reason,
      });
    }
  }

  const selectedRows = rows.filter((row) => row.selected);
  const usedCents = selectedRows.reduce((sum, row) => sum + (row.costCents ?? 0), 0);
  return {
    method: config.method,
    channels: used,
    turnout: { total: turnoutTotal, byChannel: turnoutByChannel },
    rows,
    ties,
    needsTieBreak,
    selectedIds: selectedRows.map((row) => row.optionId),
    budget:
      config.method === "budget"
        ? {
            budgetCents: config.budgetCents,
            usedCents,
            remainingCents: config.budgetCents - usedCents,
          }
        : null,
    rule: describeRule(config),
  };
}

function reorder<R extends { option: VoteOption }>(rows: R[], ids: string[]): R[] {
  const byId = new Map(rows.map((row) => [row.option.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

type Broken = { order: string[]; by: "lot" | "decision"; seed?: string; reason?: string };

/** The settled order of one tie (ids in ballot order), or null if the tie-break does not cover it. */
function breakTie(ids: string[], tieBreak: TieBreak | undefined): Broken | null {
  if (tieBreak === undefined) return null;
  if (tieBreak.kind === "lot") {
    return { order: drawOrder(tieBreak.seed, ids), by: "lot", seed: tieBreak.seed };
  }
  const place = new Map<string, number>();
  tieBreak.order.forEach((id, index) => {
    if (!place.has(id)) place.set(id, index);
  });
  // A decision that leaves out one of the tied options has not decided this tie.
  if (!ids.every((id) => place.has(id))) return null;
  return {
    order: [...ids].sort((a, b) => (place.get(a) ?? 0) - (place.get(b) ?? 0)),
    by: "decision",
    reason: tieBreak.reason,
  };
}

function cost(row: { option: VoteOption }): number {
  // checkConfig guarantees a cost for every budget option before we get here.
  return row.option.costCents ?? 0;
}

function scoreIn(
  aggregate: ChannelAggregate | undefined,
  optionId: string,
  config: MethodConfig,
): Score {
  if (aggregate !== undefined && Object.hasOwn(aggregate.options, optionId)) {
    return aggregate.options[optionId];
  }
  return emptyScore(config);
}

function perChannel<T>(value: (channel: Channel) => T): Record<Channel, T> {
  // The one cast in this module: fromEntries cannot know that the keys are
  // exactly `channels`, and listing them by hand would defeat the open list.
  return Object.fromEntries(channels.map((channel) => [channel, value(channel)])) as Record<
    Channel,
    T
  >;
}
