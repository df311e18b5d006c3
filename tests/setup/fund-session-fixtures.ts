import type { PrismaClient } from "~/db/generated/client";

/**
 * A fund round in its decision phase with pots, a decision team and
 * applications ready for the session, written directly with Prisma (the
 * round and application UIs are built elsewhere). Used by the integration
 * tests (the app's client) and the e2e test (a client on the server's file).
 */

const DAY = 24 * 60 * 60 * 1000;
let counter = 0;

export const applicantPrivate = {
  name: "Swetlana Privatname",
  email: "swetlana.privat@example.org",
  phone: "+49 341 5550123",
  address: "Geheimweg 7, 04315 Leipzig",
};

export type FundSessionFixture = {
  procedureId: string;
  roundId: string;
  pots: { investive: string; nonInvestive: string };
  members: Array<{ id: string; staffId: string }>;
  applications: string[];
  sessionId: string;
};

export async function createFundSessionFixture(
  db: PrismaClient,
  options: {
    staffIds: string[];
    chairIndex?: number;
    potCents?: { investive: number; nonInvestive: number };
    quorumRule?: string;
    applications?: Array<{
      title: string;
      requestedCents: number;
      kind?: "person" | "association";
      organisation?: string;
      lines?: Array<{ description: string; amountCents: number; potKind: string }>;
    }>;
    phase?: "decision" | "review";
  },
): Promise<FundSessionFixture> {
  const n = ++counter;
  const area = await db.fundingArea.findFirstOrThrow({ select: { id: true } });
  const now = Date.now();
  const phaseKinds = ["applications", "review", "decision", "projects", "reports"] as const;
  // The decision phase runs now (or review, to test the phase check).
  const current = phaseKinds.indexOf(options.phase ?? "decision");
  const procedure = await db.procedure.create({
    data: {
      kind: "fund_round",
      state: "published",
      title: `Verfügungsfonds Test ${n}-${now}`,
      description: "Kleine Projekte im Leipziger Osten.",
      fundingAreaId: area.id,
      publishedAt: new Date(now - 30 * DAY),
      phases: {
        create: phaseKinds.map((kind, index) => ({
          kind,
          startsAt: new Date(now + (index - current) * 10 * DAY - 5 * DAY),
          endsAt: new Date(now + (index - current) * 10 * DAY + 5 * DAY),
        })),
      },
    },
    select: { id: true },
  });
  const round = await db.fundRound.create({
    data: {
      procedureId: procedure.id,
      maxPerProjectCents: 150_000,
      maxPerItemCents: 41_000,
      volunteerRateCents: 800,
      quorumRule: options.quorumRule ?? "more_than_half",
      pots: {
        create: [
          {
            name: "Investiv",
            kind: "investive",
            amountCents: options.potCents?.investive ?? 500_000,
            position: 0,
          },
          {
            name: "Nicht investiv",
            kind: "non_investive",
            amountCents: options.potCents?.nonInvestive ?? 500_000,
            position: 1,
          },
        ],
      },
    },
    select: { id: true, pots: { select: { id: true, kind: true } } },
  });
  const members = [];
  for (const [index, staffId] of options.staffIds.entries()) {
    const member = await db.fundJuryMember.create({
      data: { roundId: round.id, staffId, isChair: index === (options.chairIndex ?? -1) },
      select: { id: true, staffId: true },
    });
    members.push(member);
  }
  const specs = options.applications ?? [
    { title: "Hochbeete für den Hof", requestedCents: 80_000 },
    { title: "Nachbarschaftsfest im Rabet", requestedCents: 60_000 },
  ];
  const applications: string[] = [];
  for (const [index, spec] of specs.entries()) {
    const association = spec.kind === "association";
    const application = await db.fundApplication.create({
      data: {
        roundId: round.id,
        status: "complete",
        trackingTokenHash: `fixture-${n}-${index}-${now}-${Math.random()}`,
        applicantKind: association ? "association" : "person",
        applicantName: applicantPrivate.name,
        contactEmail: applicantPrivate.email,
        contactPhone: applicantPrivate.phone,
        contactAddress: applicantPrivate.address,
        organisation: association ? (spec.organisation ?? "Nachbarschaftsverein Ost e. V.") : null,
        organisationRegistered: association ? true : null,
        title: spec.title,
        description: "Wir wollen gemeinsam etwas für die Nachbarschaft tun.",
        district: "Volkmarsdorf",
        placeLabel: "Stadtteilpark Rabet",
        requestedCents: spec.requestedCents,
        volunteerHours: 20,
        submittedAt: new Date(now - (10 - index) * DAY),
        costLines: {
          create: (
            spec.lines ?? [
              {
                description: "Material",
                amountCents: Math.round(spec.requestedCents / 2),
                potKind: "investive",
              },
              {
                description: "Verpflegung",
                amountCents: spec.requestedCents - Math.round(spec.requestedCents / 2),
                potKind: "non_investive",
              },
            ]
          ).map((line, position) => ({ ...line, position: position + 1 })),
        },
      },
      select: { id: true },
    });
    applications.push(application.id);
  }
  const session = await db.fundSession.create({
    data: { roundId: round.id, heldAt: new Date(now), place: "Stadtteilladen, Eisenbahnstraße 1" },
    select: { id: true },
  });
  const potId = (kind: string) => round.pots.find((pot) => pot.kind === kind)!.id;
  return {
    procedureId: procedure.id,
    roundId: round.id,
    pots: { investive: potId("investive"), nonInvestive: potId("non_investive") },
    members,
    applications,
    sessionId: session.id,
  };
}
