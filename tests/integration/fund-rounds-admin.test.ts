import { beforeEach, describe, expect, it } from "vitest";
import { getRoundOverview, listReportsDue } from "~/modules/fund/rounds.server";
import { loader as publicFundLoader } from "~/routes/fund._index";
import { loader as publicProcedureLoader } from "~/routes/procedures.$id";
import { loader as publicListLoader } from "~/routes/procedures._index";
import { action as roundAction, loader as roundLoader } from "~/routes/staff.fund.$roundId._index";
import { loader as csvLoader } from "~/routes/staff.fund.$roundId.overview[.]csv";
import { loader as fundListLoader } from "~/routes/staff.fund._index";
import {
  action as procedureAction,
  loader as procedureLoader,
} from "~/routes/staff.procedures.$id";
import { action as newProcedureAction } from "~/routes/staff.procedures.new";
import { dateToBerlinLocal } from "~/utils/berlin-time";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
  type TestStaff,
} from "./staff-helpers";

const DAY = 24 * 60 * 60 * 1000;
const local = (days: number) =>
  `${dateToBerlinLocal(new Date(Date.now() + days * DAY)).slice(0, 13)}:00`;

let moderator: TestStaff;
let admin: TestStaff;
let jury: TestStaff;

beforeEach(async () => {
  resetRateLimits();
  await prisma.fundApplication.deleteMany();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
  moderator = await createStaffUser("moderator", { name: "Mira Moderatorin" });
  admin = await createStaffUser("admin", { name: "Ali Admin" });
  jury = await createStaffUser("jury", { name: "Jana Jury" });
});

/** Creates a fund round through the staff form, applications open now; returns its ids. */
async function createRound(publish = true) {
  const response = await callAction(
    newProcedureAction,
    staffForm("/staff/procedures/new", moderator, {
      kind: "fund_round",
      title: "Verfügungsfonds Test",
      description: "Kleine Projekte aus der Nachbarschaft.",
      "phases.applications.start": local(-5),
      "phases.applications.end": local(10),
      "phases.decision.start": local(20),
      "phases.decision.end": local(21),
    }),
  );
  expect(response.status).toBe(303);
  const location = response.headers.get("Location") ?? "";
  const round = await prisma.fundRound.findFirstOrThrow({ include: { procedure: true } });
  expect(location).toBe(`/staff/fund/${round.id}?done=created`);
  if (publish) {
    await prisma.procedure.update({
      where: { id: round.procedureId },
      data: { state: "published", publishedAt: new Date() },
    });
  }
  return { roundId: round.id, procedureId: round.procedureId };
}

function adminPost(roundId: string, fields: Record<string, string>, staff: TestStaff = admin) {
  return callAction(roundAction, staffForm(`/staff/fund/${roundId}`, staff, fields), { roundId });
}

const rules = {
  intent: "rules",
  maxPerProject: "1.500",
  maxPerItem: "410,50 €",
  volunteerRate: "10",
  minOwnContributionPercent: "10",
  earliestProjectStart: "",
  reportDueDays: "42",
  quorumRule: "two_thirds",
};

async function addPot(roundId: string, name: string, kind: string, amount: string) {
  const response = await adminPost(roundId, { intent: "add-pot", name, kind, amount });
  expect(response.status).toBe(303);
  return prisma.fundPot.findFirstOrThrow({ where: { roundId, name } });
}

/** A granted project straight in the database, as SESSION and REPORT would leave it. */
async function grantedProject(
  roundId: string,
  options: {
    title: string;
    allocations: Array<{ potId: string; amountCents: number }>;
    paidCents?: number;
    report?: { status: string; spentCents: number; returnedCents: number; summary?: string };
    endsOn?: Date;
    district?: string;
  },
) {
  const granted = options.allocations.reduce((sum, a) => sum + a.amountCents, 0);
  for (const allocation of options.allocations) {
    await prisma.fundPot.update({
      where: { id: allocation.potId },
      data: { grantedCents: { increment: allocation.amountCents } },
    });
  }
  const session =
    (await prisma.fundSession.findFirst({ where: { roundId } })) ??
    (await prisma.fundSession.create({
      data: { roundId, heldAt: new Date(Date.now() - 30 * DAY), place: "Stadtteilladen" },
    }));
  const application = await prisma.fundApplication.create({
    data: {
      roundId,
      status: "granted",
      trackingTokenHash: `hash-${options.title}`,
      applicantName: "Privata Person",
      contactEmail: "privat@example.org",
      contactPhone: "0341 123456",
      contactAddress: "Geheimweg 1, 04315 Leipzig",
      organisation: "Privatverein",
      title: options.title,
      description: "Beschreibung",
      district: options.district ?? "Volkmarsdorf",
      lon: 12.405,
      lat: 51.345,
      startsOn: new Date(Date.now() - 20 * DAY),
      endsOn: options.endsOn ?? new Date(Date.now() - 10 * DAY),
      requestedCents: granted + 10_000,
      decision: {
        create: {
          sessionId: session.id,
          outcome: "granted",
          grantedCents: granted,
          reason: "Gut",
          paidCents: options.paidCents ?? 0,
          allocations: { create: options.allocations },
        },
      },
      ...(options.report
        ? {
            report: {
              create: {
                status: options.report.status,
                spentCents: options.report.spentCents,
                returnedCents: options.report.returnedCents,
                summary: options.report.summary ?? "Es war schön.",
              },
            },
          }
        : {}),
    },
  });
  if (options.report?.status === "accepted" && options.report.returnedCents) {
    await prisma.fundPot.update({
      where: { id: options.allocations[0]!.potId },
      data: { returnedCents: { increment: options.report.returnedCents } },
    });
  }
  return application;
}

describe("creating a fund round", () => {
  it("creates the round's rules with the procedure and leads to the rules page", async () => {
    const { roundId, procedureId } = await createRound(false);
    const round = await prisma.fundRound.findUniqueOrThrow({ where: { id: roundId } });
    expect(round).toMatchObject({
      procedureId,
      maxPerProjectCents: 200_000,
      maxPerItemCents: 41_000,
      volunteerRateCents: 800,
      minOwnContributionPercent: null,
      reportDueDays: 56,
      quorumRule: "more_than_half",
    });
    const phases = await prisma.procedurePhase.findMany({ where: { procedureId } });
    expect(phases.map((p) => p.kind).sort()).toEqual(["applications", "decision"]);
    expect(await auditEntries("fund.round.created")).toHaveLength(1);
  });

  it("keeps all five fund phases when staff edit the round's procedure", async () => {
    const { procedureId } = await createRound(false);
    const phases = {
      applications: [-5, 10],
      review: [10, 15],
      decision: [20, 21],
      projects: [21, 200],
      reports: [200, 260],
    } as const;
    const fields: Record<string, string> = {
      intent: "save",
      title: "Verfügungsfonds Test",
      description: "Kleine Projekte aus der Nachbarschaft.",
    };
    for (const [kind, [start, end]] of Object.entries(phases)) {
      fields[`phases.${kind}.start`] = local(start);
      fields[`phases.${kind}.end`] = local(end);
    }
    const response = await callAction(
      procedureAction,
      staffForm(`/staff/procedures/${procedureId}`, moderator, fields),
      { id: procedureId },
    );
    expect(response.status).toBe(303);
    const saved = await prisma.procedurePhase.findMany({
      where: { procedureId },
      orderBy: { startsAt: "asc" },
    });
    expect(saved.map((phase) => phase.kind)).toEqual(Object.keys(phases));
    // An idea call's phase is not offered to a fund round.
    const foreign = await callAction(
      procedureAction,
      staffForm(`/staff/procedures/${procedureId}`, moderator, {
        ...fields,
        "phases.voting.start": local(300),
        "phases.voting.end": local(301),
      }),
      { id: procedureId },
    );
    expect(foreign.status).toBe(400);
  });

  it("links the staff procedure page to the round, and lists it on /staff/fund", async () => {
    const { roundId, procedureId } = await createRound();
    const procedurePage = await callLoader(
      procedureLoader,
      `/staff/procedures/${procedureId}`,
      { id: procedureId },
      staffHeaders(moderator),
    );
    expect((await procedurePage.json()).procedure.fundRoundId).toBe(roundId);
    const response = await callLoader(fundListLoader, "/staff/fund", {}, staffHeaders(moderator));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.rounds.map((r: { id: string }) => r.id)).toEqual([roundId]);
  });
});

describe("rules, pots and members (admin)", () => {
  it("saves the rules in cents and audits the change", async () => {
    const { roundId } = await createRound();
    expect((await adminPost(roundId, rules)).status).toBe(303);
    const round = await prisma.fundRound.findUniqueOrThrow({ where: { id: roundId } });
    expect(round).toMatchObject({
      maxPerProjectCents: 150_000,
      maxPerItemCents: 41_050,
      volunteerRateCents: 1_000,
      minOwnContributionPercent: 10,
      reportDueDays: 42,
      quorumRule: "two_thirds",
    });
    const [entry] = await auditEntries("fund.round.rules_updated");
    expect(entry?.staffId).toBe(admin.id);
  });

  it("refuses an unreadable amount, keeps what was typed and saves nothing", async () => {
    const { roundId } = await createRound();
    const response = await adminPost(roundId, { ...rules, maxPerProject: "zweitausend" });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toContain("fundRounds.errors.amount");
    expect(body.values.maxPerProject).toBe("zweitausend");
    const round = await prisma.fundRound.findUniqueOrThrow({ where: { id: roundId } });
    expect(round.maxPerProjectCents).toBe(200_000);
    expect(await auditEntries("fund.round.rules_updated")).toHaveLength(0);
  });

  it("adds pots in cents and refuses lowering one below what it has committed", async () => {
    const { roundId } = await createRound();
    const pot = await addPot(roundId, "Investiv", "investive", "5.000");
    expect(pot.amountCents).toBe(500_000);
    await grantedProject(roundId, {
      title: "Bank",
      allocations: [{ potId: pot.id, amountCents: 300_000 }],
    });

    const refused = await adminPost(roundId, {
      intent: "update-pot",
      potId: pot.id,
      name: "Investiv",
      kind: "investive",
      amount: "2000",
    });
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.errors).toEqual(["fundRounds.errors.belowCommitted"]);
    expect(body.committedCents).toBe(300_000);
    expect((await prisma.fundPot.findUniqueOrThrow({ where: { id: pot.id } })).amountCents).toBe(
      500_000,
    );

    const lowered = await adminPost(roundId, {
      intent: "update-pot",
      potId: pot.id,
      name: "Investiv 2027",
      kind: "investive",
      amount: "3000",
    });
    expect(lowered.status).toBe(303);
    const after = await prisma.fundPot.findUniqueOrThrow({ where: { id: pot.id } });
    expect(after).toMatchObject({ amountCents: 300_000, name: "Investiv 2027" });
    expect(await auditEntries("fund.pot.updated")).toHaveLength(1);

    // A pot money was granted from cannot be removed.
    const remove = await adminPost(roundId, { intent: "remove-pot", potId: pot.id });
    expect(remove.status).toBe(409);
    // The database's own CHECK refuses an overdrawn pot, whatever the code does.
    await expect(
      prisma.fundPot.update({ where: { id: pot.id }, data: { amountCents: 100 } }),
    ).rejects.toThrow();
  });

  it("removes an unused pot", async () => {
    const { roundId } = await createRound();
    const pot = await addPot(roundId, "Nicht investiv", "non_investive", "5000");
    expect((await adminPost(roundId, { intent: "remove-pot", potId: pot.id })).status).toBe(303);
    expect(await prisma.fundPot.count({ where: { roundId } })).toBe(0);
    expect(await auditEntries("fund.pot.removed")).toHaveLength(1);
  });

  it("adds members, keeps one chair, removes a member, and audits each step", async () => {
    const { roundId } = await createRound();
    const second = await createStaffUser("jury", { name: "Zweite Jury" });
    expect(
      (await adminPost(roundId, { intent: "add-member", staffId: jury.id, isChair: "on" })).status,
    ).toBe(303);
    expect(
      (await adminPost(roundId, { intent: "add-member", staffId: second.id, isChair: "on" }))
        .status,
    ).toBe(303);
    const members = await prisma.fundJuryMember.findMany({ where: { roundId } });
    expect(members).toHaveLength(2);
    expect(members.filter((m) => m.isChair).map((m) => m.staffId)).toEqual([second.id]);

    const first = members.find((m) => m.staffId === jury.id)!;
    expect((await adminPost(roundId, { intent: "set-chair", memberId: first.id })).status).toBe(
      303,
    );
    const chairs = await prisma.fundJuryMember.findMany({ where: { roundId, isChair: true } });
    expect(chairs.map((m) => m.staffId)).toEqual([jury.id]);

    expect((await adminPost(roundId, { intent: "remove-member", memberId: first.id })).status).toBe(
      303,
    );
    expect(await prisma.fundJuryMember.count({ where: { roundId } })).toBe(1);
    expect(await auditEntries("fund.member.added")).toHaveLength(2);
    expect(await auditEntries("fund.member.chair")).toHaveLength(1);
    expect(await auditEntries("fund.member.removed")).toHaveLength(1);

    const page = await callLoader(
      roundLoader,
      `/staff/fund/${roundId}`,
      { roundId },
      staffHeaders(admin),
    );
    const body = await page.json();
    expect(body.round.members.map((m: { staff: { id: string } }) => m.staff.id)).toEqual([
      second.id,
    ]);
    // The removed member can be picked again; the one on the team is not offered twice.
    const candidates = body.round.candidates.map((c: { id: string }) => c.id);
    expect(candidates).toContain(jury.id);
    expect(candidates).not.toContain(second.id);
    // Decision team accounts come first.
    expect(body.round.candidates[0].role).toBe("jury");
  });
});

describe("permissions", () => {
  it("lets a moderator read the round but refuses every admin action", async () => {
    const { roundId } = await createRound();
    const page = await callLoader(
      roundLoader,
      `/staff/fund/${roundId}`,
      { roundId },
      staffHeaders(moderator),
    );
    expect(page.status).toBe(200);
    expect((await page.json()).isAdmin).toBe(false);
    const attempts: Array<Record<string, string>> = [
      rules,
      { intent: "add-pot", name: "X", kind: "investive", amount: "100" },
      { intent: "add-member", staffId: jury.id },
    ];
    for (const fields of attempts) {
      expect((await adminPost(roundId, fields, moderator)).status).toBe(403);
    }
    expect(await prisma.fundPot.count()).toBe(0);
    expect(await prisma.fundJuryMember.count()).toBe(0);
  });

  it("keeps decision team accounts out of the staff fund pages and the CSV", async () => {
    const { roundId } = await createRound();
    for (const [loader, url] of [
      [fundListLoader, "/staff/fund"],
      [roundLoader, `/staff/fund/${roundId}`],
      [csvLoader, `/staff/fund/${roundId}/overview.csv`],
    ] as const) {
      const response = await callLoader(loader, url, { roundId }, staffHeaders(jury));
      expect(response.status).toBe(403);
    }
    expect((await adminPost(roundId, rules, jury)).status).toBe(403);
  });

  it("refuses an admin action without the CSRF token", async () => {
    const { roundId } = await createRound();
    const response = await callAction(
      roundAction,
      staffForm(`/staff/fund/${roundId}`, { ...admin, csrf: "wrong" }, rules),
      { roundId },
    );
    expect(response.status).toBe(403);
  });
});

describe("overview, CSV and reminders", () => {
  it("adds up granted, paid, spent, returned and free per pot from the rows", async () => {
    const { roundId } = await createRound();
    const investive = await addPot(roundId, "Investiv", "investive", "5000");
    const other = await addPot(roundId, "Nicht investiv", "non_investive", "5000");
    // Split 800 € over two pots, paid in full, report accepted with 50 € unspent.
    await grantedProject(roundId, {
      title: "Hoffest",
      allocations: [
        { potId: investive.id, amountCents: 60_000 },
        { potId: other.id, amountCents: 20_000 },
      ],
      paidCents: 80_000,
      report: { status: "accepted", spentCents: 75_000, returnedCents: 5_000 },
    });
    // 400 €, half paid, report only submitted: nothing spent yet in the overview.
    await grantedProject(roundId, {
      title: "Lesecafé",
      allocations: [{ potId: other.id, amountCents: 40_000 }],
      paidCents: 20_000,
      report: { status: "submitted", spentCents: 39_000, returnedCents: 0 },
    });

    const overview = await getRoundOverview(roundId);
    const byName = Object.fromEntries(overview.pots.map((pot) => [pot.name, pot]));
    expect(byName["Investiv"]).toMatchObject({
      amountCents: 500_000,
      grantedCents: 60_000,
      paidCents: 60_000,
      spentCents: 56_250,
      returnedCents: 5_000,
      freeCents: 445_000,
    });
    expect(byName["Nicht investiv"]).toMatchObject({
      grantedCents: 60_000,
      paidCents: 40_000,
      spentCents: 18_750,
      returnedCents: 0,
      freeCents: 440_000,
    });
    expect(overview.total).toMatchObject({
      amountCents: 1_000_000,
      grantedCents: 120_000,
      paidCents: 100_000,
      spentCents: 75_000,
      returnedCents: 5_000,
      freeCents: 885_000,
    });

    const page = await callLoader(
      roundLoader,
      `/staff/fund/${roundId}`,
      { roundId },
      staffHeaders(moderator),
    );
    expect((await page.json()).overview.total.grantedCents).toBe(120_000);
  });

  it("exports one row per granted project, without personal data, formulas neutralised", async () => {
    const { roundId } = await createRound();
    const pot = await addPot(roundId, "Investiv", "investive", "5000");
    await grantedProject(roundId, {
      title: '=HYPERLINK("http://evil.example")',
      allocations: [{ potId: pot.id, amountCents: 41_050 }],
      paidCents: 41_050,
      report: { status: "accepted", spentCents: 41_050, returnedCents: 0 },
    });
    // Submitted, not granted: not in the export.
    await prisma.fundApplication.create({
      data: { roundId, status: "submitted", trackingTokenHash: "x1", title: "Nur beantragt" },
    });

    const response = await callLoader(
      csvLoader,
      `/staff/fund/${roundId}/overview.csv`,
      { roundId },
      staffHeaders(moderator),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const csv = await response.text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("Bewilligt Investiv (EUR)");
    expect(lines[1]).toContain(`'=HYPERLINK`);
    expect(lines[1]).toContain("410,50");
    expect(lines[1]).toContain("Volkmarsdorf");
    expect(lines[1]).toContain("geprüft und angenommen");
    for (const secret of ["Privata", "privat@example.org", "0341", "Geheimweg", "Privatverein"]) {
      expect(csv).not.toContain(secret);
    }
    expect(csv).not.toContain("Nur beantragt");
    expect(await auditEntries("export.fund_overview")).toHaveLength(1);
  });

  it("lists reports due within 14 days or overdue, not submitted ones", async () => {
    const { roundId } = await createRound();
    const pot = await addPot(roundId, "Investiv", "investive", "5000");
    const now = new Date();
    // Round default: due 56 days after the end.
    const overdue = await grantedProject(roundId, {
      title: "Überfällig",
      allocations: [{ potId: pot.id, amountCents: 10_000 }],
      endsOn: new Date(now.getTime() - 60 * DAY),
    });
    await grantedProject(roundId, {
      title: "Bald fällig",
      allocations: [{ potId: pot.id, amountCents: 10_000 }],
      endsOn: new Date(now.getTime() - 50 * DAY),
      report: { status: "draft", spentCents: 0, returnedCents: 0 },
    });
    await grantedProject(roundId, {
      title: "Noch Zeit",
      allocations: [{ potId: pot.id, amountCents: 10_000 }],
      endsOn: new Date(now.getTime() - 10 * DAY),
    });
    await grantedProject(roundId, {
      title: "Eingereicht",
      allocations: [{ potId: pot.id, amountCents: 10_000 }],
      endsOn: new Date(now.getTime() - 70 * DAY),
      report: { status: "submitted", spentCents: 10_000, returnedCents: 0 },
    });

    const due = await listReportsDue(now);
    expect(due.map((item) => item.title)).toEqual(["Überfällig", "Bald fällig"]);
    expect(due[0]).toMatchObject({ id: overdue.id, overdue: true, daysOverdue: 4 });
    expect(due[1]).toMatchObject({ overdue: false, daysOverdue: 0 });
  });
});

describe("public pages", () => {
  it("shows a fund round's rules, pots and the apply button on its procedure page", async () => {
    const { roundId, procedureId } = await createRound();
    await addPot(roundId, "Investiv", "investive", "5000");
    const response = await callLoader(publicProcedureLoader, `/procedures/${procedureId}`, {
      id: procedureId,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.canApply).toBe(true);
    expect(body.canSubmit).toBe(false);
    expect(body.canVote).toBe(false);
    expect(body.fundRound).toMatchObject({ id: roundId, maxPerItemCents: 41_000 });
    expect(body.fundRound.pots).toEqual([
      expect.objectContaining({ name: "Investiv", amountCents: 500_000, freeCents: 500_000 }),
    ]);

    const list = await (await callLoader(publicListLoader, "/procedures")).json();
    expect(list.current[0]).toMatchObject({ id: procedureId, applyRoundId: roundId });
  });

  it("offers no apply button once the application phase is over", async () => {
    const { roundId, procedureId } = await createRound();
    await prisma.procedurePhase.updateMany({
      where: { procedureId, kind: "applications" },
      data: { startsAt: new Date(Date.now() - 10 * DAY), endsAt: new Date(Date.now() - DAY) },
    });
    const body = await (
      await callLoader(publicProcedureLoader, `/procedures/${procedureId}`, { id: procedureId })
    ).json();
    expect(body.canApply).toBe(false);
    const fund = await (await callLoader(publicFundLoader, "/fund")).json();
    expect(fund.rounds.find((r: { id: string }) => r.id === roundId).openForApplications).toBe(
      false,
    );
  });

  it("lists only granted projects, the report once accepted, and never personal data", async () => {
    const { roundId } = await createRound();
    const pot = await addPot(roundId, "Investiv", "investive", "5000");
    const accepted = await grantedProject(roundId, {
      title: "Laternenumzug",
      allocations: [{ potId: pot.id, amountCents: 65_000 }],
      report: {
        status: "accepted",
        spentCents: 61_000,
        returnedCents: 4_000,
        summary: "90 Kinder waren dabei.",
      },
    });
    await prisma.fundFile.create({
      data: {
        applicationId: accepted.id,
        purpose: "report_photo",
        kind: "image",
        mediaType: "image/webp",
        file: "a.webp",
        smallFile: "a-small.webp",
        width: 1600,
        height: 1200,
        bytes: 1000,
      },
    });
    // A receipt is never public.
    await prisma.fundFile.create({
      data: {
        applicationId: accepted.id,
        purpose: "receipt",
        kind: "image",
        mediaType: "image/webp",
        file: "r.webp",
        width: 100,
        height: 100,
        bytes: 100,
      },
    });
    await grantedProject(roundId, {
      title: "Bücherschrank",
      allocations: [{ potId: pot.id, amountCents: 88_000 }],
      report: { status: "submitted", spentCents: 88_000, returnedCents: 0, summary: "Noch offen" },
    });
    await prisma.fundApplication.create({
      data: {
        roundId,
        status: "submitted",
        trackingTokenHash: "x2",
        title: "Nur eingereicht",
        applicantName: "Privata Person",
      },
    });

    const response = await callLoader(publicFundLoader, "/fund");
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text);
    const round = body.rounds.find((r: { id: string }) => r.id === roundId);
    expect(round.openForApplications).toBe(true);
    expect(round.projects.map((p: { title: string }) => p.title)).toEqual([
      "Bücherschrank",
      "Laternenumzug",
    ]);
    const lantern = round.projects.find((p: { title: string }) => p.title === "Laternenumzug");
    expect(lantern).toMatchObject({
      grantedCents: 65_000,
      district: "Volkmarsdorf",
      summary: "90 Kinder waren dabei.",
    });
    expect(lantern.photos).toEqual([
      expect.objectContaining({ smallWidth: 480, smallHeight: 360 }),
    ]);
    const books = round.projects.find((p: { title: string }) => p.title === "Bücherschrank");
    expect(books.summary).toBeNull();
    expect(books.photos).toEqual([]);
    for (const secret of [
      "Nur eingereicht",
      "Privata",
      "privat@example.org",
      "0341",
      "Geheimweg",
      "Privatverein",
      "Noch offen",
      "r.webp",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("shows no draft round", async () => {
    await createRound(false);
    const fund = await (await callLoader(publicFundLoader, "/fund")).json();
    expect(fund.rounds).toEqual([]);
  });
});
