import { describe, expect, it } from "vitest";
import {
  addBallot,
  emptyAggregate,
  validateAggregate,
  type ChannelAggregate,
} from "~/modules/votes/aggregate";
import type { Channel } from "~/modules/votes/channels";
import { drawOrder } from "~/modules/votes/lot";
import {
  validateBallot,
  type ApprovalConfig,
  type BudgetConfig,
  type DotConfig,
  type MethodConfig,
  type VoteOption,
  type YesNoConfig,
} from "~/modules/votes/methods";
import { tally, type TallyResult } from "~/modules/votes/tally";

const opts = (...ids: string[]): VoteOption[] => ids.map((id) => ({ id, costCents: null }));
const euros = (amount: number) => amount * 100;

/** Single ballots, validated and folded the way the server does it. */
function ballots(config: MethodConfig, options: VoteOption[], raws: unknown[]): ChannelAggregate {
  return raws.reduce<ChannelAggregate>(
    (aggregate, raw) => {
      const result = validateBallot(config, options, raw);
      if (!result.ok) throw new Error(`test ballot refused: ${result.reason}`);
      return addBallot(aggregate, config, result.choices);
    },
    emptyAggregate(config, options),
  );
}

/** A counted batch (paper, hands) as staff would enter it. */
function counts(
  config: MethodConfig,
  options: VoteOption[],
  ballotCount: number,
  scores: Record<string, number | { yes: number; no: number; abstain: number }>,
): ChannelAggregate {
  const raw = {
    ballots: ballotCount,
    options: Object.fromEntries(
      Object.entries(scores).map(([id, score]) => [
        id,
        typeof score === "number" ? { points: score } : score,
      ]),
    ),
  };
  const result = validateAggregate(config, options, raw);
  if (!result.ok) throw new Error(`test counts refused: ${result.reason}`);
  return result.aggregate;
}

/** Points per option as a channel aggregate; for tie scenarios where the ballots do not matter. */
function points(ballotCount: number, scores: Record<string, number>): ChannelAggregate {
  return {
    ballots: ballotCount,
    options: Object.fromEntries(Object.entries(scores).map(([id, p]) => [id, { points: p }])),
  };
}

const row = (result: TallyResult, id: string) => {
  const found = result.rows.find((r) => r.optionId === id);
  if (found === undefined) throw new Error(`no row ${id}`);
  return found;
};
const summary = (result: TallyResult) =>
  result.rows.map((r) => `${r.optionId}:${r.rank}:${r.selected ? "+" : "-"}:${r.reason}`);

describe("tally: approval with several channels", () => {
  const options = opts("bank", "beet", "fest", "kino");
  const config: ApprovalConfig = { method: "approval", maxChoices: 2, winners: 2 };
  const aggregates: Partial<Record<Channel, ChannelAggregate>> = {
    code: ballots(config, options, [["bank", "fest"], ["fest"], ["beet", "fest"], ["bank"]]),
    open: ballots(config, options, [["bank"], ["kino", "bank"]]),
    paper: counts(config, options, 20, { bank: 4, beet: 12, fest: 9 }),
  };
  const result = tally(config, options, aggregates);

  it("shows each channel and the total", () => {
    expect(result.channels).toEqual(["code", "open", "paper"]);
    expect(result.turnout).toEqual({
      total: 26,
      byChannel: { code: 4, open: 2, paper: 20, phone: 0, hand: 0 },
    });
    expect(row(result, "fest").byChannel).toEqual({
      code: { points: 3 },
      open: { points: 0 },
      paper: { points: 9 },
      phone: { points: 0 },
      hand: { points: 0 },
    });
    expect(row(result, "fest").total).toEqual({ points: 12 });
    expect(row(result, "bank").total).toEqual({ points: 8 });
  });

  it("ranks by approvals and selects the top `winners`", () => {
    // fest 12, beet 13, bank 8, kino 1
    expect(summary(result)).toEqual([
      "beet:1:+:won",
      "fest:2:+:won",
      "bank:3:-:not-among-winners",
      "kino:4:-:not-among-winners",
    ]);
    expect(result.rows.map((r) => r.value)).toEqual([13, 12, 8, 1]);
    expect(result.rows.map((r) => r.position)).toEqual([1, 2, 3, 4]);
    expect(result.selectedIds).toEqual(["beet", "fest"]);
    expect(result.ties).toEqual([]);
    expect(result.needsTieBreak).toBe(false);
    expect(result.budget).toBeNull();
    expect(result.rule.key).toBe("votes.rules.approval");
  });

  it("counts a paper batch exactly like the same ballots cast one by one", () => {
    const raws = [["bank", "fest"], ["fest"], ["beet"]];
    const asBallots = tally(config, options, { code: ballots(config, options, raws) });
    const asCounts = tally(config, options, {
      paper: counts(config, options, 3, { bank: 1, fest: 2, beet: 1 }),
    });
    expect(asCounts.rows.map((r) => [r.optionId, r.total, r.rank, r.selected])).toEqual(
      asBallots.rows.map((r) => [r.optionId, r.total, r.rank, r.selected]),
    );
    expect(asCounts.turnout.total).toBe(asBallots.turnout.total);
  });
});

describe("tally: dot voting", () => {
  const options = opts("bank", "beet", "fest", "kino");
  const config: DotConfig = { method: "dot", points: 5, maxPerOption: 3, winners: null };

  it("selects everything with points when no number of winners is set", () => {
    const result = tally(config, options, {
      code: ballots(config, options, [
        { bank: 3, fest: 2 },
        { fest: 3, beet: 2 },
      ]),
      hand: counts(config, options, 4, { bank: 6, fest: 2 }),
    });
    expect(summary(result)).toEqual([
      "bank:1:+:won",
      "fest:2:+:won",
      "beet:3:+:won",
      "kino:4:-:no-votes",
    ]);
    expect(row(result, "bank").byChannel.hand).toEqual({ points: 6 });
    expect(row(result, "bank").value).toBe(9);
    expect(result.turnout.total).toBe(6);
    expect(result.channels).toEqual(["code", "hand"]);
  });

  it("never selects an option without points, even when seats are left", () => {
    const result = tally({ ...config, winners: 3 }, options, { code: points(1, { bank: 3 }) });
    expect(result.selectedIds).toEqual(["bank"]);
    expect(row(result, "beet").reason).toBe("no-votes");
  });
});

describe("tally: yes / no / abstain", () => {
  const options = opts("bank", "beet", "fest", "kino");
  const config: YesNoConfig = { method: "yes_no", minTurnout: null, winners: null };
  const code = ballots(config, options, [
    { bank: "yes", beet: "yes", fest: "no", kino: "abstain" },
    { bank: "yes", beet: "no", fest: "yes" },
    { bank: "abstain", beet: "yes", kino: "abstain" },
  ]);
  const paper = counts(config, options, 10, {
    bank: { yes: 6, no: 2, abstain: 2 },
    beet: { yes: 3, no: 5, abstain: 0 },
    fest: { yes: 4, no: 4, abstain: 2 },
    kino: { yes: 0, no: 0, abstain: 10 },
  });

  it("passes initiatives with more yes than no, summed over channels", () => {
    const result = tally(config, options, { code, paper });
    // bank 8:2 (+6), beet 5:6 (-1), fest 5:5 (0), kino 0:0 with 12 abstentions (0)
    expect(row(result, "bank").total).toEqual({ yes: 8, no: 2, abstain: 3 });
    expect(row(result, "kino").total).toEqual({ yes: 0, no: 0, abstain: 12 });
    expect(row(result, "bank").byChannel.code).toEqual({ yes: 2, no: 0, abstain: 1 });
    expect(row(result, "bank").byChannel.paper).toEqual({ yes: 6, no: 2, abstain: 2 });
    expect(summary(result)).toEqual([
      "bank:1:+:passed",
      "fest:2:-:no-majority",
      "kino:2:-:no-majority",
      "beet:4:-:no-majority",
    ]);
    expect(result.rows.map((r) => [r.optionId, r.value, r.passed])).toEqual([
      ["bank", 6, true],
      ["fest", 0, false],
      ["kino", 0, false],
      ["beet", -1, false],
    ]);
    expect(result.turnout.total).toBe(13);
    // A tie that decides nothing is still declared.
    expect(result.ties).toEqual([
      { rank: 2, optionIds: ["fest", "kino"], decisive: false, brokenBy: null },
    ]);
    expect(result.needsTieBreak).toBe(false);
  });

  it("passes nothing below the minimum turnout, and counts exactly the minimum as enough", () => {
    const below = tally({ ...config, minTurnout: 14 }, options, { code, paper });
    expect(below.rows.every((r) => !r.selected && r.passed === false)).toBe(true);
    expect(below.rows.map((r) => r.reason)).toEqual([
      "below-turnout",
      "below-turnout",
      "below-turnout",
      "below-turnout",
    ]);
    const exactly = tally({ ...config, minTurnout: 13 }, options, { code, paper });
    expect(exactly.selectedIds).toEqual(["bank"]);
    expect(row(exactly, "beet").reason).toBe("no-majority");
  });

  it("counts abstaining ballots towards the turnout", () => {
    const onlyAbstain = ballots(config, options, [{ kino: "abstain" }, { kino: "abstain" }]);
    const voting = ballots(config, options, [{ bank: "yes" }]);
    const result = tally({ ...config, minTurnout: 3 }, options, {
      code: voting,
      open: onlyAbstain,
    });
    expect(result.turnout.total).toBe(3);
    expect(result.selectedIds).toEqual(["bank"]);
  });

  it("with `winners`, selects only the top passed initiatives by yes − no", () => {
    const more = counts(config, options, 20, {
      bank: { yes: 10, no: 2, abstain: 0 }, // +8
      beet: { yes: 12, no: 2, abstain: 0 }, // +10
      fest: { yes: 7, no: 3, abstain: 0 }, // +4
      kino: { yes: 1, no: 9, abstain: 0 }, // -8
    });
    const result = tally({ ...config, winners: 2 }, options, { paper: more });
    expect(summary(result)).toEqual([
      "beet:1:+:passed",
      "bank:2:+:passed",
      "fest:3:-:not-among-winners",
      "kino:4:-:no-majority",
    ]);
    expect(row(result, "fest").passed).toBe(true);
  });

  it("declares a tie at the last seat instead of picking by ballot order", () => {
    const tied = counts(config, options, 20, {
      bank: { yes: 10, no: 2, abstain: 0 }, // +8
      beet: { yes: 9, no: 4, abstain: 0 }, // +5
      fest: { yes: 7, no: 2, abstain: 0 }, // +5
    });
    const open = tally({ ...config, winners: 2 }, options, { paper: tied });
    expect(open.needsTieBreak).toBe(true);
    expect(open.selectedIds).toEqual(["bank"]);
    expect(row(open, "beet")).toMatchObject({ selected: false, passed: true, rank: 2 });
    expect(row(open, "fest").reason).toBe("tie-unresolved");

    const decided = tally(
      { ...config, winners: 2 },
      options,
      { paper: tied },
      {
        kind: "decision",
        order: ["fest", "beet"],
        reason: "Das Straßenfest hat mehr Ja-Stimmen.",
      },
    );
    expect(decided.needsTieBreak).toBe(false);
    expect(decided.selectedIds).toEqual(["bank", "fest"]);
    expect(row(decided, "beet").reason).toBe("not-among-winners");
  });
});

describe("tally: budget, greedy by votes", () => {
  // The example from the issue: 10,000 €; A 6,000 €/30, B 5,000 €/25, C 3,000 €/20.
  const options: VoteOption[] = [
    { id: "A", costCents: euros(6_000) },
    { id: "B", costCents: euros(5_000) },
    { id: "C", costCents: euros(3_000) },
    { id: "D", costCents: euros(500) },
  ];
  const config: BudgetConfig = { method: "budget", budgetCents: euros(10_000) };

  it("selects A and C, skipping B that no longer fits", () => {
    const result = tally(config, options, {
      code: points(40, { A: 20, B: 15, C: 12 }),
      paper: points(15, { A: 10, B: 10, C: 8 }),
    });
    expect(summary(result)).toEqual([
      "A:1:+:fits-budget",
      "B:2:-:over-remaining-budget",
      "C:3:+:fits-budget",
      // 1,000 € would be left for D, but nobody chose it.
      "D:4:-:no-votes",
    ]);
    expect(result.rows.map((r) => r.value)).toEqual([30, 25, 20, 0]);
    expect(result.budget).toEqual({
      budgetCents: euros(10_000),
      usedCents: euros(9_000),
      remainingCents: euros(1_000),
    });
    expect(result.selectedIds).toEqual(["A", "C"]);
    expect(result.rule.key).toBe("votes.rules.budget");
    expect(result.rule.details.map((d) => d.key)).toContain("votes.rules.budgetGreedy");
  });

  it("keeps going after a skip and funds a cheaper option further down", () => {
    const result = tally(config, options, { code: points(60, { A: 30, B: 25, C: 20, D: 1 }) });
    expect(result.selectedIds).toEqual(["A", "C", "D"]);
    expect(result.budget?.remainingCents).toBe(euros(500));
  });

  it("funds an option that costs exactly what is left", () => {
    const exact: VoteOption[] = [
      { id: "A", costCents: euros(6_000) },
      { id: "B", costCents: euros(4_000) },
    ];
    const result = tally(config, exact, { code: points(10, { A: 5, B: 3 }) });
    expect(result.selectedIds).toEqual(["A", "B"]);
    expect(result.budget?.remainingCents).toBe(0);
  });

  it("calls a tie harmless when every tied option fits anyway", () => {
    const result = tally(config, options, { code: points(60, { A: 30, B: 20, C: 20 }) });
    // A 6,000 € leaves 4,000 €: B (5,000 €) never fits, C fits on its own.
    expect(result.ties).toEqual([
      { rank: 2, optionIds: ["B", "C"], decisive: false, brokenBy: null },
    ]);
    expect(result.selectedIds).toEqual(["A", "C"]);
    expect(row(result, "B").reason).toBe("over-remaining-budget");
  });

  describe("a tie where the first in line takes the money", () => {
    // After A (6,000 €) 4,000 € are left; B (3,000 €) and C (2,000 €) both fit alone, not together.
    const tiedOptions: VoteOption[] = [
      { id: "A", costCents: euros(6_000) },
      { id: "B", costCents: euros(3_000) },
      { id: "C", costCents: euros(2_000) },
      { id: "D", costCents: euros(1_000) },
      { id: "E", costCents: euros(5_000) },
    ];
    const aggregates = { code: points(50, { A: 30, B: 20, C: 20, D: 10, E: 5 }) };

    it("without a tie-break, funds only what is certain and flags the tie", () => {
      const result = tally(config, tiedOptions, aggregates);
      expect(result.needsTieBreak).toBe(true);
      expect(result.ties).toEqual([
        { rank: 2, optionIds: ["B", "C"], decisive: true, brokenBy: null },
      ]);
      expect(summary(result)).toEqual([
        "A:1:+:fits-budget",
        "B:2:-:tie-unresolved",
        "C:2:-:tie-unresolved",
        // D fits whichever way the tie goes, but how much is left depends on it.
        "D:4:-:awaiting-tie-break",
        // E costs more than the 4,000 € left before the tie: it cannot fit either way.
        "E:5:-:over-remaining-budget",
      ]);
      expect(result.selectedIds).toEqual(["A"]);
    });

    it("with a staff decision, walks the tie in the decided order and records the reason", () => {
      const result = tally(config, tiedOptions, aggregates, {
        kind: "decision",
        order: ["C", "B"],
        reason: "Beschluss des Quartiersrats vom 3. Juni",
      });
      expect(result.needsTieBreak).toBe(false);
      expect(result.ties).toEqual([
        {
          rank: 2,
          optionIds: ["C", "B"],
          decisive: true,
          brokenBy: "decision",
          reason: "Beschluss des Quartiersrats vom 3. Juni",
        },
      ]);
      expect(summary(result)).toEqual([
        "A:1:+:fits-budget",
        "C:2:+:fits-budget",
        "B:2:-:over-remaining-budget",
        "D:4:+:fits-budget",
        "E:5:-:over-remaining-budget",
      ]);
      expect(result.budget?.usedCents).toBe(euros(9_000));
    });

    it("with a lot, follows the drawn order and records the seed", () => {
      const outcomes = new Set<string>();
      for (const seed of ["k3x9", "m2q7", "p8r4", "t6v1", "w5y3", "z9a2", "b4c8", "d1e6"]) {
        const result = tally(config, tiedOptions, aggregates, { kind: "lot", seed });
        const drawn = drawOrder(seed, ["B", "C"]);
        expect(result.ties).toEqual([
          { rank: 2, optionIds: drawn, decisive: true, brokenBy: "lot", seed },
        ]);
        // Either way the winner leaves at least 1,000 € for D, and the loser no longer fits.
        expect(result.selectedIds).toEqual(["A", drawn[0], "D"]);
        expect(row(result, drawn[1]).reason).toBe("over-remaining-budget");
        expect(result.needsTieBreak).toBe(false);
        // Same seed, same result.
        expect(tally(config, tiedOptions, aggregates, { kind: "lot", seed })).toEqual(result);
        outcomes.add(drawn[0]);
      }
      expect(outcomes).toEqual(new Set(["B", "C"]));
    });

    it("stops at a second decisive tie that the decision does not cover", () => {
      const two: VoteOption[] = [
        ...tiedOptions.slice(0, 3),
        { id: "F", costCents: euros(1_500) },
        { id: "G", costCents: euros(1_500) },
      ];
      const result = tally(
        config,
        two,
        { code: points(50, { A: 30, B: 20, C: 20, F: 9, G: 9 }) },
        {
          kind: "decision",
          order: ["C", "B"],
          reason: "Quartiersrat",
        },
      );
      // After A and C 2,000 € are left: F and G fit alone, not together.
      expect(result.needsTieBreak).toBe(true);
      expect(result.ties.map((t) => [t.optionIds, t.decisive, t.brokenBy])).toEqual([
        [["C", "B"], true, "decision"],
        [["F", "G"], true, null],
      ]);
      expect(result.selectedIds).toEqual(["A", "C"]);
      expect(row(result, "F").reason).toBe("tie-unresolved");
    });
  });
});

describe("tally: ties in winner-count methods", () => {
  const options = opts("bank", "beet", "fest", "kino");
  const config: ApprovalConfig = { method: "approval", maxChoices: 4, winners: 2 };
  const aggregates = { code: points(20, { bank: 10, beet: 5, fest: 5 }) };

  it("reports a tie below the last seat as harmless, with shared ranks", () => {
    const result = tally({ ...config, winners: 1 }, options, aggregates);
    expect(result.rows.map((r) => [r.optionId, r.rank, r.position])).toEqual([
      ["bank", 1, 1],
      ["beet", 2, 2],
      ["fest", 2, 3],
      ["kino", 4, 4],
    ]);
    expect(result.ties).toEqual([
      { rank: 2, optionIds: ["beet", "fest"], decisive: false, brokenBy: null },
    ]);
    expect(result.needsTieBreak).toBe(false);
    expect(result.selectedIds).toEqual(["bank"]);
  });

  it("reports a tie above the last seat as harmless: both win", () => {
    const result = tally({ ...config, winners: 3 }, options, aggregates);
    expect(result.ties[0]).toMatchObject({ decisive: false, brokenBy: null });
    expect(result.selectedIds).toEqual(["bank", "beet", "fest"]);
  });

  it("does not apply a given lot to a tie that decides nothing", () => {
    const result = tally({ ...config, winners: 1 }, options, aggregates, {
      kind: "lot",
      seed: "any",
    });
    expect(result.ties).toEqual([
      { rank: 2, optionIds: ["beet", "fest"], decisive: false, brokenBy: null },
    ]);
  });

  it("leaves the seat empty and asks for a tie-break when the tie straddles it", () => {
    const result = tally(config, options, aggregates);
    expect(result.needsTieBreak).toBe(true);
    expect(result.ties).toEqual([
      { rank: 2, optionIds: ["beet", "fest"], decisive: true, brokenBy: null },
    ]);
    expect(summary(result)).toEqual([
      "bank:1:+:won",
      "beet:2:-:tie-unresolved",
      "fest:2:-:tie-unresolved",
      "kino:4:-:no-votes",
    ]);
  });

  it("breaks the tie by lot, the same way for the same seed", () => {
    const winnersBySeed = new Map<string, string>();
    for (let n = 0; n < 12; n++) {
      const seed = `lot-${n}`;
      const result = tally(config, options, aggregates, { kind: "lot", seed });
      const drawn = drawOrder(seed, ["beet", "fest"]);
      expect(result.needsTieBreak).toBe(false);
      expect(result.ties).toEqual([
        { rank: 2, optionIds: drawn, decisive: true, brokenBy: "lot", seed },
      ]);
      expect(result.selectedIds).toEqual(["bank", drawn[0]]);
      expect(row(result, drawn[1]).reason).toBe("not-among-winners");
      expect(result.rows.map((r) => r.optionId)).toEqual(["bank", ...drawn, "kino"]);
      expect(tally(config, options, aggregates, { kind: "lot", seed })).toEqual(result);
      winnersBySeed.set(seed, drawn[0]);
    }
    expect(new Set(winnersBySeed.values())).toEqual(new Set(["beet", "fest"]));
  });

  it("breaks the tie by a staff decision and records the reason", () => {
    const result = tally(config, options, aggregates, {
      kind: "decision",
      order: ["kino", "fest", "bank", "beet"],
      reason: "Losentscheid im Quartiersrat, Protokoll 12/2024",
    });
    expect(result.selectedIds).toEqual(["bank", "fest"]);
    expect(result.ties).toEqual([
      {
        rank: 2,
        optionIds: ["fest", "beet"],
        decisive: true,
        brokenBy: "decision",
        reason: "Losentscheid im Quartiersrat, Protokoll 12/2024",
      },
    ]);
    // The decision only orders the tie; bank stays first by its votes.
    expect(result.rows.map((r) => r.optionId)).toEqual(["bank", "fest", "beet", "kino"]);
  });

  it("does not count a decision that leaves out a tied option", () => {
    const result = tally(config, options, aggregates, {
      kind: "decision",
      order: ["fest"],
      reason: "unvollständig",
    });
    expect(result.needsTieBreak).toBe(true);
    expect(result.ties[0].brokenBy).toBeNull();
    expect(result.selectedIds).toEqual(["bank"]);
  });

  it("handles a three-way tie for two seats", () => {
    const three = { code: points(30, { bank: 7, beet: 7, fest: 7, kino: 2 }) };
    const open = tally(config, options, three);
    expect(open.selectedIds).toEqual([]);
    expect(open.ties).toEqual([
      { rank: 1, optionIds: ["bank", "beet", "fest"], decisive: true, brokenBy: null },
    ]);
    const decided = tally(config, options, three, {
      kind: "decision",
      order: ["fest", "bank", "beet"],
      reason: "r",
    });
    expect(summary(decided)).toEqual([
      "fest:1:+:won",
      "bank:1:+:won",
      "beet:1:-:not-among-winners",
      "kino:4:-:not-among-winners",
    ]);
  });
});

describe("tally: refusals that point at bugs", () => {
  const options = opts("bank", "beet");
  const config: ApprovalConfig = { method: "approval", maxChoices: 1, winners: null };

  it("throws on an aggregate that names an unknown option", () => {
    expect(() => tally(config, options, { paper: points(1, { zoo: 1 }) })).toThrow(/unknown/);
  });

  it("throws on scores of another method", () => {
    const wrong = { ballots: 1, options: { bank: { yes: 1, no: 0, abstain: 0 } } };
    expect(() => tally(config, options, { code: wrong })).toThrow(/wrong kind/);
  });

  it("throws on a configuration checkConfig rejects", () => {
    expect(() =>
      tally({ method: "budget", budgetCents: 1000 }, options, { code: points(1, { bank: 1 }) }),
    ).toThrow(/missing-cost/);
  });

  it("copes with no votes at all", () => {
    const result = tally(config, options, {});
    expect(result.turnout.total).toBe(0);
    expect(result.channels).toEqual([]);
    expect(result.selectedIds).toEqual([]);
    expect(result.rows.map((r) => r.reason)).toEqual(["no-votes", "no-votes"]);
    expect(result.ties).toEqual([
      { rank: 1, optionIds: ["bank", "beet"], decisive: false, brokenBy: null },
    ]);
  });
});
