import type { Score } from "~/modules/votes/aggregate";
import { channels as allChannels, type Channel } from "~/modules/votes/channels";
import type { MethodConfig, RuleDescription, VoteMethod } from "~/modules/votes/methods";
import type { RowReason, TallyResult } from "~/modules/votes/tally";

/** What `getResults` answers when the results are visible (the fields the page uses). */
export type VisibleResults = {
  method: VoteMethod;
  config: MethodConfig;
  tally: TallyResult;
  options: ReadonlyArray<{
    id: string;
    proposalId: string;
    title: string;
    costCents: number | null;
  }>;
  publishedAt: Date | string | null;
  closed: boolean;
};

export type ResultRowView = {
  optionId: string;
  proposalId: string;
  title: string;
  costCents: number | null;
  position: number;
  rank: number;
  /** Shares other rows' rank (before any tie-break). */
  tied: boolean;
  total: Score;
  value: number;
  /** Only the channels that have votes, in the order of `channels`. */
  byChannel: Array<{ channel: Channel; score: Score }>;
  selected: boolean;
  reason: RowReason;
};

export type ResultsView = {
  voteId: string;
  method: VoteMethod;
  config: MethodConfig;
  /** Published by staff: the result is final. Otherwise a live interim count. */
  final: boolean;
  publishedAt: string | null;
  closed: boolean;
  rule: RuleDescription;
  channels: Channel[];
  turnout: { total: number; byChannel: Array<{ channel: Channel; count: number }> };
  rows: ResultRowView[];
  ties: Array<{
    rank: number;
    titles: string[];
    decisive: boolean;
    brokenBy: "lot" | "decision" | null;
    seed?: string;
    reason?: string;
  }>;
  needsTieBreak: boolean;
  budget: { budgetCents: number; usedCents: number; remainingCents: number } | null;
  /** The largest bar: points, or yes + no + abstain of one initiative. */
  scale: number;
};

const scoreSize = (score: Score) =>
  "yes" in score ? score.yes + score.no + score.abstain : score.points;

/**
 * The results as the page shows them: rows in final order with titles, only
 * channels that have votes (every channel that has votes, including ones
 * added later such as phone or hand counts), ties with the titles they involve.
 */
export function toResultsView(voteId: string, results: VisibleResults): ResultsView {
  const { tally } = results;
  const optionsById = new Map(results.options.map((option) => [option.id, option]));
  const channels = allChannels.filter(
    (channel) =>
      tally.turnout.byChannel[channel] > 0 ||
      tally.rows.some((row) => scoreSize(row.byChannel[channel]) > 0),
  );
  const rankCounts = new Map<number, number>();
  for (const row of tally.rows) rankCounts.set(row.rank, (rankCounts.get(row.rank) ?? 0) + 1);
  const rows = tally.rows.map((row) => {
    const option = optionsById.get(row.optionId);
    return {
      optionId: row.optionId,
      proposalId: option?.proposalId ?? "",
      title: option?.title ?? "",
      costCents: row.costCents,
      position: row.position,
      rank: row.rank,
      tied: (rankCounts.get(row.rank) ?? 0) > 1,
      total: row.total,
      value: row.value,
      byChannel: channels.map((channel) => ({ channel, score: row.byChannel[channel] })),
      selected: row.selected,
      reason: row.reason,
    };
  });
  const publishedAt =
    results.publishedAt === null ? null : new Date(results.publishedAt).toISOString();
  return {
    voteId,
    method: results.method,
    config: results.config,
    final: publishedAt !== null,
    publishedAt,
    closed: results.closed,
    rule: tally.rule,
    channels,
    turnout: {
      total: tally.turnout.total,
      byChannel: channels.map((channel) => ({
        channel,
        count: tally.turnout.byChannel[channel],
      })),
    },
    rows,
    ties: tally.ties.map((tie) => ({
      rank: tie.rank,
      titles: tie.optionIds.map((id) => optionsById.get(id)?.title ?? ""),
      decisive: tie.decisive,
      brokenBy: tie.brokenBy,
      ...(tie.seed === undefined ? {} : { seed: tie.seed }),
      ...(tie.reason === undefined ? {} : { reason: tie.reason }),
    })),
    needsTieBreak: tally.needsTieBreak,
    budget: tally.budget,
    scale: Math.max(1, ...rows.map((row) => scoreSize(row.total))),
  };
}
