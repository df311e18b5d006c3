import { channels, type Channel } from "~/modules/votes/channels";
import type { VoteMethod } from "~/modules/votes/methods";

/**
 * What the projection writes, in each of the meeting's languages. The
 * loader translates these for every language on the wall (the browser only
 * has the staff member's own catalogue), the page picks them by name.
 */
const keys = {
  joinTitle: "staff.meetings.projection.joinTitle",
  joinHint: "staff.meetings.projection.joinHint",
  code: "staff.meetings.projection.code",
  results: "staff.meetings.projection.results",
  hidden: "staff.meetings.projection.hidden",
  ballots: "staff.meetings.projection.ballots",
  yes: "staff.meetings.projection.yes",
  no: "staff.meetings.projection.no",
  abstain: "staff.meetings.projection.abstain",
  notYet: "staff.meetings.projection.state.notYet",
  openQuestion: "staff.meetings.projection.state.openQuestion",
  openAll: "staff.meetings.projection.state.openAll",
  closed: "staff.meetings.projection.state.closed",
  ended: "staff.meetings.projection.state.ended",
  voteClosed: "staff.meetings.projection.state.voteClosed",
  remaining: "staff.meetings.projection.remaining",
  place: "staff.meetings.projection.place",
  cost: "staff.meetings.projection.cost",
  mapLabel: "staff.meetings.projection.mapLabel",
  noOptions: "staff.meetings.projection.noOptions",
  reconnecting: "staff.meetings.projection.reconnecting",
} as const;

type ChannelLabel = `channel_${Channel}`;
export type ProjectionLabelName = keyof typeof keys | "points" | ChannelLabel;
export type ProjectionLabels = Record<ProjectionLabelName, string>;

type Translate = (key: string) => string;

export function projectionLabels(t: Translate, method: VoteMethod): ProjectionLabels {
  const labels = Object.fromEntries(
    Object.entries(keys).map(([name, key]) => [name, t(key)]),
  ) as Record<keyof typeof keys, string>;
  const channelLabels = Object.fromEntries(
    channels.map((channel) => [`channel_${channel}`, t(`votes.channels.${channel}`)]),
  ) as Record<ChannelLabel, string>;
  return {
    ...labels,
    ...channelLabels,
    points: t(`staff.meetings.projection.points.${method}`),
  };
}
