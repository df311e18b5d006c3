import { describe, expect, it } from "vitest";
import { checkDecision, grantedAmount, suggestSplit } from "~/modules/fund/decision-rules";
import { quorumNeeded, quorumState, tallyAllowsGrant, tallyJuryVotes } from "~/modules/fund/quorum";
import { isRtlText, visualRuns } from "~/modules/pdf/bidi";

describe("quorum", () => {
  it.each([
    ["more_than_half", 1, 1],
    ["more_than_half", 2, 2],
    ["more_than_half", 3, 2],
    ["more_than_half", 4, 3],
    ["more_than_half", 5, 3],
    ["two_thirds", 3, 2],
    ["two_thirds", 4, 3],
    ["two_thirds", 5, 4],
    ["two_thirds", 6, 4],
    // An unknown rule is read as the stricter one.
    ["whatever", 6, 4],
  ])("%s of %i members needs %i present", (rule, members, needed) => {
    expect(quorumNeeded(rule, members)).toBe(needed);
    expect(quorumState(rule, members, needed).reached).toBe(true);
    expect(quorumState(rule, members, needed - 1).reached).toBe(false);
  });

  it("a team without members never has a quorum", () => {
    expect(quorumState("more_than_half", 0, 0).reached).toBe(false);
  });

  it("a grant needs more yes than no; abstentions do not count", () => {
    expect(tallyJuryVotes(["yes", "no", "abstain", "abstain", "bogus"])).toEqual({
      yes: 1,
      no: 1,
      abstain: 2,
    });
    expect(tallyAllowsGrant({ yes: 1, no: 1, abstain: 3 })).toBe(false);
    expect(tallyAllowsGrant({ yes: 1, no: 0, abstain: 3 })).toBe(true);
    expect(tallyAllowsGrant({ yes: 0, no: 0, abstain: 0 })).toBe(false);
  });
});

describe("decision rules and the per-pot split", () => {
  const context = {
    requestedCents: 80_000,
    potIds: ["inv", "non"],
    tally: { yes: 2, no: 1, abstain: 0 },
  };

  it("a grant in full must be split exactly over the round's pots", () => {
    expect(
      checkDecision(
        {
          outcome: "granted",
          grantedCents: 0,
          reason: "Gut.",
          allocations: [
            { potId: "inv", amountCents: 50_000 },
            { potId: "non", amountCents: 30_000 },
          ],
        },
        context,
      ),
    ).toEqual([]);
    expect(
      checkDecision(
        {
          outcome: "granted",
          grantedCents: 0,
          reason: "Gut.",
          allocations: [{ potId: "inv", amountCents: 50_000 }],
        },
        context,
      ),
    ).toEqual([{ key: "split-sum", sumCents: 50_000, grantedCents: 80_000 }]);
    expect(
      checkDecision(
        {
          outcome: "granted",
          grantedCents: 0,
          reason: "Gut.",
          allocations: [{ potId: "elsewhere", amountCents: 80_000 }],
        },
        context,
      ),
    ).toEqual([{ key: "split-unknown-pot" }]);
  });

  it("a reduced grant lies below the request and above zero", () => {
    const split = [{ potId: "inv", amountCents: 60_000 }];
    expect(
      checkDecision(
        { outcome: "reduced", grantedCents: 60_000, reason: "x", allocations: split },
        context,
      ),
    ).toEqual([]);
    expect(
      checkDecision(
        {
          outcome: "reduced",
          grantedCents: 80_000,
          reason: "x",
          allocations: [{ potId: "inv", amountCents: 80_000 }],
        },
        context,
      ),
    ).toEqual([{ key: "reduced-not-below-request", requestedCents: 80_000 }]);
    expect(
      checkDecision({ outcome: "reduced", grantedCents: 0, reason: "x", allocations: [] }, context),
    ).toEqual([{ key: "amount-missing" }]);
    expect(
      checkDecision(
        {
          outcome: "reduced",
          grantedCents: 60_000,
          reason: "x",
          allocations: [
            { potId: "inv", amountCents: 70_000 },
            { potId: "non", amountCents: -10_000 },
          ],
        },
        context,
      ),
    ).toContainEqual({ key: "split-negative" });
  });

  it("always needs a reason, and a grant needs a majority", () => {
    expect(
      checkDecision(
        { outcome: "refused", grantedCents: 0, reason: "  ", allocations: [] },
        context,
      ),
    ).toEqual([{ key: "reason-missing" }]);
    // Refusing needs no majority.
    expect(
      checkDecision(
        { outcome: "refused", grantedCents: 0, reason: "Nein.", allocations: [] },
        { ...context, tally: { yes: 0, no: 0, abstain: 0 } },
      ),
    ).toEqual([]);
    expect(
      checkDecision(
        {
          outcome: "granted",
          grantedCents: 0,
          reason: "Ja.",
          allocations: [{ potId: "inv", amountCents: 80_000 }],
        },
        { ...context, tally: { yes: 1, no: 1, abstain: 1 } },
      ),
    ).toEqual([{ key: "no-majority", yes: 1, no: 1 }]);
  });

  it("the granted amount follows the outcome", () => {
    expect(grantedAmount({ outcome: "granted", grantedCents: 5 }, 800)).toBe(800);
    expect(grantedAmount({ outcome: "refused", grantedCents: 5 }, 800)).toBe(0);
    expect(grantedAmount({ outcome: "reduced", grantedCents: 500 }, 800)).toBe(500);
  });

  it("suggests a split by the cost plan's kinds, to the cent", () => {
    const pots = [
      { id: "inv", kind: "investive" },
      { id: "non", kind: "non_investive" },
    ];
    const lines = [
      { amountCents: 30_000, potKind: "investive" },
      { amountCents: 10_000, potKind: "investive" },
      { amountCents: 20_001, potKind: "non_investive" },
    ];
    const split = suggestSplit(60_001, lines, pots);
    expect(split.reduce((sum, part) => sum + part.amountCents, 0)).toBe(60_001);
    expect(split.map((part) => part.potId)).toEqual(["inv", "non"]);
    expect(suggestSplit(10_000, [], pots)).toEqual([{ potId: "inv", amountCents: 10_000 }]);
    expect(suggestSplit(0, lines, pots)).toEqual([]);
  });
});

describe("bidi runs for PDF lines", () => {
  it("puts signs after a number at the end of an Arabic line into display order", () => {
    const runs = visualRuns("القرار: 600 €");
    expect(runs.map((run) => run.text)).toEqual(["€ ", "600", "القرار: "]);
  });

  it("keeps a Latin line as one run", () => {
    expect(visualRuns("Antrag: Hochbeete 2027")).toEqual([
      { text: "Antrag: Hochbeete 2027", rtl: false },
    ]);
  });

  it("puts an Arabic title inside a German line as one right-to-left run", () => {
    expect(visualRuns("Antrag: حديقة الحي")).toEqual([
      { text: "Antrag: ", rtl: false },
      { text: "حديقة الحي", rtl: true },
    ]);
  });

  it("orders an Arabic line with a number and a Latin name from right to left", () => {
    expect(isRtlText("القرار: 600 € Jonas")).toBe(true);
    const runs = visualRuns("القرار: 600 Jonas");
    // Visual order (left to right): the Latin name, then the number, then the Arabic label.
    expect(runs.map((run) => run.text.trim()).filter(Boolean)).toEqual(["Jonas", "600", "القرار:"]);
    expect(runs.map((run) => run.text).join("").length).toBe("القرار: 600 Jonas".length);
    expect(runs.at(-1)!.rtl).toBe(true);
  });
});
