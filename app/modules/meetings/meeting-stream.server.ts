import { subscribe } from "~/modules/events/events.server";
import { currentSituation, type Phase } from "~/modules/procedures/phases";
import type { Channel } from "~/modules/votes/channels";
import { isVoteOpen, tallyFromRows } from "~/modules/votes/votes.server";
import {
  isVotingOpen,
  isVotingScope,
  talliesVisible,
  type MeetingSnapshot,
  type MeetingTally,
} from "./meeting-state";
import { parseMeetingLanguages } from "./meetings.server";
import { readSnapshotRows } from "./snapshot-reader.server";

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
  send: (chunk: Uint8Array) => boolean;
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
  /** When the last count began, and the timer that waits for the next one. */
  lastCountAt: number;
  waiting: ReturnType<typeof setTimeout> | null;
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
/**
 * Counts of one room begin at most this often. Each snapshot is written to
 * every client; during a burst of ballots, one snapshot per ballot would
 * cost more than a core with hundreds of clients. A lone ballot is still
 * sent at once; in a burst, a ballot waits at most this long for its count.
 */
const MIN_COUNT_INTERVAL_MS = 100;
const heartbeatBytes = encoder.encode(": heartbeat\n\n");

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
    for (const room of rooms.values()) broadcast(room, heartbeatBytes);
  }, HEARTBEAT_MS);
  heartbeat.unref?.();
}

function broadcast(room: Room, chunk: Uint8Array) {
  for (const client of room.clients) {
    if (!client.send(chunk)) {
      room.clients.delete(client);
      client.close();
    }
  }
}

function requestUpdate(room: Room) {
  room.requested = ++requests;
  scheduleCount(room);
}

/**
 * Starts a count now, or when the interval since the last one has passed. A
 * waiting count covers every request made before it begins. The timer is
 * only the fallback: under a flood of requests the event loop reaches its
 * timers late (one poll phase can take seconds), so a request that finds
 * the wait over starts the count itself.
 */
function scheduleCount(room: Room) {
  if (room.counting) {
    room.again = true;
    return;
  }
  const wait = room.lastCountAt + MIN_COUNT_INTERVAL_MS - Date.now();
  if (wait <= 0) {
    if (room.waiting) clearTimeout(room.waiting);
    room.waiting = null;
    count(room);
    return;
  }
  room.waiting ??= setTimeout(() => {
    room.waiting = null;
    count(room);
  }, wait);
}

function count(room: Room) {
  room.counting = true;
  room.again = false;
  room.lastCountAt = Date.now();
  try {
    const covers = room.requested;
    const snapshot = buildSnapshot(room.meetingId);
    if (snapshot) {
      room.last = { ...snapshot, seq: ++snapshots, covers };
      // Encoded once for all clients (one frame's bytes are shared, never changed).
      broadcast(room, frame(room.last));
      scheduleCountdown(room, snapshot);
    }
  } catch (error) {
    console.error("meeting stream: could not build a snapshot", error);
  } finally {
    room.counting = false;
    if (room.again && room.clients.size > 0) scheduleCount(room);
  }
}

function frame(snapshot: MeetingSnapshot): Uint8Array {
  return encoder.encode(`id: ${snapshot.seq}\nevent: state\ndata: ${JSON.stringify(snapshot)}\n\n`);
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
export function buildSnapshot(
  meetingId: string,
  now = new Date(),
): Omit<MeetingSnapshot, "seq" | "covers"> | null {
  // One synchronous read (snapshot-reader.server.ts): in a flood of ballots, a count
  // made of awaited queries waited behind every other request between its queries.
  const read = readSnapshotRows(meetingId);
  if (!read) return null;
  const { meeting } = read;
  const counted = tallyFromRows(read.countVote, read.rows);
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

type StreamOptions = { maxAgeSeconds?: number };

/** Where a client's bytes go: a web stream (Remix route) or a Node response (server.mjs). */
type Sink = {
  /** Queues the bytes; false when the client is gone or too far behind. */
  write: (bytes: Uint8Array) => boolean;
  end: () => void;
};

function roomFor(meeting: { id: string; voteId: string }): Room {
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
      lastCountAt: 0,
      waiting: null,
      last: null,
      countdown: null,
    };
    rooms.set(meeting.id, room);
  }
  return room;
}

/**
 * Adds a client to the meeting's room: `retry`, the latest snapshot, then
 * every snapshot until it leaves. Returns the function that removes it (call
 * it when the connection closes).
 */
function join(meeting: { id: string; voteId: string }, sink: Sink, options: StreamOptions) {
  const room = roomFor(meeting);
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const client: Client = {
    send: (chunk) => !closed && sink.write(chunk),
    close() {
      if (closed) return;
      closed = true;
      sink.end();
    },
  };
  const leave = () => {
    if (timer) clearTimeout(timer);
    client.close();
    room.clients.delete(client);
    if (room.clients.size === 0 && rooms.get(room.meetingId) === room) {
      if (room.countdown) clearTimeout(room.countdown);
      if (room.waiting) clearTimeout(room.waiting);
      rooms.delete(room.meetingId);
    }
  };
  room.clients.add(client);
  client.send(encoder.encode(`retry: ${RETRY_MS}\n\n`));
  // The latest snapshot at once; without one yet, the first count sends it to everyone.
  // Stamped with the time of sending: a phone sets its countdown by `serverTime`, and
  // the latest snapshot may be minutes old when nothing has changed since.
  if (room.last) client.send(frame({ ...room.last, serverTime: new Date().toISOString() }));
  else if (!room.counting) requestUpdate(room);
  if (options.maxAgeSeconds && options.maxAgeSeconds > 0) {
    timer = setTimeout(leave, options.maxAgeSeconds * 1000);
    timer.unref?.();
  }
  return leave;
}

/**
 * The event stream of one meeting, as a Response for a Remix resource route
 * (`app/routes/m.$code_.events.ts`: development, and tests). The production
 * server answers the same URL with `nodeMeetingStream` instead.
 * `maxAgeSeconds` ends the connection after a while (the browser reconnects
 * at once and gets the latest snapshot), which spreads long-lived
 * connections over restarts and lets a test drop a stream from the server.
 */
export function meetingStream(
  meeting: { id: string; voteId: string },
  signal: AbortSignal,
  options: StreamOptions = {},
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
  let leave: (() => void) | null = null;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      leave = join(
        meeting,
        {
          write(bytes) {
            // desiredSize counts queued chunks here, not bytes: a rough limit only.
            if ((controller.desiredSize ?? 0) < -1000) return false;
            try {
              controller.enqueue(bytes);
              return true;
            } catch {
              return false;
            }
          },
          end() {
            try {
              controller.close();
            } catch {
              // already closed by the other side
            }
          },
        },
        options,
      );
      signal.addEventListener("abort", () => leave?.());
    },
    cancel() {
      leave?.();
    },
  });
  return new Response(body, { headers: streamHeaders });
}

/** The parts of Node's request and response the stream needs (node:http). */
type NodeRequest = { on(event: "close", listener: () => void): unknown };
type NodeResponse = {
  writeHead(status: number, headers: Record<string, string>): unknown;
  flushHeaders(): void;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  readonly writableLength: number;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  socket: { setNoDelay(noDelay?: boolean): unknown; uncork(): void } | null;
};

/**
 * The event stream written straight to Node's response (server.mjs answers
 * `GET /m/CODE/events` with it, before Remix and before compression). Each
 * snapshot goes to the socket when it is made, without a web stream and
 * Remix's copying loop per client in between, and a client whose unsent bytes
 * pile up over MAX_QUEUED_BYTES (a phone that stopped reading) is dropped: it
 * reconnects and starts from the latest snapshot.
 */
export function nodeMeetingStream(
  meeting: { id: string; voteId: string },
  req: NodeRequest,
  res: NodeResponse,
  options: StreamOptions = {},
) {
  res.writeHead(200, streamHeaders);
  res.socket?.setNoDelay(true);
  res.flushHeaders();
  const leave = join(
    meeting,
    {
      write(bytes) {
        if (res.writableEnded || res.destroyed) return false;
        if (res.writableLength > MAX_QUEUED_BYTES) return false;
        res.write(bytes);
        // Node corks the socket on a response's write and uncorks it on the next tick,
        // and next ticks wait while promise jobs keep coming: in a flood of ballots
        // (each handled in promise jobs) the snapshot stayed in memory for seconds.
        // Sent now instead.
        res.socket?.uncork();
        return true;
      },
      end() {
        if (!res.writableEnded) res.end();
      },
    },
    options,
  );
  req.on("close", leave);
}

/** Connected clients per meeting, for the staff remote ("42 Geräte verbunden"). */
export function connectedClients(meetingId: string): number {
  return rooms.get(meetingId)?.clients.size ?? 0;
}
