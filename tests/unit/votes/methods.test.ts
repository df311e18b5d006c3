import { describe, expect, it } from "vitest";
import {
  budgetBar,
  budgetUsed,
  checkConfig,
  describeRule,
  isVoteMethod,
  ruleKeys,
  validateBallot,
  type ApprovalConfig,
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
  { id: "kino", costCents: 150_000 },
];

const yesNo: YesNoConfig = { method: "yes_no", minTurnout: null, winners: null };
const approval: ApprovalConfig = { method: "approval", maxChoices: 2, winners: null };
const dot: DotConfig = { method: "dot", points: 5, maxPerOption: 3, winners: null };
const budget: BudgetConfig = { method: "budget", budgetCents: 1_000_000 };

describe("validateBallot: yes/no/abstain", () => {
  it("accepts answers for some initiatives and returns them with sorted keys", () => {
    const result = validateBallot(yesNo, options, { kino: "no", bank: "yes", fest: "abstain" });
    expect(result).toEqual({ ok: true, choices: { bank: "yes", fest: "abstain", kino: "no" } });
    if (!result.ok) throw new Error("expected a valid ballot");
    expect(Object.keys(result.choices)).toEqual(["bank", "fest", "kino"]);
  });

  it("accepts a ballot that abstains on everything (it still counts as turnout)", () => {
    expect(validateBallot(yesNo, options, { bank: "abstain", beet: "abstain" })).toEqual({
      ok: true,
      choices: { bank: "abstain", beet: "abstain" },
    });
  });

  it("refuses an empty ballot", () => {
    expect(validateBallot(yesNo, options, {})).toEqual({ ok: false, reason: "empty" });
  });

  it("refuses an unknown initiative", () => {
    expect(validateBallot(yesNo, options, { bank: "yes", zoo: "yes" })).toEqual({
      ok: false,
      reason: "unknown-option",
    });
  });

  it("refuses answers other than yes, no and abstain, and non-object ballots", () => {
    for (const raw of [
      { bank: "ja" },
      { bank: true },
      { bank: 1 },
      { bank: null },
      ["bank"],
      "bank",
      null,
      undefined,
      42,
      new Date(),
    ]) {
      expect(validateBallot(yesNo, options, raw)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("does not let a '__proto__' key reach the prototype", () => {
    const raw: unknown = JSON.parse('{"__proto__": "yes", "bank": "no"}');
    expect(validateBallot(yesNo, options, raw)).toEqual({ ok: false, reason: "unknown-option" });
    const withProtoOption = [...options, { id: "__proto__", costCents: null }];
    const result = validateBallot(yesNo, withProtoOption, raw);
    if (!result.ok) throw new Error("expected a valid ballot");
    expect(Object.getPrototypeOf(result.choices)).toBe(Object.prototype);
    expect(Object.keys(result.choices)).toEqual(["__proto__", "bank"]);
  });
});

describe("validateBallot: approval", () => {
  it("accepts up to maxChoices initiatives, deduplicated and sorted", () => {
    expect(validateBallot(approval, options, ["kino", "bank", "kino"])).toEqual({
      ok: true,
      choices: ["bank", "kino"],
    });
    expect(validateBallot(approval, options, ["fest"])).toEqual({ ok: true, choices: ["fest"] });
  });

  it("refuses more than maxChoices distinct initiatives", () => {
    expect(validateBallot(approval, options, ["bank", "beet", "fest"])).toEqual({
      ok: false,
      reason: "too-many-choices",
    });
  });

  it("refuses an empty ballot, unknown ids and non-lists", () => {
    expect(validateBallot(approval, options, [])).toEqual({ ok: false, reason: "empty" });
    expect(validateBallot(approval, options, ["bank", "zoo"])).toEqual({
      ok: false,
      reason: "unknown-option",
    });
    for (const raw of [{ bank: true }, "bank", null, [1], ["bank", 2]]) {
      expect(validateBallot(approval, options, raw)).toEqual({ ok: false, reason: "invalid" });
    }
  });
});

describe("validateBallot: dot voting", () => {
  it("accepts points within both limits, drops zero entries and sorts keys", () => {
    expect(validateBallot(dot, options, { kino: 2, bank: 3, beet: 0 })).toEqual({
      ok: true,
      choices: { bank: 3, kino: 2 },
    });
  });

  it("allows using fewer points than available", () => {
    expect(validateBallot(dot, options, { fest: 1 })).toEqual({ ok: true, choices: { fest: 1 } });
  });

  it("refuses more than maxPerOption on one initiative", () => {
    expect(validateBallot(dot, options, { bank: 4 })).toEqual({
      ok: false,
      reason: "too-many-on-one",
    });
  });

  it("refuses more points than the ballot has, even if each entry is allowed", () => {
    expect(validateBallot(dot, options, { bank: 3, beet: 3 })).toEqual({
      ok: false,
      reason: "too-many-points",
    });
    // Exactly the limit is fine.
    expect(validateBallot(dot, options, { bank: 3, beet: 2 }).ok).toBe(true);
  });

  it("refuses a ballot with only zero points as empty", () => {
    expect(validateBallot(dot, options, { bank: 0 })).toEqual({ ok: false, reason: "empty" });
    expect(validateBallot(dot, options, {})).toEqual({ ok: false, reason: "empty" });
  });

  it("refuses negative, fractional, non-numeric and numeric-string points", () => {
    for (const points of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "2", null, true]) {
      expect(validateBallot(dot, options, { bank: points })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
  });

  it("refuses an unknown initiative, also with zero points", () => {
    expect(validateBallot(dot, options, { zoo: 1 })).toEqual({
      ok: false,
      reason: "unknown-option",
    });
    expect(validateBallot(dot, options, { bank: 1, zoo: 0 })).toEqual({
      ok: false,
      reason: "unknown-option",
    });
  });
});

describe("validateBallot: budget", () => {
  it("accepts initiatives whose costs fit the budget, exactly at the limit too", () => {
    // 6,000 € + 3,000 € = 9,000 € of 10,000 €.
    expect(validateBallot(budget, options, ["fest", "bank"])).toEqual({
      ok: true,
      choices: ["bank", "fest"],
    });
    const exact: VoteOption[] = [
      { id: "a", costCents: 400_000 },
      { id: "b", costCents: 600_000 },
    ];
    expect(validateBallot(budget, exact, ["a", "b"]).ok).toBe(true);
  });

  it("refuses an over-budget ballot", () => {
    // 6,000 € + 5,000 € = 11,000 € > 10,000 €.
    expect(validateBallot(budget, options, ["bank", "beet"])).toEqual({
      ok: false,
      reason: "over-budget",
    });
  });

  it("counts a duplicated id once", () => {
    expect(validateBallot(budget, options, ["bank", "bank", "fest"])).toEqual({
      ok: true,
      choices: ["bank", "fest"],
    });
  });

  it("refuses empty ballots, unknown ids and options without a cost", () => {
    expect(validateBallot(budget, options, [])).toEqual({ ok: false, reason: "empty" });
    expect(validateBallot(budget, options, ["zoo"])).toEqual({
      ok: false,
      reason: "unknown-option",
    });
    const uncosted = [...options, { id: "free", costCents: null }];
    expect(validateBallot(budget, uncosted, ["free"])).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("budget bar", () => {
  it("sums the costs of chosen options, once each, ignoring unknown ids", () => {
    expect(budgetUsed(options, ["bank", "fest", "fest", "zoo"])).toBe(900_000);
    expect(budgetUsed(options, [])).toBe(0);
  });

  it("reports fill, remaining money and overspending", () => {
    expect(budgetBar(budget, options, ["fest", "kino"])).toEqual({
      usedCents: 450_000,
      budgetCents: 1_000_000,
      remainingCents: 550_000,
      fraction: 0.45,
      over: false,
    });
    expect(budgetBar(budget, options, ["bank", "beet"])).toEqual({
      usedCents: 1_100_000,
      budgetCents: 1_000_000,
      remainingCents: -100_000,
      fraction: 1,
      over: true,
    });
  });
});

describe("checkConfig", () => {
  it("accepts sound configurations", () => {
    for (const config of [yesNo, approval, dot, budget]) {
      expect(checkConfig(config, options)).toEqual([]);
    }
    expect(
      checkConfig({ method: "yes_no", minTurnout: 50, winners: 2 }, [{ id: "x", costCents: null }]),
    ).toEqual([]);
  });

  it("finds missing options, duplicates, bad limits and missing costs", () => {
    expect(checkConfig(approval, [])).toEqual([{ problem: "no-options" }]);
    expect(
      checkConfig(approval, [
        { id: "a", costCents: null },
        { id: "a", costCents: null },
      ]),
    ).toEqual([{ problem: "duplicate-option", optionId: "a" }]);
    expect(checkConfig({ ...dot, points: 0, maxPerOption: 1.5, winners: -1 }, options)).toEqual([
      { problem: "invalid-number", field: "points" },
      { problem: "invalid-number", field: "maxPerOption" },
      { problem: "invalid-number", field: "winners" },
    ]);
    expect(checkConfig({ method: "yes_no", minTurnout: 0, winners: null }, options)).toEqual([
      { problem: "invalid-number", field: "minTurnout" },
    ]);
    expect(
      checkConfig(budget, [
        { id: "a", costCents: null },
        { id: "b", costCents: -5 },
        { id: "c", costCents: 10.5 },
      ]),
    ).toEqual([
      { problem: "missing-cost", optionId: "a" },
      { problem: "invalid-cost", optionId: "b" },
      { problem: "invalid-cost", optionId: "c" },
    ]);
  });
});

describe("describeRule", () => {
  it("describes each method with translation keys and numeric params only", () => {
    expect(describeRule(budget)).toEqual({
      key: "votes.rules.budget",
      params: { budget: 10_000 },
      details: [
        { key: "votes.rules.budgetGreedy", params: {} },
        { key: "votes.rules.budgetNoVotes", params: {} },
        { key: "votes.rules.ties", params: {} },
      ],
    });
    expect(describeRule({ ...dot, winners: 3 })).toEqual({
      key: "votes.rules.dot",
      params: { count: 5, maxPerOption: 3 },
      details: [
        { key: "votes.rules.winners", params: { count: 3 } },
        { key: "votes.rules.ties", params: {} },
      ],
    });
    expect(describeRule(approval).details[0]).toEqual({
      key: "votes.rules.allWithVotes",
      params: {},
    });
  });

  it("mentions the turnout and winner limits of a yes/no vote only when set", () => {
    expect(describeRule(yesNo).details.map((d) => d.key)).toEqual(["votes.rules.ties"]);
    expect(describeRule({ method: "yes_no", minTurnout: 80, winners: 2 })).toEqual({
      key: "votes.rules.yesNo",
      params: {},
      details: [
        { key: "votes.rules.minTurnout", params: { count: 80 } },
        { key: "votes.rules.passedWinners", params: { count: 2 } },
        { key: "votes.rules.ties", params: {} },
      ],
    });
  });

  it("only returns keys listed in ruleKeys, and uses every listed key", () => {
    const configs: MethodConfig[] = [
      yesNo,
      { method: "yes_no", minTurnout: 10, winners: 1 },
      approval,
      { ...approval, winners: 2 },
      dot,
      budget,
    ];
    const seen = new Set<string>();
    for (const config of configs) {
      const rule = describeRule(config);
      for (const text of [rule, ...rule.details]) {
        seen.add(text.key);
        expect(ruleKeys).toContain(text.key);
        for (const value of Object.values(text.params)) expect(typeof value).toBe("number");
      }
    }
    expect([...seen].sort()).toEqual([...ruleKeys].sort());
  });
});

describe("isVoteMethod", () => {
  it("accepts the four methods and nothing else", () => {
    expect(["yes_no", "approval", "dot", "budget"].every(isVoteMethod)).toBe(true);
    expect(["ranked", "", "YES_NO", null, 1].some(isVoteMethod)).toBe(false);
  });
});
