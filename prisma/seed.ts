/**
 * Seeds reference data (funding area, Ortsteile, address points) idempotently,
 * and believable demo content when the database has no initiatives yet.
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
import { demoProposals } from "./demo-content";

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
  if (options.demo && (await prisma.proposal.count()) === 0) {
    await seedDemoProposals(prisma, area.id);
    console.log(`Seeded ${demoProposals.length} demo initiatives.`);
  }
  if (options.extra > 0) {
    await seedGeneratedProposals(prisma, area.id, area.geometry, options.extra);
    console.log(`Generated ${options.extra} published demo initiatives.`);
  }
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

function tokenHash() {
  return createHash("sha256").update(randomBytes(24).toString("base64url")).digest("hex");
}

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

async function seedDemoProposals(prisma: PrismaClient, areaId: string) {
  const now = Date.now();
  for (const demo of demoProposals) {
    const address = await prisma.address.findFirst({
      where: { street: demo.street, housenumber: demo.housenumber },
    });
    if (!address) throw new Error(`Demo address not found: ${demo.street} ${demo.housenumber}`);
    const createdAt = new Date(now - demo.daysAgo * DAY);
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
    await prisma.proposal.create({
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
    });
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
