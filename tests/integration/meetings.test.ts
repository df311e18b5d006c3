import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDeviceKey, phoneVoterKey } from "~/modules/meetings/device-token.server";
import { isVotingOpen, talliesVisible } from "~/modules/meetings/meeting-state";
import {
  castPhoneBallot,
  createMeeting,
  getMeeting,
  getMeetingByCode,
  getPhoneBallot,
  joinPath,
  listMeetings,
  presenterCommand,
  setHandCount,
  type MeetingView,
  type PhoneBallotResult,
  type PresenterCommand,
} from "~/modules/meetings/meetings.server";
import { CODE_ALPHABET } from "~/modules/votes/codes";
import type { MethodConfig } from "~/modules/votes/methods";
import {
  castBallot,
  closeVote,
  countVote,
  getResults,
  publishResults,
} from "~/modules/votes/votes.server";
import { prisma } from "~/utils/db.server";
import { auditEntries, createStaffUser, type TestStaff } from "./staff-helpers";
import { approval2, ballotRows, phasesAroundNow, setUpVote } from "./votes-fixtures";

/**
 * Meetings against a real SQLite file: the presenter's commands, phone
 * ballots (one per device, also in parallel, never after the close) and
 * hand counts, through the module functions the routes call.
 */

// Join codes come from node:crypto's randomBytes; a test forces collisions through this switch.
const forced = vi.hoisted(() => ({ zeroJoinCodes: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  const randomBytes = ((size: number, ...rest: unknown[]) => {
    // A join code asks for at most 4 bytes at a time; all-zero bytes give "3333".
    if (forced.zeroJoinCodes > 0 && size <= 4 && rest.length === 0) {
      forced.zeroJoinCodes--;
      return Buffer.alloc(size);
    }
    return (actual.randomBytes as (...args: unknown[]) => Buffer)(size, ...rest);
  }) as typeof actual.randomBytes;
  return { ...actual, default: { ...actual, randomBytes }, randomBytes };
});

const DAY = 24 * 60 * 60 * 1000;
const yesNo: MethodConfig = { method: "yes_no", minTurnout: null, winners: null };

let staff: TestStaff;

beforeAll(async () => {
  staff = await createStaffUser("moderator", { name: "Mira Moderatorin" });
});

async function meetingFor(
  options: {
    config?: MethodConfig;
    optionCount?: number;
    phases?: ReturnType<typeof phasesAroundNow>;
  } = {},
) {
  const vote = await setUpVote(staff.id, {
    config: options.config ?? yesNo,
    optionCount: options.optionCount ?? 3,
    phases: options.phases,
  });
  const created = await createMeeting({ voteId: vote.voteId, staffId: staff.id });
  if (created.status !== "ok") throw new Error(`meeting: ${JSON.stringify(created)}`);
  return { ...vote, meetingId: created.id, code: created.code };
}

async function view(meetingId: string): Promise<MeetingView> {
  const meeting = await getMeeting(meetingId);
  if (!meeting) throw new Error("meeting gone");
  return meeting;
}

async function command(meetingId: string, cmd: PresenterCommand, now?: Date) {
  return presenterCommand(meetingId, staff.id, cmd, now);
}

async function ok(meetingId: string, cmd: PresenterCommand, now?: Date) {
  const result = await command(meetingId, cmd, now);
  if (result.status !== "ok") throw new Error(`${cmd.kind}: ${JSON.stringify(result)}`);
  return result.state;
}

let deviceCounter = 0;
/** A phone's voter key, as the device cookie gives it. */
function device(meetingId: string, n = ++deviceCounter) {
  return phoneVoterKey(meetingId, `device-token-${String(n).padStart(16, "0")}`);
}

/** A phone's answer to the open question, from the page the phone shows now. */
async function answer(
  meetingId: string,
  voterKey: string,
  optionId: string,
  vote: "yes" | "no" | "abstain",
  meeting?: MeetingView,
): Promise<PhoneBallotResult> {
  const shown = meeting ?? (await view(meetingId));
  return castPhoneBallot({
    meeting: shown,
    round: shown.state.votingRound,
    voterKey,
    ballot: { kind: "question", optionId, answer: vote },
  });
}

async function phoneRows(voteId: string) {
  return prisma.ballot.findMany({ where: { voteId, channel: "phone" } });
}

describe("opening a meeting", () => {
  it("gives a short join code from the code alphabet, a join path, and an audit entry", async () => {
    const { voteId } = await setUpVote(staff.id, { config: yesNo });
    const created = await createMeeting({ voteId, staffId: staff.id, languages: ["de", "ar"] });
    if (created.status !== "ok") throw new Error(JSON.stringify(created));
    expect(created.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{4}$`));
    expect(joinPath(created.code)).toBe(`/m/${created.code}`);

    const meeting = await getMeetingByCode(` ${created.code.toLowerCase()} `);
    expect(meeting?.id).toBe(created.id);
    expect(meeting?.joinPath).toBe(`/m/${created.code}`);
    expect(meeting?.languages).toEqual(["de", "ar"]);
    // A new meeting shows the overview, takes no ballots and hides tallies until the reveal.
    expect(meeting?.state).toMatchObject({
      votingScope: "closed",
      spotlightOptionId: null,
      votingRound: 0,
      hideTallies: true,
      revealed: false,
      endedAt: null,
    });
    expect(await getMeetingByCode("0OI1")).toBeNull();
    expect((await listMeetings(voteId)).map((m) => m.joinCode)).toEqual([created.code]);

    const audit = (await auditEntries("meeting.created")).filter((e) => e.entityId === voteId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffId: staff.id, after: { joinCode: created.code } });
  });

  it("gives every meeting its own code", async () => {
    const { voteId } = await setUpVote(staff.id, { config: yesNo });
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) {
      const created = await createMeeting({ voteId, staffId: staff.id });
      if (created.status !== "ok") throw new Error(JSON.stringify(created));
      codes.push(created.code);
    }
    expect(new Set(codes).size).toBe(40);
  });

  it("draws another code when the first one is taken", async () => {
    const { voteId } = await setUpVote(staff.id, { config: yesNo });
    const existing = await prisma.meeting.findUnique({ where: { joinCode: "3333" } });
    forced.zeroJoinCodes = existing ? 0 : 1;
    const first = await createMeeting({ voteId, staffId: staff.id });
    expect(first).toMatchObject({ status: "ok" });
    // The next one draws "3333" again first: taken, so it draws once more.
    forced.zeroJoinCodes = 1;
    const second = await createMeeting({ voteId, staffId: staff.id });
    expect(forced.zeroJoinCodes).toBe(0);
    if (second.status !== "ok") throw new Error(JSON.stringify(second));
    expect(second.code).not.toBe("3333");
    expect(await prisma.meeting.count({ where: { joinCode: "3333" } })).toBe(1);
  });

  it("is refused for an unknown vote and for a vote of a draft procedure", async () => {
    const before = await prisma.meeting.count();
    expect(await createMeeting({ voteId: "no-such-vote", staffId: staff.id })).toEqual({
      status: "refused",
      reason: "not-found",
    });
    const { voteId, procedureId } = await setUpVote(staff.id, { config: yesNo });
    await prisma.procedure.update({ where: { id: procedureId }, data: { state: "draft" } });
    expect(await createMeeting({ voteId, staffId: staff.id })).toEqual({
      status: "refused",
      reason: "not-published",
    });
    expect(await prisma.meeting.count()).toBe(before);
  });
});

describe("presenter commands", () => {
  it("steps through the initiatives and back to the overview, without audit noise", async () => {
    const { meetingId, optionIds } = await meetingFor();
    const [a, b, c] = optionIds;
    const spot = async (cmd: PresenterCommand) => (await ok(meetingId, cmd)).spotlightOptionId;
    expect(await spot({ kind: "next" })).toBe(a);
    expect(await spot({ kind: "next" })).toBe(b);
    expect(await spot({ kind: "next" })).toBe(c);
    expect(await spot({ kind: "next" })).toBeNull();
    expect(await spot({ kind: "previous" })).toBe(c);
    expect(await spot({ kind: "spotlight", optionId: a! })).toBe(a);
    expect(await spot({ kind: "previous" })).toBeNull();
    expect(await spot({ kind: "spotlight", optionId: b! })).toBe(b);
    expect((await view(meetingId)).state.spotlightOptionId).toBe(b);
    expect(await spot({ kind: "spotlight", optionId: null })).toBeNull();
    // An initiative of another vote cannot be put into the spotlight.
    const other = await setUpVote(staff.id, { config: yesNo, optionCount: 1 });
    expect(await command(meetingId, { kind: "spotlight", optionId: other.optionIds[0]! })).toEqual({
      status: "refused",
      reason: "invalid",
    });
    expect((await view(meetingId)).state.spotlightOptionId).toBeNull();
    const stepping = await prisma.auditEntry.count({
      where: {
        entityId: meetingId,
        action: { in: ["meeting.next", "meeting.previous", "meeting.spotlight"] },
      },
    });
    expect(stepping).toBe(0);
  });

  it("runs steps pressed at the same moment one after another", async () => {
    const { meetingId, optionIds } = await meetingFor({ optionCount: 5 });
    // The keyboard and a staff phone press "next" together: each press moves one step.
    await Promise.all(Array.from({ length: 3 }, () => command(meetingId, { kind: "next" })));
    expect((await view(meetingId)).state.spotlightOptionId).toBe(optionIds[2]);
  });

  it("opens one question only on a yes/no vote and only with an initiative in the spotlight", async () => {
    const approval = await meetingFor({ config: approval2 });
    await ok(approval.meetingId, { kind: "next" });
    expect(await command(approval.meetingId, { kind: "open", scope: "question" })).toEqual({
      status: "refused",
      reason: "question-method",
    });
    // The whole ballot can be opened for any method.
    expect(await ok(approval.meetingId, { kind: "open", scope: "all" })).toMatchObject({
      votingScope: "all",
      votingRound: 1,
    });

    const { meetingId, optionIds } = await meetingFor();
    expect(await command(meetingId, { kind: "open", scope: "question" })).toEqual({
      status: "refused",
      reason: "no-question",
    });
    await ok(meetingId, { kind: "next" });
    const opened = await ok(meetingId, { kind: "open", scope: "question" });
    expect(opened).toMatchObject({
      votingScope: "question",
      votingOptionId: optionIds[0],
      votingRound: 1,
    });
    const state = (await view(meetingId)).state;
    expect(state).toMatchObject({
      votingScope: "question",
      votingOptionId: optionIds[0],
      votingRound: 1,
    });
    expect(isVotingOpen(state, new Date())).toBe(true);
    // Stepping on leaves the open question where it is.
    await ok(meetingId, { kind: "next" });
    expect((await view(meetingId)).state.votingOptionId).toBe(optionIds[0]);

    const all = await ok(meetingId, { kind: "open", scope: "all" });
    expect(all).toMatchObject({ votingScope: "all", votingOptionId: null, votingRound: 2 });
  });

  it("opens voting only while the vote's voting phase runs", async () => {
    // Phases shifted so that now is in the counting phase, then before the voting phase.
    for (const base of [Date.now() - 1.5 * DAY, Date.now() + 2 * DAY]) {
      const { meetingId } = await meetingFor({ phases: phasesAroundNow(base) });
      await ok(meetingId, { kind: "next" });
      expect(await command(meetingId, { kind: "open", scope: "question" })).toEqual({
        status: "refused",
        reason: "vote-not-open",
      });
      expect(await command(meetingId, { kind: "open", scope: "all" })).toEqual({
        status: "refused",
        reason: "vote-not-open",
      });
      expect((await view(meetingId)).state.votingScope).toBe("closed");
    }
    // A vote that staff closed early takes no more rounds either.
    const { meetingId, voteId } = await meetingFor();
    expect(await closeVote(voteId, staff.id)).toEqual({ status: "ok" });
    expect(await command(meetingId, { kind: "open", scope: "all" })).toEqual({
      status: "refused",
      reason: "vote-not-open",
    });
  });

  it("closes voting by itself when the countdown runs out", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    expect(await command(meetingId, { kind: "countdown", seconds: 30 })).toEqual({
      status: "refused",
      reason: "not-voting",
    });
    await ok(meetingId, { kind: "next" });
    for (const seconds of [0, 4, 3601, 12.5, -10]) {
      expect(await command(meetingId, { kind: "open", scope: "question", seconds })).toEqual({
        status: "refused",
        reason: "invalid",
      });
    }
    // Opened with the shortest countdown (5 s), 4.7 s ago: it runs out in 0.3 s.
    await ok(
      meetingId,
      { kind: "open", scope: "question", seconds: 5 },
      new Date(Date.now() - 4_700),
    );
    const opened = await view(meetingId);
    expect(isVotingOpen(opened.state, new Date())).toBe(true);
    expect(
      await answer(meetingId, device(meetingId, 1), optionIds[0]!, "yes", opened),
    ).toMatchObject({
      status: "ok",
    });

    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = await view(meetingId);
    expect(after.state.votingScope).toBe("question");
    expect(isVotingOpen(after.state, new Date())).toBe(false);
    // A phone that still shows the question, and another one: refused, nothing stored.
    expect(await answer(meetingId, device(meetingId, 1), optionIds[0]!, "no", opened)).toEqual({
      status: "refused",
      reason: "meeting-closed",
    });
    expect(await answer(meetingId, device(meetingId, 2), optionIds[0]!, "no", opened)).toEqual({
      status: "refused",
      reason: "meeting-closed",
    });
    // Also the writer itself refuses: a ballot that skips the page's check.
    expect(
      await castBallot({
        voteId,
        channel: "phone",
        meeting: { id: meetingId, round: opened.state.votingRound, voterKey: device(meetingId, 3) },
        choices: { [optionIds[0]!]: "no" },
        eligible: true,
      }),
    ).toEqual({ status: "refused", reason: "meeting-closed" });
    const rows = await phoneRows(voteId);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.choices)).toEqual({ [optionIds[0]!]: "yes" });
    // A countdown that ran out cannot be extended: open a new round instead.
    expect(await command(meetingId, { kind: "countdown", seconds: 30 })).toEqual({
      status: "refused",
      reason: "not-voting",
    });
  });

  it("sets a countdown on open voting, and close ends it at once", async () => {
    const { meetingId } = await meetingFor();
    await ok(meetingId, { kind: "open", scope: "all" });
    expect(await command(meetingId, { kind: "countdown", seconds: 2 })).toEqual({
      status: "refused",
      reason: "invalid",
    });
    const before = Date.now();
    const counting = await ok(meetingId, { kind: "countdown", seconds: 60 });
    expect(counting.votingEndsAt!.getTime()).toBeGreaterThanOrEqual(before + 59_000);
    expect(counting.votingEndsAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(isVotingOpen((await view(meetingId)).state, new Date())).toBe(true);

    const closed = await ok(meetingId, { kind: "close" });
    expect(closed.votingScope).toBe("closed");
    expect(closed.votingEndsAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(isVotingOpen((await view(meetingId)).state, new Date())).toBe(false);
    expect(await command(meetingId, { kind: "close" })).toEqual({
      status: "refused",
      reason: "not-voting",
    });
  });

  it("keeps tallies hidden until the reveal, and hides them again for a new round", async () => {
    const { meetingId } = await meetingFor();
    const visible = async () => talliesVisible((await view(meetingId)).state);
    expect(await visible()).toBe(false);
    await ok(meetingId, { kind: "open", scope: "all" });
    expect(await visible()).toBe(false);
    await ok(meetingId, { kind: "reveal" });
    expect(await visible()).toBe(true);
    await ok(meetingId, { kind: "close" });
    expect(await visible()).toBe(true);
    // The next round starts hidden again.
    await ok(meetingId, { kind: "open", scope: "all" });
    expect(await visible()).toBe(false);
    // Staff may switch hiding off: tallies show at once, also in later rounds.
    await ok(meetingId, { kind: "hide", hide: false });
    expect(await visible()).toBe(true);
    await ok(meetingId, { kind: "open", scope: "all" });
    expect(await visible()).toBe(true);
    // Switching it on again hides even what was revealed.
    await ok(meetingId, { kind: "reveal" });
    await ok(meetingId, { kind: "hide", hide: true });
    expect(await visible()).toBe(false);
  });

  it("shows at most two known languages", async () => {
    const { meetingId } = await meetingFor();
    expect(await ok(meetingId, { kind: "languages", languages: ["de", "ar"] })).toMatchObject({});
    expect((await view(meetingId)).languages).toEqual(["de", "ar"]);
    for (const languages of [[], ["de", "en", "ar"], ["de", "de"], ["xx"], ["de", "fa"], ["DE"]]) {
      expect(await command(meetingId, { kind: "languages", languages }), languages.join()).toEqual({
        status: "refused",
        reason: "invalid",
      });
    }
    expect((await view(meetingId)).languages).toEqual(["de", "ar"]);
    await ok(meetingId, { kind: "languages", languages: ["en"] });
    expect((await view(meetingId)).languages).toEqual(["en"]);
    // Every UI language can be on the wall, e.g. German and Ukrainian side by side.
    await ok(meetingId, { kind: "languages", languages: ["de", "uk"] });
    expect((await view(meetingId)).languages).toEqual(["de", "uk"]);
  });

  it("accepts nothing more after the end", async () => {
    const { meetingId, voteId, code, optionIds } = await meetingFor();
    await ok(meetingId, { kind: "next" });
    await ok(meetingId, { kind: "open", scope: "question" });
    const shown = await view(meetingId);
    const ended = await ok(meetingId, { kind: "end" });
    expect(ended.endedAt).not.toBeNull();
    expect(ended.votingScope).toBe("closed");
    expect(isVotingOpen((await view(meetingId)).state, new Date())).toBe(false);

    const commands: PresenterCommand[] = [
      { kind: "next" },
      { kind: "previous" },
      { kind: "spotlight", optionId: optionIds[1]! },
      { kind: "open", scope: "question" },
      { kind: "open", scope: "all" },
      { kind: "countdown", seconds: 30 },
      { kind: "close" },
      { kind: "reveal" },
      { kind: "hide", hide: false },
      { kind: "languages", languages: ["en"] },
      { kind: "end" },
    ];
    for (const cmd of commands) {
      expect(await command(meetingId, cmd), cmd.kind).toEqual({
        status: "refused",
        reason: "ended",
      });
    }
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: optionIds[0]!,
        score: { yes: 1, no: 0, abstain: 0 },
        people: 1,
      }),
    ).toEqual({ status: "refused", reason: "ended" });
    expect(await answer(meetingId, device(meetingId), optionIds[0]!, "yes", shown)).toEqual({
      status: "refused",
      reason: "meeting-closed",
    });
    expect(await phoneRows(voteId)).toHaveLength(0);
    // The phone page still finds the meeting, to say that it has ended.
    expect((await getMeetingByCode(code))?.state.endedAt).not.toBeNull();
    expect(
      await prisma.auditEntry.count({ where: { entityId: meetingId, action: "meeting.end" } }),
    ).toBe(1);
  });

  it("writes an audit entry for open, close, countdown, reveal, hide, languages, end and hand counts", async () => {
    const { meetingId, optionIds } = await meetingFor();
    await ok(meetingId, { kind: "next" });
    await ok(meetingId, { kind: "open", scope: "question" });
    await ok(meetingId, { kind: "countdown", seconds: 120 });
    await ok(meetingId, { kind: "close" });
    await ok(meetingId, { kind: "reveal" });
    await ok(meetingId, { kind: "hide", hide: false });
    await ok(meetingId, { kind: "languages", languages: ["de", "en"] });
    const counted = await setHandCount({
      meetingId,
      staffId: staff.id,
      optionId: optionIds[0]!,
      score: { yes: 7, no: 2, abstain: 1 },
      people: 10,
    });
    expect(counted.status).toBe("ok");
    await ok(meetingId, { kind: "end" });

    const rows = await prisma.auditEntry.findMany({
      where: { entityType: "meeting", entityId: meetingId },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((row) => row.action)).toEqual([
      "meeting.open",
      "meeting.countdown",
      "meeting.close",
      "meeting.reveal",
      "meeting.hide",
      "meeting.languages",
      "meeting.handCount",
      "meeting.end",
    ]);
    expect(rows.every((row) => row.staffId === staff.id)).toBe(true);
    const byAction = Object.fromEntries(
      rows.map((row) => [
        row.action,
        { before: JSON.parse(row.before ?? "null"), after: JSON.parse(row.after ?? "null") },
      ]),
    );
    expect(byAction["meeting.open"]!.after).toMatchObject({
      votingScope: "question",
      votingOptionId: optionIds[0],
      votingRound: 1,
    });
    expect(byAction["meeting.open"]!.before).toMatchObject({
      votingScope: "closed",
      votingRound: 0,
    });
    expect(byAction["meeting.close"]!.after).toMatchObject({ votingScope: "closed" });
    expect(byAction["meeting.reveal"]!.after).toEqual({ revealed: true });
    expect(byAction["meeting.handCount"]!.after).toMatchObject({
      ballots: 10,
      options: { [optionIds[0]!]: { yes: 7, no: 2, abstain: 1 } },
    });
    expect(byAction["meeting.end"]!.after.endedAt).toEqual(expect.any(String));
  });
});

describe("phone ballots", () => {
  async function openQuestion(meetingId: string, step = 1) {
    for (let i = 0; i < step; i++) await ok(meetingId, { kind: "next" });
    await ok(meetingId, { kind: "open", scope: "question" });
    return view(meetingId);
  }

  it("gives one ballot per device, also when the device sends it 50 times at once", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    const shown = await openQuestion(meetingId);
    const key = device(meetingId);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        answer(meetingId, key, optionIds[0]!, i % 2 === 0 ? "yes" : "no", shown),
      ),
    );
    expect(results.every((result) => result.status === "ok")).toBe(true);
    expect(results.filter((result) => result.status === "ok" && !result.changed)).toHaveLength(1);
    const rows = await phoneRows(voteId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.voterKey).toBe(key);
    const counted = await countVote(voteId);
    expect(counted?.turnout.byChannel.phone).toBe(1);
  });

  it("counts 200 devices voting at once: 200 ballots in the phone channel", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    const shown = await openQuestion(meetingId);
    const answers = ["yes", "no", "abstain", "yes"] as const;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        answer(meetingId, device(meetingId, 10_000 + i), optionIds[0]!, answers[i % 4]!, shown),
      ),
    );
    expect(results.filter((result) => result.status === "ok")).toHaveLength(200);
    expect(await phoneRows(voteId)).toHaveLength(200);
    const counted = await countVote(voteId);
    expect(counted?.channels).toContain("phone");
    expect(counted?.turnout.byChannel.phone).toBe(200);
    expect(counted?.turnout.total).toBe(200);
    const row = counted?.rows.find((r) => r.optionId === optionIds[0]);
    expect(row?.byChannel.phone).toEqual({ yes: 100, no: 50, abstain: 50 });
    expect(row?.total).toEqual({ yes: 100, no: 50, abstain: 50 });
  });

  it("joins a device's answers to successive questions into one ballot, changeable while open", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    const key = device(meetingId);
    await openQuestion(meetingId);
    expect(await answer(meetingId, key, optionIds[0]!, "yes")).toEqual({
      status: "ok",
      changed: false,
    });
    await ok(meetingId, { kind: "close" });
    await openQuestion(meetingId);
    expect(await answer(meetingId, key, optionIds[1]!, "no")).toEqual({
      status: "ok",
      changed: true,
    });
    // Changed its mind while the question is open.
    expect(await answer(meetingId, key, optionIds[1]!, "abstain")).toEqual({
      status: "ok",
      changed: true,
    });
    const meeting = await view(meetingId);
    expect(await getPhoneBallot(meeting, key)).toEqual({
      [optionIds[0]!]: "yes",
      [optionIds[1]!]: "abstain",
    });
    expect(await phoneRows(voteId)).toHaveLength(1);
    expect(await getPhoneBallot(meeting, device(meetingId))).toBeNull();

    // Voting on the whole ballot replaces the device's ballot.
    await ok(meetingId, { kind: "open", scope: "all" });
    const all = await view(meetingId);
    const replaced = await castPhoneBallot({
      meeting: all,
      round: all.state.votingRound,
      voterKey: key,
      ballot: { kind: "all", choices: { [optionIds[2]!]: "yes" } },
    });
    expect(replaced).toEqual({ status: "ok", changed: true });
    expect(await getPhoneBallot(all, key)).toEqual({ [optionIds[2]!]: "yes" });
    const counted = await countVote(voteId);
    expect(counted?.turnout.byChannel.phone).toBe(1);
  });

  it("refuses a ballot for another round, another question or after the close, and stores nothing", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    const key = device(meetingId);
    // Before anything is open.
    const closedView = await view(meetingId);
    expect(await answer(meetingId, key, optionIds[0]!, "yes", closedView)).toEqual({
      status: "refused",
      reason: "meeting-closed",
    });
    const round1 = await openQuestion(meetingId);
    // Another initiative than the open question.
    expect(await answer(meetingId, key, optionIds[1]!, "yes", round1)).toEqual({
      status: "refused",
      reason: "wrong-question",
    });
    // The whole ballot while one question is open.
    expect(
      await castPhoneBallot({
        meeting: round1,
        round: 1,
        voterKey: key,
        ballot: { kind: "all", choices: { [optionIds[0]!]: "yes" } },
      }),
    ).toEqual({ status: "refused", reason: "wrong-question" });
    // A page from another round.
    for (const round of [0, 2]) {
      expect(
        await castPhoneBallot({
          meeting: round1,
          round,
          voterKey: key,
          ballot: { kind: "question", optionId: optionIds[0]!, answer: "yes" },
        }),
      ).toEqual({ status: "refused", reason: "meeting-closed" });
    }
    // The next round opens while a phone still shows round 1 (whose question was the same).
    await ok(meetingId, { kind: "close" });
    await ok(meetingId, { kind: "open", scope: "question" });
    expect(await answer(meetingId, key, optionIds[0]!, "yes", round1)).toEqual({
      status: "refused",
      reason: "meeting-closed",
    });
    // A phone that shows the open round, after staff closed it.
    const round2 = await view(meetingId);
    await ok(meetingId, { kind: "close" });
    expect(await answer(meetingId, key, optionIds[0]!, "yes", round2)).toEqual({
      status: "refused",
      reason: "meeting-closed",
    });
    // An invalid answer.
    await ok(meetingId, { kind: "open", scope: "question" });
    const round3 = await view(meetingId);
    expect(
      await castPhoneBallot({
        meeting: round3,
        round: 3,
        voterKey: key,
        ballot: { kind: "question", optionId: optionIds[0]!, answer: "maybe" as "yes" },
      }),
    ).toMatchObject({ status: "refused", reason: "invalid-ballot" });
    expect(await ballotRows(voteId)).toHaveLength(0);
  });

  it("refuses a ballot with another meeting's round", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    // The first meeting is in its second round; a second meeting of the same vote in its first.
    await openQuestion(meetingId);
    await ok(meetingId, { kind: "open", scope: "question" });
    const second = await createMeeting({ voteId, staffId: staff.id });
    if (second.status !== "ok") throw new Error("meeting");
    await ok(second.id, { kind: "open", scope: "all" });
    const cast = (round: number) =>
      castBallot({
        voteId,
        channel: "phone",
        meeting: { id: second.id, round, voterKey: device(second.id) },
        choices: { [optionIds[0]!]: "yes" },
        eligible: true,
      });
    expect(await cast(2)).toEqual({ status: "refused", reason: "meeting-closed" });
    expect(await ballotRows(voteId)).toHaveLength(0);
    expect(await cast(1)).toMatchObject({ status: "ok" });
  });

  it("refuses a ballot sent before the close that reaches the database after it", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    const shown = await openQuestion(meetingId);
    // The phone sent its answer; staff's close gets to the database first.
    const sentAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await ok(meetingId, { kind: "close" });
    const late = await castPhoneBallot({
      meeting: shown,
      round: shown.state.votingRound,
      voterKey: device(meetingId),
      ballot: { kind: "question", optionId: optionIds[0]!, answer: "yes" },
      now: sentAt,
    });
    expect(late).toEqual({ status: "refused", reason: "meeting-closed" });
    expect(await phoneRows(voteId)).toHaveLength(0);
  });

  it("refuses ballots once the vote's voting phase is over or the vote is closed", async () => {
    const { meetingId, voteId, procedureId, optionIds } = await meetingFor();
    const shown = await openQuestion(meetingId);
    expect(
      await answer(meetingId, device(meetingId, 1), optionIds[0]!, "yes", shown),
    ).toMatchObject({
      status: "ok",
    });
    // Time passes: the voting phase ended (the meeting did not close voting).
    const phases = await prisma.procedurePhase.findMany({ where: { procedureId } });
    for (const phase of phases) {
      await prisma.procedurePhase.update({
        where: { id: phase.id },
        data: {
          startsAt: new Date(phase.startsAt.getTime() - 1.5 * DAY),
          endsAt: new Date(phase.endsAt.getTime() - 1.5 * DAY),
        },
      });
    }
    expect(await answer(meetingId, device(meetingId, 2), optionIds[0]!, "yes", shown)).toEqual({
      status: "refused",
      reason: "phase",
    });
    expect((await view(meetingId)).vote.open).toBe(false);

    // A vote closed by staff while the meeting still has voting open.
    const other = await meetingFor();
    const otherShown = await openQuestion(other.meetingId);
    expect(await closeVote(other.voteId, staff.id)).toEqual({ status: "ok" });
    expect(
      await answer(other.meetingId, device(other.meetingId), other.optionIds[0]!, "no", otherShown),
    ).toEqual({
      status: "refused",
      reason: "closed",
    });
    expect(await phoneRows(voteId)).toHaveLength(1);
    expect(await phoneRows(other.voteId)).toHaveLength(0);
  });

  it("a close racing with ballots: nothing stored after the close time", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    const shown = await openQuestion(meetingId);
    // Phones answer one after another, a tick apart; staff close in the middle.
    const casts: Array<Promise<PhoneBallotResult>> = [];
    let closing: Promise<unknown> | null = null;
    for (let i = 0; i < 120; i++) {
      if (i === 60) closing = command(meetingId, { kind: "close" });
      casts.push(answer(meetingId, device(meetingId, 50_000 + i), optionIds[0]!, "yes", shown));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await Promise.all(casts);
    expect(await closing).toMatchObject({ status: "ok" });
    const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    expect(meeting.votingScope).toBe("closed");
    const closedAt = meeting.votingEndsAt!;

    const accepted = results.filter((result) => result.status === "ok");
    const refused = results.filter((result) => result.status === "refused");
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(
      refused.every((result) => result.status === "refused" && result.reason === "meeting-closed"),
    ).toBe(true);
    const rows = await phoneRows(voteId);
    expect(rows).toHaveLength(accepted.length);
    for (const row of rows) expect(row.updatedAt.getTime()).toBeLessThanOrEqual(closedAt.getTime());
    const counted = await countVote(voteId);
    expect(counted?.turnout.byChannel.phone).toBe(accepted.length);
  });
});

describe("hand counts", () => {
  it("stores per-option scores and people, shown as the hand channel", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    const [a, b] = optionIds;
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: a!,
        score: { yes: 12, no: 5, abstain: 1 },
        people: 20,
      }),
    ).toMatchObject({ status: "ok" });
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: b!,
        score: { yes: 3, no: 15, abstain: 2 },
        people: 20,
      }),
    ).toMatchObject({ status: "ok" });
    // A correction replaces the initiative's count.
    const corrected = await setHandCount({
      meetingId,
      staffId: staff.id,
      optionId: a!,
      score: { yes: 13, no: 5, abstain: 1 },
      people: 20,
    });
    expect(corrected).toMatchObject({ status: "ok", handCounts: { ballots: 20 } });
    expect((await view(meetingId)).handCounts.options).toMatchObject({
      [a!]: { yes: 13, no: 5, abstain: 1 },
      [b!]: { yes: 3, no: 15, abstain: 2 },
    });

    // Phones count next to the hands.
    await ok(meetingId, { kind: "spotlight", optionId: a! });
    await ok(meetingId, { kind: "open", scope: "question" });
    await answer(meetingId, device(meetingId), a!, "no");

    const counted = await countVote(voteId);
    expect(counted?.channels).toEqual(expect.arrayContaining(["phone", "hand"]));
    expect(counted?.turnout.byChannel).toMatchObject({ hand: 20, phone: 1 });
    expect(counted?.turnout.total).toBe(21);
    const row = (id: string) => counted?.rows.find((r) => r.optionId === id);
    expect(row(a!)?.byChannel.hand).toEqual({ yes: 13, no: 5, abstain: 1 });
    expect(row(a!)?.byChannel.phone).toEqual({ yes: 0, no: 1, abstain: 0 });
    expect(row(a!)?.total).toEqual({ yes: 13, no: 6, abstain: 1 });
    expect(row(b!)?.total).toEqual({ yes: 3, no: 15, abstain: 2 });

    const staffResults = await getResults(voteId, { audience: "staff", language: "de" });
    expect(staffResults?.tally.channels).toContain("hand");
    expect(staffResults?.turnout.byChannel.hand).toBe(20);
    expect(staffResults?.tally.rows.find((r) => r.optionId === a)?.byChannel.hand).toEqual({
      yes: 13,
      no: 5,
      abstain: 1,
    });
  });

  it("refuses implausible and malformed counts and keeps the stored ones", async () => {
    const { meetingId, optionIds, voteId } = await meetingFor();
    const [a, b] = optionIds;
    const set = (optionId: string, score: unknown, people: number) =>
      setHandCount({
        meetingId,
        staffId: staff.id,
        optionId,
        score: score as { points: number },
        people,
      });
    expect(await set(a!, { yes: 10, no: 5, abstain: 0 }, 15)).toMatchObject({ status: "ok" });
    // More answers than people.
    expect(await set(b!, { yes: 10, no: 6, abstain: 0 }, 15)).toEqual({
      status: "refused",
      reason: "implausible",
    });
    // Fewer people than the answers already stored for another initiative.
    expect(await set(b!, { yes: 1, no: 1, abstain: 0 }, 12)).toEqual({
      status: "refused",
      reason: "implausible",
    });
    expect(await set(b!, { yes: -1, no: 0, abstain: 0 }, 15)).toEqual({
      status: "refused",
      reason: "invalid",
    });
    expect(await set(b!, { yes: 1.5, no: 0, abstain: 0 }, 15)).toEqual({
      status: "refused",
      reason: "invalid",
    });
    expect(await set(b!, { points: 3 }, 15)).toEqual({ status: "refused", reason: "invalid" });
    expect(await set(b!, { yes: 1, no: 0, abstain: 0 }, -3)).toEqual({
      status: "refused",
      reason: "invalid",
    });
    const other = await setUpVote(staff.id, { config: yesNo, optionCount: 1 });
    expect(await set(other.optionIds[0]!, { yes: 1, no: 0, abstain: 0 }, 15)).toEqual({
      status: "refused",
      reason: "unknown-option",
    });
    expect((await view(meetingId)).handCounts).toEqual({
      ballots: 15,
      options: expect.objectContaining({ [a!]: { yes: 10, no: 5, abstain: 0 } }),
    });
    expect((await view(meetingId)).handCounts.options[b!]).toEqual({ yes: 0, no: 0, abstain: 0 });
    expect(
      await prisma.auditEntry.count({
        where: { entityId: meetingId, action: "meeting.handCount" },
      }),
    ).toBe(1);
    const counted = await countVote(voteId);
    expect(counted?.turnout.byChannel.hand).toBe(15);
  });

  it("takes points for other methods", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor({ config: approval2 });
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: optionIds[0]!,
        score: { points: 9 },
        people: 12,
      }),
    ).toMatchObject({ status: "ok" });
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: optionIds[1]!,
        score: { points: 13 },
        people: 12,
      }),
    ).toEqual({ status: "refused", reason: "implausible" });
    const counted = await countVote(voteId);
    expect(counted?.rows.find((r) => r.optionId === optionIds[0])?.byChannel.hand).toEqual({
      points: 9,
    });
  });

  it("cannot change a result that has been published", async () => {
    const { meetingId, voteId, optionIds } = await meetingFor();
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: optionIds[0]!,
        score: { yes: 4, no: 1, abstain: 0 },
        people: 5,
      }),
    ).toMatchObject({ status: "ok" });
    expect(await closeVote(voteId, staff.id)).toEqual({ status: "ok" });
    expect(await publishResults(voteId, staff.id)).toEqual({ status: "ok" });
    const published = await countVote(voteId);
    expect(
      await setHandCount({
        meetingId,
        staffId: staff.id,
        optionId: optionIds[0]!,
        score: { yes: 5, no: 0, abstain: 0 },
        people: 5,
      }),
    ).toEqual({ status: "refused", reason: "results-published" });
    expect(await countVote(voteId)).toEqual(published);
  });

  it("are taken while the vote's counts may be entered: voting and counting, not before or after", async () => {
    const count = (meeting: { meetingId: string; optionIds: string[] }) =>
      setHandCount({
        meetingId: meeting.meetingId,
        staffId: staff.id,
        optionId: meeting.optionIds[0]!,
        score: { yes: 1, no: 0, abstain: 0 },
        people: 1,
      });
    // The voting phase is over, counting runs: hands shown in the room can still be entered.
    const counting = await meetingFor({ phases: phasesAroundNow(Date.now() - 1.5 * DAY) });
    expect(await count(counting)).toMatchObject({ status: "ok" });
    // Before the voting phase, and in the results phase, a show of hands is not part of the vote.
    for (const base of [Date.now() + 2 * DAY, Date.now() - 2.5 * DAY]) {
      const meeting = await meetingFor({ phases: phasesAroundNow(base) });
      expect(await count(meeting)).toEqual({ status: "refused", reason: "vote-not-open" });
      expect((await countVote(meeting.voteId))?.turnout.byChannel.hand).toBe(0);
    }
  });
});

describe("device tokens", () => {
  const visit = (code: string, cookie?: string) =>
    new Request(`http://test.local/m/${code}`, cookie ? { headers: { Cookie: cookie } } : {});
  const pair = (setCookie: string) => setCookie.split(";")[0]!;

  it("gives a phone one signed, httpOnly token for this meeting only", async () => {
    const a = await meetingFor({ optionCount: 1 });
    const b = await meetingFor({ optionCount: 1 });
    const meetingA = { id: a.meetingId, code: a.code };
    const meetingB = { id: b.meetingId, code: b.code };

    // Reading the page does not hand out a token; voting does.
    expect(await getDeviceKey(visit(a.code), meetingA, { create: false })).toEqual({
      voterKey: null,
    });
    const first = await getDeviceKey(visit(a.code), meetingA, { create: true });
    expect(first.voterKey).toMatch(/^phone:[0-9a-f]{64}$/);
    const setCookie = first.setCookie!;
    expect(setCookie).toMatch(new RegExp(`^qs_device_${a.code}=`));
    expect(setCookie).toContain(`Path=/m/${a.code}`);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toMatch(/Max-Age=\d+/);

    // The same phone comes back: the same key, no new cookie.
    expect(await getDeviceKey(visit(a.code, pair(setCookie)), meetingA, { create: true })).toEqual({
      voterKey: first.voterKey,
    });
    // Another phone: another key.
    const other = await getDeviceKey(visit(a.code), meetingA, { create: true });
    expect(other.voterKey).not.toBe(first.voterKey);

    // The token copied into another meeting's cookie is useless there.
    const value = pair(setCookie).split("=").slice(1).join("=");
    const copied = `qs_device_${b.code}=${value}`;
    expect(await getDeviceKey(visit(b.code, copied), meetingB, { create: false })).toEqual({
      voterKey: null,
    });
    const fresh = await getDeviceKey(visit(b.code, copied), meetingB, { create: true });
    expect(fresh.voterKey).not.toBe(first.voterKey);
    expect(fresh.setCookie).toBeDefined();

    // A cookie changed by hand fails its signature.
    const decoded = decodeURIComponent(value);
    const dot = decoded.lastIndexOf(".");
    const token = JSON.parse(Buffer.from(decoded.slice(0, dot), "base64").toString("utf8")) as {
      meetingId: string;
      id: string;
    };
    const forged = Buffer.from(JSON.stringify({ ...token, id: "a".repeat(22) })).toString("base64");
    const tampered = `qs_device_${a.code}=${encodeURIComponent(`${forged}${decoded.slice(dot)}`)}`;
    expect(await getDeviceKey(visit(a.code, tampered), meetingA, { create: false })).toEqual({
      voterKey: null,
    });
    // The key is a hash: the token id does not appear in it or in the ballot table.
    expect(first.voterKey).not.toContain(token.id);
    expect(first.voterKey).toBe(phoneVoterKey(a.meetingId, token.id));
  });
});
