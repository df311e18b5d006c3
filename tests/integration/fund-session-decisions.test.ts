import { beforeAll, describe, expect, it } from "vitest";
import { declareConflict, getJuryRound, requireRoundAccess } from "~/modules/fund/jury.server";
import {
  addRecusal,
  closeSession,
  decideApplication,
  getSessionView,
  recordAttendance,
  recordJuryVote,
  type SessionActor,
} from "~/modules/fund/sessions.server";
import { prisma } from "~/utils/db.server";
import {
  applicantPrivate,
  createFundSessionFixture,
  type FundSessionFixture,
} from "../setup/fund-session-fixtures";
import { auditEntries, createStaffUser, type TestStaff } from "./staff-helpers";

let staff: TestStaff;
let jurors: TestStaff[];

beforeAll(async () => {
  staff = await createStaffUser("moderator");
  jurors = [];
  for (const name of ["Ayşe Demir", "Jonas Weber", "Marija Petrenko"]) {
    jurors.push(await createStaffUser("jury", { name }));
  }
});

async function fixture(options: Partial<Parameters<typeof createFundSessionFixture>[1]> = {}) {
  return createFundSessionFixture(prisma, { staffIds: jurors.map((j) => j.id), ...options });
}

function actorFor(f: FundSessionFixture): SessionActor {
  return { staffId: staff.id, roundId: f.roundId, procedureId: f.procedureId, canRun: true };
}

async function allPresent(f: FundSessionFixture) {
  const result = await recordAttendance({
    actor: actorFor(f),
    sessionId: f.sessionId,
    presentMemberIds: f.members.map((m) => m.id),
  });
  expect(result).toEqual({ status: "ok" });
}

async function voteAll(f: FundSessionFixture, applicationId: string, choice: "yes" | "no" = "yes") {
  for (const member of f.members) {
    const result = await recordJuryVote({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId,
      memberId: member.id,
      choice,
    });
    if (result.status !== "ok" && result.reason !== "recused") throw new Error(result.reason);
  }
}

async function pots(f: FundSessionFixture) {
  return prisma.fundPot.findMany({
    where: { roundId: f.roundId },
    orderBy: { position: "asc" },
    select: { id: true, grantedCents: true },
  });
}

describe("attendance and quorum", () => {
  it("without a quorum no vote and no decision can be recorded", async () => {
    const f = await fixture();
    const [app] = f.applications;
    // One of three present: "more than half" needs two.
    expect(
      await recordAttendance({
        actor: actorFor(f),
        sessionId: f.sessionId,
        presentMemberIds: [f.members[0]!.id],
      }),
    ).toEqual({ status: "ok" });
    const view = await getSessionView(f.sessionId);
    expect(view!.quorum).toMatchObject({ present: 1, members: 3, needed: 2, reached: false });
    expect(
      await recordJuryVote({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: app!,
        memberId: f.members[0]!.id,
        choice: "yes",
      }),
    ).toEqual({ status: "refused", reason: "no-quorum" });
    expect(
      await decideApplication({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: app!,
        outcome: "refused",
        grantedCents: 0,
        allocations: [],
        reason: "Passt nicht zu den Zielen.",
      }),
    ).toEqual({ status: "refused", reason: "no-quorum" });
    expect(await prisma.fundJuryVote.count({ where: { sessionId: f.sessionId } })).toBe(0);
    expect(await prisma.fundDecision.count({ where: { sessionId: f.sessionId } })).toBe(0);
    expect((await prisma.fundApplication.findUnique({ where: { id: app! } }))!.status).toBe(
      "complete",
    );
  });

  it("two thirds of three members need all but one; an absent member cannot vote", async () => {
    const f = await fixture({ quorumRule: "two_thirds" });
    await recordAttendance({
      actor: actorFor(f),
      sessionId: f.sessionId,
      presentMemberIds: [f.members[0]!.id, f.members[1]!.id],
    });
    const view = await getSessionView(f.sessionId);
    expect(view!.quorum).toMatchObject({ needed: 2, reached: true });
    expect(
      await recordJuryVote({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: f.applications[0]!,
        memberId: f.members[2]!.id,
        choice: "yes",
      }),
    ).toEqual({ status: "refused", reason: "absent" });
  });

  it("only staff and the chair run the session", async () => {
    const f = await fixture();
    const reader = { ...actorFor(f), staffId: jurors[1]!.id, canRun: false };
    expect(
      await recordAttendance({ actor: reader, sessionId: f.sessionId, presentMemberIds: [] }),
    ).toEqual({ status: "refused", reason: "not-allowed" });
  });

  it("outside the decision phase nothing is recorded", async () => {
    const f = await fixture({ phase: "review" });
    expect(
      await recordAttendance({
        actor: actorFor(f),
        sessionId: f.sessionId,
        presentMemberIds: f.members.map((m) => m.id),
      }),
    ).toEqual({ status: "refused", reason: "phase" });
  });
});

describe("recusals", () => {
  it("a declared conflict becomes a recusal, and a recused member's vote is refused", async () => {
    const f = await fixture();
    const [first, second] = f.applications;
    const viewer = { user: { ...jurors[0]!, sessionId: "", csrfToken: "" }, manager: false };
    const access = await requireRoundAccess(viewer, f.roundId);
    expect(
      await declareConflict({
        access,
        staffId: jurors[0]!.id,
        applicationId: first!,
        note: "Mein Sohn ist im Verein.",
      }),
    ).toEqual({ status: "ok" });
    await allPresent(f);
    const recused = await prisma.fundRecusal.findMany({ where: { applicationId: first! } });
    expect(recused.map((r) => r.memberId)).toEqual([f.members[0]!.id]);
    expect(
      await recordJuryVote({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: first!,
        memberId: f.members[0]!.id,
        choice: "yes",
      }),
    ).toEqual({ status: "refused", reason: "recused" });
    // A recusal added in the session removes the member's vote.
    await recordJuryVote({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId: second!,
      memberId: f.members[1]!.id,
      choice: "no",
    });
    expect(
      await addRecusal({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: second!,
        memberId: f.members[1]!.id,
      }),
    ).toEqual({ status: "ok" });
    expect(await prisma.fundJuryVote.count({ where: { applicationId: second! } })).toBe(0);
    expect(
      await recordJuryVote({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: second!,
        memberId: f.members[1]!.id,
        choice: "yes",
      }),
    ).toEqual({ status: "refused", reason: "recused" });
    expect((await auditEntries("fund.recusal.added")).length).toBeGreaterThan(0);
  });
});

describe("decisions and pots", () => {
  it("a reduced grant with a per-pot split raises the pots, sets the status, and tells the applicant", async () => {
    const f = await fixture();
    const app = f.applications[0]!; // 800 € requested
    await allPresent(f);
    await voteAll(f, app);
    const wrongSum = await decideApplication({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId: app,
      outcome: "reduced",
      grantedCents: 60_000,
      allocations: [{ potId: f.pots.investive, amountCents: 50_000 }],
      reason: "Die Verpflegung übernimmt der Verein selbst.",
    });
    expect(wrongSum).toMatchObject({ status: "refused", reason: "invalid" });
    const noReason = await decideApplication({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId: app,
      outcome: "refused",
      grantedCents: 0,
      allocations: [],
      reason: "   ",
    });
    expect(noReason).toMatchObject({
      status: "refused",
      reason: "invalid",
      problems: [{ key: "reason-missing" }],
    });
    const result = await decideApplication({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId: app,
      outcome: "reduced",
      grantedCents: 60_000,
      allocations: [
        { potId: f.pots.investive, amountCents: 40_000 },
        { potId: f.pots.nonInvestive, amountCents: 20_000 },
      ],
      reason: "Die Verpflegung übernimmt der Verein zum Teil selbst.",
    });
    expect(result.status).toBe("ok");
    expect((await pots(f)).map((p) => p.grantedCents)).toEqual([40_000, 20_000]);
    const stored = await prisma.fundApplication.findUniqueOrThrow({
      where: { id: app },
      select: { status: true, decision: { include: { allocations: true } }, events: true },
    });
    expect(stored.status).toBe("granted");
    expect(stored.decision).toMatchObject({ outcome: "reduced", grantedCents: 60_000 });
    expect(stored.decision!.allocations).toHaveLength(2);
    expect(stored.events).toEqual([
      expect.objectContaining({
        kind: "decided",
        public: true,
        note: "Die Verpflegung übernimmt der Verein zum Teil selbst.",
      }),
    ]);
    const audit = await auditEntries("fund.decision.recorded");
    expect(audit.at(-1)).toMatchObject({
      entityId: app,
      after: { outcome: "reduced", grantedCents: 60_000 },
    });
    // Decided once: a second decision is refused.
    expect(
      await decideApplication({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: app,
        outcome: "refused",
        grantedCents: 0,
        allocations: [],
        reason: "Doch nicht.",
      }),
    ).toEqual({ status: "refused", reason: "decided" });
  });

  it("a grant needs more yes than no votes", async () => {
    const f = await fixture();
    const app = f.applications[1]!;
    await allPresent(f);
    await voteAll(f, app, "no");
    const result = await decideApplication({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId: app,
      outcome: "granted",
      grantedCents: 0,
      allocations: [{ potId: f.pots.nonInvestive, amountCents: 60_000 }],
      reason: "Gute Idee.",
    });
    expect(result).toMatchObject({
      status: "refused",
      reason: "invalid",
      problems: [{ key: "no-majority" }],
    });
  });

  it("a decision that would overdraw a pot is refused and saves nothing", async () => {
    const f = await fixture({ potCents: { investive: 100_000, nonInvestive: 24_000 } });
    const app = f.applications[0]!; // 800 €
    await allPresent(f);
    await voteAll(f, app);
    const auditBefore = (await auditEntries("fund.decision.recorded")).length;
    const result = await decideApplication({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId: app,
      outcome: "granted",
      grantedCents: 0,
      allocations: [
        { potId: f.pots.investive, amountCents: 40_000 },
        { potId: f.pots.nonInvestive, amountCents: 40_000 },
      ],
      reason: "Überzeugendes Projekt.",
    });
    expect(result).toEqual({
      status: "refused",
      reason: "pot-short",
      potName: "Nicht investiv",
      availableCents: 24_000,
    });
    // The investive pot was raised first inside the transaction: rolled back with the rest.
    expect((await pots(f)).map((p) => p.grantedCents)).toEqual([0, 0]);
    expect(await prisma.fundDecision.count({ where: { applicationId: app } })).toBe(0);
    expect(await prisma.fundEvent.count({ where: { applicationId: app } })).toBe(0);
    expect((await prisma.fundApplication.findUniqueOrThrow({ where: { id: app } })).status).toBe(
      "complete",
    );
    expect((await auditEntries("fund.decision.recorded")).length).toBe(auditBefore);
  });

  it("two decisions saved at the same moment never overdraw a pot: exactly one wins when only one fits", async () => {
    for (let round = 0; round < 5; round++) {
      const f = await fixture({
        potCents: { investive: 100_000, nonInvestive: 0 },
        applications: [
          { title: `Bank A ${round}`, requestedCents: 70_000 },
          { title: `Bank B ${round}`, requestedCents: 60_000 },
        ],
      });
      await allPresent(f);
      for (const app of f.applications) await voteAll(f, app);
      const results = await Promise.all(
        f.applications.map((app, index) =>
          decideApplication({
            actor: actorFor(f),
            sessionId: f.sessionId,
            applicationId: app,
            outcome: "granted",
            grantedCents: 0,
            allocations: [{ potId: f.pots.investive, amountCents: index === 0 ? 70_000 : 60_000 }],
            reason: "Gut für den Stadtteil.",
          }),
        ),
      );
      const ok = results.filter((r) => r.status === "ok");
      expect(ok).toHaveLength(1);
      expect(results.find((r) => r.status !== "ok")).toMatchObject({
        reason: "pot-short",
        potName: "Investiv",
      });
      const [investive] = await pots(f);
      expect(investive!.grantedCents).toBeLessThanOrEqual(100_000);
      expect([70_000, 60_000]).toContain(investive!.grantedCents);
      expect(await prisma.fundDecision.count({ where: { sessionId: f.sessionId } })).toBe(1);
    }
  });

  it("the database refuses an overdrawn pot even behind the module's back", async () => {
    const f = await fixture({ potCents: { investive: 10_000, nonInvestive: 0 } });
    await expect(
      prisma.fundPot.update({ where: { id: f.pots.investive }, data: { grantedCents: 10_001 } }),
    ).rejects.toThrow();
  });
});

describe("closing", () => {
  it("a closed session refuses every change", async () => {
    const f = await fixture();
    await allPresent(f);
    expect(await closeSession({ actor: actorFor(f), sessionId: f.sessionId })).toEqual({
      status: "ok",
    });
    const app = f.applications[0]!;
    expect(
      await recordAttendance({ actor: actorFor(f), sessionId: f.sessionId, presentMemberIds: [] }),
    ).toEqual({ status: "refused", reason: "closed" });
    expect(
      await recordJuryVote({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: app,
        memberId: f.members[0]!.id,
        choice: "yes",
      }),
    ).toEqual({ status: "refused", reason: "closed" });
    expect(
      await decideApplication({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: app,
        outcome: "refused",
        grantedCents: 0,
        allocations: [],
        reason: "Zu spät.",
      }),
    ).toEqual({ status: "refused", reason: "closed" });
    expect(
      await addRecusal({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId: app,
        memberId: f.members[0]!.id,
      }),
    ).toEqual({ status: "refused", reason: "closed" });
    expect(await closeSession({ actor: actorFor(f), sessionId: f.sessionId })).toEqual({
      status: "refused",
      reason: "closed",
    });
  });
});

describe("the decision team's view", () => {
  it("a jury member outside the round gets 404", async () => {
    const f = await createFundSessionFixture(prisma, { staffIds: [jurors[0]!.id] });
    const outsider = { user: { ...jurors[1]!, sessionId: "", csrfToken: "" }, manager: false };
    const thrown = await requireRoundAccess(outsider, f.roundId).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    const manager = { user: { ...staff, sessionId: "", csrfToken: "" }, manager: true };
    await expect(requireRoundAccess(manager, f.roundId)).resolves.toMatchObject({ member: null });
  });

  it("never contains the applicants' contact data", async () => {
    const f = await fixture({
      applications: [
        {
          title: "Lesecafé",
          requestedCents: 30_000,
          kind: "association",
          organisation: "Lesefreunde e. V.",
        },
        { title: "Hofbeet", requestedCents: 20_000 },
      ],
    });
    const line = await prisma.fundCostLine.findFirstOrThrow({
      where: { applicationId: f.applications[0]! },
    });
    await prisma.fundFile.create({
      data: {
        applicationId: f.applications[0]!,
        costLineId: line.id,
        purpose: "quote",
        kind: "pdf",
        mediaType: "application/pdf",
        file: `quote-${f.roundId}.pdf`,
        bytes: 1000,
      },
    });
    const round = JSON.stringify(await getJuryRound(f.roundId, f.members[0]!.id));
    const session = JSON.stringify(await getSessionView(f.sessionId));
    for (const text of [round, session]) {
      for (const secret of Object.values(applicantPrivate)) expect(text).not.toContain(secret);
      expect(text).not.toContain(`quote-${f.roundId}.pdf`);
    }
    expect(round).toContain("Lesefreunde e. V.");
    const rows = await getJuryRound(f.roundId, null);
    expect(rows[0]!.costLines.some((line) => line.hasQuote)).toBe(true);
  });
});
