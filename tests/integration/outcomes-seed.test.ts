import { beforeAll, describe, expect, it } from "vitest";
import { listImplementations } from "~/modules/outcomes/implementation.server";
import { currentSituation, type Phase } from "~/modules/procedures/phases";
import {
  listProceduresOpenForSubmission,
  procedureAllows,
} from "~/modules/procedures/procedures.server";
import { statuses } from "~/modules/proposals/statuses";
import { getResults, listPaperBatches } from "~/modules/votes/votes.server";
import { prisma } from "~/utils/db.server";
import { demoProcedures, demoProposals } from "../../prisma/demo-content";
import { seed } from "../../prisma/seed";
import { resetData } from "./staff-helpers";

/**
 * The demo content: an idea call collecting ideas now, a resident vote running
 * now, a past vote with published results and what became of its winners —
 * all relative to today, only into an empty database, and idempotent.
 */
async function counts() {
  const [
    proposals,
    procedures,
    phases,
    votes,
    options,
    ballots,
    codes,
    batches,
    entries,
    records,
    notes,
    staff,
    areas,
    addresses,
  ] = await Promise.all([
    prisma.proposal.count(),
    prisma.procedure.count(),
    prisma.procedurePhase.count(),
    prisma.vote.count(),
    prisma.voteOption.count(),
    prisma.ballot.count(),
    prisma.voteCode.count(),
    prisma.paperBatch.count(),
    prisma.paperEntry.count(),
    prisma.implementationRecord.count(),
    prisma.implementationNote.count(),
    prisma.staff.count(),
    prisma.fundingArea.count(),
    prisma.address.count(),
  ]);
  return {
    proposals,
    procedures,
    phases,
    votes,
    options,
    ballots,
    codes,
    batches,
    entries,
    records,
    notes,
    staff,
    areas,
    addresses,
  };
}

const procedureId = async (title: string) =>
  (await prisma.procedure.findFirstOrThrow({ where: { title }, select: { id: true } })).id;

const [ideaCall, vote, pastVote] = (["ideaCall", "vote", "pastVote"] as const).map((key) =>
  demoProcedures.find((procedure) => procedure.key === key)!,
);

beforeAll(async () => {
  await prisma.implementationRecord.deleteMany();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
  await seed(prisma, { demo: true, extra: 0 });
}, 60_000);

describe("demo content", () => {
  it("uses only the statuses of moderation and life cycle", async () => {
    const rows = await prisma.proposal.groupBy({ by: ["status"], _count: { _all: true } });
    for (const row of rows) expect(statuses).toContain(row.status);
    expect(await prisma.proposal.count()).toBe(demoProposals.length);
    // The public list pages (more than 20 public initiatives).
    expect(
      await prisma.proposal.count({
        where: { publishedAt: { not: null }, status: { in: ["published", "rejected"] } },
      }),
    ).toBeGreaterThan(20);
  });

  it("has an idea call collecting ideas now, with initiatives inside it", async () => {
    const id = await procedureId(ideaCall.title);
    expect(await procedureAllows(id, "proposal:submit")).toEqual({
      allowed: true,
      situation: "collection",
    });
    expect((await listProceduresOpenForSubmission()).map((p) => p.id)).toContain(id);
    const inside = await prisma.proposal.findMany({
      where: { procedureId: id },
      select: { status: true },
    });
    expect(inside.filter((p) => p.status === "published").length).toBeGreaterThanOrEqual(2);
    expect(inside.some((p) => p.status === "submitted")).toBe(true);
  });

  it("has a resident vote running now: 4–6 initiatives with costs, code + open + paper, the eligibility note, some ballots", async () => {
    const id = await procedureId(vote.title);
    const procedure = await prisma.procedure.findUniqueOrThrow({
      where: { id },
      include: { phases: true, votes: { include: { options: true, ballots: true } } },
    });
    expect(procedure.state).toBe("published");
    expect(currentSituation(procedure.phases as Phase[], new Date()).situation).toBe("voting");
    expect(procedure.votes).toHaveLength(1);
    const [running] = procedure.votes;
    expect(["budget", "approval"]).toContain(running!.method);
    expect(JSON.parse(running!.channels)).toEqual(["code", "open", "paper"]);
    expect(running!.eligibilityNote).toBe(
      "Wer im Gebiet wohnt, arbeitet oder zur Schule geht, ab 14 Jahren",
    );
    expect(running!.options.length).toBeGreaterThanOrEqual(4);
    expect(running!.options.length).toBeLessThanOrEqual(6);
    expect(running!.options.every((option) => (option.estimatedCostCents ?? 0) > 0)).toBe(true);
    expect(running!.ballots.length).toBeGreaterThan(0);
    expect(running!.ballots.every((ballot) => ballot.channel === "open")).toBe(true);
    expect(running!.resultsPublishedAt).toBeNull();
    // Every initiative on the ballot is public and belongs to the procedure.
    const onBallot = await prisma.proposal.findMany({
      where: { id: { in: running!.options.map((option) => option.proposalId) } },
    });
    expect(onBallot.every((p) => p.status === "published" && p.procedureId === id)).toBe(true);
    // Hidden while open (no live results), as the votes module decides.
    const results = await getResults(running!.id, { audience: "public", language: "de" });
    expect(results).toMatchObject({ visible: false, isOpen: true });
  });

  it("has a past vote with published results, an agreed paper batch, and implementation records for exactly its winners", async () => {
    const id = await procedureId(pastVote.title);
    const procedure = await prisma.procedure.findUniqueOrThrow({
      where: { id },
      include: { phases: true, votes: true },
    });
    expect(currentSituation(procedure.phases as Phase[], new Date()).situation).toBe("ended");
    const [past] = procedure.votes;
    expect(past!.resultsPublishedAt).not.toBeNull();
    const batches = await listPaperBatches(past!.id);
    expect(batches.map((batch) => batch.state)).toEqual(["agreed"]);

    const results = await getResults(past!.id, { audience: "public", language: "de" });
    expect(results).toMatchObject({ visible: true, closed: true });
    expect(results!.tally.needsTieBreak).toBe(false);
    expect(results!.turnout.byChannel).toMatchObject({ open: 23, code: 31, paper: 40 });
    const winners = results!.options
      .filter((option) => results!.tally.selectedIds.includes(option.id))
      .map((option) => option.proposalId)
      .sort();
    const records = await prisma.implementationRecord.findMany({
      where: { voteId: past!.id },
      include: { notes: true },
    });
    expect(records.map((record) => record.proposalId).sort()).toEqual(winners);
    expect(records.flatMap((record) => record.notes.map((note) => note.body)).join(" ")).toMatch(
      /Bänke bestellt/,
    );
    // Demo notes name no staff member.
    expect(records.every((record) => record.notes.every((note) => note.staffId === null))).toBe(
      true,
    );
    // The two people who counted the paper ballots cannot log in.
    expect(
      await prisma.staff.findMany({ where: { role: { not: "jury" } }, select: { active: true } }),
    ).toEqual([{ active: false }, { active: false }]);
    // The demo decision team of the neighbourhood fund may log in (their passwords are
    // printed once by the seed), but only as "jury": no staff area.
    expect(await prisma.staff.count({ where: { role: "jury", active: true } })).toBe(3);
  });

  it("shows accepted ideas in every state on the outcomes page", async () => {
    const list = await listImplementations({ page: 1, language: "de" });
    expect(list.counts.accepted).toBeGreaterThan(0);
    expect(list.counts.in_progress).toBeGreaterThan(0);
    expect(list.counts.done).toBeGreaterThan(0);
    expect(list.items.some((item) => item.byVote && item.procedure !== null)).toBe(true);
    expect(list.items.some((item) => !item.byVote)).toBe(true);
  });

  it("is idempotent: a second run adds nothing, and demo content only goes into an empty database", async () => {
    const first = await counts();
    await seed(prisma, { demo: true, extra: 0 });
    expect(await counts()).toEqual(first);

    // No initiatives, but a procedure: not empty, so no demo content.
    await prisma.implementationRecord.deleteMany();
    await prisma.vote.deleteMany();
    await prisma.proposal.updateMany({ data: { duplicateOfId: null } });
    await prisma.proposal.deleteMany();
    await prisma.procedure.deleteMany({ where: { title: { not: ideaCall.title } } });
    const left = await counts();
    expect(left.proposals).toBe(0);
    await seed(prisma, { demo: true, extra: 0 });
    expect(await counts()).toEqual(left);
  }, 60_000);
});
