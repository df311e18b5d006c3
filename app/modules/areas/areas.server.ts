import { booleanPointInPolygon, pointOnFeature, simplify, truncate } from "@turf/turf";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { prisma } from "~/utils/db.server";
import { AreaGeometrySchema } from "./area.schema";
import { checkPointInAreas, type AreaGeometry } from "./geo";

export type ActiveArea = {
  id: string;
  name: string;
  attribution: string;
  isApproximation: boolean;
  validFrom: Date;
  validTo: Date | null;
  geometry: AreaGeometry;
};

// Parsing a polygon of a few hundred vertices on every request would be waste:
// areas change a few times a decade, so all rows are parsed once a minute at most.
let cache: { loadedAt: number; areas: ActiveArea[] } | undefined;
const CACHE_MS = 60_000;

async function loadAreas(): Promise<ActiveArea[]> {
  if (cache && Date.now() - cache.loadedAt < CACHE_MS) return cache.areas;
  const rows = await prisma.fundingArea.findMany({
    where: { status: "active" },
    orderBy: { validFrom: "asc" },
  });
  const areas = rows.map((row) => ({
    id: row.id,
    name: row.name,
    attribution: row.attribution,
    isApproximation: row.isApproximation,
    validFrom: row.validFrom,
    validTo: row.validTo,
    geometry: AreaGeometrySchema.parse(JSON.parse(row.geometry)),
  }));
  cache = { loadedAt: Date.now(), areas };
  return areas;
}

/** Funding areas valid at the given moment (default: now). */
export async function getActiveAreas(at: Date = new Date()): Promise<ActiveArea[]> {
  const areas = await loadAreas();
  return areas.filter(
    (area) => area.validFrom <= at && (area.validTo === null || area.validTo > at),
  );
}

/** Forget cached areas (after an admin changed them, and in tests). */
export function invalidateAreaCache() {
  cache = undefined;
  districtGeometries = undefined;
  districtCollection = undefined;
  districtAttribution = undefined;
}

/** Server-side, authoritative location check against the currently valid area(s). */
export async function locatePoint(lon: number, lat: number, at: Date = new Date()) {
  const areas = await getActiveAreas(at);
  return checkPointInAreas(areas, lon, lat);
}

export async function getCurrentAreasFeatureCollection(): Promise<
  FeatureCollection<Polygon | MultiPolygon>
> {
  const areas = await getActiveAreas();
  return {
    type: "FeatureCollection",
    features: areas.map((area): Feature<Polygon | MultiPolygon> => ({
      type: "Feature",
      id: area.id,
      properties: {
        id: area.id,
        name: area.name,
        attribution: area.attribution,
        approximation: area.isApproximation,
        validFrom: area.validFrom.toISOString(),
      },
      geometry: area.geometry,
    })),
  };
}

/** District (Ortsteil) boundaries with a label point, for orientation on the map. */
export async function getDistrictsFeatureCollection(): Promise<FeatureCollection> {
  // Simplified once, like the geometries it is derived from.
  districtCollection ??= buildDistrictsFeatureCollection(await getDistrictGeometries());
  return districtCollection;
}

let districtCollection: FeatureCollection | undefined;

function buildDistrictsFeatureCollection(
  districts: Array<{ code: string; name: string; geometry: AreaGeometry }>,
): FeatureCollection {
  return {
    type: "FeatureCollection",
    features: districts.map((district) => {
      const label = pointOnFeature(district.geometry).geometry.coordinates;
      // Orientation lines need no centimetre precision: ~1 m simplification and
      // 5 decimals cut the payload to a fraction for phones on little data.
      const geometry = truncate(simplify(district.geometry, { tolerance: 0.00001 }), {
        precision: 5,
      });
      return {
        type: "Feature",
        properties: {
          code: district.code,
          name: district.name,
          labelLon: label[0],
          labelLat: label[1],
        },
        geometry,
      };
    }),
  };
}

/** The attribution lines the map corner and the data-sources page must show. */
export async function listAttributions(): Promise<string[]> {
  // The Ortsteile are reference data: read once, not on every page with a map.
  districtAttribution ??= prisma.district
    .findFirst({ select: { attribution: true } })
    .then((district) => district?.attribution ?? null)
    .catch((error: unknown) => {
      districtAttribution = undefined;
      throw error;
    });
  const [areas, district] = await Promise.all([getActiveAreas(), districtAttribution]);
  const lines = new Set<string>();
  for (const area of areas) lines.add(area.attribution);
  if (district) lines.add(district);
  return [...lines];
}

let districtAttribution: Promise<string | null> | undefined;

/** Name of the Ortsteil a point lies in, if known. */
export async function findDistrictName(lon: number, lat: number): Promise<string | null> {
  const districts = await getDistrictGeometries();
  const hit = districts.find((district) => booleanPointInPolygon([lon, lat], district.geometry));
  return hit?.name ?? null;
}

let districtGeometries: Array<{ code: string; name: string; geometry: AreaGeometry }> | undefined;
async function getDistrictGeometries() {
  if (!districtGeometries) {
    const rows = await prisma.district.findMany({
      orderBy: { code: "asc" },
      select: { code: true, name: true, geometry: true },
    });
    districtGeometries = rows.map((r) => ({
      code: r.code,
      name: r.name,
      geometry: AreaGeometrySchema.parse(JSON.parse(r.geometry)),
    }));
  }
  return districtGeometries;
}
