import { describe, expect, it } from "vitest";
import {
  canVoteOnQuestion,
  isVotingOpen,
  isVotingScope,
  stepSpotlight,
  talliesVisible,
  type MeetingState,
} from "~/modules/meetings/meeting-state";

const now = new Date("2026-11-26T18:30:00Z");
const seconds = (n: number) => new Date(now.getTime() + n * 1000);

const state = (overrides: Partial<MeetingState> = {}): MeetingState => ({
  endedAt: null,
  spotlightOptionId: null,
  votingScope: "closed",
  votingOptionId: null,
  votingRound: 0,
  votingEndsAt: null,
  hideTallies: true,
  revealed: false,
  ...overrides,
});

describe("stepSpotlight", () => {
  const ids = ["a", "b", "c"];

  it("steps forward from the overview through every initiative and back to the overview", () => {
    const seen: Array<string | null> = [];
    let current: string | null = null;
    for (let i = 0; i < 4; i++) {
      current = stepSpotlight(ids, current, 1);
      seen.push(current);
    }
    expect(seen).toEqual(["a", "b", "c", null]);
  });

  it("steps backward from the overview to the last one and past the first to the overview", () => {
    const seen: Array<string | null> = [];
    let current: string | null = null;
    for (let i = 0; i < 4; i++) {
      current = stepSpotlight(ids, current, -1);
      seen.push(current);
    }
    expect(seen).toEqual(["c", "b", "a", null]);
  });

  it("treats an initiative no longer on the ballot like the overview, and an empty ballot as overview", () => {
    expect(stepSpotlight(ids, "gone", 1)).toBe("a");
    expect(stepSpotlight(ids, "gone", -1)).toBe("c");
    expect(stepSpotlight([], null, 1)).toBeNull();
    expect(stepSpotlight([], "a", -1)).toBeNull();
    expect(stepSpotlight(["only"], "only", 1)).toBeNull();
    expect(stepSpotlight(["only"], null, -1)).toBe("only");
  });
});

describe("isVotingOpen", () => {
  it("is closed until staff open voting, and open on a question or the whole vote", () => {
    expect(isVotingOpen(state(), now)).toBe(false);
    expect(isVotingOpen(state({ votingScope: "question", votingOptionId: "a" }), now)).toBe(true);
    expect(isVotingOpen(state({ votingScope: "all" }), now)).toBe(true);
  });

  it("closes by itself when the countdown runs out", () => {
    const open = (endsAt: Date) =>
      isVotingOpen(state({ votingScope: "all", votingEndsAt: endsAt }), now);
    expect(open(seconds(30))).toBe(true);
    expect(open(seconds(0.001))).toBe(true);
    // At the end itself it is already closed: a ballot on the last millisecond is late.
    expect(open(now)).toBe(false);
    expect(open(seconds(-1))).toBe(false);
  });

  it("is closed once the meeting has ended, whatever the scope says", () => {
    expect(isVotingOpen(state({ votingScope: "all", endedAt: seconds(-5) }), now)).toBe(false);
    expect(
      isVotingOpen(
        state({ votingScope: "question", votingEndsAt: seconds(60), endedAt: now }),
        now,
      ),
    ).toBe(false);
  });
});

describe("talliesVisible", () => {
  it("hides tallies in a hiding meeting until the reveal", () => {
    expect(talliesVisible({ hideTallies: true, revealed: false })).toBe(false);
    expect(talliesVisible({ hideTallies: true, revealed: true })).toBe(true);
  });

  it("shows tallies in a meeting that does not hide them", () => {
    expect(talliesVisible({ hideTallies: false, revealed: false })).toBe(true);
    expect(talliesVisible({ hideTallies: false, revealed: true })).toBe(true);
  });
});

describe("question voting and scopes", () => {
  it("votes one initiative at a time only with yes/no ballots", () => {
    expect(canVoteOnQuestion("yes_no")).toBe(true);
    for (const method of ["approval", "dot", "budget"] as const) {
      expect(canVoteOnQuestion(method)).toBe(false);
    }
  });

  it("knows the three scopes and nothing else", () => {
    for (const scope of ["closed", "question", "all"]) expect(isVotingScope(scope)).toBe(true);
    for (const value of ["open", "", "ALL", null, undefined, 1]) {
      expect(isVotingScope(value)).toBe(false);
    }
  });
});
