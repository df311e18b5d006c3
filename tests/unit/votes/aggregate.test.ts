import { describe, expect, it } from "vitest";
import {
  addBallot,
  addScores,
  emptyAggregate,
  emptyScore,
  isYesNoScore,
  validateAggregate,
  type ChannelAggregate,
} from "~/modules/votes/aggregate";
import {
  validateBallot,
  type ApprovalConfig,
  type BallotChoices,
  type BudgetConfig,
  type DotConfig,
  type MethodConfig,
  type VoteOption,
  type YesNoConfig,
} from "~/modules/votes/methods";

const options: VoteOption[] = [
  { id: "bank", costCents: 600_000 },
  { id: "beet", costCents: 500_000 },
  { id: "fest", costCents: 300_000 },
];
const yesNo: YesNoConfig = { method: "yes_no", minTurnout: null, winners: null };
const approval: ApprovalConfig = { method: "approval", maxChoices: 2, winners: null };
const dot: DotConfig = { method: "dot", points: 5, maxPerOption: 3, winners: null };
const budget: BudgetConfig = { method: "budget", budgetCents: 1_000_000 };

/** Validates like the server does before counting, so the tests use real normalised ballots. */
function fold(config: MethodConfig, ballots: unknown[]): ChannelAggregate {
  return ballots.reduce<ChannelAggregate>(
    (aggregate, raw) => {
      const result = validateBallot(config, options, raw);
      if (!result.ok) throw new Error(`test ballot refused: ${result.reason}`);
      return addBallot(aggregate, config, result.choices);
    },
    emptyAggregate(config, options),
  );
}

describe("empty scores and aggregates", () => {
  it("has a yes/no/abstain score for yes/no votes and a points score otherwise", () => {
    expect(emptyScore(yesNo)).toEqual({ yes: 0, no: 0, abstain: 0 });
    for (const config of [approval, dot, budget]) expect(emptyScore(config)).toEqual({ points: 0 });
  });

  it("starts every option at zero", () => {
    expect(emptyAggregate(dot, options)).toEqual({
      ballots: 0,
      options: { bank: { points: 0 }, beet: { points: 0 }, fest: { points: 0 } },
    });
  });

  it("adds scores of the same kind and refuses to mix kinds", () => {
    expect(addScores({ yes: 1, no: 2, abstain: 3 }, { yes: 10, no: 20, abstain: 30 })).toEqual({
      yes: 11,
      no: 22,
      abstain: 33,
    });
    expect(addScores({ points: 2 }, { points: 5 })).toEqual({ points: 7 });
    expect(() => addScores({ points: 2 }, { yes: 1, no: 0, abstain: 0 })).toThrow(TypeError);
    expect(isYesNoScore({ yes: 0, no: 0, abstain: 0 })).toBe(true);
    expect(isYesNoScore({ points: 0 })).toBe(false);
  });
});

describe("addBallot", () => {
  it("counts yes, no and abstain per initiative and one ballot each", () => {
    const aggregate = fold(yesNo, [
      { bank: "yes", beet: "no" },
      { bank: "yes", beet: "abstain", fest: "no" },
      { bank: "no" },
    ]);
    expect(aggregate).toEqual({
      ballots: 3,
      options: {
        bank: { yes: 2, no: 1, abstain: 0 },
        beet: { yes: 0, no: 1, abstain: 1 },
        fest: { yes: 0, no: 1, abstain: 0 },
      },
    });
  });

  it("counts an approval as one point", () => {
    expect(fold(approval, [["bank", "fest"], ["fest"], ["beet", "fest"]])).toEqual({
      ballots: 3,
      options: { bank: { points: 1 }, beet: { points: 1 }, fest: { points: 3 } },
    });
  });

  it("adds dot points", () => {
    expect(fold(dot, [{ bank: 3, fest: 2 }, { fest: 3 }, { beet: 1 }])).toEqual({
      ballots: 3,
      options: { bank: { points: 3 }, beet: { points: 1 }, fest: { points: 5 } },
    });
  });

  it("counts a budget choice as one approval", () => {
    expect(fold(budget, [["bank", "fest"], ["beet"], ["fest"]])).toEqual({
      ballots: 3,
      options: { bank: { points: 1 }, beet: { points: 1 }, fest: { points: 2 } },
    });
  });

  it("leaves the given aggregate untouched", () => {
    const before = emptyAggregate(approval, options);
    const snapshot = structuredClone(before);
    const after = addBallot(before, approval, ["bank"]);
    expect(before).toEqual(snapshot);
    expect(after.options.bank).toEqual({ points: 1 });
  });

  it("can start from an aggregate without entries", () => {
    expect(addBallot({ ballots: 0, options: {} }, yesNo, { fest: "abstain" })).toEqual({
      ballots: 1,
      options: { fest: { yes: 0, no: 0, abstain: 1 } },
    });
  });

  it("throws when a ballot has another method's shape", () => {
    const cases: Array<[MethodConfig, BallotChoices]> = [
      [yesNo, ["bank"]],
      [yesNo, { bank: 2 }],
      [approval, { bank: "yes" }],
      [budget, { bank: 1 }],
      [dot, ["bank"]],
      [dot, { bank: "yes" }],
    ];
    for (const [config, choices] of cases) {
      expect(() => addBallot(emptyAggregate(config, options), config, choices)).toThrow(TypeError);
    }
  });
});

describe("validateAggregate (paper batches, hand counts)", () => {
  it("accepts plausible counts, fills missing options with zero and sorts keys", () => {
    const result = validateAggregate(approval, options, {
      ballots: 40,
      options: { fest: { points: 30 }, bank: { points: 25 } },
    });
    expect(result).toEqual({
      ok: true,
      aggregate: {
        ballots: 40,
        options: { bank: { points: 25 }, beet: { points: 0 }, fest: { points: 30 } },
      },
    });
    expect(
      validateAggregate(yesNo, options, {
        ballots: 10,
        options: { bank: { yes: 6, no: 3, abstain: 1 } },
      }).ok,
    ).toBe(true);
  });

  it("refuses malformed input", () => {
    const malformed: unknown[] = [
      null,
      [],
      { ballots: -1, options: {} },
      { ballots: 1.5, options: {} },
      { ballots: "10", options: {} },
      { ballots: 10 },
      { ballots: 10, options: [] },
    ];
    for (const raw of malformed) {
      expect(validateAggregate(approval, options, raw)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("refuses scores of the wrong kind or with bad numbers, naming the option", () => {
    expect(
      validateAggregate(approval, options, {
        ballots: 10,
        options: { bank: { yes: 1, no: 0, abstain: 0 } },
      }),
    ).toEqual({ ok: false, reason: "invalid", optionId: "bank" });
    expect(
      validateAggregate(yesNo, options, { ballots: 10, options: { bank: { yes: 1, no: 0 } } }),
    ).toEqual({ ok: false, reason: "invalid", optionId: "bank" });
    expect(
      validateAggregate(dot, options, { ballots: 10, options: { fest: { points: -3 } } }),
    ).toEqual({ ok: false, reason: "invalid", optionId: "fest" });
    expect(
      validateAggregate(dot, options, { ballots: 10, options: { fest: { points: 2, extra: 1 } } }),
    ).toEqual({ ok: false, reason: "invalid", optionId: "fest" });
  });

  it("refuses unknown options", () => {
    expect(
      validateAggregate(approval, options, { ballots: 10, options: { zoo: { points: 1 } } }),
    ).toEqual({ ok: false, reason: "unknown-option", optionId: "zoo" });
  });

  it("refuses counts that that many ballots cannot produce", () => {
    // yes + no + abstain above the number of ballots
    expect(
      validateAggregate(yesNo, options, {
        ballots: 10,
        options: { bank: { yes: 6, no: 4, abstain: 1 } },
      }),
    ).toEqual({ ok: false, reason: "implausible", optionId: "bank" });
    // more approvals for one option than ballots (300 typed for 30)
    expect(
      validateAggregate(approval, options, { ballots: 40, options: { bank: { points: 300 } } }),
    ).toEqual({ ok: false, reason: "implausible", optionId: "bank" });
    // each option plausible, but more approvals in total than 2 per ballot
    expect(
      validateAggregate(approval, options, {
        ballots: 10,
        options: { bank: { points: 10 }, beet: { points: 10 }, fest: { points: 1 } },
      }),
    ).toEqual({ ok: false, reason: "implausible" });
    // dot: above maxPerOption × ballots on one option, then above points × ballots in total
    expect(
      validateAggregate(dot, options, { ballots: 2, options: { bank: { points: 7 } } }),
    ).toEqual({ ok: false, reason: "implausible", optionId: "bank" });
    expect(
      validateAggregate(dot, options, {
        ballots: 2,
        options: { bank: { points: 6 }, beet: { points: 5 } },
      }),
    ).toEqual({ ok: false, reason: "implausible" });
    // budget: 2 ballots cannot spend more than 2 × 10,000 €
    expect(
      validateAggregate(budget, options, {
        ballots: 2,
        options: { bank: { points: 2 }, beet: { points: 2 } },
      }),
    ).toEqual({ ok: false, reason: "implausible" });
    // a batch of no ballots has no votes
    expect(
      validateAggregate(approval, options, { ballots: 0, options: { bank: { points: 1 } } }),
    ).toEqual({ ok: false, reason: "implausible", optionId: "bank" });
  });

  it("accepts counts exactly at the limits", () => {
    expect(
      validateAggregate(dot, options, {
        ballots: 2,
        options: { bank: { points: 6 }, beet: { points: 4 } },
      }).ok,
    ).toBe(true);
    expect(
      validateAggregate(budget, options, {
        ballots: 2,
        // 2 × 6,000 € + 5,000 € + 3,000 € = 20,000 € = 2 × 10,000 €
        options: { bank: { points: 2 }, beet: { points: 1 }, fest: { points: 1 } },
      }).ok,
    ).toBe(true);
  });
});
