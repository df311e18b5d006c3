/**
 * The ways a ballot reaches a vote. The list is open on purpose: "phone" and
 * "hand" are planned, and results always show every channel next to the
 * total, so adding one here is enough for tallies and result tables.
 */
export const channels = ["code", "open", "paper", "phone", "hand"] as const;

export type Channel = (typeof channels)[number];

/**
 * How a channel's votes arrive. "ballots": one validated ballot at a time,
 * added with `addBallot`. "counts": staff enter counted totals of a batch
 * (a stack of paper ballots, a show of hands), checked with
 * `validateAggregate`. Phone votes are taken down one call at a time, so they
 * count as single ballots; change this if a procedure counts them in batches.
 */
export const channelInput = {
  code: "ballots",
  open: "ballots",
  paper: "counts",
  phone: "ballots",
  hand: "counts",
} as const satisfies Record<Channel, "ballots" | "counts">;

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && (channels as ReadonlyArray<string>).includes(value);
}
