import { randomUUID } from "node:crypto";
import { Prisma } from "~/db/generated/client";
import { allows, phaseKinds, type PhaseSituation } from "~/modules/procedures/phases";
import { procedureAllows } from "~/modules/procedures/procedures.server";
import { isChannel, type Channel } from "~/modules/votes/channels";
import {
  validateBallot,
  type MethodConfig,
  type VoteOption as MethodOption,
} from "~/modules/votes/methods";
import { codeHash, codeVoterKey, openVoterKey, parseCode } from "~/modules/votes/vote-keys.server";
import { voteCounted } from "~/modules/events/events.server";
import { prisma } from "~/utils/db.server";

export type CastBallotInput = {
  voteId: string;
  channel: "code" | "open" | "phone";
  code?: string;
  browserKey?: string;
  /**
   * Phone channel: the meeting, the voting round the ballot was shown in, and
   * the device's voter key (app/modules/meetings/device-token.server.ts).
   */
  meeting?: { id: string; round: number; voterKey: string };
  choices: unknown;
  eligible: boolean;
  now?: Date;
};

export type CastRefusal =
  | "not-found"
  | "closed"
  | "phase"
  | "channel-off"
  | "code-unknown"
  | "code-voided"
  | "not-eligible"
  | "invalid-ballot"
  | "meeting-closed";

export type CastBallotResult =
  | { status: "ok"; ballotId: string; changed: boolean }
  | { status: "refused"; reason: CastRefusal; detail?: string };

const refuse = (reason: CastRefusal, detail?: string): CastBallotResult =>
  detail === undefined ? { status: "refused", reason } : { status: "refused", reason, detail };

// ---------------------------------------------------------------------------
// What a ballot is checked against
// ---------------------------------------------------------------------------

/**
 * The vote's method, settings, channels and options, with the vote's
 * `updatedAt` as their version. Every command that changes any of them also
 * updates the vote row (the option commands touch it on purpose), so the
 * version changes with them.
 */
type BallotContext = {
  version: string;
  config: MethodConfig;
  channels: Channel[];
  options: MethodOption[];
};

/**
 * Contexts per vote, kept between ballots. A stale one is harmless: a ballot
 * is only written while the vote's version in the database is still the one
 * it was checked against; otherwise the context is read again.
 */
const contexts = new Map<string, Promise<BallotContext | null>>();
const MAX_CONTEXTS = 200;

async function readContext(voteId: string): Promise<BallotContext | null> {
  const rows = await prisma.$queryRaw<
    Array<{ version: string; method: string; config: string; channels: string }>
  >`SELECT CAST("updatedAt" AS TEXT) AS "version", "method", "config", "channels"
    FROM "Vote" WHERE "id" = ${voteId}`;
  const vote = rows[0];
  if (!vote) return null;
  const options = await prisma.voteOption.findMany({
    where: { voteId },
    select: { id: true, estimatedCostCents: true },
  });
  let channels: Channel[] = [];
  try {
    const parsed: unknown = JSON.parse(vote.channels);
    if (Array.isArray(parsed)) channels = parsed.filter(isChannel);
  } catch {
    channels = [];
  }
  return {
    version: vote.version,
    config: { ...(JSON.parse(vote.config) as object), method: vote.method } as MethodConfig,
    channels,
    options: options.map((option) => ({ id: option.id, costCents: option.estimatedCostCents })),
  };
}

function context(voteId: string, fresh: boolean): Promise<BallotContext | null> {
  let entry = fresh ? undefined : contexts.get(voteId);
  if (!entry) {
    entry = readContext(voteId);
    if (contexts.size >= MAX_CONTEXTS) contexts.clear();
    contexts.set(voteId, entry);
    entry.catch(() => contexts.delete(voteId));
  }
  return entry;
}

// ---------------------------------------------------------------------------
// Casting
// ---------------------------------------------------------------------------

/**
 * Casts or changes the ballot of one code or one browser, exactly once.
 *
 * The choices are validated against the vote's context (remembered between
 * ballots), then the ballot is handed to the writer (`writeBallot`), which
 * stores it in one transaction that
 * 1. first takes the database's write lock with a conditional write:
 *    `UPDATE "Vote" SET "ballotWrites" = "ballotWrites" + n WHERE … AND
 *    "closedAt" IS NULL`;
 * 2. then writes with one `INSERT … SELECT … WHERE … ON CONFLICT ("voteId",
 *    "voterKey") DO UPDATE` whose WHERE clause checks, under the lock, that
 *    the vote is not closed and still has the version the choices were
 *    validated against, that its procedure is published and in a phase the
 *    phase table allows "ballot:cast" in at the ballot's time (the rules of
 *    `procedureAllows`), that a code belongs to the vote and is not voided,
 *    and that a phone's meeting still takes ballots in the round it showed.
 * So a close and a ballot are strictly ordered: a ballot whose request began
 * before the close but reaches the lock after it is refused, and every stored
 * ballot has `updatedAt` ≤ `closedAt` (a ballot's time is read just before
 * its transaction is sent, `closedAt` inside the close). 200 identical
 * requests give one row; a second ballot with the same code or browser
 * replaces the first one's choices (`changed: true`).
 *
 * Why not the textbook interactive transaction (lock, read, check, write):
 * Prisma costs about as much per statement as the rest of a ballot request,
 * and the connection is the app's only one, held for the whole transaction;
 * see bench/README.md for the measurements.
 *
 * When nothing was written, the reason is found out afterwards with ordinary
 * reads (`diagnose`); only refusals pay for those. If nothing blocks the
 * ballot, the vote had changed since its context was read: read it again and
 * retry.
 */
export async function castBallot(input: CastBallotInput): Promise<CastBallotResult> {
  if (input.eligible !== true) return refuse("not-eligible");
  let hash: string | null = null;
  let voterKey: string | null = null;
  if (input.channel === "code") {
    const parsed = parseCode(typeof input.code === "string" ? input.code : "");
    // A malformed code is unknown; the detail lets the page say what is wrong with it.
    if (!parsed.ok) {
      return refuse(
        "code-unknown",
        parsed.reason === "invalid-character"
          ? `invalid-character:${parsed.characters.join("")}`
          : parsed.reason,
      );
    }
    hash = codeHash(input.voteId, parsed.code);
  } else if (input.channel === "open") {
    if (typeof input.browserKey !== "string" || input.browserKey.length < 16) {
      throw new TypeError("castBallot: the open channel needs the browser key");
    }
    voterKey = openVoterKey(input.voteId, input.browserKey);
  } else if (input.channel === "phone") {
    if (!input.meeting || !input.meeting.voterKey.startsWith("phone:")) {
      throw new TypeError("castBallot: the phone channel needs the meeting and device key");
    }
    voterKey = input.meeting.voterKey;
  } else {
    throw new TypeError(`castBallot: unknown channel ${String(input.channel)}`);
  }

  for (let attempt = 0; attempt < 3; attempt++) {
    // The first attempt may use a remembered context; a retry reads it again.
    let ctx = await context(input.voteId, attempt > 0);
    if (!ctx) return refuse("not-found");
    let checked = check(ctx, input);
    if (!checked.ok && attempt === 0) {
      // Refusing on a remembered context could be wrong if staff just changed the vote.
      ctx = await context(input.voteId, true);
      if (!ctx) return refuse("not-found");
      checked = check(ctx, input);
    }
    if (!checked.ok) {
      // A vote that no longer takes ballots says so rather than "invalid ballot".
      const blocked = await diagnose(input, hash);
      return blocked ?? checked.refusal;
    }

    const id = randomUUID();
    const ballotId = await writeBallot({
      id,
      voteId: input.voteId,
      channel: input.channel,
      codeHash: hash,
      voterKey,
      choices: checked.choices,
      version: ctx.version,
      meeting: input.meeting ? { id: input.meeting.id, round: input.meeting.round } : null,
      now: input.now ?? null,
    });
    if (ballotId !== null) {
      voteCounted(input.voteId);
      return { status: "ok", ballotId, changed: ballotId !== id };
    }

    const refusal = await diagnose(input, hash);
    if (refusal) return refusal;
    // Nothing blocks the ballot: the vote changed since its context was read. Again.
  }
  throw new Error("castBallot: the vote kept changing while the ballot was written");
}

function check(
  ctx: BallotContext,
  input: CastBallotInput,
): { ok: true; choices: string } | { ok: false; refusal: CastBallotResult } {
  // The phone channel is switched on by a meeting, not by the vote's settings:
  // the writer checks that the meeting takes ballots.
  if (input.channel !== "phone" && !ctx.channels.includes(input.channel)) {
    return { ok: false, refusal: refuse("channel-off") };
  }
  const checked = validateBallot(ctx.config, ctx.options, input.choices);
  if (!checked.ok) return { ok: false, refusal: refuse("invalid-ballot", checked.reason) };
  return { ok: true, choices: JSON.stringify(checked.choices) };
}

/**
 * Why a ballot cannot be written now, from fresh reads; null if nothing
 * blocks it (then the vote's version had changed). The same rules as the
 * writer, in the order a resident should hear them.
 */
async function diagnose(
  input: CastBallotInput,
  hash: string | null,
): Promise<CastBallotResult | null> {
  const now = input.now ?? new Date();
  const vote = await prisma.vote.findUnique({
    where: { id: input.voteId },
    select: { closedAt: true, procedureId: true },
  });
  if (!vote) return refuse("not-found");
  if (vote.closedAt !== null) return refuse("closed");
  const phase = await procedureAllows(vote.procedureId, "ballot:cast", now);
  if (!phase.allowed) return refuse(phase.reason === "phase" ? "phase" : "not-found");
  if (hash !== null) {
    const code = await prisma.voteCode.findUnique({
      where: { codeHash: hash },
      select: { voteId: true, voidedAt: true },
    });
    if (!code || code.voteId !== input.voteId) return refuse("code-unknown");
    if (code.voidedAt !== null) return refuse("code-voided");
  }
  if (input.meeting) {
    const meeting = await prisma.meeting.findUnique({
      where: { id: input.meeting.id },
      select: {
        voteId: true,
        endedAt: true,
        votingScope: true,
        votingRound: true,
        votingEndsAt: true,
      },
    });
    if (
      !meeting ||
      meeting.voteId !== input.voteId ||
      meeting.endedAt !== null ||
      meeting.votingScope === "closed" ||
      meeting.votingRound !== input.meeting.round ||
      (meeting.votingEndsAt !== null && meeting.votingEndsAt.getTime() <= now.getTime())
    ) {
      return refuse("meeting-closed");
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// The writer: group commit
// ---------------------------------------------------------------------------

type BallotWrite = {
  id: string;
  voteId: string;
  channel: "code" | "open" | "phone";
  /** Code channel: the code's hash; the voter key is its row's id, found under the lock. */
  codeHash: string | null;
  /** Open channel: the hashed browser key. */
  voterKey: string | null;
  choices: string;
  /** The vote's version the choices were validated against. */
  version: string;
  /** Phone channel: the meeting must still take ballots in this voting round. */
  meeting: { id: string; round: number } | null;
  /** Tests pin the clock; otherwise the ballot's time is read when its transaction is sent. */
  now: Date | null;
};

type Pending = BallotWrite & { resolve: (id: string | null) => void; reject: (e: unknown) => void };

let pending: Pending[] = [];
let writing = false;
/** Upper bound per transaction, so one write stays short next to other requests' transactions. */
const MAX_BALLOTS_PER_WRITE = 200;
/**
 * How long the first ballot of a group waits for others. Ballot requests
 * arrive spread out by the work each one needs before it gets here (reading
 * the body, routing); without the wait most groups held one ballot and paid
 * the transaction alone. 1 ms (Node's smallest timer) halved the server's
 * CPU time per ballot in the benchmark; a resident does not notice it.
 */
const LINGER_MS = 1;

/**
 * Stores a ballot; resolves to the ballot's id (its own, or the existing
 * ballot's when it replaced one), or null when a condition did not hold.
 *
 * Group commit: ballots that arrive while a transaction is running go
 * together into the next one. With one transaction per ballot, each ballot
 * paid Prisma's cost for several statements and held the connection (which
 * the whole app shares, one transaction at a time) while other requests'
 * work ran between its statements; throughput stayed at a fifth of the
 * server's ceiling (bench/README.md). Now the statements are per group — one
 * lookup of the codes, one lock per vote, one INSERT of many rows — and each
 * ballot still gets its own checks and answer. The first ballot of a group
 * waits `LINGER_MS` for company. If a transaction fails as a whole, its
 * ballots are tried again one by one, so one broken ballot cannot take the
 * others down with it.
 */
function writeBallot(write: BallotWrite): Promise<string | null> {
  return new Promise((resolve, reject) => {
    pending.push({ ...write, resolve, reject });
    if (!writing) {
      writing = true;
      setTimeout(() => void flush(), LINGER_MS);
    }
  });
}

async function flush() {
  try {
    while (pending.length > 0) {
      const group: Pending[] = [];
      const later: Pending[] = [];
      const seen = new Set<string>();
      for (const write of pending) {
        // The same code or browser twice in one INSERT would make the answers ambiguous:
        // the second one waits for the next round (and then replaces the first).
        const key = `${write.voteId}\u0000${write.codeHash ?? write.voterKey}`;
        if (group.length < MAX_BALLOTS_PER_WRITE && !seen.has(key)) {
          seen.add(key);
          group.push(write);
        } else later.push(write);
      }
      pending = later;
      try {
        const ids = await storeGroup(group);
        group.forEach((write, index) => write.resolve(ids[index] ?? null));
      } catch (error) {
        if (group.length === 1) {
          group[0]!.reject(error);
          continue;
        }
        for (const write of group) {
          await storeGroup([write]).then(
            (ids) => write.resolve(ids[0] ?? null),
            (single: unknown) => write.reject(single),
          );
        }
      }
    }
  } finally {
    writing = false;
  }
}

/**
 * Phase kinds in which the phase table allows casting a ballot, for the SQL
 * condition below. The condition can only say "a phase of these kinds is
 * running"; if the table ever allowed ballots between phases, this module
 * would have to learn it, so it refuses to load instead.
 */
const castingKinds = phaseKinds.filter((kind) => allows(kind, "ballot:cast"));
const outsidePhases: PhaseSituation[] = ["upcoming", "between", "ended"];
if (outsidePhases.some((situation) => allows(situation, "ballot:cast"))) {
  throw new Error("cast-ballot: the phase table allows ballots outside a phase; update storeGroup");
}

/**
 * One transaction for a group of ballots; the ids in the group's order (null:
 * not written). The transaction is a batch of two or more statements (Prisma
 * runs a batch of one outside any transaction, where a statement would join
 * whatever interactive transaction another request has open on the shared
 * connection, and vanish if that one rolls back):
 * 1. per vote, the conditional bump that takes the write lock;
 * 2. one INSERT … SELECT for all ballots whose WHERE clause checks each one:
 *    vote not closed, vote version unchanged, procedure published, a phase
 *    that allows ballots running at the ballot's time, and for codes that the
 *    code belongs to the vote and is not voided.
 * The codes' row ids are looked up first, outside the transaction: a code's
 * id never changes, and whether it is voided is checked in the INSERT.
 */
async function storeGroup(group: BallotWrite[]): Promise<Array<string | null>> {
  const hashes = group.flatMap((write) => (write.codeHash === null ? [] : [write.codeHash]));
  const codeIds = new Map<string, string>();
  if (hashes.length > 0) {
    const rows = await prisma.$queryRaw<Array<{ id: string; codeHash: string }>>`
      SELECT "id", "codeHash" FROM "VoteCode" WHERE "codeHash" IN (${Prisma.join(hashes)})`;
    for (const row of rows) codeIds.set(row.codeHash, row.id);
  }
  const rows = group.flatMap((write, index) => {
    const codeId = write.codeHash === null ? null : (codeIds.get(write.codeHash) ?? null);
    if (write.codeHash !== null && codeId === null) return [];
    const voterKey = codeId === null ? write.voterKey : codeVoterKey(codeId);
    return voterKey === null ? [] : [{ index, write, codeId, voterKey }];
  });
  const ids: Array<string | null> = group.map(() => null);
  if (rows.length === 0) return ids;

  const perVote = new Map<string, number>();
  for (const { write } of rows) perVote.set(write.voteId, (perVote.get(write.voteId) ?? 0) + 1);
  // Read the clock as late as possible: a ballot that waited across the end of the voting
  // phase is judged by the moment it is written, like one that came late.
  const sentAt = new Date();
  const values = Prisma.join(
    rows.map(({ write, codeId, voterKey }) => {
      const at = write.now ?? sentAt;
      return Prisma.sql`(${write.id}, ${write.voteId}, ${write.channel}, ${voterKey}, ${write.choices}, ${at}, ${codeId}, ${write.version}, ${write.meeting?.id ?? null}, ${write.meeting?.round ?? null})`;
    }),
  );
  // Dates are compared as the ISO text the driver stores them in (one format, one writer).
  const insert = prisma.$queryRaw<Array<{ id: string; voteId: string; voterKey: string }>>`
    INSERT INTO "Ballot" ("id", "voteId", "channel", "voterKey", "choices", "createdAt", "updatedAt")
    SELECT b."column1", b."column2", b."column3", b."column4", b."column5", b."column6", b."column6"
    FROM (VALUES ${values}) AS b
    JOIN "Vote" v ON v."id" = b."column2"
    JOIN "Procedure" p ON p."id" = v."procedureId"
    LEFT JOIN "VoteCode" c ON c."id" = b."column7"
    WHERE v."closedAt" IS NULL
      AND CAST(v."updatedAt" AS TEXT) = b."column8"
      AND p."state" = 'published'
      AND EXISTS (
        SELECT 1 FROM "ProcedurePhase" ph
        WHERE ph."procedureId" = p."id" AND ph."kind" IN (${Prisma.join(castingKinds)})
          AND ph."startsAt" <= b."column6" AND ph."endsAt" > b."column6"
      )
      AND (b."column7" IS NULL OR (c."voteId" = v."id" AND c."voidedAt" IS NULL))
      AND (b."column9" IS NULL OR EXISTS (
        SELECT 1 FROM "Meeting" m
        WHERE m."id" = b."column9" AND m."voteId" = v."id" AND m."endedAt" IS NULL
          AND m."votingScope" <> 'closed' AND m."votingRound" = b."column10"
          AND (m."votingEndsAt" IS NULL OR m."votingEndsAt" > b."column6")
      ))
    ON CONFLICT ("voteId", "voterKey")
    DO UPDATE SET "choices" = excluded."choices", "updatedAt" = excluded."updatedAt"
    RETURNING "id", "voteId", "voterKey"`;
  const bumps = [...perVote].map(
    ([
      voteId,
      count,
    ]) => prisma.$executeRaw`UPDATE "Vote" SET "ballotWrites" = "ballotWrites" + ${count}
      WHERE "id" = ${voteId} AND "closedAt" IS NULL`,
  );
  const results = await prisma.$transaction([...bumps, insert]);
  const written = results[results.length - 1] as Array<{
    id: string;
    voteId: string;
    voterKey: string;
  }>;
  const byKey = new Map(written.map((row) => [`${row.voteId}\u0000${row.voterKey}`, row.id]));
  for (const { index, write, voterKey } of rows) {
    ids[index] = byKey.get(`${write.voteId}\u0000${voterKey}`) ?? null;
  }
  return ids;
}

/** For tests that change a vote behind the commands' back. */
export function forgetBallotContexts() {
  contexts.clear();
}
