import { area as turfArea, bbox, kinks } from "@turf/turf";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { publicDataChanged } from "~/modules/events/events.server";
import { prisma } from "~/utils/db.server";
import { userText } from "~/utils/user-text.schema.server";
import { AreaGeometrySchema } from "./area.schema";
import { invalidateAreaCache } from "./areas.server";
import { checkPoint, type AreaGeometry } from "./geo";

export type AreaError = { key: string; params?: Record<string, string | number> };

export type AreaValidation =
  | { ok: true; geometry: AreaGeometry; areaHa: number; vertices: number; bbox: number[] }
  | { ok: false; errors: AreaError[] };

/** Where a neighbourhood of a German city can plausibly be (WGS84). */
const PLAUSIBLE = { minLon: 5.5, maxLon: 15.5, minLat: 47, maxLat: 55.2 };
const MIN_HA = 1;
const MAX_HA = 5000;

const AnyGeoJSON = z.looseObject({ type: z.string() });

/**
 * Checks an uploaded funding area: parseable GeoJSON, a Polygon or
 * MultiPolygon (also inside a Feature or FeatureCollection), WGS84 lon/lat in
 * plausible bounds, closed rings, no self-intersections, a plausible size.
 * Each error says what is wrong and where.
 */
export function validateAreaGeoJSON(text: string): AreaValidation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [
        {
          key: "errors.area.notJson",
          params: { detail: String((error as Error).message).slice(0, 120) },
        },
      ],
    };
  }
  const root = AnyGeoJSON.safeParse(json);
  if (!root.success) return { ok: false, errors: [{ key: "errors.area.notGeoJson" }] };

  const crs = (json as { crs?: { properties?: { name?: string } } }).crs?.properties?.name;
  if (crs && !/CRS84|4326/.test(crs)) {
    return { ok: false, errors: [{ key: "errors.area.notWgs84", params: { crs } }] };
  }

  const geometries = collectGeometries(json);
  if (geometries.length === 0) {
    return {
      ok: false,
      errors: [{ key: "errors.area.wrongType", params: { type: root.data.type } }],
    };
  }
  const polygons: Position[][][] = [];
  for (const geometry of geometries) {
    if (geometry.type === "Polygon") polygons.push(geometry.coordinates);
    else if (geometry.type === "MultiPolygon") polygons.push(...geometry.coordinates);
    else
      return {
        ok: false,
        errors: [{ key: "errors.area.wrongType", params: { type: String(geometry.type) } }],
      };
  }

  const errors: AreaError[] = [];
  let vertices = 0;
  polygons.forEach((rings, polygonIndex) => {
    rings.forEach((ring, ringIndex) => {
      const where = { polygon: polygonIndex + 1, ring: ringIndex + 1 };
      if (!Array.isArray(ring) || ring.length < 4) {
        errors.push({ key: "errors.area.ringTooShort", params: where });
        return;
      }
      for (const position of ring) {
        vertices++;
        const [lon, lat] = Array.isArray(position) ? position : [];
        if (
          typeof lon !== "number" ||
          typeof lat !== "number" ||
          !Number.isFinite(lon) ||
          !Number.isFinite(lat)
        ) {
          errors.push({ key: "errors.area.badPosition", params: where });
          return;
        }
        if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
          errors.push({ key: "errors.area.notWgs84", params: { crs: `${lon}, ${lat}` } });
          return;
        }
        if (
          lon < PLAUSIBLE.minLon ||
          lon > PLAUSIBLE.maxLon ||
          lat < PLAUSIBLE.minLat ||
          lat > PLAUSIBLE.maxLat
        ) {
          errors.push({ key: "errors.area.outOfBounds", params: { lon, lat } });
          return;
        }
      }
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        errors.push({ key: "errors.area.ringNotClosed", params: where });
      }
    });
  });
  if (errors.length) return { ok: false, errors: dedupe(errors) };

  const geometry: AreaGeometry =
    polygons.length === 1
      ? { type: "Polygon", coordinates: polygons[0] }
      : { type: "MultiPolygon", coordinates: polygons };
  const parsed = AreaGeometrySchema.safeParse(geometry);
  if (!parsed.success) return { ok: false, errors: [{ key: "errors.area.notGeoJson" }] };

  const crossings = kinks(geometry).features;
  if (crossings.length) {
    const [lon, lat] = crossings[0].geometry.coordinates;
    return {
      ok: false,
      errors: [
        {
          key: "errors.area.selfIntersection",
          params: { count: crossings.length, lon: lon.toFixed(6), lat: lat.toFixed(6) },
        },
      ],
    };
  }

  const areaHa = Math.round(turfArea(geometry) / 10_000);
  if (areaHa < MIN_HA)
    return {
      ok: false,
      errors: [{ key: "errors.area.tooSmall", params: { ha: areaHa, min: MIN_HA } }],
    };
  if (areaHa > MAX_HA)
    return {
      ok: false,
      errors: [{ key: "errors.area.tooLarge", params: { ha: areaHa, max: MAX_HA } }],
    };
  return { ok: true, geometry, areaHa, vertices, bbox: bbox(geometry) };
}

function collectGeometries(
  json: unknown,
): Array<{ type: string; coordinates: Position[][] & Position[][][] }> {
  if (!json || typeof json !== "object") return [];
  const node = json as {
    type?: string;
    geometry?: unknown;
    features?: unknown[];
    coordinates?: unknown;
  };
  if (node.type === "FeatureCollection" && Array.isArray(node.features))
    return node.features.flatMap(collectGeometries);
  if (node.type === "Feature") return collectGeometries(node.geometry);
  if (typeof node.type === "string" && Array.isArray(node.coordinates)) {
    return [node as { type: string; coordinates: Position[][] & Position[][][] }];
  }
  return [];
}

function dedupe(errors: AreaError[]) {
  const seen = new Set<string>();
  return errors
    .filter((error) => {
      const key = JSON.stringify(error);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 10);
}

export const AreaMetaSchema = z.object({
  name: userText().min(3, "errors.area.nameRequired").max(200),
  source: userText().min(3, "errors.area.sourceRequired").max(500),
  licence: userText().min(2, "errors.area.licenceRequired").max(100),
  attribution: userText().min(3, "errors.area.attributionRequired").max(500),
  isApproximation: z.boolean().optional(),
});

export async function createDraftArea(
  input: z.infer<typeof AreaMetaSchema> & { geometry: Polygon | MultiPolygon; staffId: string },
) {
  return prisma.$transaction(async (tx) => {
    const created = await tx.fundingArea.create({
      data: {
        slug: `upload-${Date.now()}`,
        name: input.name,
        source: input.source,
        licence: input.licence,
        attribution: input.attribution,
        isApproximation: input.isApproximation ?? false,
        geometry: JSON.stringify(input.geometry),
        status: "draft",
        uploadedById: input.staffId,
        validFrom: new Date(),
      },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "area.uploaded",
      entityType: "area",
      entityId: created.id,
      after: { name: input.name, source: input.source, licence: input.licence },
    });
    return created;
  });
}

export async function listAreas() {
  return prisma.fundingArea.findMany({
    orderBy: [{ status: "asc" }, { validFrom: "desc" }],
    select: {
      id: true,
      name: true,
      status: true,
      validFrom: true,
      validTo: true,
      isApproximation: true,
      licence: true,
      createdAt: true,
      _count: { select: { proposals: true } },
    },
  });
}

/** The draft next to the area in force now, and the initiatives that would fall outside it. */
export async function getAreaPreview(id: string) {
  const draft = await prisma.fundingArea.findUnique({ where: { id } });
  if (!draft) return null;
  const geometry = AreaGeometrySchema.parse(JSON.parse(draft.geometry));
  const proposals = await prisma.proposal.findMany({
    where: { status: { notIn: ["withdrawn", "duplicate", "rejected"] } },
    select: { id: true, title: true, status: true, lon: true, lat: true },
  });
  const outside = proposals.filter((p) => !checkPoint(geometry, p.lon, p.lat).inside);
  return {
    area: { ...draft, geometry },
    areaHa: Math.round(turfArea(geometry) / 10_000),
    checked: proposals.length,
    outside: outside.slice(0, 200),
    outsideCount: outside.length,
  };
}

export type ActivateResult =
  { status: "ok" } | { status: "refused"; reason: "not-found" | "not-draft" | "same-start" };

/**
 * Puts a draft area into force from a date on. Areas in force until then end
 * at that date; they stay stored for history (initiatives keep their area).
 */
export async function activateArea(input: {
  id: string;
  validFrom: Date;
  staffId: string;
}): Promise<ActivateResult> {
  const result = await prisma.$transaction(async (tx) => {
    const draft = await tx.fundingArea.findUnique({ where: { id: input.id } });
    if (!draft) return { status: "refused", reason: "not-found" } as const;
    if (draft.status !== "draft") return { status: "refused", reason: "not-draft" } as const;
    // Areas in force at the new start end there; an area scheduled to start
    // later ends the new one at its own start. No two areas overlap in time.
    const ending = await tx.fundingArea.findMany({
      where: {
        status: "active",
        validFrom: { lt: input.validFrom },
        OR: [{ validTo: null }, { validTo: { gt: input.validFrom } }],
      },
      select: { id: true, validTo: true },
    });
    await tx.fundingArea.updateMany({
      where: { id: { in: ending.map((a) => a.id) } },
      data: { validTo: input.validFrom },
    });
    const next = await tx.fundingArea.findFirst({
      where: { status: "active", validFrom: { gte: input.validFrom } },
      orderBy: { validFrom: "asc" },
      select: { validFrom: true },
    });
    if (next && next.validFrom.getTime() === input.validFrom.getTime()) {
      return { status: "refused", reason: "same-start" } as const;
    }
    await tx.fundingArea.update({
      where: { id: draft.id },
      data: { status: "active", validFrom: input.validFrom, validTo: next?.validFrom ?? null },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "area.activated",
      entityType: "area",
      entityId: draft.id,
      before: { status: "draft", ended: ending },
      after: { status: "active", validFrom: input.validFrom },
    });
    return { status: "ok" } as const;
  });
  invalidateAreaCache();
  // The map's area and the attribution lines on public pages follow the new area.
  if (result.status === "ok") publicDataChanged();
  return result;
}

export async function discardDraftArea(id: string, staffId: string) {
  await prisma.$transaction(async (tx) => {
    const draft = await tx.fundingArea.findUnique({ where: { id } });
    if (!draft || draft.status !== "draft") return;
    await tx.fundingArea.delete({ where: { id } });
    await recordAudit(tx, {
      staffId,
      action: "area.discarded",
      entityType: "area",
      entityId: id,
      before: { name: draft.name },
    });
  });
}
