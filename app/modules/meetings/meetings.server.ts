import { randomBytes } from "node:crypto";
import type { Prisma } from "~/db/generated/client";
import { publish } from "~/modules/events/events.server";
import { allows, currentSituation, type Phase } from "~/modules/procedures/phases";
import { localisedText } from "~/modules/procedures/procedure-text";
import { validateAggregate, type ChannelAggregate, type Score } from "~/modules/votes/aggregate";
import { castBallot, type CastRefusal } from "~/modules/votes/cast-ballot.server";
import { validateBallot, type MethodConfig, type YesNoAnswer } from "~/modules/votes/methods";
import { isVoteOpen, parseConfig } from "~/modules/votes/votes.server";
import { isLanguage, type Language } from "~/i18n/config";
import { prisma } from "~/utils/db.server";
import { generateJoinCode, normaliseJoinCode } from "./join-code";
import {
  canVoteOnQuestion,
  isVotingOpen,
  MAX_COUNTDOWN_SECONDS,
  stepSpotlight,
  type MeetingState,
  type VotingScope,
} from "./meeting-state";

/**
 * Meetings: a vote taken in a room. Staff open a meeting for a vote, the
 * projection shows it, phones join with the code, staff step through the
 * initiatives, open and close voting, enter hand counts and reveal the
 * tallies. Every change publishes a "meeting" event after its commit; the
 * streams (meeting-stream.server.ts) send the new state to the room.
 */

type Refused<R extends string> = { status: "refused"; reason: R };
const refused = <R extends string>(reason: R): Refused<R> => ({ status: "refused", reason });

export const MAX_MEETING_LANGUAGES = 2;

function parseLanguages(json: string): Language[] {
  try {
    const value: unknown = JSON.parse(json);
    const list = Array.isArray(value) ? value.filter(isLanguage) : [];
    return list.length > 0 ? [...new Set(list)].slice(0, MAX_MEETING_LANGUAGES) : ["de"];
  } catch {
    return ["de"];
  }
}

/** The path a phone opens (the projection's QR code carries it with the site's origin). */
export function joinPath(code: string): string {
  return `/m/${code}`;
}

// ---------------------------------------------------------------------------
// Opening a meeting
// ---------------------------------------------------------------------------

export type CreateMeetingResult =
  { status: "ok"; id: string; code: string } | Refused<"not-found" | "not-published">;

/** Opens a meeting for a vote of a published procedure, with a fresh join code. */
export async function createMeeting(input: {
  voteId: string;
  staffId: string;
  languages?: ReadonlyArray<string>;
}): Promise<CreateMeetingResult> {
  const vote = await prisma.vote.findUnique({
    where: { id: input.voteId },
    select: { id: true, procedure: { select: { state: true } } },
  });
  if (!vote) return refused("not-found");
  if (vote.procedure.state !== "published") return refused("not-published");
  const languages = parseLanguages(JSON.stringify(input.languages ?? ["de"]));
  for (let attempt = 0; ; attempt++) {
    const joinCode = generateJoinCode((n) => randomBytes(n));
    try {
      const [meeting] = await prisma.$transaction([
        prisma.meeting.create({
          data: {
            voteId: vote.id,
            joinCode,
            languages: JSON.stringify(languages),
            createdById: input.staffId,
          },
          select: { id: true },
        }),
        prisma.auditEntry.create({
          data: {
            staffId: input.staffId,
            action: "meeting.created",
            entityType: "vote",
            entityId: vote.id,
            after: JSON.stringify({ joinCode, languages }),
          },
        }),
      ]);
      publish({ type: "meeting", meetingId: meeting.id, voteId: vote.id });
      // The vote's results now show the phone and hand channels.
      publish({ type: "vote-counted", voteId: vote.id });
      return { status: "ok", id: meeting.id, code: joinCode };
    } catch (error) {
      const unique =
        typeof error === "object" &&
        error !== null &&
        (error as { code?: unknown }).code === "P2002";
      if (!unique || attempt >= 20) throw error;
    }
  }
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

const meetingSelect = {
  id: true,
  voteId: true,
  joinCode: true,
  languages: true,
  spotlightOptionId: true,
  votingScope: true,
  votingOptionId: true,
  votingRound: true,
  votingEndsAt: true,
  hideTallies: true,
  revealed: true,
  handCounts: true,
  endedAt: true,
  createdAt: true,
  vote: {
    select: {
      id: true,
      method: true,
      config: true,
      closedAt: true,
      procedure: {
        select: {
          id: true,
          state: true,
          title: true,
          description: true,
          translations: true,
          phases: { select: { kind: true, startsAt: true, endsAt: true } },
        },
      },
      options: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: {
          id: true,
          proposalId: true,
          estimatedCostCents: true,
          proposal: {
            select: {
              title: true,
              description: true,
              district: true,
              placeLabel: true,
              lon: true,
              lat: true,
            },
          },
        },
      },
    },
  },
} satisfies Prisma.MeetingSelect;

type MeetingRow = NonNullable<Awaited<ReturnType<typeof readMeeting>>>;

function readMeeting(where: { id: string } | { joinCode: string }) {
  return prisma.meeting.findUnique({ where, select: meetingSelect });
}

export type MeetingOption = {
  id: string;
  /** 1-based number, as on the map pins and the bars. */
  number: number;
  proposalId: string;
  title: string;
  /** The first few sentences of the description, for the spotlight. */
  summary: string;
  district: string | null;
  placeLabel: string | null;
  costCents: number | null;
  lon: number;
  lat: number;
};

export type MeetingView = {
  id: string;
  code: string;
  joinPath: string;
  languages: Language[];
  state: MeetingState & { votingScope: VotingScope };
  handCounts: ChannelAggregate;
  createdAt: Date;
  vote: { id: string; method: MethodConfig["method"]; config: MethodConfig; open: boolean };
  procedure: { id: string; titles: Record<string, string> };
  options: MeetingOption[];
};

const SUMMARY_CHARS = 280;

function summarise(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= SUMMARY_CHARS) return flat;
  const cut = flat.slice(0, SUMMARY_CHARS);
  const sentence = cut.lastIndexOf(". ");
  return (
    (sentence > SUMMARY_CHARS / 2 ? cut.slice(0, sentence + 1) : cut.replace(/\s\S*$/, "")) + " …"
  );
}

function toView(row: MeetingRow, now: Date): MeetingView {
  const config = parseConfig(row.vote.method, row.vote.config);
  const languages = parseLanguages(row.languages);
  const { situation } = currentSituation(row.vote.procedure.phases as Phase[], now);
  let handCounts: ChannelAggregate = { ballots: 0, options: {} };
  try {
    handCounts = JSON.parse(row.handCounts) as ChannelAggregate;
  } catch {
    // A broken value is shown as empty; the next entry overwrites it.
  }
  return {
    id: row.id,
    code: row.joinCode,
    joinPath: joinPath(row.joinCode),
    languages,
    state: {
      endedAt: row.endedAt,
      spotlightOptionId: row.spotlightOptionId,
      votingScope: (["closed", "question", "all"].includes(row.votingScope)
        ? row.votingScope
        : "closed") as VotingScope,
      votingOptionId: row.votingOptionId,
      votingRound: row.votingRound,
      votingEndsAt: row.votingEndsAt,
      hideTallies: row.hideTallies,
      revealed: row.revealed,
    },
    handCounts,
    createdAt: row.createdAt,
    vote: {
      id: row.vote.id,
      method: config.method,
      config,
      open: isVoteOpen({ closedAt: row.vote.closedAt, procedure: row.vote.procedure }, situation),
    },
    procedure: {
      id: row.vote.procedure.id,
      titles: Object.fromEntries(
        (["de", ...languages] as string[]).map((language) => [
          language,
          localisedText(row.vote.procedure, language).title,
        ]),
      ),
    },
    options: row.vote.options.map((option, index) => ({
      id: option.id,
      number: index + 1,
      proposalId: option.proposalId,
      title: option.proposal.title,
      summary: summarise(option.proposal.description),
      district: option.proposal.district,
      placeLabel: option.proposal.placeLabel,
      costCents: option.estimatedCostCents,
      lon: option.proposal.lon,
      lat: option.proposal.lat,
    })),
  };
}

/** A meeting for staff (projection, remote) by id; null if unknown. */
export async function getMeeting(id: string, now = new Date()): Promise<MeetingView | null> {
  const row = await readMeeting({ id });
  return row ? toView(row, now) : null;
}

/** A meeting for phones by what was typed or scanned; null if unknown or malformed. */
export async function getMeetingByCode(
  input: string,
  now = new Date(),
): Promise<MeetingView | null> {
  const code = normaliseJoinCode(input);
  if (!code) return null;
  const row = await readMeeting({ joinCode: code });
  return row ? toView(row, now) : null;
}

/** Meetings of a vote, newest first, for the staff vote page. */
export async function listMeetings(voteId: string) {
  return prisma.meeting.findMany({
    where: { voteId },
    orderBy: { createdAt: "desc" },
    select: { id: true, joinCode: true, createdAt: true, endedAt: true, votingScope: true },
  });
}

export { parseLanguages as parseMeetingLanguages };

// ---------------------------------------------------------------------------
// Presenter commands
// ---------------------------------------------------------------------------

export type PresenterCommand =
  | { kind: "spotlight"; optionId: string | null }
  | { kind: "next" }
  | { kind: "previous" }
  | { kind: "open"; scope: "question" | "all"; seconds?: number | null }
  | { kind: "close" }
  | { kind: "countdown"; seconds: number }
  | { kind: "reveal" }
  | { kind: "hide"; hide: boolean }
  | { kind: "languages"; languages: string[] }
  | { kind: "end" };

export type PresenterRefusal =
  | "not-found"
  | "ended"
  | "vote-not-open"
  | "no-question"
  | "question-method"
  | "not-voting"
  | "invalid";

export type PresenterResult = { status: "ok"; state: MeetingState } | Refused<PresenterRefusal>;

/**
 * Commands of one meeting run one after another in this process: the
 * projection's keyboard and a staff phone may press at the same moment, and
 * each command decides from the state the previous one left. (A meeting is
 * served by one app instance; see the README.)
 */
const queues = new Map<string, Promise<unknown>>();

function serialised<T>(meetingId: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(meetingId) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(meetingId, settled);
  void settled.then(() => {
    if (queues.get(meetingId) === settled) queues.delete(meetingId);
  });
  return next;
}

/** Audited commands: what changes what the room decides. Stepping through the list is not. */
const audited: ReadonlySet<PresenterCommand["kind"]> = new Set([
  "open",
  "close",
  "countdown",
  "reveal",
  "hide",
  "languages",
  "end",
]);

export function presenterCommand(
  meetingId: string,
  staffId: string,
  command: PresenterCommand,
  now = new Date(),
): Promise<PresenterResult> {
  return serialised(meetingId, async (): Promise<PresenterResult> => {
    const row = await readMeeting({ id: meetingId });
    if (!row) return refused("not-found");
    const view = toView(row, now);
    const before = view.state;
    if (before.endedAt !== null) return refused("ended");
    const optionIds = view.options.map((option) => option.id);
    const data: Partial<{
      spotlightOptionId: string | null;
      votingScope: VotingScope;
      votingOptionId: string | null;
      votingRound: number;
      votingEndsAt: Date | null;
      hideTallies: boolean;
      revealed: boolean;
      languages: string;
      endedAt: Date;
    }> = {};
    const open = isVotingOpen(before, now);
    switch (command.kind) {
      case "spotlight":
        if (command.optionId !== null && !optionIds.includes(command.optionId)) {
          return refused("invalid");
        }
        data.spotlightOptionId = command.optionId;
        break;
      case "next":
      case "previous":
        data.spotlightOptionId = stepSpotlight(
          optionIds,
          before.spotlightOptionId,
          command.kind === "next" ? 1 : -1,
        );
        break;
      case "open": {
        if (!view.vote.open) return refused("vote-not-open");
        if (command.scope === "question") {
          if (!canVoteOnQuestion(view.vote.method)) return refused("question-method");
          if (before.spotlightOptionId === null) return refused("no-question");
        }
        const seconds = command.seconds ?? null;
        if (seconds !== null && !validSeconds(seconds)) return refused("invalid");
        data.votingScope = command.scope;
        data.votingOptionId = command.scope === "question" ? before.spotlightOptionId : null;
        data.votingRound = before.votingRound + 1;
        data.votingEndsAt = seconds === null ? null : new Date(now.getTime() + seconds * 1000);
        // A hidden meeting hides each new round again until the next reveal.
        if (before.hideTallies) data.revealed = false;
        break;
      }
      case "close":
        if (before.votingScope === "closed") return refused("not-voting");
        data.votingScope = "closed";
        data.votingEndsAt =
          before.votingEndsAt && before.votingEndsAt < now ? before.votingEndsAt : now;
        break;
      case "countdown":
        if (!open) return refused("not-voting");
        if (!validSeconds(command.seconds)) return refused("invalid");
        data.votingEndsAt = new Date(now.getTime() + command.seconds * 1000);
        break;
      case "reveal":
        data.revealed = true;
        break;
      case "hide":
        data.hideTallies = command.hide;
        if (command.hide) data.revealed = false;
        break;
      case "languages": {
        // An unknown language is refused, not dropped: staff would otherwise see a
        // projection in fewer languages than they chose and not know why.
        const { languages } = command;
        if (
          languages.length === 0 ||
          languages.length > MAX_MEETING_LANGUAGES ||
          !languages.every(isLanguage) ||
          new Set(languages).size !== languages.length
        ) {
          return refused("invalid");
        }
        data.languages = JSON.stringify(languages);
        break;
      }
      case "end":
        data.endedAt = now;
        if (before.votingScope !== "closed") {
          data.votingScope = "closed";
          data.votingEndsAt = now;
        }
        break;
    }
    const update = prisma.meeting.update({ where: { id: meetingId }, data, select: { id: true } });
    if (audited.has(command.kind)) {
      await prisma.$transaction([
        update,
        prisma.auditEntry.create({
          data: {
            staffId,
            action: `meeting.${command.kind}`,
            entityType: "meeting",
            entityId: meetingId,
            before: JSON.stringify(pick(before, Object.keys(data))),
            after: JSON.stringify(data),
          },
        }),
      ]);
    } else {
      // Two statements, so that Prisma runs them as a transaction of their own
      // (a single statement could join another request's open transaction).
      await prisma.$transaction([update, prisma.meeting.count({ where: { id: meetingId } })]);
    }
    publish({ type: "meeting", meetingId, voteId: view.vote.id });
    const state = { ...before, ...data } as MeetingState;
    return { status: "ok", state };
  });
}

function validSeconds(seconds: number): boolean {
  return Number.isSafeInteger(seconds) && seconds >= 5 && seconds <= MAX_COUNTDOWN_SECONDS;
}

function pick(state: MeetingState, keys: string[]): Record<string, unknown> {
  const source = state as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}

// ---------------------------------------------------------------------------
// Hand counts
// ---------------------------------------------------------------------------

export type HandCountResult =
  | { status: "ok"; handCounts: ChannelAggregate }
  | Refused<
      | "not-found"
      | "ended"
      | "vote-not-open"
      | "results-published"
      | "unknown-option"
      | "invalid"
      | "implausible"
    >;

/**
 * Stores a show of hands for one initiative (its score) together with how
 * many people voted by hand. Other initiatives' counts stay as they are. The
 * counts are checked like a paper batch: no more answers than people, and
 * only while the vote's counts may be entered (the phase table's
 * "paper:enter": voting and counting) and its result is not yet published —
 * a published result does not change afterwards.
 */
export function setHandCount(input: {
  meetingId: string;
  staffId: string;
  optionId: string;
  score: Score;
  /** People who voted by hand; at least the largest answer count. */
  people: number;
}): Promise<HandCountResult> {
  return serialised(input.meetingId, async (): Promise<HandCountResult> => {
    const row = await readMeeting({ id: input.meetingId });
    if (!row) return refused("not-found");
    const now = new Date();
    const view = toView(row, now);
    if (view.state.endedAt !== null) return refused("ended");
    const { situation } = currentSituation(row.vote.procedure.phases as Phase[], now);
    if (row.vote.procedure.state !== "published" || !allows(situation, "paper:enter")) {
      return refused("vote-not-open");
    }
    const option = view.options.find((candidate) => candidate.id === input.optionId);
    if (!option) return refused("unknown-option");
    const merged = {
      ballots: input.people,
      options: { ...view.handCounts.options, [input.optionId]: input.score },
    };
    const methodOptions = view.options.map((item) => ({ id: item.id, costCents: item.costCents }));
    const checked = validateAggregate(view.vote.config, methodOptions, merged);
    if (!checked.ok) {
      return refused(checked.reason === "implausible" ? "implausible" : "invalid");
    }
    // Checked in the transaction that writes: publishing the result may run at the same moment.
    const stored = await prisma.$transaction(async (tx) => {
      const vote = await tx.vote.findUnique({
        where: { id: view.vote.id },
        select: { resultsPublishedAt: true },
      });
      if (!vote || vote.resultsPublishedAt !== null) return false;
      await tx.meeting.update({
        where: { id: input.meetingId },
        data: { handCounts: JSON.stringify(checked.aggregate) },
        select: { id: true },
      });
      await tx.auditEntry.create({
        data: {
          staffId: input.staffId,
          action: "meeting.handCount",
          entityType: "meeting",
          entityId: input.meetingId,
          before: JSON.stringify(view.handCounts),
          after: JSON.stringify(checked.aggregate),
        },
      });
      return true;
    });
    if (!stored) return refused("results-published");
    publish({ type: "vote-counted", voteId: view.vote.id });
    return { status: "ok", handCounts: checked.aggregate };
  });
}

// ---------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------

export type PhoneBallotInput =
  { kind: "question"; optionId: string; answer: YesNoAnswer } | { kind: "all"; choices: unknown };

export type PhoneBallotResult =
  | { status: "ok"; changed: boolean }
  | { status: "refused"; reason: CastRefusal | "wrong-question"; detail?: string };

/**
 * A phone's ballot in a meeting. On one question (yes/no per initiative) the
 * answer joins the device's earlier answers to other questions of the same
 * vote: one ballot per device, changeable while the round is open. On the
 * whole vote the ballot replaces the device's ballot. The writer checks under
 * the database's lock that the meeting still takes ballots in this round.
 */
export async function castPhoneBallot(input: {
  meeting: MeetingView;
  /** The round the phone's page showed. */
  round: number;
  voterKey: string;
  ballot: PhoneBallotInput;
  now?: Date;
}): Promise<PhoneBallotResult> {
  const { meeting } = input;
  const now = input.now ?? new Date();
  const state = meeting.state;
  const base = { voteId: meeting.vote.id, voterKey: input.voterKey };
  if (!isVotingOpen(state, now) || state.votingRound !== input.round) {
    return { status: "refused", reason: "meeting-closed" };
  }
  let choices: unknown;
  if (input.ballot.kind === "question") {
    if (state.votingScope !== "question" || state.votingOptionId !== input.ballot.optionId) {
      return { status: "refused", reason: "wrong-question" };
    }
    const existing = await prisma.ballot.findUnique({
      where: { voteId_voterKey: base },
      select: { choices: true },
    });
    const earlier = existing ? (JSON.parse(existing.choices) as Record<string, YesNoAnswer>) : {};
    choices = { ...earlier, [input.ballot.optionId]: input.ballot.answer };
  } else {
    if (state.votingScope !== "all") return { status: "refused", reason: "wrong-question" };
    choices = input.ballot.choices;
  }
  const outcome = await castBallot({
    voteId: meeting.vote.id,
    channel: "phone",
    meeting: { id: meeting.id, round: input.round, voterKey: input.voterKey },
    choices,
    // The room is the eligibility check: staff admit who may vote in it.
    eligible: true,
    // Without a pinned clock the writer times the ballot when it is written, like every channel.
    ...(input.now ? { now: input.now } : {}),
  });
  if (outcome.status === "ok") return { status: "ok", changed: outcome.changed };
  return outcome;
}

/** The device's current ballot in this meeting's vote, for the phone page; null if none. */
export async function getPhoneBallot(
  meeting: MeetingView,
  voterKey: string,
): Promise<Record<string, unknown> | string[] | null> {
  const ballot = await prisma.ballot.findUnique({
    where: { voteId_voterKey: { voteId: meeting.vote.id, voterKey } },
    select: { choices: true },
  });
  if (!ballot) return null;
  const checked = validateBallot(
    meeting.vote.config,
    meeting.options.map((option) => ({ id: option.id, costCents: option.costCents })),
    JSON.parse(ballot.choices) as unknown,
  );
  return checked.ok ? (checked.choices as Record<string, unknown> | string[]) : null;
}
