import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDeviceKey, phoneVoterKey } from "~/modules/meetings/device-token.server";
import type { MeetingSnapshot } from "~/modules/meetings/meeting-state";
import {
  connectedClients,
  meetingStream,
  nodeMeetingStream,
  updatesRequested,
} from "~/modules/meetings/meeting-stream.server";
import {
  castPhoneBallot,
  createMeeting,
  getMeeting,
  presenterCommand,
  setHandCount,
  type MeetingView,
  type PresenterCommand,
} from "~/modules/meetings/meetings.server";
import type { MethodConfig } from "~/modules/votes/methods";
import { readSnapshotRows } from "~/modules/meetings/snapshot-reader.server";
import { castBallot, countVote, tallyFromRows } from "~/modules/votes/votes.server";
import { prisma } from "~/utils/db.server";
import { createStaffUser, type TestStaff } from "./staff-helpers";
import { codesFor, setUpVote } from "./votes-fixtures";

/**
 * The meeting's event stream, read as a browser would: the raw text of every
 * event. What the room sees is checked in that text, so a field that sneaks
 * into the snapshot is caught here even if no page shows it.
 */

const yesNo: MethodConfig = { method: "yes_no", minTurnout: null, winners: null };

let staff: TestStaff;

beforeAll(async () => {
  staff = await createStaffUser("moderator", {
    name: "Mira Vertraulich-Moderatorin",
    email: "mira.vertraulich@stadt.example",
  });
});

// ---------------------------------------------------------------------------
// Reading a stream
// ---------------------------------------------------------------------------

type Block = { raw: string; event: string | null; id: string | null; data: string | null };

type Stream = {
  response: Response;
  controller: AbortController;
  blocks: Block[];
  states: () => MeetingSnapshot[];
  latest: () => MeetingSnapshot | undefined;
  /** Everything received, as text. */
  text: () => string;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  isEnded: () => boolean;
  waitFor: (
    predicate: (state: MeetingSnapshot) => boolean,
    what: string,
  ) => Promise<MeetingSnapshot>;
};

const open: Stream[] = [];

function parseBlock(raw: string): Block {
  const block: Block = { raw, event: null, id: null, data: null };
  for (const line of raw.split("\n")) {
    const colon = line.indexOf(":");
    if (colon === 0) continue; // a comment (heartbeat)
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") block.event = value;
    else if (field === "id") block.id = value;
    else if (field === "data") block.data = block.data === null ? value : `${block.data}\n${value}`;
  }
  return block;
}

function connect(
  meeting: { id: string; voteId: string },
  options: { maxAgeSeconds?: number; signal?: AbortController } = {},
): Stream {
  const controller = options.signal ?? new AbortController();
  const response = meetingStream(meeting, controller.signal, {
    maxAgeSeconds: options.maxAgeSeconds,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const blocks: Block[] = [];
  let buffer = "";
  let text = "";
  let done = false;
  const ended = (async () => {
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      const chunk = decoder.decode(value, { stream: true });
      text += chunk;
      buffer += chunk;
      for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
        blocks.push(parseBlock(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
    done = true;
  })();
  const states = () =>
    blocks
      .filter((block) => block.event === "state" && block.data !== null)
      .map((block) => JSON.parse(block.data!) as MeetingSnapshot);
  const stream: Stream = {
    response,
    controller,
    blocks,
    states,
    latest: () => states().at(-1),
    text: () => text,
    ended,
    isEnded: () => done,
    async waitFor(predicate, what) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const found = states().find(predicate);
        if (found) return found;
        if (Date.now() > deadline || done) {
          throw new Error(`no snapshot ${what}; last: ${JSON.stringify(stream.latest())}`);
        }
        await sleep(5);
      }
    },
  };
  open.push(stream);
  return stream;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  for (const stream of open.splice(0)) stream.controller.abort();
});

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

async function meetingFor(config: MethodConfig = yesNo, optionCount = 3) {
  const vote = await setUpVote(staff.id, { config, optionCount });
  const created = await createMeeting({ voteId: vote.voteId, staffId: staff.id });
  if (created.status !== "ok") throw new Error(`meeting: ${JSON.stringify(created)}`);
  return {
    ...vote,
    meetingId: created.id,
    code: created.code,
    ids: { id: created.id, voteId: vote.voteId },
  };
}

async function ok(meetingId: string, command: PresenterCommand, now?: Date) {
  const result = await presenterCommand(meetingId, staff.id, command, now);
  if (result.status !== "ok") throw new Error(`${command.kind}: ${JSON.stringify(result)}`);
}

async function view(meetingId: string): Promise<MeetingView> {
  const meeting = await getMeeting(meetingId);
  if (!meeting) throw new Error("meeting gone");
  return meeting;
}

let tokenCounter = 0;
function tokenId() {
  return `stream-device-${String(++tokenCounter).padStart(12, "0")}`;
}

async function vote(
  meeting: MeetingView,
  voterKey: string,
  answer: "yes" | "no" | "abstain",
  optionId = meeting.state.votingOptionId!,
) {
  const result = await castPhoneBallot({
    meeting,
    round: meeting.state.votingRound,
    voterKey,
    ballot: { kind: "question", optionId, answer },
  });
  if (result.status !== "ok") throw new Error(`ballot: ${JSON.stringify(result)}`);
}

/** Counts per option in a snapshot's text: none of these may be sent while tallies are hidden. */
const perOptionMarks = [
  '"rows"',
  '"byChannel"',
  '"yes"',
  '"no"',
  '"abstain"',
  '"points"',
  '"turnout"',
];

// ---------------------------------------------------------------------------

describe("the meeting stream", () => {
  it("starts with the retry hint and a snapshot of the meeting", async () => {
    const { ids, code } = await meetingFor();
    const stream = connect(ids);
    expect(stream.response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get("Cache-Control")).toContain("no-store");
    expect(stream.response.headers.get("Cache-Control")).toContain("no-transform");
    const first = await stream.waitFor(() => true, "at all");
    expect(stream.blocks[0]!.raw).toBe("retry: 1000");
    const firstState = stream.blocks.find((block) => block.event === "state")!;
    expect(stream.blocks.indexOf(firstState)).toBe(1);
    expect(firstState.id).toBe(String(first.seq));
    expect(first).toMatchObject({
      code,
      ended: false,
      languages: ["de"],
      spotlightOptionId: null,
      voting: { open: false, scope: "closed", optionId: null, round: 0, endsAt: null },
      voteOpen: true,
      ballots: { total: 0, phone: 0 },
      talliesVisible: false,
      tally: null,
    });
    expect(Math.abs(Date.parse(first.serverTime) - Date.now())).toBeLessThan(5_000);

    // A second client gets the latest snapshot at once, without a new count.
    const second = connect(ids);
    const secondFirst = await second.waitFor(() => true, "for the second client");
    expect(secondFirst.seq).toBe(first.seq);
    expect(second.blocks[0]!.raw).toBe("retry: 1000");
  });

  it("sends every presenter step to every client", async () => {
    const { ids, meetingId, optionIds } = await meetingFor();
    const a = connect(ids);
    const b = connect(ids);
    await a.waitFor(() => true, "first");
    await ok(meetingId, { kind: "next" });
    for (const stream of [a, b]) {
      await stream.waitFor((s) => s.spotlightOptionId === optionIds[0], "with the spotlight");
    }
    await ok(meetingId, { kind: "open", scope: "question", seconds: 60 });
    const opened = await b.waitFor((s) => s.voting.open, "with voting open");
    expect(opened.voting).toMatchObject({ scope: "question", optionId: optionIds[0], round: 1 });
    expect(Date.parse(opened.voting.endsAt!) - Date.now()).toBeGreaterThan(50_000);
    await ok(meetingId, { kind: "languages", languages: ["de", "ar"] });
    await a.waitFor((s) => s.languages.join() === "de,ar", "with two languages");
    await ok(meetingId, { kind: "end" });
    await b.waitFor((s) => s.ended && !s.voting.open, "ended");
    // Event ids only grow.
    for (const stream of [a, b]) {
      const seqs = stream.states().map((s) => s.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
    }
  });

  it("sends a snapshot that covers each ballot, also in a burst", async () => {
    const { ids, meetingId } = await meetingFor();
    await ok(meetingId, { kind: "next" });
    await ok(meetingId, { kind: "open", scope: "question" });
    const meeting = await view(meetingId);
    const stream = connect(ids);
    await stream.waitFor(() => true, "first");

    for (let n = 1; n <= 3; n++) {
      await vote(meeting, phoneVoterKey(meetingId, tokenId()), "yes");
      const requested = updatesRequested(meetingId);
      expect(requested).toBeGreaterThan(0);
      const covering = await stream.waitFor((s) => s.covers >= requested, `covering ballot ${n}`);
      expect(covering.ballots).toEqual({ total: n, phone: n });
    }

    // 40 phones at once: the last snapshot covering them all counts all of them.
    await Promise.all(
      Array.from({ length: 40 }, () => vote(meeting, phoneVoterKey(meetingId, tokenId()), "no")),
    );
    const requested = updatesRequested(meetingId);
    const covering = await stream.waitFor((s) => s.covers >= requested, "covering the burst");
    expect(covering.ballots).toEqual({ total: 43, phone: 43 });
    // A changed ballot is no new ballot.
    expect(stream.states().every((s) => s.ballots.phone <= 43)).toBe(true);
  });

  it("sends no per-option count while tallies are hidden, and the right numbers after the reveal", async () => {
    const { ids, meetingId, voteId, optionIds } = await meetingFor();
    const [a, b] = optionIds;
    const [code] = await codesFor(voteId, staff.id, 1);
    const stream = connect(ids);
    await stream.waitFor(() => true, "first");

    await ok(meetingId, { kind: "spotlight", optionId: a! });
    await ok(meetingId, { kind: "open", scope: "question" });
    const round1 = await view(meetingId);
    const phones = Array.from({ length: 4 }, () => phoneVoterKey(meetingId, tokenId()));
    await vote(round1, phones[0]!, "yes");
    await vote(round1, phones[1]!, "yes");
    await vote(round1, phones[2]!, "yes");
    await vote(round1, phones[3]!, "no");
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: a!,
        score: { yes: 5, no: 2, abstain: 1 },
        people: 8,
      }),
    ).toMatchObject({ status: "ok" });
    expect(
      await castBallot({
        voteId,
        channel: "code",
        code,
        choices: { [a!]: "no", [b!]: "yes" },
        eligible: true,
      }),
    ).toMatchObject({ status: "ok" });
    await ok(meetingId, { kind: "close" });
    const requested = updatesRequested(meetingId);
    const closed = await stream.waitFor(
      (s) => s.covers >= requested && !s.voting.open,
      "after the close",
    );
    // Totals are no per-option counts: the room may see how many have voted.
    expect(closed.ballots).toEqual({ total: 4 + 8 + 1, phone: 4 });

    const hiddenStates = stream.states();
    // At least the first snapshot and the one after the close (a burst of changes is
    // folded into fewer counts, at most one per 100 ms).
    expect(hiddenStates.length).toBeGreaterThanOrEqual(2);
    for (const state of hiddenStates) {
      expect(state.talliesVisible).toBe(false);
      expect(state.tally).toBeNull();
    }
    const hiddenText = stream.text();
    expect(hiddenText).toContain('"tally":null');
    for (const mark of perOptionMarks) expect(hiddenText, mark).not.toContain(mark);

    await ok(meetingId, { kind: "reveal" });
    const revealed = await stream.waitFor((s) => s.talliesVisible, "revealed");
    const tally = revealed.tally!;
    expect(tally.method).toBe("yes_no");
    expect(tally.channels).toEqual(expect.arrayContaining(["code", "phone", "hand"]));
    expect(tally.turnout).toEqual({
      total: 13,
      byChannel: expect.objectContaining({ code: 1, phone: 4, hand: 8, open: 0, paper: 0 }),
    });
    const row = (id: string) => tally.rows.find((r) => r.optionId === id)!;
    expect(row(a!).byChannel).toMatchObject({
      phone: { yes: 3, no: 1, abstain: 0 },
      hand: { yes: 5, no: 2, abstain: 1 },
      code: { yes: 0, no: 1, abstain: 0 },
    });
    expect(row(a!).total).toEqual({ yes: 8, no: 4, abstain: 1 });
    expect(row(b!).total).toEqual({ yes: 1, no: 0, abstain: 0 });
    expect(tally.rows).toHaveLength(3);

    // A new round hides the tallies again: the next snapshot has none.
    await ok(meetingId, { kind: "spotlight", optionId: b! });
    await ok(meetingId, { kind: "open", scope: "question" });
    const round2 = await stream.waitFor((s) => s.voting.round === 2, "round 2");
    expect(round2.tally).toBeNull();
    const afterRound2 = stream.blocks.slice(
      stream.blocks.findIndex((bl) => bl.data?.includes('"round":2')),
    );
    for (const block of afterRound2) {
      for (const mark of perOptionMarks) expect(block.raw, mark).not.toContain(mark);
    }
  });

  it("shows tallies from the start in a meeting that does not hide them", async () => {
    const { ids, meetingId, optionIds } = await meetingFor();
    await ok(meetingId, { kind: "hide", hide: false });
    await ok(meetingId, { kind: "next" });
    await ok(meetingId, { kind: "open", scope: "question" });
    const meeting = await view(meetingId);
    const stream = connect(ids);
    await vote(meeting, phoneVoterKey(meetingId, tokenId()), "abstain");
    const requested = updatesRequested(meetingId);
    const state = await stream.waitFor((s) => s.covers >= requested, "covering the ballot");
    expect(state.talliesVisible).toBe(true);
    expect(state.tally?.rows.find((r) => r.optionId === optionIds[0])?.byChannel.phone).toEqual({
      yes: 0,
      no: 0,
      abstain: 1,
    });
  });

  it("gives a late or reloaded client the same numbers as one that watched from the start", async () => {
    const { ids, meetingId, voteId, optionIds } = await meetingFor();
    const watcher = connect(ids);
    // A phone stays connected all along, so the room (and its latest snapshot) stays.
    const phone = connect(ids);
    await watcher.waitFor(() => true, "first");
    await ok(meetingId, { kind: "hide", hide: false });
    for (const [index, optionId] of optionIds.entries()) {
      await ok(meetingId, { kind: "spotlight", optionId });
      await ok(meetingId, { kind: "open", scope: "question" });
      const meeting = await view(meetingId);
      await Promise.all(
        Array.from({ length: 5 + index }, (_, i) =>
          vote(
            meeting,
            phoneVoterKey(meetingId, `late-${i}-0123456789abcdefghij`),
            i % 2 ? "no" : "yes",
          ),
        ),
      );
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId,
        score: { yes: index, no: 1, abstain: 0 },
        people: 4,
      });
      await ok(meetingId, { kind: "close" });
    }
    const requested = updatesRequested(meetingId);
    const watched = await watcher.waitFor((s) => s.covers >= requested, "covering everything");

    // The projection is reloaded: the old connection drops, a new one starts.
    watcher.controller.abort();
    await watcher.ended;
    const reloaded = connect(ids);
    const late = await reloaded.waitFor(() => true, "first after reload");
    expect(late.tally).toEqual(watched.tally);
    expect(late.ballots).toEqual(watched.ballots);
    expect(late.voting).toEqual(watched.voting);
    // Later still, when everybody had left: the room counts afresh, with the same result.
    phone.controller.abort();
    reloaded.controller.abort();
    await Promise.all([phone.ended, reloaded.ended]);
    expect(connectedClients(meetingId)).toBe(0);
    const fresh = await connect(ids).waitFor(() => true, "first in a new room");
    expect(fresh.tally).toEqual(watched.tally);
    expect(fresh.ballots).toEqual(watched.ballots);

    // And both agree with a count of the stored ballots.
    const counted = await countVote(voteId);
    for (const row of counted!.rows) {
      const sent = late.tally!.rows.find((r) => r.optionId === row.optionId)!;
      expect(sent.total).toEqual(row.total);
      expect(sent.byChannel.phone).toEqual(row.byChannel.phone);
      expect(sent.byChannel.hand).toEqual(row.byChannel.hand);
    }
    expect(late.tally!.turnout.total).toBe(counted!.turnout.total);
    // Devices answered several questions: one ballot each, 7 devices (the most in one round).
    expect(late.ballots.phone).toBe(7);
  });

  it("never sends anything personal: names, e-mails, keys, tokens, codes, cookies", async () => {
    const { ids, meetingId, voteId, optionIds, code } = await meetingFor();
    const watcher = connect(ids);
    await watcher.waitFor(() => true, "first");

    // A phone joins through the device cookie, as the join page does.
    const joined = await getDeviceKey(
      new Request(`http://test.local/m/${code}`),
      { id: meetingId, code },
      { create: true },
    );
    expect(joined.setCookie).toBeDefined();
    const cookieValue = joined.setCookie!.split(";")[0]!.split("=").slice(1).join("=");
    const signed = decodeURIComponent(cookieValue);
    const token = JSON.parse(
      Buffer.from(signed.slice(0, signed.lastIndexOf(".")), "base64").toString("utf8"),
    ) as { meetingId: string; id: string };
    expect(token.meetingId).toBe(meetingId);
    expect(joined.voterKey).toBe(phoneVoterKey(meetingId, token.id));
    // The cookie brings the same key back.
    const again = await getDeviceKey(
      new Request(`http://test.local/m/${code}`, {
        headers: { Cookie: joined.setCookie!.split(";")[0]! },
      }),
      { id: meetingId, code },
      { create: false },
    );
    expect(again.voterKey).toBe(joined.voterKey);

    await ok(meetingId, { kind: "hide", hide: false });
    await ok(meetingId, { kind: "next" });
    await ok(meetingId, { kind: "open", scope: "question" });
    const meeting = await view(meetingId);
    const otherToken = tokenId();
    await vote(meeting, joined.voterKey!, "yes");
    await vote(meeting, phoneVoterKey(meetingId, otherToken), "no");
    const [voteCode] = await codesFor(voteId, staff.id, 1);
    await castBallot({
      voteId,
      channel: "code",
      code: voteCode,
      choices: { [optionIds[1]!]: "yes" },
      eligible: true,
    });
    await setHandCount({
      meetingId,
      staffId: staff.id,
      optionId: optionIds[0]!,
      score: { yes: 2, no: 1, abstain: 0 },
      people: 3,
    });
    await ok(meetingId, { kind: "reveal" });
    await ok(meetingId, { kind: "end" });
    const requested = updatesRequested(meetingId);
    await watcher.waitFor((s) => s.covers >= requested && s.ended, "the end");
    const late = connect(ids);
    await late.waitFor(() => true, "late first");

    const proposals = await prisma.proposal.findMany({
      where: { voteOptions: { some: { voteId } } },
      select: { submitterName: true, submitterEmail: true, trackingTokenHash: true },
    });
    expect(proposals.map((p) => p.submitterName)).toContain("Olena Kowalenko");
    const ballots = await prisma.ballot.findMany({
      where: { voteId },
      select: { id: true, voterKey: true },
    });
    expect(ballots).toHaveLength(3);
    const codeRows = await prisma.voteCode.findMany({
      where: { voteId },
      select: { id: true, codeHash: true },
    });
    const session = await prisma.staffSession.findMany({ where: { staffId: staff.id } });
    const secrets: string[] = [
      staff.name,
      staff.email,
      staff.id,
      staff.cookie.split("=").slice(1).join("="),
      staff.csrf,
      ...session.map((s) => s.id),
      ...proposals.flatMap((p) => [p.submitterName!, p.submitterEmail!, p.trackingTokenHash]),
      ...ballots.flatMap((b) => [b.id, b.voterKey, b.voterKey.replace(/^\w+:/, "")]),
      ...codeRows.flatMap((c) => [c.id, c.codeHash]),
      voteCode!,
      voteCode!.replace(/-/g, ""),
      token.id,
      otherToken,
      cookieValue,
      signed,
    ];
    for (const secret of secrets) expect(secret.length).toBeGreaterThan(5);
    const everything = watcher.text() + late.text();
    expect(everything).toContain('"ended":true');
    for (const secret of secrets) {
      expect(everything.toLowerCase(), `leaks ${secret}`).not.toContain(secret.toLowerCase());
    }

    // And the shape is fixed: no field beyond the ones the room needs.
    for (const state of [...watcher.states(), ...late.states()]) {
      expect(Object.keys(state).sort()).toEqual(
        [
          "ballots",
          "code",
          "covers",
          "ended",
          "languages",
          "seq",
          "serverTime",
          "spotlightOptionId",
          "tally",
          "talliesVisible",
          "voteOpen",
          "voting",
        ].sort(),
      );
      expect(Object.keys(state.voting).sort()).toEqual([
        "endsAt",
        "open",
        "optionId",
        "round",
        "scope",
      ]);
      expect(Object.keys(state.ballots).sort()).toEqual(["phone", "total"]);
      if (state.tally) {
        expect(Object.keys(state.tally).sort()).toEqual(["channels", "method", "rows", "turnout"]);
        for (const row of state.tally.rows) {
          expect(Object.keys(row).sort()).toEqual(["byChannel", "optionId", "selected", "total"]);
        }
      }
    }
  });

  it("closes voting in the stream when the countdown runs out, without a command", async () => {
    const { ids, meetingId } = await meetingFor();
    await ok(meetingId, { kind: "next" });
    const stream = connect(ids);
    await stream.waitFor(() => true, "first");
    // Opened with a 5 s countdown 4.6 s ago: it runs out in 0.4 s.
    await ok(
      meetingId,
      { kind: "open", scope: "question", seconds: 5 },
      new Date(Date.now() - 4_600),
    );
    const opened = await stream.waitFor((s) => s.voting.open, "open");
    expect(opened.voting.endsAt).not.toBeNull();
    const closed = await stream.waitFor(
      (s) => s.voting.round === 1 && !s.voting.open,
      "closed by the clock",
    );
    expect(closed.voting.scope).toBe("question");
    expect(Date.parse(closed.serverTime)).toBeGreaterThanOrEqual(Date.parse(opened.voting.endsAt!));
  });
});

describe("connections", () => {
  it("removes a client when its request is aborted, and ends its stream", async () => {
    const { ids, meetingId } = await meetingFor();
    expect(connectedClients(meetingId)).toBe(0);
    const a = connect(ids);
    const b = connect(ids);
    expect(connectedClients(meetingId)).toBe(2);
    await a.waitFor(() => true, "first");
    a.controller.abort();
    await a.ended;
    expect(connectedClients(meetingId)).toBe(1);
    // The other one still gets updates.
    await ok(meetingId, { kind: "next" });
    await b.waitFor((s) => s.spotlightOptionId !== null, "after a's abort");
    b.controller.abort();
    await b.ended;
    expect(connectedClients(meetingId)).toBe(0);
  });

  it("keeps numbering up when the last client left and a new one comes", async () => {
    const { ids, meetingId } = await meetingFor();
    await ok(meetingId, { kind: "next" });
    await ok(meetingId, { kind: "open", scope: "question" });
    const meeting = await view(meetingId);
    const first = connect(ids);
    await vote(meeting, phoneVoterKey(meetingId, tokenId()), "yes");
    const before = updatesRequested(meetingId);
    const seen = await first.waitFor((s) => s.covers >= before, "covering the first ballot");
    // Everybody leaves (the projection reloads, the phones reconnect): the room is gone.
    first.controller.abort();
    await first.ended;
    expect(connectedClients(meetingId)).toBe(0);
    // A ballot arrives meanwhile; the phone waits for a snapshot that covers its number.
    await vote(meeting, phoneVoterKey(meetingId, tokenId()), "no");
    const waiting = updatesRequested(meetingId);
    expect(waiting).toBeGreaterThanOrEqual(before);
    const second = connect(ids);
    const next = await second.waitFor(() => true, "first of the new room");
    expect(next.covers).toBeGreaterThanOrEqual(waiting);
    expect(next.ballots.phone).toBe(2);
    // A browser resuming from its last event id sees the ids go on growing.
    expect(next.seq).toBeGreaterThan(seen.seq);
  });

  it("stamps the latest snapshot with the time it is sent to a client that joins later", async () => {
    const { ids, meetingId } = await meetingFor();
    await ok(meetingId, { kind: "next" });
    await ok(meetingId, { kind: "open", scope: "question", seconds: 60 });
    const projection = connect(ids);
    const shown = await projection.waitFor((s) => s.voting.open, "voting open");
    await sleep(1_200);
    // A phone scans the code while the countdown runs, and nothing changed since.
    const phone = connect(ids);
    const joined = await phone.waitFor(() => true, "first on the phone");
    expect(joined.seq).toBe(shown.seq);
    expect(joined.voting.endsAt).toBe(shown.voting.endsAt);
    expect(Math.abs(Date.parse(joined.serverTime) - Date.now())).toBeLessThan(300);
    expect(Date.parse(joined.serverTime) - Date.parse(shown.serverTime)).toBeGreaterThanOrEqual(
      1_000,
    );
  });

  it("removes a client whose browser stops reading", async () => {
    const { ids, meetingId } = await meetingFor();
    const controller = new AbortController();
    const response = meetingStream(ids, controller.signal);
    expect(connectedClients(meetingId)).toBe(1);
    await response.body!.cancel();
    expect(connectedClients(meetingId)).toBe(0);
  });

  it("does not keep a client whose request was aborted before the stream began", async () => {
    const { ids, meetingId } = await meetingFor();
    const controller = new AbortController();
    controller.abort();
    const stream = connect(ids, { signal: controller });
    expect(connectedClients(meetingId)).toBe(0);
    await stream.ended;
  });

  it("ends a stream after maxAgeSeconds, from the server's side; the browser reconnects", async () => {
    const { ids, meetingId } = await meetingFor();
    const keeper = connect(ids);
    const short = connect(ids, { maxAgeSeconds: 0.3 });
    expect(connectedClients(meetingId)).toBe(2);
    await short.waitFor(() => true, "first");
    const started = Date.now();
    await short.ended;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(connectedClients(meetingId)).toBe(1);
    // The request itself was not aborted: the server ended the response.
    expect(short.controller.signal.aborted).toBe(false);
    // The reconnect gets the latest state; the long-lived one keeps running.
    await ok(meetingId, { kind: "next" });
    const next = await keeper.waitFor((s) => s.spotlightOptionId !== null, "on the keeper");
    const reconnect = connect(ids);
    expect((await reconnect.waitFor(() => true, "after reconnect")).seq).toBe(next.seq);
    expect(connectedClients(meetingId)).toBe(2);
    expect(keeper.isEnded()).toBe(false);
  });
});

describe("the stream's synchronous count", () => {
  it("counts exactly what the Prisma count of the stored rows gives, every channel and batch state", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor(
      { method: "approval", maxChoices: 2, winners: 1 },
      3,
    );
    await prisma.vote.update({
      where: { id: voteId },
      data: { channels: JSON.stringify(["code", "open", "paper"]) },
    });
    const [a, b, c] = optionIds as [string, string, string];
    const codes = await codesFor(voteId, staff.id, 2);
    for (const [code, selected] of [
      [codes[0]!, [a, b]],
      [codes[1]!, [c]],
    ] as const) {
      expect(
        await castBallot({ voteId, channel: "code", code, choices: [...selected], eligible: true }),
      ).toMatchObject({ status: "ok" });
    }
    await ok(meetingId, { kind: "open", scope: "all" });
    const round = await view(meetingId);
    const phone = await castPhoneBallot({
      meeting: round,
      round: round.state.votingRound,
      voterKey: phoneVoterKey(meetingId, tokenId()),
      ballot: { kind: "all", choices: [b] },
    });
    expect(phone).toMatchObject({ status: "ok" });
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: a,
        score: { points: 4 },
        people: 6,
      }),
    ).toMatchObject({ status: "ok" });
    // Paper: one batch entered twice alike (counts), one disputed, one waiting (neither counts).
    const second = await createStaffUser("moderator");
    const counts = (n: number) => ({
      ballots: n,
      options: { [a]: { points: n }, [c]: { points: 1 } },
    });
    const batchRows = await Promise.all(
      ["agreed", "disputed", "waiting"].map((label) =>
        prisma.paperBatch.create({ data: { voteId, label }, select: { id: true } }),
      ),
    );
    const entry = (batchId: string, staffId: string, n: number) =>
      prisma.paperEntry.create({
        data: { batchId, staffId, counts: JSON.stringify(counts(n)) },
      });
    await entry(batchRows[0]!.id, staff.id, 5);
    await entry(batchRows[0]!.id, second.id, 5);
    await entry(batchRows[1]!.id, staff.id, 3);
    await entry(batchRows[1]!.id, second.id, 4);
    await entry(batchRows[2]!.id, staff.id, 9);

    const read = readSnapshotRows(meetingId)!;
    const synchronous = tallyFromRows(read.countVote, read.rows);
    const counted = (await countVote(voteId))!;
    expect(synchronous).toEqual(counted);
    expect(synchronous.turnout.byChannel).toMatchObject({ code: 2, phone: 1, hand: 6, paper: 5 });
    expect(read.meeting.votingScope).toBe("all");
    expect(read.meeting.hideTallies).toBe(true);
    expect(read.meeting.vote.procedure.state).toBe("published");
    expect(readSnapshotRows("no-such-meeting")).toBeNull();
  });
});

describe("the stream written to Node's response (production server)", () => {
  function fakeNode() {
    const closeListeners: Array<() => void> = [];
    const written: string[] = [];
    const res = {
      status: 0,
      headers: {} as Record<string, string>,
      writableLength: 0,
      writableEnded: false,
      destroyed: false,
      socket: { setNoDelay: () => undefined, uncork: () => undefined },
      writeHead(status: number, headers: Record<string, string>) {
        res.status = status;
        res.headers = headers;
      },
      flushHeaders() {},
      write(chunk: Uint8Array) {
        written.push(new TextDecoder().decode(chunk));
        return true;
      },
      end() {
        res.writableEnded = true;
      },
    };
    const req = { on: (_event: "close", listener: () => void) => closeListeners.push(listener) };
    return { req, res, written, disconnect: () => closeListeners.forEach((l) => l()) };
  }

  it("streams snapshots, drops a client that stopped reading, and leaves the room when closed", async () => {
    const { ids, meetingId } = await meetingFor();
    const reader = fakeNode();
    const stalled = fakeNode();
    nodeMeetingStream(ids, reader.req, reader.res);
    nodeMeetingStream(ids, stalled.req, stalled.res);
    expect(reader.res.status).toBe(200);
    expect(reader.res.headers["Content-Type"]).toBe("text/event-stream; charset=utf-8");
    expect(connectedClients(meetingId)).toBe(2);
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error("timed out");
        await sleep(5);
      }
    };
    await until(() => reader.written.some((text) => text.includes("event: state")));

    // The second phone stops reading: its unsent bytes pile up in Node's socket buffer.
    stalled.res.writableLength = 2_000_000;
    await ok(meetingId, { kind: "spotlight", optionId: null });
    await ok(meetingId, { kind: "next" });
    const states = () => reader.written.filter((text) => text.includes("event: state")).length;
    const before = states();
    await ok(meetingId, { kind: "next" });
    await until(() => states() > before);
    expect(stalled.res.writableEnded).toBe(true);
    expect(reader.res.writableEnded).toBe(false);
    expect(connectedClients(meetingId)).toBe(1);

    reader.disconnect();
    stalled.disconnect();
    expect(connectedClients(meetingId)).toBe(0);
  });
});
