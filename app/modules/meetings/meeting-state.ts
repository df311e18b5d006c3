import type { Channel } from "~/modules/votes/channels";
import type { Score } from "~/modules/votes/aggregate";
import type { VoteMethod } from "~/modules/votes/methods";

/**
 * What a meeting is doing, as stored on the Meeting row, and the rules that
 * follow from it. Pure: the server, the projection and the phone page all
 * decide "is voting open?" and "may tallies be shown?" with these functions.
 */
export const votingScopes = ["closed", "question", "all"] as const;
export type VotingScope = (typeof votingScopes)[number];

export function isVotingScope(value: unknown): value is VotingScope {
  return typeof value === "string" && (votingScopes as ReadonlyArray<string>).includes(value);
}

export type MeetingState = {
  endedAt: Date | null;
  spotlightOptionId: string | null;
  votingScope: string;
  votingOptionId: string | null;
  votingRound: number;
  votingEndsAt: Date | null;
  hideTallies: boolean;
  revealed: boolean;
};

/**
 * Phones may vote: the meeting runs, staff opened voting and the countdown
 * (if any) has not run out. Whether the vote itself takes ballots (its
 * voting phase) is checked separately; ballots need both.
 */
export function isVotingOpen(state: MeetingState, now: Date): boolean {
  if (state.endedAt !== null || state.votingScope === "closed") return false;
  return state.votingEndsAt === null || state.votingEndsAt.getTime() > now.getTime();
}

/**
 * Tallies leave the server for the room only when the meeting does not hide
 * them, or staff revealed them. A hidden meeting keeps them hidden after
 * voting closes, until the reveal: the room sees the result in one moment.
 */
export function talliesVisible(state: Pick<MeetingState, "hideTallies" | "revealed">): boolean {
  return !state.hideTallies || state.revealed;
}

/**
 * The next or previous initiative for the presenter: null is the overview,
 * before the first and after the last, so stepping past either end comes
 * back to the overview.
 */
export function stepSpotlight(
  optionIds: ReadonlyArray<string>,
  current: string | null,
  direction: 1 | -1,
): string | null {
  if (optionIds.length === 0) return null;
  const index = current === null ? -1 : optionIds.indexOf(current);
  if (index === -1) return direction === 1 ? optionIds[0]! : optionIds[optionIds.length - 1]!;
  const next = index + direction;
  return next < 0 || next >= optionIds.length ? null : optionIds[next]!;
}

/** Voting on one initiative at a time only makes sense where each one gets its own answer. */
export function canVoteOnQuestion(method: VoteMethod): boolean {
  return method === "yes_no";
}

export const MAX_COUNTDOWN_SECONDS = 60 * 60;

/**
 * What a meeting stream sends: the meeting's state and, when they may be
 * shown, the tallies. Nothing personal: no names, no e-mail addresses, no
 * codes, no tokens, no single ballot — counts only.
 */
export type MeetingSnapshot = {
  /** The event's id: increases with every snapshot in this process. */
  seq: number;
  /** Update requests that this snapshot includes (see the stream's `updatesRequested`). */
  covers: number;
  /**
   * The server's clock when the event was sent, so that a phone with a wrong
   * clock still shows the right countdown.
   */
  serverTime: string;
  code: string;
  ended: boolean;
  languages: string[];
  spotlightOptionId: string | null;
  voting: {
    open: boolean;
    scope: VotingScope;
    optionId: string | null;
    round: number;
    endsAt: string | null;
  };
  /** The vote itself takes ballots now (its voting phase runs and it is not closed). */
  voteOpen: boolean;
  /** Ballots counted so far, all channels, and phones of this meeting's vote. Never per option while hidden. */
  ballots: { total: number; phone: number };
  talliesVisible: boolean;
  tally: MeetingTally | null;
};

export type MeetingTally = {
  method: VoteMethod;
  channels: Channel[];
  turnout: { total: number; byChannel: Partial<Record<Channel, number>> };
  rows: Array<{
    optionId: string;
    total: Score;
    byChannel: Partial<Record<Channel, Score>>;
    selected: boolean;
  }>;
};
