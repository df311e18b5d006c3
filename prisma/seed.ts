/**
 * Seeds reference data (funding area, Ortsteile, address points) idempotently,
 * and believable demo content (initiatives, procedures, votes and what became
 * of accepted ideas) when the database has no initiatives and no procedures yet.
 *
 *   tsx prisma/seed.ts                 reference data + demo content if empty
 *   tsx prisma/seed.ts --demo 10000    additionally N generated published initiatives
 *   tsx prisma/seed.ts --no-demo       reference data only (tests, production)
 */
import { readFileSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { bbox, booleanPointInPolygon } from "@turf/turf";
import type { FeatureCollection, MultiPolygon, Point, Polygon } from "geojson";
import { PrismaClient, type Prisma } from "../app/db/generated/client";
import { normaliseAddress } from "../app/modules/addresses/normalise";
import { serialisePlace } from "../app/modules/addresses/place";
import { createAddressIndex, placeAt } from "../app/modules/addresses/place-index";
import { hashPassword } from "../app/modules/staff/password.server";
import { berlinLocalToDate, dateToBerlinLocal } from "../app/utils/berlin-time";
import {
  addBallot,
  emptyAggregate,
  validateAggregate,
  type ChannelAggregate,
} from "../app/modules/votes/aggregate";
import type { Channel } from "../app/modules/votes/channels";
import { generateCode } from "../app/modules/votes/codes";
import { validateBallot, type VoteOption } from "../app/modules/votes/methods";
import { tally } from "../app/modules/votes/tally";
import {
  demoFundRound,
  demoProcedures,
  demoProposals,
  type DemoProcedure,
  type DemoProcedureKey,
  type DemoProposal,
} from "./demo-content";

const here = path.dirname(fileURLToPath(import.meta.url));
const geo = (file: string) => JSON.parse(readFileSync(path.join(here, "geodata", file), "utf8"));

const AREA_ATTRIBUTION =
  "Fördergebiet (Näherung): eigene Ableitung, Vereinigung von Ortsteilen – keine amtliche Fördergebietsgrenze";
const DISTRICT_ATTRIBUTION =
  "Datenquelle: Stadt Leipzig, Amt für Statistik und Wahlen – Kommunale Gebietsgliederung (Ortsteile), dl-de/by-2-0; Koordinaten nach WGS84 umprojiziert.";

type AreaGeometry = Polygon | MultiPolygon;

export async function seed(prisma: PrismaClient, options: { demo: boolean; extra: number }) {
  const area = await seedFundingArea(prisma);
  await seedDistricts(prisma, area.geometry);
  await seedAddresses(prisma);
  if (options.demo && (await isEmpty(prisma))) {
    await seedDemoContent(prisma, area.id);
    console.log(
      `Seeded ${demoProposals.length} demo initiatives and ${demoProcedures.length} procedures.`,
    );
    await seedDemoFund(prisma, area.id);
  }
  if (options.extra > 0) {
    await seedGeneratedProposals(prisma, area.id, area.geometry, options.extra);
    console.log(`Generated ${options.extra} published demo initiatives.`);
  }
  await backfillPlaceLabels(prisma);
  // Fresh table statistics let SQLite pick the right index (e.g. the list's
  // publishedAt order instead of sorting all rows). PostgreSQL does this itself.
  if ((process.env.DATABASE_URL ?? "file:").startsWith("file:"))
    await prisma.$executeRawUnsafe("ANALYZE");
}

async function seedFundingArea(prisma: PrismaClient) {
  const collection: FeatureCollection<AreaGeometry> = geo("leipziger-osten-szp-approx.geojson");
  const feature = collection.features[0];
  const slug = "leipziger-osten-szp-approx";
  const existing = await prisma.fundingArea.findFirst({ where: { slug } });
  if (existing) return { id: existing.id, geometry: feature.geometry };
  const created = await prisma.fundingArea.create({
    data: {
      slug,
      name: "Leipziger Osten (Sozialer Zusammenhalt) – Näherung",
      geometry: JSON.stringify(feature.geometry),
      source:
        "Vereinigung der amtlichen Ortsteile 20, 21, 22 (Stadt Leipzig, Kommunale Gebietsgliederung); Näherung des Gebietsumgriffs lt. VI-DS-02032, Anlage 1",
      licence: "dl-de/by-2-0",
      attribution: AREA_ATTRIBUTION,
      isApproximation: true,
      validFrom: new Date("2016-01-01T00:00:00Z"),
    },
  });
  return { id: created.id, geometry: feature.geometry };
}

/** Only the Ortsteile around the funding area: the map needs no others. */
async function seedDistricts(prisma: PrismaClient, area: AreaGeometry) {
  const collection: FeatureCollection<AreaGeometry, { OT: string; Name: string }> = geo(
    "leipzig-ortsteile.geojson",
  );
  const [minX, minY, maxX, maxY] = bbox(area);
  const margin = 0.02;
  for (const feature of collection.features) {
    const [fMinX, fMinY, fMaxX, fMaxY] = bbox(feature);
    const near =
      fMaxX >= minX - margin &&
      fMinX <= maxX + margin &&
      fMaxY >= minY - margin &&
      fMinY <= maxY + margin;
    if (!near) continue;
    const data = {
      name: feature.properties.Name,
      geometry: JSON.stringify(feature.geometry),
      attribution: DISTRICT_ATTRIBUTION,
    };
    await prisma.district.upsert({
      where: { code: feature.properties.OT },
      create: { code: feature.properties.OT, ...data },
      update: data,
    });
  }
}

async function seedAddresses(prisma: PrismaClient) {
  if ((await prisma.address.count()) > 0) return;
  const collection: FeatureCollection<
    Point,
    { street: string; housenumber: string; postcode?: string; ortsteil: string }
  > = geo("leipzig-ost-adressen-osm.geojson");
  const rows = collection.features.map((f) => ({
    street: f.properties.street,
    housenumber: f.properties.housenumber,
    postcode: f.properties.postcode ?? null,
    district: f.properties.ortsteil,
    lon: f.geometry.coordinates[0],
    lat: f.geometry.coordinates[1],
    searchText: normaliseAddress(`${f.properties.street} ${f.properties.housenumber}`),
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await prisma.address.createMany({ data: rows.slice(i, i + 500) });
  }
}

/**
 * Gives every initiative without a place in words one ("bei Eisenbahnstraße 54"),
 * from the address points: demo content, generated initiatives and rows from
 * before the place was stored. Only rows still without one are touched.
 */
async function backfillPlaceLabels(prisma: PrismaClient) {
  const missing = await prisma.proposal.findMany({
    where: { placeLabel: null },
    select: { id: true, lon: true, lat: true },
  });
  if (missing.length === 0) return;
  const index = createAddressIndex(
    await prisma.address.findMany({
      select: { street: true, housenumber: true, district: true, lon: true, lat: true },
    }),
  );
  const districts = (
    await prisma.district.findMany({ select: { name: true, geometry: true } })
  ).map((district) => ({
    name: district.name,
    geometry: JSON.parse(district.geometry) as AreaGeometry,
  }));
  const updates = missing.flatMap((row) => {
    const district =
      districts.find((d) => booleanPointInPolygon([row.lon, row.lat], d.geometry))?.name ?? null;
    const place = placeAt(index, district, row.lon, row.lat);
    return place
      ? [
          prisma.proposal.update({
            where: { id: row.id },
            data: { placeLabel: serialisePlace(place) },
          }),
        ]
      : [];
  });
  for (let i = 0; i < updates.length; i += 500) {
    await prisma.$transaction(updates.slice(i, i + 500));
  }
  if (updates.length > 0)
    console.log(`Described the place of ${updates.length} initiatives in words.`);
}

function tokenHash() {
  return createHash("sha256").update(randomBytes(24).toString("base64url")).digest("hex");
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const DAY = 24 * 60 * 60 * 1000;

const demoComments = [
  { body: "Sehr gute Idee! Ich wohne um die Ecke und würde gern mithelfen.", authorName: "Petra" },
  { body: "Können wir das im nächsten Stadtteilrat besprechen?", authorName: null },
  { body: "فكرة جميلة، أستطيع المساعدة في الترجمة إلى العربية.", authorName: "Samira" },
  { body: "Bitte auch an Kinderwagen und Rollstühle denken.", authorName: "Herr K." },
  { body: "Harika bir fikir, komşularıma da anlatacağım.", authorName: null },
  {
    body: "Gibt es dafür schon einen Ort? Der Hof in der Mariannenstraße wäre groß genug.",
    authorName: "Jonas",
  },
];

/** Demo content goes only into an empty database: no initiatives and no procedures yet. */
async function isEmpty(prisma: PrismaClient) {
  const [proposals, procedures] = await Promise.all([
    prisma.proposal.count(),
    prisma.procedure.count(),
  ]);
  return proposals === 0 && procedures === 0;
}

/** `days` from today, at 18:00 Leipzig time (phases end in the evening, after work). */
function dayAt18(now: Date, days: number): Date {
  const today = dateToBerlinLocal(now).slice(0, 10);
  const day = new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
  return berlinLocalToDate(`${day}T18:00`)!;
}

async function seedDemoContent(prisma: PrismaClient, areaId: string, now = new Date()) {
  const procedureIds = await seedDemoProcedures(prisma, areaId, now);
  const proposals = await seedDemoProposals(prisma, areaId, procedureIds, now);
  await seedOfficeImplementations(prisma, proposals);
  for (const procedure of demoProcedures) {
    if (procedure.vote) {
      await seedDemoVote(prisma, procedure, procedureIds[procedure.key], proposals, now);
    }
  }
}

async function seedDemoProcedures(prisma: PrismaClient, areaId: string, now: Date) {
  const ids = {} as Record<DemoProcedureKey, string>;
  for (const procedure of demoProcedures) {
    const phases = procedure.phases.map((phase) => ({
      kind: phase.kind,
      startsAt: dayAt18(now, phase.from),
      endsAt: dayAt18(now, phase.to),
    }));
    const opened = new Date(phases[0].startsAt.getTime() - 7 * DAY);
    const created = await prisma.procedure.create({
      data: {
        kind: procedure.kind,
        state: "published",
        title: procedure.title,
        description: procedure.description,
        translations: JSON.stringify(procedure.translations),
        fundingAreaId: areaId,
        publishedAt: opened,
        createdAt: new Date(opened.getTime() - 3 * DAY),
        phases: { create: phases },
      },
      select: { id: true },
    });
    ids[procedure.key] = created.id;
  }
  return ids;
}

type SeededProposal = { id: string; demo: DemoProposal; createdAt: Date };

async function seedDemoProposals(
  prisma: PrismaClient,
  areaId: string,
  procedureIds: Record<DemoProcedureKey, string>,
  now: Date,
) {
  const seeded = new Map<string, SeededProposal>();
  for (const demo of demoProposals) {
    const address = await prisma.address.findFirst({
      where: { street: demo.street, housenumber: demo.housenumber },
    });
    if (!address) throw new Error(`Demo address not found: ${demo.street} ${demo.housenumber}`);
    const createdAt = new Date(now.getTime() - demo.daysAgo * DAY);
    const history = demo.history.map((step, index) => ({
      fromStatus: index === 0 ? "submitted" : demo.history[index - 1].status,
      toStatus: step.status,
      reason: step.reason ?? null,
      actor: "staff",
      createdAt: new Date(createdAt.getTime() + step.afterDays * DAY),
    }));
    const published = history.find((h) => h.toStatus === "published");
    const supporters = published ? (demo.title.length * 7) % 23 : 0;
    const comments = published
      ? demoComments.filter((_, i) => (i + demo.title.length) % 5 === 0)
      : [];
    const proposal = await prisma.proposal.create({
      data: {
        title: demo.title,
        description: demo.description,
        category: demo.category,
        lon: address.lon + demo.offset[0],
        lat: address.lat + demo.offset[1],
        district: address.district,
        language: demo.language ?? "de",
        status: history.at(-1)?.toStatus ?? "submitted",
        submitterName: demo.submitterName ?? null,
        submitterEmail: demo.submitterEmail ?? null,
        contactConsentAt: demo.submitterEmail ? createdAt : null,
        trackingTokenHash: tokenHash(),
        fundingAreaId: areaId,
        procedureId: demo.procedure ? procedureIds[demo.procedure] : null,
        publishedAt: published?.createdAt ?? null,
        createdAt,
        statusChanges: {
          create: [
            { fromStatus: null, toStatus: "submitted", actor: "resident", createdAt },
            ...history,
          ],
        },
        supportCount: supporters,
        supports: {
          create: Array.from({ length: supporters }, () => ({ supporterKey: tokenHash() })),
        },
        comments: {
          create: comments.map((comment, index) => ({
            ...comment,
            status: "published",
            createdAt: new Date(createdAt.getTime() + (index + 3) * DAY),
          })),
        },
      },
      select: { id: true },
    });
    seeded.set(demo.title, { id: proposal.id, demo, createdAt });
  }
  return seeded;
}

type Step = { state: string; body: string; date: Date };

/** An implementation record with its dated public notes (the demo's notes name no staff member). */
async function createImplementation(
  prisma: PrismaClient,
  proposalId: string,
  input: { voteId: string | null; acceptedAt: Date; steps: Step[] },
) {
  const last = input.steps.at(-1);
  await prisma.implementationRecord.create({
    data: {
      proposalId,
      voteId: input.voteId,
      state: last?.state ?? "accepted",
      createdAt: input.acceptedAt,
      updatedAt: last?.date ?? input.acceptedAt,
      notes: {
        create: input.steps.map((step) => ({ ...step, staffId: null, createdAt: step.date })),
      },
    },
  });
}

/** Initiatives the office accepted outside a vote, with what became of them. */
async function seedOfficeImplementations(
  prisma: PrismaClient,
  proposals: Map<string, SeededProposal>,
) {
  for (const { id, demo, createdAt } of proposals.values()) {
    if (!demo.implementation?.length) continue;
    const steps = demo.implementation.map((step) => ({
      state: step.state,
      body: step.body,
      date: new Date(createdAt.getTime() + step.afterDays * DAY),
    }));
    await createImplementation(prisma, id, { voteId: null, acceptedAt: steps[0].date, steps });
  }
}

/**
 * Two colleagues who counted the demo's paper ballots (a batch counts once two
 * people's entries agree). Deactivated accounts with an unknown password: they
 * cannot log in.
 */
async function demoCounters(prisma: PrismaClient) {
  const people = [
    { email: "zaehlteam.a@demo.quartiersstimme.invalid", name: "Zählteam A (Demo)" },
    { email: "zaehlteam.b@demo.quartiersstimme.invalid", name: "Zählteam B (Demo)" },
  ];
  const ids: string[] = [];
  for (const person of people) {
    const staff = await prisma.staff.upsert({
      where: { email: person.email },
      create: {
        ...person,
        role: "moderator",
        active: false,
        passwordHash: await hashPassword(randomBytes(24).toString("base64url")),
      },
      update: {},
      select: { id: true },
    });
    ids.push(staff.id);
  }
  return ids;
}

async function seedDemoVote(
  prisma: PrismaClient,
  procedure: DemoProcedure,
  procedureId: string,
  proposals: Map<string, SeededProposal>,
  now: Date,
) {
  const demo = procedure.vote!;
  const phase = (kind: string) => {
    const found = procedure.phases.find((p) => p.kind === kind);
    if (!found) throw new Error(`${procedure.key}: no ${kind} phase`);
    return { startsAt: dayAt18(now, found.from), endsAt: dayAt18(now, found.to) };
  };
  const voting = phase("voting");
  const resultsPublishedAt = demo.resultsPublished ? phase("counting").endsAt : null;
  const { method: _method, ...settings } = demo.config;
  const vote = await prisma.vote.create({
    data: {
      procedureId,
      method: demo.config.method,
      config: JSON.stringify(settings),
      channels: JSON.stringify(demo.channels),
      eligibilityNote: demo.eligibilityNote,
      eligibilityTranslations: JSON.stringify(demo.eligibilityTranslations),
      resultsPublishedAt,
      createdAt: new Date(voting.startsAt.getTime() - 14 * DAY),
    },
    select: { id: true },
  });

  // The ballot: the procedure's initiatives with an estimated cost, in the order of the demo list.
  const onBallot = [...proposals.values()].filter(
    (p) => p.demo.procedure === procedure.key && p.demo.ballotCostEuros !== undefined,
  );
  const options: VoteOption[] = [];
  const optionByTitle = new Map<string, string>();
  for (const [position, proposal] of onBallot.entries()) {
    const costCents = proposal.demo.ballotCostEuros! * 100;
    const option = await prisma.voteOption.create({
      data: { voteId: vote.id, proposalId: proposal.id, estimatedCostCents: costCents, position },
      select: { id: true },
    });
    options.push({ id: option.id, costCents });
    optionByTitle.set(proposal.demo.title, option.id);
  }
  const optionId = (title: string) => {
    const id = optionByTitle.get(title);
    if (!id) throw new Error(`${procedure.key}: "${title}" is not on the ballot`);
    return id;
  };

  // Printed codes: only hashes are stored (as app/modules/votes/vote-keys.server.ts codeHash).
  const codeIds: string[] = [];
  if (demo.codeSheet) {
    const sheet = await prisma.codeSheet.create({
      data: {
        voteId: vote.id,
        count: demo.codeSheet.count,
        label: demo.codeSheet.label,
        createdAt: new Date(voting.startsAt.getTime() - 7 * DAY),
      },
      select: { id: true },
    });
    const codes = await prisma.voteCode.createManyAndReturn({
      data: Array.from({ length: demo.codeSheet.count }, () => ({
        voteId: vote.id,
        sheetId: sheet.id,
        codeHash: sha256(`vote-code:${vote.id}:${generateCode((n) => randomBytes(n))}`),
      })),
      select: { id: true },
    });
    codeIds.push(...codes.map((code) => code.id));
  }

  // Ballots cast online, spread over the voting phase so far.
  const aggregates: Partial<Record<Channel, ChannelAggregate>> = {};
  const votingSoFar = Math.min(now.getTime(), voting.endsAt.getTime()) - voting.startsAt.getTime();
  let written = 0;
  const total = demo.ballots.reduce((sum, group) => sum + group.count, 0);
  for (const group of demo.ballots) {
    const checked = validateBallot(demo.config, options, group.titles.map(optionId));
    if (!checked.ok) throw new Error(`${procedure.key}: invalid demo ballot (${checked.reason})`);
    for (let i = 0; i < group.count; i++) {
      const codeId = group.channel === "code" ? codeIds.shift() : undefined;
      if (group.channel === "code" && !codeId) throw new Error(`${procedure.key}: too few codes`);
      const castAt = new Date(voting.startsAt.getTime() + (votingSoFar * (written + 0.5)) / total);
      await prisma.ballot.create({
        data: {
          voteId: vote.id,
          channel: group.channel,
          voterKey: codeId ? `code:${codeId}` : `open:${tokenHash()}`,
          choices: JSON.stringify(checked.choices),
          createdAt: castAt,
          updatedAt: castAt,
        },
      });
      aggregates[group.channel] = addBallot(
        aggregates[group.channel] ?? emptyAggregate(demo.config, options),
        demo.config,
        checked.choices,
      );
      written++;
    }
  }

  // A stack of paper ballots, counted by two people who agree.
  if (demo.paperBatch) {
    const counted = validateAggregate(demo.config, options, {
      ballots: demo.paperBatch.ballots,
      options: Object.fromEntries(
        Object.entries(demo.paperBatch.points).map(([title, points]) => [
          optionId(title),
          { points },
        ]),
      ),
    });
    if (!counted.ok) throw new Error(`${procedure.key}: invalid paper counts (${counted.reason})`);
    const counters = await demoCounters(prisma);
    const enteredAt = new Date(voting.endsAt.getTime() + 2 * DAY);
    await prisma.paperBatch.create({
      data: {
        voteId: vote.id,
        label: demo.paperBatch.label,
        createdAt: enteredAt,
        entries: {
          create: counters.map((staffId, index) => ({
            staffId,
            counts: JSON.stringify(counted.aggregate),
            createdAt: new Date(enteredAt.getTime() + index * 60 * 60 * 1000),
            updatedAt: new Date(enteredAt.getTime() + index * 60 * 60 * 1000),
          })),
        },
      },
    });
    aggregates.paper = counted.aggregate;
  }
  await prisma.vote.update({ where: { id: vote.id }, data: { ballotWrites: written } });

  // Published results: each selected initiative gets an implementation record with the vote,
  // as publishResults does, and the notes that followed.
  if (resultsPublishedAt) {
    const result = tally(demo.config, options, aggregates);
    if (result.needsTieBreak) throw new Error(`${procedure.key}: the demo result has a tie`);
    const selected = new Set(result.selectedIds);
    for (const proposal of onBallot) {
      const won = selected.has(optionId(proposal.demo.title));
      if (!won && proposal.demo.afterVote) {
        throw new Error(`${procedure.key}: "${proposal.demo.title}" has notes but did not win`);
      }
      if (!won) continue;
      const steps = (proposal.demo.afterVote ?? []).map((step) => ({
        state: step.state,
        body: step.body,
        date: new Date(resultsPublishedAt.getTime() + step.afterDays * DAY),
      }));
      await createImplementation(prisma, proposal.id, {
        voteId: vote.id,
        acceptedAt: resultsPublishedAt,
        steps,
      });
    }
  }
}

async function seedGeneratedProposals(
  prisma: PrismaClient,
  areaId: string,
  area: AreaGeometry,
  count: number,
) {
  const [minX, minY, maxX, maxY] = bbox(area);
  const categories = [
    "community",
    "culture",
    "education",
    "youth",
    "seniors",
    "environment",
    "cleanliness",
    "traffic",
    "sport",
    "other",
  ];
  const topics = [
    "Bank und Schatten",
    "Nachbarschaftsfest",
    "Leseecke",
    "Tischtennisplatte",
    "Blühstreifen",
    "Sprachcafé",
    "Fahrradbügel",
    "Müllsammelaktion",
    "Hofflohmarkt",
    "Spielstraße",
  ];
  let random = 42;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const batch: Prisma.ProposalCreateManyInput[] = [];
  const flush = async () => {
    if (batch.length) await prisma.proposal.createMany({ data: batch });
    batch.length = 0;
  };
  for (let i = 0; i < count;) {
    const lon = minX + next() * (maxX - minX);
    const lat = minY + next() * (maxY - minY);
    if (!booleanPointInPolygon([lon, lat], area)) continue;
    const createdAt = new Date(Date.now() - Math.floor(next() * 700) * DAY);
    const topic = topics[i % topics.length];

    batch.push({
      title: `${topic} – Vorschlag ${i + 1}`,
      description: `Generierte Demo-Initiative Nr. ${i + 1} zum Thema „${topic}“ für Last- und Darstellungstests.`,
      category: categories[i % categories.length],
      lon,
      lat,
      status: "published",
      trackingTokenHash: tokenHash(),
      fundingAreaId: areaId,
      createdAt,
      publishedAt: new Date(createdAt.getTime() + 2 * DAY),
    });
    i++;
    if (batch.length >= 500) await flush();
  }
  await flush();
}

/**
 * The neighbourhood fund's demo round: open for applications now, two pots of
 * 5,000 €, a decision team of three (accounts with role "jury", the first is
 * the chair), a session held earlier this round, and applications in several
 * states: submitted, complete, granted with an open report, granted with an
 * accepted report. The team's logins are printed once, like the first admin's;
 * the passwords are random and stored only as hashes.
 */
async function seedDemoFund(prisma: PrismaClient, areaId: string, now = new Date()) {
  const demo = demoFundRound;
  const phases = demo.phases.map((phase) => ({
    kind: phase.kind,
    startsAt: dayAt18(now, phase.from),
    endsAt: dayAt18(now, phase.to),
  }));
  const opened = new Date(phases[0].startsAt.getTime() - 7 * DAY);
  const procedure = await prisma.procedure.create({
    data: {
      kind: "fund_round",
      state: "published",
      title: demo.title,
      description: demo.description,
      translations: JSON.stringify(demo.translations),
      fundingAreaId: areaId,
      publishedAt: opened,
      createdAt: new Date(opened.getTime() - 3 * DAY),
      phases: { create: phases },
      fundRound: {
        create: {
          maxPerProjectCents: 200_000,
          maxPerItemCents: 41_000,
          volunteerRateCents: 800,
          minOwnContributionPercent: null,
          reportDueDays: 56,
          quorumRule: "more_than_half",
          pots: {
            create: demo.pots.map((pot, position) => ({ ...pot, position })),
          },
        },
      },
    },
    select: { fundRound: { select: { id: true, pots: { select: { id: true, kind: true } } } } },
  });
  const round = procedure.fundRound!;
  const potOfKind = (kind: string) => round.pots.find((pot) => pot.kind === kind)!.id;

  const logins: Array<{ email: string; password: string; chair: boolean }> = [];
  const memberIds: string[] = [];
  for (const [index, person] of demo.jury.entries()) {
    const password = randomBytes(12).toString("base64url");
    const existing = await prisma.staff.findUnique({ where: { email: person.email } });
    const staff =
      existing ??
      (await prisma.staff.create({
        data: { ...person, role: "jury", passwordHash: await hashPassword(password) },
      }));
    if (!existing) logins.push({ email: person.email, password, chair: index === 0 });
    const member = await prisma.fundJuryMember.create({
      data: { roundId: round.id, staffId: staff.id, isChair: index === 0 },
    });
    memberIds.push(member.id);
  }

  const session = await prisma.fundSession.create({
    data: {
      roundId: round.id,
      heldAt: dayAt18(now, -demo.pastSession.daysAgo),
      place: demo.pastSession.place,
      openedAt: dayAt18(now, -demo.pastSession.daysAgo),
      closedAt: new Date(dayAt18(now, -demo.pastSession.daysAgo).getTime() + 2 * 60 * 60 * 1000),
      attendance: { create: memberIds.map((memberId) => ({ memberId, present: true })) },
    },
  });

  for (const application of demo.applications) {
    const address = await prisma.address.findFirst({
      where: { street: application.street, housenumber: application.housenumber },
    });
    if (!address) {
      throw new Error(`Demo address not found: ${application.street} ${application.housenumber}`);
    }
    const submittedAt = new Date(now.getTime() - application.submittedDaysAgo * DAY);
    const requestedCents = application.costLines.reduce((sum, line) => sum + line.amountCents, 0);
    const created = await prisma.fundApplication.create({
      data: {
        roundId: round.id,
        status: application.status,
        trackingTokenHash: tokenHash(),
        applicantKind: application.applicantKind,
        applicantName: application.applicantName,
        organisation: "organisation" in application ? application.organisation : null,
        organisationRegistered: application.applicantKind === "association" ? true : null,
        contactEmail: application.contactEmail,
        title: application.title,
        description: application.description,
        lon: address.lon,
        lat: address.lat,
        district: address.district,
        placeLabel: serialisePlace({
          kind: "address",
          street: application.street,
          housenumber: application.housenumber,
          district: address.district,
        }),
        fundingAreaId: areaId,
        startsOn: dayAt18(now, application.starts),
        endsOn: dayAt18(now, application.ends),
        targetGroups: JSON.stringify(application.targetGroups),
        expectedParticipants: application.expectedParticipants,
        ownMoneyCents: application.ownMoneyCents,
        volunteerHours: application.volunteerHours,
        requestedCents,
        submittedAt,
        createdAt: new Date(submittedAt.getTime() - DAY),
        costLines: {
          create: application.costLines.map((line, position) => ({
            position,
            description: line.description,
            amountCents: line.amountCents,
            potKind: line.potKind,
            actualCents:
              "actualCents" in line && application.report?.status === "accepted"
                ? line.actualCents
                : null,
          })),
        },
        events: {
          create: [
            { kind: "submitted", actor: "applicant", createdAt: submittedAt },
            ...(application.status !== "submitted"
              ? [
                  {
                    kind: "complete",
                    actor: "staff",
                    createdAt: new Date(submittedAt.getTime() + 3 * DAY),
                  },
                ]
              : []),
          ],
        },
      },
    });

    const decision = "decision" in application ? application.decision : undefined;
    if (!decision) continue;
    const decidedAt = session.heldAt;
    for (const [potKind, amountCents] of Object.entries(decision.split)) {
      await prisma.fundPot.update({
        where: { id: potOfKind(potKind) },
        data: { grantedCents: { increment: amountCents } },
      });
    }
    await prisma.fundJuryVote.createMany({
      data: memberIds.map((memberId) => ({
        sessionId: session.id,
        applicationId: created.id,
        memberId,
        choice: "yes",
        createdAt: decidedAt,
      })),
    });
    await prisma.fundDecision.create({
      data: {
        applicationId: created.id,
        sessionId: session.id,
        outcome: decision.outcome,
        grantedCents: decision.grantedCents,
        reason: decision.reason,
        paidCents: decision.paid ? decision.grantedCents : 0,
        paidAt: decision.paid ? new Date(decidedAt.getTime() + 10 * DAY) : null,
        createdAt: decidedAt,
        allocations: {
          create: Object.entries(decision.split).map(([potKind, amountCents]) => ({
            potId: potOfKind(potKind),
            amountCents,
          })),
        },
      },
    });
    await prisma.fundEvent.createMany({
      data: [
        {
          applicationId: created.id,
          kind: "decided",
          note: decision.reason,
          actor: "jury",
          createdAt: decidedAt,
        },
        ...(decision.paid
          ? [
              {
                applicationId: created.id,
                kind: "paid",
                actor: "staff",
                createdAt: new Date(decidedAt.getTime() + 10 * DAY),
              },
            ]
          : []),
      ],
    });

    const report = "report" in application ? application.report : undefined;
    if (!report) continue;
    const accepted = report.status === "accepted";
    const spentCents = accepted
      ? application.costLines.reduce(
          (sum, line) => sum + ("actualCents" in line ? line.actualCents : line.amountCents),
          0,
        )
      : 0;
    const returnedCents = accepted ? Math.max(0, decision.grantedCents - spentCents) : 0;
    const acceptedAt =
      accepted && "acceptedDaysAgo" in report
        ? new Date(now.getTime() - report.acceptedDaysAgo * DAY)
        : null;
    await prisma.fundReport.create({
      data: {
        applicationId: created.id,
        status: report.status,
        summary: report.summary,
        volunteerHours: report.volunteerHours,
        spentCents,
        returnedCents,
        submittedAt: acceptedAt ? new Date(acceptedAt.getTime() - 5 * DAY) : null,
        acceptedAt,
      },
    });
    if (returnedCents > 0) {
      // Unspent money goes back to the pots, the largest share first.
      const [potKind] = Object.entries(decision.split).sort((a, b) => b[1] - a[1])[0];
      await prisma.fundPot.update({
        where: { id: potOfKind(potKind) },
        data: { returnedCents: { increment: returnedCents } },
      });
    }
    if (acceptedAt) {
      await prisma.fundEvent.createMany({
        data: [
          {
            applicationId: created.id,
            kind: "report_submitted",
            actor: "applicant",
            createdAt: new Date(acceptedAt.getTime() - 5 * DAY),
          },
          {
            applicationId: created.id,
            kind: "report_accepted",
            actor: "staff",
            createdAt: acceptedAt,
          },
        ],
      });
    }
  }

  console.log(
    `Seeded the neighbourhood fund round "${demo.title}" with ${demo.applications.length} applications.`,
  );
  if (logins.length) {
    const line = "-".repeat(72);
    console.log(
      `\n${line}\n Demo decision team (Vergabeteam) of the neighbourhood fund, role "jury".\n Login: /staff/login · these passwords are shown only once:\n${logins
        .map((login) => ` ${login.email}  ${login.password}${login.chair ? "  (chair)" : ""}`)
        .join("\n")}\n Deactivate them on /staff/users if you do not need them.\n${line}\n`,
    );
  }
}

function parseArgs(argv: string[]) {
  const demoIndex = argv.indexOf("--demo");
  const extra = demoIndex >= 0 ? Number(argv[demoIndex + 1] ?? 0) : 0;
  if (!Number.isInteger(extra) || extra < 0) throw new Error("--demo takes a whole number");
  return { demo: !argv.includes("--no-demo"), extra };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  process.env.DATABASE_URL ??= "file:./data/app.db";
  const prisma = new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: process.env.DATABASE_URL }),
  });
  seed(prisma, parseArgs(process.argv.slice(2)))
    .then(() => prisma.$disconnect())
    .catch(async (error) => {
      console.error(error);
      await prisma.$disconnect();
      process.exit(1);
    });
}
