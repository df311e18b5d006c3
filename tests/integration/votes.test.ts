import { beforeAll, describe, expect, it } from "vitest";
import { drawOrder } from "~/modules/votes/lot";
import {
  addVoteOption,
  breakTie,
  castBallot,
  closeVote,
  createPaperBatch,
  createVote,
  discardPaperBatch,
  enterPaperCount,
  generateCodeSheet,
  getBallotChoices,
  getResults,
  getStaffVote,
  getVoteForBallot,
  isVoteOpen,
  listCodeSheets,
  listEligibleProposals,
  listPaperBatches,
  publishResults,
  removeVoteOption,
  resultsCsv,
  updateVote,
  updateVoteOption,
  voidCode,
} from "~/modules/votes/votes.server";
import { prisma } from "~/utils/db.server";
import {
  parseCsv,
  type TestStaff,
  auditEntries,
  createStaffUser,
  submitProposal,
} from "./staff-helpers";
import {
  approval2,
  ballotRows,
  codesFor,
  createPublishedProcedure,
  momentIn,
  publishedProposal,
  settings,
  setUpVote,
} from "./votes-fixtures";

let staff: TestStaff;
let second: TestStaff;

beforeAll(async () => {
  staff = await createStaffUser("moderator", { name: "Mira Zählerin" });
  second = await createStaffUser("admin", { name: "Paul Prüfer" });
});

const browser = (n: number) => `browser-key-${String(n).padStart(12, "0")}`;

describe("setting up a vote", () => {
  it("creates a vote for a resident vote only, with a valid configuration", async () => {
    const procedureId = await createPublishedProcedure(staff.id);
    expect(await createVote("nope", settings(approval2), staff.id)).toEqual({
      status: "refused",
      reason: "not-found",
    });
    const ideaCall = await createPublishedProcedure(staff.id, { kind: "idea_call" });
    expect(await createVote(ideaCall, settings(approval2), staff.id)).toMatchObject({
      reason: "not-a-vote-procedure",
    });
    for (const config of [
      { method: "approval", maxChoices: 0, winners: 1 },
      { method: "dot", points: 5, maxPerOption: -1, winners: null },
      { method: "budget", budgetCents: 1.5 },
    ] as const) {
      expect(await createVote(procedureId, settings(config), staff.id)).toMatchObject({
        reason: "invalid-config",
      });
    }
    expect(
      await createVote(procedureId, { ...settings(approval2), channels: [] }, staff.id),
    ).toMatchObject({ reason: "invalid-config" });
    // A config of another method than the one named is refused.
    expect(
      await createVote(procedureId, { ...settings(approval2), method: "dot" }, staff.id),
    ).toMatchObject({ reason: "invalid-config" });

    const created = await createVote(procedureId, settings(approval2), staff.id);
    expect(created.status).toBe("ok");
    const audit = (await auditEntries("vote.created")).at(-1)!;
    expect(audit.staffId).toBe(staff.id);
    expect(audit.after).toMatchObject({ procedureId, config: approval2 });

    await prisma.procedure.update({ where: { id: procedureId }, data: { state: "archived" } });
    expect(await createVote(procedureId, settings(approval2), staff.id)).toMatchObject({
      reason: "archived",
    });
  });

  it("fixes the method once ballots are in, but not the note or the live switch", async () => {
    const { voteId } = await setUpVote(staff.id, { channels: ["open"] });
    const changed = settings({ method: "approval", maxChoices: 1, winners: 1 }, ["open"]);
    expect(await updateVote(voteId, changed, staff.id)).toEqual({ status: "ok" });
    const options = (await getVoteForBallot(voteId, "de"))!.options;
    await castBallot({
      voteId,
      channel: "open",
      browserKey: browser(1),
      choices: [options[0]!.id],
      eligible: true,
    });
    expect(
      await updateVote(
        voteId,
        settings({ method: "approval", maxChoices: 3, winners: 1 }, ["open"]),
        staff.id,
      ),
    ).toEqual({ status: "refused", reason: "has-ballots" });
    const noteOnly = { ...changed, eligibilityNote: "Alle ab 16.", liveResults: true };
    expect(await updateVote(voteId, noteOnly, staff.id)).toEqual({ status: "ok" });
    const audit = (await auditEntries("vote.updated")).at(-1)!;
    expect(audit.before).toMatchObject({ liveResults: false });
    expect(audit.after).toMatchObject({ liveResults: true, eligibilityNote: "Alle ab 16." });

    await closeVote(voteId, staff.id);
    expect(await updateVote(voteId, noteOnly, staff.id)).toMatchObject({ reason: "closed" });
    expect(await updateVote("nope", noteOnly, staff.id)).toMatchObject({ reason: "not-found" });
  });

  it("adds published initiatives to the ballot and moves them into the procedure", async () => {
    const procedureId = await createPublishedProcedure(staff.id);
    const budget = await createVote(
      procedureId,
      settings({ method: "budget", budgetCents: 500_00 }),
      staff.id,
    );
    if (budget.status !== "ok") throw new Error("vote");
    const voteId = budget.id;
    const proposalId = await publishedProposal("Bänke am Rabet");
    const { id: submittedOnly } = await submitProposal({ title: "Noch nicht geprüft" });

    expect((await listEligibleProposals(voteId)).map((p) => p.id)).toContain(proposalId);
    expect((await listEligibleProposals(voteId)).map((p) => p.id)).not.toContain(submittedOnly);

    const add = (id: string, cost: number | null) =>
      addVoteOption({ voteId, proposalId: id, estimatedCostCents: cost, staffId: staff.id });
    expect(await add(submittedOnly, 100)).toMatchObject({ reason: "not-published" });
    expect(await add("nope", 100)).toMatchObject({ reason: "not-found" });
    expect(await add(proposalId, null)).toMatchObject({ reason: "cost-required" });
    expect(await add(proposalId, -5)).toMatchObject({ reason: "cost-required" });
    const added = await add(proposalId, 250_00);
    expect(added.status).toBe("ok");
    expect(await add(proposalId, 250_00)).toMatchObject({ reason: "already-on-ballot" });

    const moved = await prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    expect(moved.procedureId).toBe(procedureId);
    expect((await listEligibleProposals(voteId)).map((p) => p.id)).not.toContain(proposalId);
    const audit = (await auditEntries("vote.optionAdded")).at(-1)!;
    expect(audit.before).toEqual({ procedureId: null });
    expect(audit.after).toMatchObject({ proposalId, estimatedCostCents: 250_00, procedureId });

    if (added.status !== "ok") throw new Error("add");
    expect(
      await updateVoteOption({ optionId: added.id, estimatedCostCents: null, staffId: staff.id }),
    ).toMatchObject({ reason: "cost-required" });
    expect(
      await updateVoteOption({ optionId: added.id, estimatedCostCents: 300_00, staffId: staff.id }),
    ).toEqual({ status: "ok" });
    expect((await auditEntries("vote.optionUpdated")).at(-1)!.after).toMatchObject({
      estimatedCostCents: 300_00,
    });

    const other = await publishedProposal();
    const second = await add(other, 100_00);
    if (second.status !== "ok") throw new Error("add");
    expect(await removeVoteOption({ optionId: second.id, staffId: staff.id })).toEqual({
      status: "ok",
    });
    expect((await auditEntries("vote.optionRemoved")).at(-1)!.before).toMatchObject({
      proposalId: other,
    });
    expect(await removeVoteOption({ optionId: second.id, staffId: staff.id })).toMatchObject({
      reason: "not-found",
    });

    // Once a ballot is in, the ballot's options are fixed.
    const codes = await codesFor(voteId, staff.id, 1);
    expect(
      await castBallot({
        voteId,
        channel: "code",
        code: codes[0],
        choices: [added.id],
        eligible: true,
      }),
    ).toMatchObject({ status: "ok" });
    const third = await publishedProposal();
    expect(await add(third, 10_00)).toMatchObject({ reason: "has-ballots" });
    expect(
      await updateVoteOption({ optionId: added.id, estimatedCostCents: 1, staffId: staff.id }),
    ).toMatchObject({ reason: "has-ballots" });
    expect(await removeVoteOption({ optionId: added.id, staffId: staff.id })).toMatchObject({
      reason: "has-ballots",
    });
  });

  it("gives the ballot page its data in the visitor's language", async () => {
    const { voteId, procedureId } = await setUpVote(staff.id, {
      config: { method: "budget", budgetCents: 300_00 },
      costs: [100_00, 150_00, 200_00],
    });
    const de = await getVoteForBallot(voteId, "de");
    const en = await getVoteForBallot(voteId, "en");
    expect(de).toMatchObject({
      isOpen: true,
      budgetCents: 300_00,
      vote: { method: "budget", channels: ["code", "open", "paper"], closedAt: null },
      procedure: { id: procedureId, situation: "voting" },
    });
    expect(de!.vote.eligibilityNote).toMatch(/Leipziger Osten wohnen, ab 14/);
    expect(en!.vote.eligibilityNote).toMatch(/^Everyone/);
    expect(en!.procedure.title).toMatch(/^Vote no\./);
    expect(de!.options.map((o) => o.costCents)).toEqual([100_00, 150_00, 200_00]);
    expect(de!.options[0]).toMatchObject({ lon: expect.any(Number), lat: expect.any(Number) });

    expect(await getVoteForBallot(voteId, "de", momentIn("counting"))).toMatchObject({
      isOpen: false,
    });
    const draft = await createPublishedProcedure(staff.id, { publish: false });
    const draftVote = await createVote(draft, settings(approval2), staff.id);
    if (draftVote.status !== "ok") throw new Error("vote");
    expect(await getVoteForBallot(draftVote.id, "de")).toBeNull();
    expect(await getVoteForBallot("nope", "de")).toBeNull();
  });

  it("isVoteOpen: published, in the voting phase and not closed", () => {
    const published = { state: "published" };
    expect(isVoteOpen({ closedAt: null, procedure: published }, "voting")).toBe(true);
    expect(isVoteOpen({ closedAt: new Date(), procedure: published }, "voting")).toBe(false);
    expect(isVoteOpen({ closedAt: null, procedure: { state: "archived" } }, "voting")).toBe(false);
    for (const situation of [
      "upcoming",
      "collection",
      "review",
      "between",
      "counting",
      "results",
      "ended",
    ] as const) {
      expect(isVoteOpen({ closedAt: null, procedure: published }, situation)).toBe(false);
    }
  });
});

describe("casting ballots", () => {
  it("takes one ballot per code, changeable with the same code, pre-filled on return", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const [code] = await codesFor(voteId, staff.id, 1);
    const first = await castBallot({
      voteId,
      channel: "code",
      code: code!.toLowerCase().replace(/(.{4})/g, "$1 "),
      choices: [optionIds[1], optionIds[0], optionIds[0]],
      eligible: true,
    });
    expect(first).toMatchObject({ status: "ok", changed: false });
    // Normalised: deduplicated and sorted.
    expect(await getBallotChoices(voteId, { code })).toEqual([optionIds[0], optionIds[1]].sort());
    const again = await castBallot({
      voteId,
      channel: "code",
      code,
      choices: [optionIds[2]],
      eligible: true,
    });
    expect(again).toMatchObject({ status: "ok", changed: true });
    if (first.status !== "ok" || again.status !== "ok") throw new Error("cast");
    expect(again.ballotId).toBe(first.ballotId);
    const rows = await ballotRows(voteId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "code", choices: JSON.stringify([optionIds[2]]) });
    // The ballot is keyed by the code's row, never by the code.
    expect(rows[0]!.voterKey).toMatch(/^code:/);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(await getBallotChoices(voteId, { code: "AAAA-AAAA-AA" })).toBeNull();
  });

  it("takes one ballot per browser in the open channel", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const cast = (key: string, choice: string) =>
      castBallot({ voteId, channel: "open", browserKey: key, choices: [choice], eligible: true });
    expect(await cast(browser(1), optionIds[0]!)).toMatchObject({ changed: false });
    expect(await cast(browser(1), optionIds[1]!)).toMatchObject({ changed: true });
    expect(await cast(browser(2), optionIds[1]!)).toMatchObject({ changed: false });
    const rows = await ballotRows(voteId);
    expect(rows).toHaveLength(2);
    expect(
      rows.every((row) => row.channel === "open" && /^open:[0-9a-f]{64}$/.test(row.voterKey)),
    ).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(browser(1));
    expect(await getBallotChoices(voteId, { browserKey: browser(1) })).toEqual([optionIds[1]]);
    expect(await getBallotChoices(voteId, { browserKey: browser(3) })).toBeNull();
  });

  it("refuses what is not a valid ballot, naming the reason", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id, { channels: ["code"] });
    const [code, otherCode] = await codesFor(voteId, staff.id, 2);
    const base = { voteId, channel: "code" as const, code, eligible: true };
    expect(await castBallot({ ...base, choices: [optionIds[0]], eligible: false })).toEqual({
      status: "refused",
      reason: "not-eligible",
    });
    for (const [choices, detail] of [
      [[], "empty"],
      [optionIds, "too-many-choices"],
      [["someone-else"], "unknown-option"],
      [{ [optionIds[0]!]: "yes" }, "invalid"],
      ["all of them", "invalid"],
    ] as const) {
      expect(await castBallot({ ...base, choices })).toEqual({
        status: "refused",
        reason: "invalid-ballot",
        detail,
      });
    }
    expect(
      await castBallot({
        voteId,
        channel: "open",
        browserKey: browser(1),
        choices: [optionIds[0]],
        eligible: true,
      }),
    ).toMatchObject({ reason: "channel-off" });
    expect(await castBallot({ ...base, code: "0000-1111-00", choices: [optionIds[0]] })).toEqual({
      status: "refused",
      reason: "code-unknown",
      detail: "invalid-character:01",
    });
    expect(await castBallot({ ...base, code: "K7M4", choices: [optionIds[0]] })).toMatchObject({
      reason: "code-unknown",
      detail: "wrong-length",
    });
    expect(await castBallot({ ...base, code: "K7M4-XH3P-QR", choices: [optionIds[0]] })).toEqual({
      status: "refused",
      reason: "code-unknown",
    });
    expect(await castBallot({ ...base, voteId: "nope", choices: [optionIds[0]] })).toMatchObject({
      reason: "not-found",
    });
    expect(await ballotRows(voteId)).toHaveLength(0);
    expect(await castBallot({ ...base, code: otherCode, choices: [optionIds[0]] })).toMatchObject({
      status: "ok",
    });
  });

  it("refuses a code of another vote", async () => {
    const a = await setUpVote(staff.id);
    const b = await setUpVote(staff.id);
    const [codeOfA] = await codesFor(a.voteId, staff.id, 1);
    expect(
      await castBallot({
        voteId: b.voteId,
        channel: "code",
        code: codeOfA,
        choices: [b.optionIds[0]],
        eligible: true,
      }),
    ).toEqual({ status: "refused", reason: "code-unknown" });
    expect(await getBallotChoices(b.voteId, { code: codeOfA })).toBeNull();
  });

  it.each(["upcoming", "collection", "review", "between", "counting", "results", "ended"])(
    "refuses ballots in the %s situation",
    async (situation) => {
      const { voteId, optionIds } = await setUpVote(staff.id);
      const [code] = await codesFor(voteId, staff.id, 1);
      const now = momentIn(situation);
      expect(
        await castBallot({
          voteId,
          channel: "code",
          code,
          choices: [optionIds[0]],
          eligible: true,
          now,
        }),
      ).toEqual({ status: "refused", reason: "phase" });
      expect(
        await castBallot({
          voteId,
          channel: "open",
          browserKey: browser(1),
          choices: [optionIds[0]],
          eligible: true,
          now,
        }),
      ).toEqual({ status: "refused", reason: "phase" });
      expect(await ballotRows(voteId)).toHaveLength(0);
    },
  );

  it("refuses ballots for a procedure that is not published", async () => {
    const { voteId, optionIds, procedureId } = await setUpVote(staff.id);
    await prisma.procedure.update({ where: { id: procedureId }, data: { state: "archived" } });
    expect(
      await castBallot({
        voteId,
        channel: "open",
        browserKey: browser(1),
        choices: [optionIds[0]],
        eligible: true,
      }),
    ).toEqual({ status: "refused", reason: "phase" });
  });

  it("closes: no ballot after the close, audit entry, only once", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const [code] = await codesFor(voteId, staff.id, 1);
    await castBallot({ voteId, channel: "code", code, choices: [optionIds[0]], eligible: true });
    expect(await closeVote(voteId, staff.id)).toEqual({ status: "ok" });
    expect(await closeVote(voteId, staff.id)).toEqual({
      status: "refused",
      reason: "already-closed",
    });
    expect(await closeVote("nope", staff.id)).toEqual({ status: "refused", reason: "not-found" });
    expect(
      await castBallot({ voteId, channel: "code", code, choices: [optionIds[1]], eligible: true }),
    ).toEqual({ status: "refused", reason: "closed" });
    expect(await getBallotChoices(voteId, { code })).toEqual([optionIds[0]]);
    const audit = (await auditEntries("vote.closed")).at(-1)!;
    expect(audit).toMatchObject({ staffId: staff.id, entityId: voteId, after: { ballots: 1 } });
    expect(await getVoteForBallot(voteId, "de")).toMatchObject({ isOpen: false });
  });
});

describe("codes", () => {
  it("stores only hashes and logs number and label, never a code", async () => {
    const { voteId } = await setUpVote(staff.id);
    const sheet = await generateCodeSheet({
      voteId,
      count: 25,
      label: "Briefe Haus 12",
      staffId: staff.id,
    });
    if (sheet.status !== "ok") throw new Error("sheet");
    expect(sheet.codes).toHaveLength(25);
    expect(new Set(sheet.codes).size).toBe(25);
    expect(sheet.codes.every((code) => /^[34679ACDEFGHJKLMNPQRTUVWXY]{10}$/.test(code))).toBe(true);
    const rows = await prisma.voteCode.findMany({ where: { voteId } });
    expect(rows).toHaveLength(25);
    const stored =
      JSON.stringify(rows) + JSON.stringify(await prisma.codeSheet.findMany({ where: { voteId } }));
    const audit = await auditEntries("vote.codesGenerated");
    const logged = JSON.stringify(audit);
    for (const code of sheet.codes) {
      expect(stored).not.toContain(code);
      expect(logged).not.toContain(code);
    }
    expect(audit.at(-1)).toMatchObject({
      staffId: staff.id,
      after: { sheetId: sheet.sheetId, count: 25, label: "Briefe Haus 12" },
    });
    expect(await listCodeSheets(voteId)).toEqual([
      expect.objectContaining({
        id: sheet.sheetId,
        label: "Briefe Haus 12",
        count: 25,
        voided: 0,
        used: 0,
      }),
    ]);
  });

  it("refuses sheets of a wrong size, without the code channel, or after the close", async () => {
    const { voteId } = await setUpVote(staff.id);
    for (const count of [0, -1, 2001, 1.5]) {
      expect(await generateCodeSheet({ voteId, count, label: "x", staffId: staff.id })).toEqual({
        status: "refused",
        reason: "count",
      });
    }
    expect(
      (await generateCodeSheet({ voteId, count: 2000, label: "viele", staffId: staff.id })).status,
    ).toBe("ok");
    const open = await setUpVote(staff.id, { channels: ["open"] });
    expect(
      await generateCodeSheet({ voteId: open.voteId, count: 1, label: "x", staffId: staff.id }),
    ).toMatchObject({
      reason: "channel-off",
    });
    expect(
      await generateCodeSheet({ voteId: "nope", count: 1, label: "x", staffId: staff.id }),
    ).toMatchObject({
      reason: "not-found",
    });
    await closeVote(voteId, staff.id);
    expect(
      await generateCodeSheet({ voteId, count: 1, label: "x", staffId: staff.id }),
    ).toMatchObject({
      reason: "closed",
    });
  });

  it("voids a lost card: its ballot is removed and the card refused", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const [lost, kept] = await codesFor(voteId, staff.id, 2, "Stadtteilfest");
    for (const code of [lost, kept]) {
      await castBallot({ voteId, channel: "code", code, choices: [optionIds[0]], eligible: true });
    }
    expect(await listCodeSheets(voteId)).toEqual([expect.objectContaining({ used: 2, voided: 0 })]);
    expect(await voidCode({ voteId, code: lost!, staffId: staff.id })).toEqual({ status: "ok" });
    expect(await voidCode({ voteId, code: lost!, staffId: staff.id })).toEqual({
      status: "refused",
      reason: "already-voided",
    });
    expect(await voidCode({ voteId, code: "K7M4-XH3P-QR", staffId: staff.id })).toMatchObject({
      reason: "code-unknown",
    });
    expect(await voidCode({ voteId, code: "nonsense!", staffId: staff.id })).toMatchObject({
      reason: "code-unknown",
    });
    expect(await ballotRows(voteId)).toHaveLength(1);
    expect(
      await castBallot({
        voteId,
        channel: "code",
        code: lost,
        choices: [optionIds[1]],
        eligible: true,
      }),
    ).toEqual({ status: "refused", reason: "code-voided" });
    expect(await getBallotChoices(voteId, { code: lost })).toBeNull();
    expect(await listCodeSheets(voteId)).toEqual([expect.objectContaining({ used: 1, voided: 1 })]);
    const audit = (await auditEntries("vote.codeVoided")).at(-1)!;
    expect(audit.after).toMatchObject({ ballotRemoved: true });
    expect(JSON.stringify(audit)).not.toContain(lost);

    // A code of another vote is unknown here.
    const other = await setUpVote(staff.id);
    const [foreign] = await codesFor(other.voteId, staff.id, 1);
    expect(await voidCode({ voteId, code: foreign!, staffId: staff.id })).toMatchObject({
      reason: "code-unknown",
    });
  });
});

describe("paper ballots", () => {
  const counts = (ballots: number, points: number[], optionIds: string[]) => ({
    ballots,
    options: Object.fromEntries(optionIds.map((id, i) => [id, { points: points[i] ?? 0 }])),
  });

  it("counts a batch only when two staff members' entries agree", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id, { liveResults: false });
    const batch = await createPaperBatch({
      voteId,
      label: "Stadtteilfest, Urne 2",
      staffId: staff.id,
    });
    if (batch.status !== "ok") throw new Error("batch");
    expect(
      await createPaperBatch({ voteId, label: "Stadtteilfest, Urne 2", staffId: second.id }),
    ).toMatchObject({
      reason: "label-taken",
    });
    expect((await auditEntries("paper.batchCreated")).at(-1)!.after).toMatchObject({
      label: "Stadtteilfest, Urne 2",
    });

    const enter = (who: TestStaff, c: ReturnType<typeof counts>, batchId = batch.id) =>
      enterPaperCount({ batchId, staffId: who.id, counts: c });
    expect(await enter(staff, counts(10, [7, 5, 3], optionIds))).toEqual({
      status: "ok",
      state: "waiting",
    });
    // The same person again corrects their own entry; it does not count as the second one.
    expect(await enter(staff, counts(10, [7, 6, 3], optionIds))).toEqual({
      status: "ok",
      state: "waiting",
    });
    expect(await prisma.paperEntry.count({ where: { batchId: batch.id } })).toBe(1);
    expect((await auditEntries("paper.entryCorrected")).at(-1)).toMatchObject({
      staffId: staff.id,
      before: { counts: counts(10, [7, 5, 3], optionIds) },
    });
    expect(await enter(second, counts(10, [7, 6, 3], optionIds))).toEqual({
      status: "ok",
      state: "agreed",
    });
    expect((await auditEntries("paper.entered")).at(-1)).toMatchObject({
      staffId: second.id,
      after: { state: "agreed", label: "Stadtteilfest, Urne 2" },
    });

    // A second batch whose entries disagree is shown side by side and not counted.
    const other = await createPaperBatch({ voteId, label: "Bürgerbüro", staffId: staff.id });
    if (other.status !== "ok") throw new Error("batch");
    await enter(staff, counts(4, [1, 2, 3], optionIds), other.id);
    expect(await enter(second, counts(4, [1, 2, 4], optionIds), other.id)).toMatchObject({
      state: "disagree",
    });
    const batches = await listPaperBatches(voteId);
    expect(batches.map((b) => [b.label, b.state])).toEqual([
      ["Stadtteilfest, Urne 2", "agreed"],
      ["Bürgerbüro", "disagree"],
    ]);
    expect(batches[1]!.entries.map((e) => [e.staffName, e.counts.options[optionIds[2]!]])).toEqual([
      ["Mira Zählerin", { points: 3 }],
      ["Paul Prüfer", { points: 4 }],
    ]);

    const results = await getResults(voteId, { audience: "staff", language: "de" });
    expect(results!.tally.turnout.byChannel.paper).toBe(10);
    const row = results!.tally.rows.find((r) => r.optionId === optionIds[1])!;
    expect(row.byChannel.paper).toEqual({ points: 6 });

    // Fixing the disagreement makes the batch count.
    expect(await enter(second, counts(4, [1, 2, 3], optionIds), other.id)).toMatchObject({
      state: "agreed",
    });
    const fixed = await getResults(voteId, { audience: "staff", language: "de" });
    expect(fixed!.tally.turnout.byChannel.paper).toBe(14);
  });

  it("checks counts against the method and the phase", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const batch = await createPaperBatch({ voteId, label: "Urne 1", staffId: staff.id });
    if (batch.status !== "ok") throw new Error("batch");
    const enter = (c: unknown, now?: Date) =>
      enterPaperCount({ batchId: batch.id, staffId: staff.id, counts: c as never, now });
    // approval, max 2 choices: each option ≤ ballots, total ≤ 2 × ballots.
    expect(await enter(counts(10, [11, 0, 0], optionIds))).toEqual({
      status: "refused",
      reason: "invalid-counts",
    });
    expect(await enter(counts(10, [10, 10, 1], optionIds))).toMatchObject({
      reason: "invalid-counts",
    });
    expect(await enter({ ballots: -1, options: {} })).toMatchObject({ reason: "invalid-counts" });
    expect(await enter({ ballots: 3, options: { other: { points: 1 } } })).toMatchObject({
      reason: "invalid-counts",
    });
    expect(await enter(counts(10, [10, 10, 0], optionIds))).toMatchObject({ status: "ok" });
    // Paper may be entered while voting and counting, not afterwards.
    expect(await enter(counts(10, [9, 10, 0], optionIds), momentIn("counting"))).toMatchObject({
      status: "ok",
    });
    expect(await enter(counts(10, [9, 10, 0], optionIds), momentIn("results"))).toMatchObject({
      reason: "phase",
    });
    expect(
      await createPaperBatch({
        voteId,
        label: "Urne 9",
        staffId: staff.id,
        now: momentIn("review"),
      }),
    ).toMatchObject({
      reason: "phase",
    });
    expect(
      await enterPaperCount({ batchId: "nope", staffId: staff.id, counts: counts(1, [], []) }),
    ).toMatchObject({
      reason: "not-found",
    });
    const noPaper = await setUpVote(staff.id, { channels: ["code"] });
    expect(
      await createPaperBatch({ voteId: noPaper.voteId, label: "Urne", staffId: staff.id }),
    ).toMatchObject({
      reason: "channel-off",
    });

    const yesNo = await setUpVote(staff.id, {
      config: { method: "yes_no", minTurnout: null, winners: null },
    });
    const yesNoBatch = await createPaperBatch({
      voteId: yesNo.voteId,
      label: "Urne",
      staffId: staff.id,
    });
    if (yesNoBatch.status !== "ok") throw new Error("batch");
    const answer = (yes: number, no: number, abstain: number) => ({
      ballots: 5,
      options: { [yesNo.optionIds[0]!]: { yes, no, abstain } },
    });
    expect(
      await enterPaperCount({ batchId: yesNoBatch.id, staffId: staff.id, counts: answer(3, 2, 1) }),
    ).toMatchObject({
      reason: "invalid-counts",
    });
    expect(
      await enterPaperCount({ batchId: yesNoBatch.id, staffId: staff.id, counts: answer(3, 1, 1) }),
    ).toMatchObject({
      status: "ok",
    });
  });
});

describe("publishing while paper batches do not count", () => {
  const counts = (ballots: number, points: number[], optionIds: string[]) => ({
    ballots,
    options: Object.fromEntries(optionIds.map((id, i) => [id, { points: points[i] ?? 0 }])),
  });

  it("refuses to publish while a batch disagrees or waits, until it agrees or is discarded", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id, { channels: ["paper"] });
    const batch = async (label: string) => {
      const created = await createPaperBatch({ voteId, label, staffId: staff.id });
      if (created.status !== "ok") throw new Error(`batch: ${created.reason}`);
      return created.id;
    };
    const enter = (who: TestStaff, batchId: string, c: ReturnType<typeof counts>) =>
      enterPaperCount({ batchId, staffId: who.id, counts: c });
    const agreed = await batch("Urne 1");
    await enter(staff, agreed, counts(5, [3, 2, 1], optionIds));
    await enter(second, agreed, counts(5, [3, 2, 1], optionIds));
    const disputed = await batch("Urne 2");
    await enter(staff, disputed, counts(4, [1, 1, 1], optionIds));
    await enter(second, disputed, counts(4, [1, 2, 1], optionIds));
    const waiting = await batch("Urne 3");
    await enter(staff, waiting, counts(6, [6, 0, 0], optionIds));
    await closeVote(voteId, staff.id);

    const refusal = await publishResults(voteId, staff.id);
    expect(refusal).toEqual({
      status: "refused",
      reason: "paper-unresolved",
      batches: [
        { id: disputed, label: "Urne 2", state: "disagree" },
        { id: waiting, label: "Urne 3", state: "waiting" },
      ],
    });
    // A tie of an incomplete count is not settled either.
    expect(await breakTie(voteId, { kind: "lot" }, staff.id)).toMatchObject({
      reason: "paper-unresolved",
    });
    const vote = () => prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
    expect((await vote()).resultsPublishedAt).toBeNull();
    expect(await auditEntries("vote.resultsPublished")).toHaveLength(0);

    // The second person recounts and corrects their own entry: the batch agrees.
    expect(await enter(second, disputed, counts(4, [1, 1, 1], optionIds))).toEqual({
      status: "ok",
      state: "agreed",
    });
    expect(await publishResults(voteId, staff.id)).toMatchObject({
      reason: "paper-unresolved",
      batches: [{ label: "Urne 3", state: "waiting" }],
    });

    // Discarding needs a reason, and only a batch that does not count can be discarded.
    expect(await discardPaperBatch({ batchId: waiting, staffId: second.id, reason: "  " })).toEqual(
      { status: "refused", reason: "reason-required" },
    );
    expect(
      await discardPaperBatch({ batchId: agreed, staffId: second.id, reason: "Versehen" }),
    ).toEqual({ status: "refused", reason: "agreed" });
    expect(
      await discardPaperBatch({ batchId: "nope", staffId: second.id, reason: "Versehen" }),
    ).toEqual({ status: "refused", reason: "not-found" });
    const reason = "Die Urne war beim Transport offen; die Stimmzettel sind nicht vollständig.";
    expect(await discardPaperBatch({ batchId: waiting, staffId: second.id, reason })).toEqual({
      status: "ok",
    });
    expect(await prisma.paperBatch.findUnique({ where: { id: waiting } })).toBeNull();
    expect(await prisma.paperEntry.count({ where: { batchId: waiting } })).toBe(0);
    const [discarded] = await auditEntries("paper.batchDiscarded");
    expect(discarded).toMatchObject({
      staffId: second.id,
      entityType: "vote",
      entityId: voteId,
      before: {
        batchId: waiting,
        label: "Urne 3",
        state: "waiting",
        entries: [{ staffId: staff.id, counts: counts(6, [6, 0, 0], optionIds) }],
      },
      after: { discarded: true, reason },
    });

    // The label is free again; a new, empty batch under it blocks publishing in turn.
    const recount = await batch("Urne 3");
    expect(await publishResults(voteId, staff.id)).toMatchObject({
      batches: [{ id: recount, label: "Urne 3", state: "waiting" }],
    });
    expect(await discardPaperBatch({ batchId: recount, staffId: staff.id, reason })).toEqual({
      status: "ok",
    });
    expect((await auditEntries("paper.batchDiscarded")).at(-1)!.before).toMatchObject({
      label: "Urne 3",
      entries: [],
    });

    expect(await publishResults(voteId, staff.id)).toEqual({ status: "ok" });
    const published = await getResults(voteId, { audience: "public", language: "de" });
    // Urne 1 and the corrected Urne 2: 9 ballots.
    expect(published!.turnout.byChannel.paper).toBe(9);
    expect(
      await discardPaperBatch({ batchId: agreed, staffId: staff.id, reason: "zu spät" }),
    ).toEqual({ status: "refused", reason: "results-published" });
  });
});

describe("results", () => {
  it("hides results while open unless live, shows channels, publishes after the close", async () => {
    const { voteId, optionIds, proposalIds } = await setUpVote(staff.id, {
      config: { method: "approval", maxChoices: 2, winners: 1 },
    });
    const codes = await codesFor(voteId, staff.id, 3);
    await castBallot({
      voteId,
      channel: "code",
      code: codes[0],
      choices: [optionIds[0], optionIds[1]],
      eligible: true,
    });
    await castBallot({
      voteId,
      channel: "code",
      code: codes[1],
      choices: [optionIds[0]],
      eligible: true,
    });
    await castBallot({
      voteId,
      channel: "open",
      browserKey: browser(1),
      choices: [optionIds[2]],
      eligible: true,
    });
    const batch = await createPaperBatch({ voteId, label: "Urne", staffId: staff.id });
    if (batch.status !== "ok") throw new Error("batch");
    const paper = {
      ballots: 2,
      options: { [optionIds[0]!]: { points: 1 }, [optionIds[1]!]: { points: 1 } },
    };
    await enterPaperCount({ batchId: batch.id, staffId: staff.id, counts: paper });
    await enterPaperCount({ batchId: batch.id, staffId: second.id, counts: paper });

    const hidden = await getResults(voteId, { audience: "public", language: "de" });
    expect(hidden).toMatchObject({
      visible: false,
      hiddenReason: "hidden-while-open",
      closed: false,
    });
    expect(hidden!.tally.turnout.total).toBe(0);
    expect(hidden!.tally.rows.every((row) => row.value === 0)).toBe(true);

    const forStaff = await getResults(voteId, { audience: "staff", language: "de" });
    expect(forStaff).toMatchObject({ visible: true, method: "approval", closed: false });
    expect(forStaff!.turnout).toMatchObject({
      total: 5,
      byChannel: { code: 2, open: 1, paper: 2 },
    });
    expect(forStaff!.tally.channels).toEqual(["code", "open", "paper"]);
    const byOption = Object.fromEntries(forStaff!.tally.rows.map((row) => [row.optionId, row]));
    expect(byOption[optionIds[0]!]!.byChannel).toMatchObject({
      code: { points: 2 },
      open: { points: 0 },
      paper: { points: 1 },
    });
    expect(byOption[optionIds[0]!]!.total).toEqual({ points: 3 });
    expect(forStaff!.rule.key).toBe("votes.rules.approval");
    expect(forStaff!.options.map((o) => o.proposalId)).toEqual(proposalIds);

    await updateVote(
      voteId,
      settings({ method: "approval", maxChoices: 2, winners: 1 }, undefined, { liveResults: true }),
      staff.id,
    );
    expect(await getResults(voteId, { audience: "public", language: "de" })).toMatchObject({
      visible: true,
      turnout: { total: 5 },
    });
    await updateVote(voteId, settings({ method: "approval", maxChoices: 2, winners: 1 }), staff.id);

    expect(await publishResults(voteId, staff.id)).toEqual({ status: "refused", reason: "open" });
    expect(await breakTie(voteId, { kind: "lot" }, staff.id)).toEqual({
      status: "refused",
      reason: "open",
    });
    expect(await resultsCsv(voteId, "de")).toBeNull();

    await closeVote(voteId, staff.id);
    expect(await getResults(voteId, { audience: "public", language: "de" })).toMatchObject({
      visible: false,
      hiddenReason: "not-published",
      closed: true,
    });
    expect(await breakTie(voteId, { kind: "lot" }, staff.id)).toEqual({
      status: "refused",
      reason: "no-tie",
    });
    expect(await publishResults(voteId, staff.id)).toEqual({ status: "ok" });
    expect(await publishResults(voteId, staff.id)).toEqual({
      status: "refused",
      reason: "already-published",
    });

    const published = await getResults(voteId, { audience: "public", language: "de" });
    expect(published).toMatchObject({ visible: true, closed: true, publishedAt: expect.any(Date) });
    // Option 0: 2 code ticks + 1 on paper = 3; option 1: 1 + 1 = 2; option 2: 1 open. One winner.
    expect(published!.tally.selectedIds).toEqual([optionIds[0]]);
    const records = await prisma.implementationRecord.findMany({ where: { voteId } });
    expect(records.map((r) => [r.proposalId, r.state])).toEqual(
      published!.tally.selectedIds.map((id) => [proposalIds[optionIds.indexOf(id)], "accepted"]),
    );
    expect((await auditEntries("vote.resultsPublished")).at(-1)).toMatchObject({
      staffId: staff.id,
      entityId: voteId,
    });
    // Paper is frozen once the result is out.
    expect(
      await enterPaperCount({ batchId: batch.id, staffId: staff.id, counts: paper }),
    ).toMatchObject({
      reason: "results-published",
    });
    expect(await createPaperBatch({ voteId, label: "Spät", staffId: staff.id })).toMatchObject({
      reason: "results-published",
    });
  });

  it("needs a tie-break for a decisive tie; a lot stores a reproducible seed", async () => {
    const { voteId, optionIds, proposalIds } = await setUpVote(staff.id, {
      config: { method: "approval", maxChoices: 1, winners: 1 },
      channels: ["open"],
    });
    await castBallot({
      voteId,
      channel: "open",
      browserKey: browser(1),
      choices: [optionIds[0]],
      eligible: true,
    });
    await castBallot({
      voteId,
      channel: "open",
      browserKey: browser(2),
      choices: [optionIds[1]],
      eligible: true,
    });
    await closeVote(voteId, staff.id);
    const before = await getResults(voteId, { audience: "staff", language: "de" });
    expect(before!.tally.needsTieBreak).toBe(true);
    expect(before!.tally.selectedIds).toEqual([]);
    expect(await publishResults(voteId, staff.id)).toEqual({
      status: "refused",
      reason: "needs-tie-break",
    });

    expect(await breakTie(voteId, { kind: "lot" }, staff.id)).toEqual({ status: "ok" });
    // Nothing left to settle: no second draw.
    expect(await breakTie(voteId, { kind: "lot" }, staff.id)).toEqual({
      status: "refused",
      reason: "no-tie",
    });
    const stored = await prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
    const tieBreak = JSON.parse(stored.tieBreak!) as { kind: string; seed: string };
    expect(tieBreak).toEqual({ kind: "lot", seed: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const after = await getResults(voteId, { audience: "staff", language: "de" });
    const expected = drawOrder(tieBreak.seed, [optionIds[0]!, optionIds[1]!]);
    expect(after!.tally.selectedIds).toEqual([expected[0]]);
    expect(after!.tally.ties[0]).toMatchObject({
      brokenBy: "lot",
      seed: tieBreak.seed,
      optionIds: expected,
    });
    expect((await auditEntries("vote.tieBroken")).at(-1)!.after).toEqual({ tieBreak });

    expect(await publishResults(voteId, staff.id)).toEqual({ status: "ok" });
    expect(await breakTie(voteId, { kind: "lot" }, staff.id)).toEqual({
      status: "refused",
      reason: "published",
    });
    const winner = proposalIds[optionIds.indexOf(expected[0]!)]!;
    expect(
      await prisma.implementationRecord.findUnique({ where: { proposalId: winner } }),
    ).toMatchObject({
      state: "accepted",
      voteId,
    });
    const loser = proposalIds[optionIds.indexOf(expected[1]!)]!;
    expect(
      await prisma.implementationRecord.findUnique({ where: { proposalId: loser } }),
    ).toBeNull();
    const published = await getResults(voteId, { audience: "public", language: "de" });
    expect(published!.tieBreak).toEqual(tieBreak);
  });

  it("takes a staff decision with a reason as tie-break", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id, {
      config: { method: "approval", maxChoices: 1, winners: 1 },
      channels: ["open"],
    });
    await castBallot({
      voteId,
      channel: "open",
      browserKey: browser(1),
      choices: [optionIds[0]],
      eligible: true,
    });
    await castBallot({
      voteId,
      channel: "open",
      browserKey: browser(2),
      choices: [optionIds[1]],
      eligible: true,
    });
    await closeVote(voteId, staff.id);
    expect(
      await breakTie(
        voteId,
        { kind: "decision", order: [optionIds[1]!, optionIds[0]!], reason: " " },
        staff.id,
      ),
    ).toMatchObject({ reason: "no-tie" });
    expect(
      await breakTie(
        voteId,
        {
          kind: "decision",
          order: [optionIds[1]!, optionIds[0]!],
          reason: "Beschluss des Quartiersrats",
        },
        staff.id,
      ),
    ).toEqual({ status: "ok" });
    const results = await getResults(voteId, { audience: "staff", language: "de" });
    expect(results!.tally.selectedIds).toEqual([optionIds[1]]);
    expect(results!.tally.ties[0]).toMatchObject({
      brokenBy: "decision",
      reason: "Beschluss des Quartiersrats",
    });
  });

  it("exports the published result as CSV without codes or personal data", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id, {
      config: { method: "yes_no", minTurnout: null, winners: null },
    });
    const codes = await codesFor(voteId, staff.id, 2);
    await castBallot({
      voteId,
      channel: "code",
      code: codes[0],
      choices: { [optionIds[0]!]: "yes", [optionIds[1]!]: "no" },
      eligible: true,
    });
    await castBallot({
      voteId,
      channel: "open",
      browserKey: browser(7),
      choices: { [optionIds[0]!]: "abstain" },
      eligible: true,
    });
    await closeVote(voteId, staff.id);
    expect(await resultsCsv(voteId, "de")).toBeNull();
    await publishResults(voteId, staff.id);
    const csv = (await resultsCsv(voteId, "de"))!;
    for (const secret of [
      ...codes,
      browser(7),
      "Olena",
      "olena@example.org",
      staff.name,
      staff.email,
    ]) {
      expect(csv).not.toContain(secret);
    }
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([
      "Platz",
      "Rang",
      "Initiative (ID)",
      "Titel",
      "Ja (Mit Code)",
      "Nein (Mit Code)",
      "Enthaltung (Mit Code)",
      "Ja (Offen online)",
      "Nein (Offen online)",
      "Enthaltung (Offen online)",
      "Ja (Papier)",
      "Nein (Papier)",
      "Enthaltung (Papier)",
      "Ja (Gesamt)",
      "Nein (Gesamt)",
      "Enthaltung (Gesamt)",
      "Ausgewählt",
      "Begründung",
    ]);
    expect(rows[1]).toEqual(expect.arrayContaining(["1", "angenommen", "Ja"]));
    expect(rows.find((row) => row[0] === "Weg")).toEqual(["Weg", "Stimmzettel"]);
    expect(rows.find((row) => row[0] === "Gesamt")).toEqual(["Gesamt", "2"]);
    expect(parseCsv((await resultsCsv(voteId, "en"))!)[0]![0]).toBe("Place");
  });

  it("gives the staff page settings and counts", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const [code] = await codesFor(voteId, staff.id, 3);
    await castBallot({ voteId, channel: "code", code, choices: [optionIds[0]], eligible: true });
    const view = await getStaffVote(voteId);
    expect(view).toMatchObject({
      isOpen: true,
      isOver: false,
      hasBallots: true,
      counts: { ballots: 1, ballotsByChannel: { code: 1 }, codes: 3, voidedCodes: 0 },
      vote: { eligibilityTranslations: { en: expect.any(String) } },
    });
    expect(await getStaffVote("nope")).toBeNull();
  });
});
