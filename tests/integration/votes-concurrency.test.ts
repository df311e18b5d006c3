import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addVoteOption,
  castBallot,
  closeVote,
  createPaperBatch,
  enterPaperCount,
  publishResults,
  removeVoteOption,
  updateVote,
  type CastBallotResult,
} from "~/modules/votes/votes.server";
import { prisma } from "~/utils/db.server";
import { repoRoot, tmpRoot } from "../setup/paths";
import { type TestStaff, createStaffUser } from "./staff-helpers";
import {
  approval2,
  ballotRows,
  codesFor,
  publishedProposal,
  settings,
  setUpVote,
} from "./votes-fixtures";

/**
 * "Exactly once": a code or a browser gives exactly one ballot, also under
 * 200 identical requests at the same moment, and a closed vote takes no
 * ballot, also from a request that started before the close.
 */
let staff: TestStaff;
let second: TestStaff;

beforeAll(async () => {
  staff = await createStaffUser("moderator");
  second = await createStaffUser("admin");
});

describe("exactly once", () => {
  it("200 parallel identical ballots with one code give one ballot", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const [code] = await codesFor(voteId, staff.id, 1);
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        castBallot({ voteId, channel: "code", code, choices: [optionIds[0]], eligible: true }),
      ),
    );
    expect(results.every((result) => result.status === "ok")).toBe(true);
    // Exactly one of them created the ballot; the others replaced it with the same choices.
    expect(results.filter((result) => result.status === "ok" && !result.changed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.status === "ok" && result.ballotId)).size).toBe(
      1,
    );
    const rows = await ballotRows(voteId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.choices).toBe(JSON.stringify([optionIds[0]]));
  });

  it("200 parallel identical ballots from one browser give one ballot", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        castBallot({
          voteId,
          channel: "open",
          browserKey: "one-browser-key-0123456789",
          // Different choices in flight: whichever comes last wins, but there is one row.
          choices: [optionIds[i % 3]],
          eligible: true,
        }),
      ),
    );
    expect(results.every((result) => result.status === "ok")).toBe(true);
    expect(results.filter((result) => result.status === "ok" && !result.changed)).toHaveLength(1);
    expect(await ballotRows(voteId)).toHaveLength(1);
  });

  it("200 parallel ballots with 200 codes give 200 ballots, none lost", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const codes = await codesFor(voteId, staff.id, 200);
    const results = await Promise.all(
      codes.map((code) =>
        castBallot({ voteId, channel: "code", code, choices: [optionIds[1]], eligible: true }),
      ),
    );
    expect(results.every((result) => result.status === "ok" && !result.changed)).toBe(true);
    expect(await ballotRows(voteId)).toHaveLength(200);
    const vote = await prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
    expect(vote.ballotWrites).toBe(200);
  });

  it("a close racing with ballots: nothing is written after the close", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const codes = await codesFor(voteId, staff.id, 100);
    // The requests arrive one after another, a tick apart, and staff close the vote
    // while they come in: the first ones are in the database's queue before the close,
    // the later ones after it.
    const casts: Array<Promise<CastBallotResult>> = [];
    let closing: Promise<unknown> | null = null;
    for (const [index, code] of codes.entries()) {
      if (index === 50) closing = closeVote(voteId, staff.id);
      casts.push(
        castBallot({ voteId, channel: "code", code, choices: [optionIds[0]], eligible: true }),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await Promise.all(casts);
    await closing;
    const vote = await prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
    expect(vote.closedAt).not.toBeNull();

    const accepted = results.filter((result) => result.status === "ok");
    const refused = results.filter((result) => result.status === "refused");
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThan(0);
    expect(
      refused.every((result) => result.status === "refused" && result.reason === "closed"),
    ).toBe(true);
    expect(accepted.length + refused.length).toBe(100);

    const rows = await ballotRows(voteId);
    expect(rows).toHaveLength(accepted.length);
    for (const row of rows) {
      expect(row.updatedAt.getTime()).toBeLessThanOrEqual(vote.closedAt!.getTime());
    }
    // And afterwards, the door stays shut.
    expect(
      await castBallot({
        voteId,
        channel: "code",
        code: codes[0],
        choices: [optionIds[1]],
        eligible: true,
      }),
    ).toEqual({ status: "refused", reason: "closed" });
  });

  it("a ballot is not lost when another request's transaction rolls back", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    // Another request holds a transaction open on the shared connection, then fails.
    const failing = prisma
      .$transaction(async (tx) => {
        await tx.setting.upsert({
          where: { key: "rollback-probe" },
          create: { key: "rollback-probe", value: "1" },
          update: {},
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw new Error("this request fails");
      })
      .catch(() => "rolled back");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cast = await castBallot({
      voteId,
      channel: "open",
      browserKey: "browser-during-rollback-1234",
      choices: [optionIds[0]],
      eligible: true,
    });
    expect(cast.status).toBe("ok");
    expect(await failing).toBe("rolled back");
    expect(await prisma.setting.findUnique({ where: { key: "rollback-probe" } })).toBeNull();
    expect(await ballotRows(voteId)).toHaveLength(1);
  });

  it("checks ballots against the vote as it is now, not as it was remembered", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id, { channels: ["open", "code"] });
    const cast = (n: number, choices: unknown = [optionIds[0]]) =>
      castBallot({
        voteId,
        channel: "open",
        browserKey: `remembered-${n}-0123456789`,
        choices,
        eligible: true,
      });
    // The first ballot makes castBallot remember the vote.
    expect(await cast(1)).toMatchObject({ status: "ok" });
    // Staff change the vote (the live switch): the remembered copy is outdated, the ballot still goes in.
    const live = settings(approval2, ["open", "code"], { liveResults: true });
    expect(await updateVote(voteId, live, staff.id)).toEqual({ status: "ok" });
    expect(await cast(2)).toMatchObject({ status: "ok" });
    // Staff switch the open channel off: the remembered copy would still allow it.
    expect(await updateVote(voteId, settings(approval2, ["code"]), staff.id)).toEqual({
      status: "ok",
    });
    expect(await cast(3)).toEqual({ status: "refused", reason: "channel-off" });
    expect(await ballotRows(voteId)).toHaveLength(2);

    // Before the first ballot, options may change: a ballot for a removed one is refused.
    const fresh = await setUpVote(staff.id, { channels: ["open"] });
    const castFresh = (choices: unknown, n: number) =>
      castBallot({
        voteId: fresh.voteId,
        channel: "open",
        browserKey: `fresh-${n}-0123456789`,
        choices,
        eligible: true,
      });
    expect(await castFresh(fresh.optionIds, 0)).toMatchObject({ reason: "invalid-ballot" });
    expect(await removeVoteOption({ optionId: fresh.optionIds[2]!, staffId: staff.id })).toEqual({
      status: "ok",
    });
    const added = await addVoteOption({
      voteId: fresh.voteId,
      proposalId: await publishedProposal(),
      estimatedCostCents: null,
      staffId: staff.id,
    });
    if (added.status !== "ok") throw new Error("option");
    expect(await castFresh([fresh.optionIds[2]], 1)).toEqual({
      status: "refused",
      reason: "invalid-ballot",
      detail: "unknown-option",
    });
    expect(await castFresh([added.id], 2)).toMatchObject({ status: "ok" });
  });

  it("a close in one process and ballots from another: nothing after the close", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const codes = await codesFor(voteId, staff.id, 150);
    const dir = path.join(tmpRoot, `votes-child-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    const script = path.join(dir, "cast.ts");
    // A second app instance on the same database file, casting one ballot after another.
    writeFileSync(
      script,
      `import { castBallot } from "~/modules/votes/votes.server";
const [voteId, option, ...codes] = JSON.parse(process.env.CAST_ARGS!);
const results: string[] = [];
for (const code of codes) {
  const result = await castBallot({ voteId, channel: "code", code, choices: [option], eligible: true });
  results.push(result.status === "ok" ? "ok" : result.reason);
  if (results.length === 20) console.log("STARTED");
}
console.log("RESULTS " + JSON.stringify(results));
process.exit(0);
`,
    );
    try {
      const child = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), [script], {
        cwd: repoRoot,
        env: { ...process.env, CAST_ARGS: JSON.stringify([voteId, optionIds[0], ...codes]) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const started = new Promise<void>((resolve) =>
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("STARTED")) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      await Promise.race([started, exited]);
      expect(await closeVote(voteId, staff.id)).toEqual({ status: "ok" });
      expect(await exited).toBe(0);
      const results = JSON.parse(/RESULTS (.*)/.exec(output)![1]!) as string[];
      const vote = await prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
      const rows = await ballotRows(voteId);
      const accepted = results.filter((result) => result === "ok").length;
      expect(accepted).toBeGreaterThanOrEqual(20);
      expect(accepted).toBeLessThan(150);
      expect(results.slice(accepted).every((result) => result === "closed")).toBe(true);
      expect(rows).toHaveLength(accepted);
      for (const row of rows) {
        expect(row.updatedAt.getTime()).toBeLessThanOrEqual(vote.closedAt!.getTime());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("publishing and paper entries at the same moment", () => {
  /**
   * A closed vote whose only paper batch has its first entry and waits for
   * the second: publishing must wait for it (or be refused), never go out
   * without the batch that becomes agreed at that moment.
   */
  async function waitingBatch() {
    const { voteId, optionIds } = await setUpVote(staff.id, { channels: ["paper"] });
    const created = await createPaperBatch({ voteId, label: "Urne 1", staffId: staff.id });
    if (created.status !== "ok") throw new Error("batch");
    const counts = {
      ballots: 7,
      options: { [optionIds[0]!]: { points: 4 }, [optionIds[1]!]: { points: 3 } },
    };
    await enterPaperCount({ batchId: created.id, staffId: staff.id, counts });
    await closeVote(voteId, staff.id);
    return { voteId, batchId: created.id, counts };
  }

  /** Whether the vote went out, and with how many paper ballots. */
  async function publishedPaper(voteId: string) {
    const vote = await prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
    const audit = await prisma.auditEntry.findFirst({
      where: { action: "vote.resultsPublished", entityId: voteId },
    });
    const after = audit
      ? (JSON.parse(audit.after!) as { turnout: { byChannel: { paper: number } } })
      : null;
    return {
      published: vote.resultsPublishedAt !== null,
      paper: after?.turnout.byChannel.paper ?? null,
    };
  }

  it("in one process: a publish never leaves out a batch agreed at the same moment", async () => {
    for (let offset = 0; offset < 6; offset++) {
      const { voteId, batchId, counts } = await waitingBatch();
      const entry = (async () => {
        for (let i = 0; i < offset; i++) await new Promise((resolve) => setImmediate(resolve));
        return enterPaperCount({ batchId, staffId: second.id, counts });
      })();
      const publish = publishResults(voteId, staff.id);
      const [entered, published] = await Promise.all([entry, publish]);
      const state = await publishedPaper(voteId);
      if (published.status === "ok") {
        // Published: the batch was agreed first and is in the count.
        expect(entered).toEqual({ status: "ok", state: "agreed" });
        expect(state).toEqual({ published: true, paper: 7 });
      } else {
        // Refused: the entry came later and made the batch count; nothing went out.
        expect(published).toMatchObject({ reason: "paper-unresolved" });
        expect(entered).toEqual({ status: "ok", state: "agreed" });
        expect(state.published).toBe(false);
        expect(await publishResults(voteId, staff.id)).toEqual({ status: "ok" });
        expect(await publishedPaper(voteId)).toEqual({ published: true, paper: 7 });
      }
    }
  });

  it("across processes: second entries in one, publishing in the other", async () => {
    const votes: Array<Awaited<ReturnType<typeof waitingBatch>>> = [];
    for (let i = 0; i < 12; i++) votes.push(await waitingBatch());
    const dir = path.join(tmpRoot, `paper-child-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    const script = path.join(dir, "enter.ts");
    // A second app instance on the same database file, entering the second counts.
    writeFileSync(
      script,
      `import { enterPaperCount } from "~/modules/votes/votes.server";
const [staffId, ...batches] = JSON.parse(process.env.PAPER_ARGS!);
const results: string[] = [];
console.log("STARTED");
for (const { batchId, counts } of batches) {
  const result = await enterPaperCount({ batchId, staffId, counts });
  results.push(result.status === "ok" ? result.state : result.reason);
  await new Promise((resolve) => setTimeout(resolve, 10));
}
console.log("RESULTS " + JSON.stringify(results));
process.exit(0);
`,
    );
    try {
      const child = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), [script], {
        cwd: repoRoot,
        env: {
          ...process.env,
          PAPER_ARGS: JSON.stringify([
            second.id,
            ...votes.map(({ batchId, counts }) => ({ batchId, counts })),
          ]),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const started = new Promise<void>((resolve) =>
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("STARTED")) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      await Promise.race([started, exited]);
      // Keep publishing every vote not yet published while the other process enters.
      let running = true;
      void exited.then(() => (running = false));
      const outcomes = new Map<string, string[]>(votes.map(({ voteId }) => [voteId, []]));
      const publishOpen = async () => {
        for (const { voteId } of votes) {
          const seen = outcomes.get(voteId)!;
          if (seen.at(-1) === "ok") continue;
          const outcome = await publishResults(voteId, staff.id);
          seen.push(outcome.status === "ok" ? "ok" : outcome.reason);
        }
      };
      while (running) {
        await publishOpen();
        // A breath between rounds, so the other process gets the write lock too.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await publishOpen();
      expect(await exited, output).toBe(0);
      const entries = JSON.parse(/RESULTS (.*)/.exec(output)![1]!) as string[];
      // No entry came too late: a publish never went out while its batch was waiting.
      expect(entries).toEqual(votes.map(() => "agreed"));
      for (const { voteId } of votes) {
        const seen = outcomes.get(voteId)!;
        // Refused while the batch waited, then published once, with the batch in the count.
        expect(seen.slice(0, -1).every((o) => o === "paper-unresolved")).toBe(true);
        expect(seen.at(-1)).toBe("ok");
        expect(await publishedPaper(voteId)).toEqual({ published: true, paper: 7 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
