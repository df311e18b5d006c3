import { beforeAll, describe, expect, it } from "vitest";
import { potAvailable } from "~/modules/fund/pot-math";
import { getRoundOverview, listFundedProjects, listReportsDue } from "~/modules/fund/rounds.server";
import { procedureAllows } from "~/modules/procedures/procedures.server";
import { prisma } from "~/utils/db.server";
import { demoFundRound } from "../../prisma/demo-content";
import { seed } from "../../prisma/seed";
import { resetData } from "./staff-helpers";

/** The neighbourhood fund's demo round: believable, consistent, open for applications now. */
beforeAll(async () => {
  await prisma.fundApplication.deleteMany();
  await prisma.implementationRecord.deleteMany();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
  await seed(prisma, { demo: true, extra: 0 });
}, 60_000);

describe("demo neighbourhood fund round", () => {
  it("is published and takes applications now, with two pots of 5,000 €", async () => {
    const round = await prisma.fundRound.findFirstOrThrow({
      include: { procedure: true, pots: { orderBy: { position: "asc" } } },
    });
    expect(round.procedure).toMatchObject({
      kind: "fund_round",
      state: "published",
      title: demoFundRound.title,
    });
    expect(await procedureAllows(round.procedureId, "application:submit")).toEqual({
      allowed: true,
      situation: "applications",
    });
    expect(round).toMatchObject({
      maxPerItemCents: 41_000,
      volunteerRateCents: 800,
      minOwnContributionPercent: null,
      reportDueDays: 56,
    });
    expect(round.pots.map(({ name, kind, amountCents }) => ({ name, kind, amountCents }))).toEqual([
      { name: "Investiv", kind: "investive", amountCents: 500_000 },
      { name: "Nicht investiv", kind: "non_investive", amountCents: 500_000 },
    ]);
  });

  it("has a decision team of three jury accounts with one chair", async () => {
    const members = await prisma.fundJuryMember.findMany({ include: { staff: true } });
    expect(members).toHaveLength(3);
    expect(members.every((member) => member.staff.role === "jury")).toBe(true);
    expect(members.filter((member) => member.isChair)).toHaveLength(1);
  });

  it("has applications in different states, and pots that add up", async () => {
    const applications = await prisma.fundApplication.findMany({
      include: { decision: { include: { allocations: true } }, report: true },
    });
    expect(applications.map((a) => a.status).sort()).toEqual([
      "complete",
      "granted",
      "granted",
      "submitted",
    ]);
    const pots = await prisma.fundPot.findMany();
    const allocations = applications.flatMap((a) => a.decision?.allocations ?? []);
    for (const pot of pots) {
      const granted = allocations
        .filter((allocation) => allocation.potId === pot.id)
        .reduce((sum, allocation) => sum + allocation.amountCents, 0);
      expect(pot.grantedCents).toBe(granted);
      expect(potAvailable(pot)).toBeLessThanOrEqual(pot.amountCents);
    }
    const returned = applications.reduce((sum, a) => sum + (a.report?.returnedCents ?? 0), 0);
    expect(pots.reduce((sum, pot) => sum + pot.returnedCents, 0)).toBe(returned);
    // Decisions lie in the past session; each allocation split adds up to the grant.
    for (const application of applications.filter((a) => a.decision)) {
      const split = application.decision!.allocations.reduce((s, a) => s + a.amountCents, 0);
      expect(split).toBe(application.decision!.grantedCents);
    }
    const accepted = applications.find((a) => a.report?.status === "accepted");
    expect(accepted?.report?.summary.length).toBeGreaterThan(50);

    const round = await prisma.fundRound.findFirstOrThrow();
    const overview = await getRoundOverview(round.id);
    expect(overview.total.grantedCents).toBe(153_000);
    expect(overview.total.returnedCents).toBe(4_000);
  });

  it("shows the granted projects publicly and a report due in the staff queue", async () => {
    const [round] = await listFundedProjects("de");
    expect(round!.openForApplications).toBe(true);
    expect(round!.projects.map((p) => p.title).sort()).toEqual([
      "Bücherschrank an der Eisenbahnstraße",
      "Laternenumzug durch den Rabet",
    ]);
    expect(round!.projects.filter((p) => p.summary)).toHaveLength(1);
    const due = await listReportsDue();
    expect(due.map((item) => item.title)).toEqual(["Bücherschrank an der Eisenbahnstraße"]);
  });
});
