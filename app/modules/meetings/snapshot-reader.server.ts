import path from "node:path";
import Database from "better-sqlite3";
import type { CountRows, CountVoteRow } from "~/modules/votes/votes.server";
import { getEnv } from "~/utils/env.server";

/**
 * Synchronous reads for the meeting stream's counts, on a second, read-only
 * SQLite connection.
 *
 * Why: when hundreds of phones send their ballots at once, every `await` of a
 * Prisma query in a count waits behind the continuations of all the other
 * requests, and a count that takes 10 ms on a quiet server took 0.6–3 s in the
 * flood (bench/README.md, "Meetings: live updates"). Read synchronously, a
 * count is one uninterrupted piece of work: the meeting, the vote, its options
 * and every ballot in a few prepared statements, then the same pure fold as
 * every other count (`tallyFromRows`).
 *
 * Safe to read beside the app's own connection: the database runs in WAL mode,
 * so this connection sees the last committed state and never blocks a writer;
 * events are published after the commit, so a count started by an event sees
 * the change that caused it. It only reads (`readonly`), and it reads the same
 * columns the Prisma schema defines (DateTime columns are stored as ISO text,
 * Booleans as 0/1).
 */

type Statement = ReturnType<Database.Database["prepare"]>;

let connection: { db: Database.Database; statements: Map<string, Statement> } | null = null;

function open() {
  if (connection) return connection;
  const url = getEnv().DATABASE_URL;
  const file = path.resolve(url.replace(/^file:/, "").split("?")[0]!);
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  connection = { db, statements: new Map() };
  return connection;
}

function statement(sql: string): Statement {
  const { db, statements } = open();
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    statements.set(sql, prepared);
  }
  return prepared;
}

const date = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string | number);

type MeetingRow = {
  id: string;
  voteId: string;
  joinCode: string;
  languages: string;
  spotlightOptionId: string | null;
  votingScope: string;
  votingOptionId: string | null;
  votingRound: number;
  votingEndsAt: string | null;
  hideTallies: number;
  revealed: number;
  endedAt: string | null;
};

type VoteRow = {
  method: string;
  config: string;
  channels: string;
  tieBreak: string | null;
  closedAt: string | null;
  procedureId: string;
  procedureState: string;
};

/**
 * The meeting's state, its vote and the rows of the vote's count, read in one
 * go without yielding; null for an unknown meeting. The meeting part has the
 * shape of `readMeetingState` (app/modules/meetings/meetings.server.ts).
 */
export function readSnapshotRows(meetingId: string) {
  const meeting = statement(
    `SELECT id, voteId, joinCode, languages, spotlightOptionId, votingScope, votingOptionId,
            votingRound, votingEndsAt, hideTallies, revealed, endedAt
       FROM Meeting WHERE id = ?`,
  ).get(meetingId) as MeetingRow | undefined;
  if (!meeting) return null;
  const vote = statement(
    `SELECT v.method, v.config, v.channels, v.tieBreak, v.closedAt, v.procedureId,
            p.state AS procedureState
       FROM Vote v JOIN Procedure p ON p.id = v.procedureId WHERE v.id = ?`,
  ).get(meeting.voteId) as VoteRow | undefined;
  if (!vote) return null;
  const phases = (
    statement(`SELECT kind, startsAt, endsAt FROM ProcedurePhase WHERE procedureId = ?`).all(
      vote.procedureId,
    ) as Array<{ kind: string; startsAt: string; endsAt: string }>
  ).map((phase) => ({
    kind: phase.kind,
    startsAt: date(phase.startsAt)!,
    endsAt: date(phase.endsAt)!,
  }));
  const options = statement(
    `SELECT id, estimatedCostCents FROM VoteOption WHERE voteId = ?
      ORDER BY position ASC, createdAt ASC`,
  ).all(meeting.voteId) as Array<{ id: string; estimatedCostCents: number | null }>;
  const ballots = statement(`SELECT channel, choices FROM Ballot WHERE voteId = ?`).all(
    meeting.voteId,
  ) as Array<{ channel: string; choices: string }>;
  const entries = statement(
    `SELECT b.id AS batchId, e.counts AS counts
       FROM PaperBatch b LEFT JOIN PaperEntry e ON e.batchId = b.id
      WHERE b.voteId = ? ORDER BY b.id, e.createdAt`,
  ).all(meeting.voteId) as Array<{ batchId: string; counts: string | null }>;
  const batches = new Map<string, Array<{ counts: string }>>();
  for (const entry of entries) {
    const list = batches.get(entry.batchId) ?? [];
    if (entry.counts !== null) list.push({ counts: entry.counts });
    batches.set(entry.batchId, list);
  }
  const meetings = statement(`SELECT handCounts FROM Meeting WHERE voteId = ?`).all(
    meeting.voteId,
  ) as Array<{ handCounts: string }>;

  const countVote: CountVoteRow = {
    method: vote.method,
    config: vote.config,
    channels: vote.channels,
    tieBreak: vote.tieBreak,
    options,
  };
  const rows: CountRows = {
    ballots,
    batches: [...batches.values()].map((list) => ({ entries: list })),
    meetings,
  };
  return {
    meeting: {
      id: meeting.id,
      voteId: meeting.voteId,
      joinCode: meeting.joinCode,
      languages: meeting.languages,
      spotlightOptionId: meeting.spotlightOptionId,
      votingScope: meeting.votingScope,
      votingOptionId: meeting.votingOptionId,
      votingRound: meeting.votingRound,
      votingEndsAt: date(meeting.votingEndsAt),
      hideTallies: meeting.hideTallies !== 0,
      revealed: meeting.revealed !== 0,
      endedAt: date(meeting.endedAt),
      vote: {
        closedAt: date(vote.closedAt),
        procedure: { state: vote.procedureState, phases },
      },
    },
    countVote,
    rows,
  };
}

/** Closes the connection (tests that delete their database file). */
export function closeSnapshotReader() {
  connection?.db.close();
  connection = null;
}
