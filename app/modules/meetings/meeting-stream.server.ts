import { subscribe } from "~/modules/events/events.server";
import { currentSituation, type Phase } from "~/modules/procedures/phases";
import type { Channel } from "~/modules/votes/channels";
import { countVote, isVoteOpen } from "~/modules/votes/votes.server";
import {
  isVotingOpen,
  isVotingScope,
  talliesVisible,
  type MeetingSnapshot,
  type MeetingTally,
} from "./meeting-state";
import { parseMeetingLanguages, readMeetingState } from "./meetings.server";

/**
 * Live updates for a meeting: server-sent events to the projection and the
 * phones in the room.
 *
 * Each connected meeting has a room with its clients. Events from the bus
 * ("meeting", and "vote-counted" for the room's vote) ask the room for an
 * update; the room then reads the meeting and counts the vote from the
 * stored ballots, and sends every client the same snapshot. Requests that
 * arrive while a count runs are folded into one more count afterwards, so a
 * burst of ballots costs a few counts, not one per ballot, and no change is
 * lost: every snapshot says which requests it `covers`.
 *
 * A snapshot is the whole state, not a difference: a client that connects
 * late, reconnects or missed an event is in sync with the next one it gets,
 * and the first thing a new connection receives is the latest snapshot.
 * Tallies are in it only when the meeting shows them (see `talliesVisible`).
 */

type Client = {
  send: (chunk: string) => boolean;
  close: () => void;
};

type Room = {
  meetingId: string;
  voteId: string;
  clients: Set<Client>;
  /** The number (process-wide, see `requests`) of the room's latest update request. */
  requested: number;
  counting: boolean;
  again: boolean;
  /** The latest snapshot, for clients that connect before the next one. */
  last: MeetingSnapshot | null;
  countdown: ReturnType<typeof setTimeout> | null;
};

const rooms = new Map<string, Room>();
const encoder = new TextEncoder();

/**
 * Update requests and snapshots are numbered per process, not per room: a
 * room is dropped when its last client leaves and made anew when one comes
 * back, and its numbers must still only grow — a phone waits for the
 * snapshot whose `covers` reaches the number its ballot got, and a browser
 * resumes from the last event id it saw.
 */
let requests = 0;
let snapshots = 0;

/** Comment lines keep idle connections open through proxies (most close after 30–60 s). */
const HEARTBEAT_MS = 15_000;
/** The browser waits this long before reconnecting a dropped stream. */
const RETRY_MS = 1_000;
/** A client this far behind (queued bytes) is dropped; it reconnects and gets a fresh snapshot. */
const MAX_QUEUED_BYTES = 1_000_000;

let unsubscribe: (() => void) | null = null;
let heartbeat: ReturnType<typeof setInterval> | null = null;

function start() {
  if (unsubscribe) return;
  unsubscribe = subscribe((event) => {
    if (event.type === "meeting") {
      const room = rooms.get(event.meetingId);
      if (room) requestUpdate(room);
    } else if (event.type === "vote-counted") {
      for (const room of rooms.values()) if (room.voteId === event.voteId) requestUpdate(room);
    }
  });
  heartbeat = setInterval(() => {
    for (const room of rooms.values()) broadcast(room, ": heartbeat\n\n");
  }, HEARTBEAT_MS);
  heartbeat.unref?.();
}

function broadcast(room: Room, chunk: string) {
  for (const client of room.clients) {
    if (!client.send(chunk)) {
      room.clients.delete(client);
      client.close();
    }
  }
}

function requestUpdate(room: Room) {
  room.requested = ++requests;
  if (room.counting) {
    room.again = true;
    return;
  }
  void count(room);
}

async function count(room: Room) {
  room.counting = true;
  try {
    do {
      room.again = false;
      const covers = room.requested;
      const snapshot = await buildSnapshot(room.meetingId);
      if (!snapshot) continue;
      room.last = { ...snapshot, seq: ++snapshots, covers };
      broadcast(room, frame(room.last));
      scheduleCountdown(room, snapshot);
    } while (room.again && room.clients.size > 0);
  } catch (error) {
    console.error("meeting stream: could not build a snapshot", error);
  } finally {
    room.counting = false;
  }
}

function frame(snapshot: MeetingSnapshot): string {
  return `id: ${snapshot.seq}\nevent: state\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

/** When a countdown runs out, voting closes by itself: the room hears it at that moment. */
function scheduleCountdown(room: Room, snapshot: Omit<MeetingSnapshot, "seq" | "covers">) {
  if (room.countdown) clearTimeout(room.countdown);
  room.countdown = null;
  const endsAt = snapshot.voting.endsAt ? Date.parse(snapshot.voting.endsAt) : NaN;
  if (!snapshot.voting.open || Number.isNaN(endsAt)) return;
  room.countdown = setTimeout(() => requestUpdate(room), Math.max(0, endsAt - Date.now()) + 20);
  room.countdown.unref?.();
}

/** The meeting's state and, when they may be shown, its tallies; null for an unknown meeting. */
export async function buildSnapshot(
  meetingId: string,
  now = new Date(),
): Promise<Omit<MeetingSnapshot, "seq" | "covers"> | null> {
  const meeting = await readMeetingState(meetingId);
  if (!meeting) return null;
  const counted = await countVote(meeting.voteId);
  const { situation } = currentSituation(meeting.vote.procedure.phases as Phase[], now);
  const scope = isVotingScope(meeting.votingScope) ? meeting.votingScope : "closed";
  const state = { ...meeting, votingScope: scope };
  const visible = talliesVisible(state);
  const byChannel = counted?.turnout.byChannel ?? ({} as Record<Channel, number>);
  let tally: MeetingTally | null = null;
  if (visible && counted) {
    tally = {
      method: counted.method,
      channels: counted.channels,
      turnout: {
        total: counted.turnout.total,
        byChannel: pickChannels(byChannel, counted.channels),
      },
      rows: counted.rows.map((row) => ({
        optionId: row.optionId,
        total: row.total,
        byChannel: pickChannels(row.byChannel, counted.channels),
        selected: row.selected,
      })),
    };
  }
  return {
    serverTime: now.toISOString(),
    code: meeting.joinCode,
    ended: meeting.endedAt !== null,
    languages: parseMeetingLanguages(meeting.languages),
    spotlightOptionId: meeting.spotlightOptionId,
    voting: {
      open: isVotingOpen(state, now),
      scope,
      optionId: meeting.votingOptionId,
      round: meeting.votingRound,
      endsAt: meeting.votingEndsAt ? meeting.votingEndsAt.toISOString() : null,
    },
    voteOpen: isVoteOpen(
      { closedAt: meeting.vote.closedAt, procedure: meeting.vote.procedure },
      situation,
    ),
    ballots: { total: counted?.turnout.total ?? 0, phone: byChannel.phone ?? 0 },
    talliesVisible: visible,
    tally,
  };
}

function pickChannels<T>(record: Record<Channel, T>, channels: ReadonlyArray<Channel>) {
  return Object.fromEntries(channels.map((channel) => [channel, record[channel]])) as Partial<
    Record<Channel, T>
  >;
}

/**
 * The number of a meeting's latest update request: a ballot's answer carries
 * it, and the snapshot whose `covers` reaches it includes the ballot. When
 * nobody is connected, the latest number of all: the next room's first
 * snapshot covers it.
 */
export function updatesRequested(meetingId: string): number {
  return rooms.get(meetingId)?.requested ?? requests;
}

const streamHeaders = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: the compression middleware leaves the stream alone (it
  // would buffer events), and so do proxies that honour it.
  "Cache-Control": "no-store, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};

/**
 * The event stream of one meeting, as a Response for a Remix resource route.
 * `maxAgeSeconds` ends the connection after a while (the browser reconnects
 * at once and gets the latest snapshot), which spreads long-lived
 * connections over restarts and lets a test drop a stream from the server.
 */
export function meetingStream(
  meeting: { id: string; voteId: string },
  signal: AbortSignal,
  options: { maxAgeSeconds?: number } = {},
): Response {
  if (signal.aborted) {
    // The request ended before its stream began (the phone left while the meeting was
    // read): its abort event has fired already and would never remove the client, and an
    // empty room would go on counting for nobody.
    return new Response(
      new ReadableStream<Uint8Array>({
        start: (controller) => controller.close(),
      }),
      { headers: streamHeaders },
    );
  }
  start();
  let room = rooms.get(meeting.id);
  if (!room) {
    room = {
      meetingId: meeting.id,
      voteId: meeting.voteId,
      clients: new Set(),
      requested: 0,
      counting: false,
      again: false,
      last: null,
      countdown: null,
    };
    rooms.set(meeting.id, room);
  }
  const theRoom = room;
  let client: Client | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const leave = () => {
    if (timer) clearTimeout(timer);
    if (!client) return;
    theRoom.clients.delete(client);
    client = null;
    if (theRoom.clients.size === 0 && rooms.get(theRoom.meetingId) === theRoom) {
      if (theRoom.countdown) clearTimeout(theRoom.countdown);
      rooms.delete(theRoom.meetingId);
    }
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      client = {
        send(chunk) {
          if (closed) return false;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) return false;
          try {
            controller.enqueue(encoder.encode(chunk));
            return true;
          } catch {
            return false;
          }
        },
        close() {
          if (closed) return;
          closed = true;
          try {
            controller.close();
          } catch {
            // already closed by the other side
          }
        },
      };
      theRoom.clients.add(client);
      client.send(`retry: ${RETRY_MS}\n\n`);
      // The latest snapshot at once; without one yet, the first count sends it to everyone.
      // Stamped with the time of sending: a phone sets its countdown by `serverTime`, and
      // the latest snapshot may be minutes old when nothing has changed since.
      if (theRoom.last)
        client.send(frame({ ...theRoom.last, serverTime: new Date().toISOString() }));
      else if (!theRoom.counting) requestUpdate(theRoom);
      if (options.maxAgeSeconds && options.maxAgeSeconds > 0) {
        timer = setTimeout(() => {
          const current = client;
          leave();
          current?.close();
        }, options.maxAgeSeconds * 1000);
        timer.unref?.();
      }
      signal.addEventListener("abort", () => {
        const current = client;
        leave();
        current?.close();
      });
    },
    cancel() {
      leave();
    },
  });

  return new Response(body, { headers: streamHeaders });
}

/** Connected clients per meeting, for the staff remote ("42 Geräte verbunden"). */
export function connectedClients(meetingId: string): number {
  return rooms.get(meetingId)?.clients.size ?? 0;
}
