import {
  bearing,
  booleanPointInPolygon,
  nearestPointOnLine,
  point,
  polygonToLine,
} from "@turf/turf";
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon } from "geojson";

export type AreaGeometry = Polygon | MultiPolygon;

export type Compass = "n" | "ne" | "e" | "se" | "s" | "sw" | "w" | "nw";

export type PointCheck =
  | { inside: true }
  | {
      inside: false;
      /** Distance to the nearest boundary point, rounded to 10 m. */
      distanceMeters: number;
      /** Direction in which the area lies, seen from the point. */
      direction: Compass;
    };

export function isValidLonLat(lon: unknown, lat: unknown): boolean {
  return (
    typeof lon === "number" &&
    typeof lat === "number" &&
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    lon >= -180 &&
    lon <= 180 &&
    lat >= -90 &&
    lat <= 90
  );
}

/**
 * Point-in-polygon check against an area. The server's answer is the
 * authoritative one; the browser runs the same function for instant feedback.
 */
export function checkPoint(geometry: AreaGeometry, lon: number, lat: number): PointCheck {
  if (!isValidLonLat(lon, lat)) throw new RangeError(`Invalid coordinates: ${lon}, ${lat}`);
  const pt = point([lon, lat]);
  if (booleanPointInPolygon(pt, geometry)) return { inside: true };

  const boundary = polygonToLine(geometry);
  const lines: Array<Feature<LineString | MultiLineString>> =
    boundary.type === "FeatureCollection" ? boundary.features : [boundary];
  let best: { distance: number; coordinates: number[] } | undefined;
  for (const line of lines) {
    const nearest = nearestPointOnLine(line, pt, { units: "meters" });
    const distance = nearest.properties.dist ?? Infinity;
    if (!best || distance < best.distance) {
      best = { distance, coordinates: nearest.geometry.coordinates };
    }
  }
  if (!best) throw new Error("Area has no boundary");
  return {
    inside: false,
    distanceMeters: roundDistance(best.distance),
    direction: compass(bearing(pt, point(best.coordinates))),
  };
}

/** Checks a point against several valid areas; inside any of them counts. */
export function checkPointInAreas(
  areas: ReadonlyArray<{ id: string; geometry: AreaGeometry }>,
  lon: number,
  lat: number,
): { inside: true; areaId: string } | Extract<PointCheck, { inside: false }> {
  let nearestOutside: Extract<PointCheck, { inside: false }> | undefined;
  for (const area of areas) {
    const result = checkPoint(area.geometry, lon, lat);
    if (result.inside) return { inside: true, areaId: area.id };
    if (!nearestOutside || result.distanceMeters < nearestOutside.distanceMeters) {
      nearestOutside = result;
    }
  }
  if (!nearestOutside) throw new Error("No funding area is configured");
  return nearestOutside;
}

function roundDistance(meters: number): number {
  if (meters < 10) return Math.max(1, Math.round(meters));
  return Math.round(meters / 10) * 10;
}

function compass(degrees: number): Compass {
  const names: Compass[] = ["n", "ne", "e", "se", "s", "sw", "w", "nw"];
  const normalised = ((degrees % 360) + 360) % 360;
  return names[Math.round(normalised / 45) % 8];
}
