import { bearing, booleanPointInPolygon, distance, point } from "@turf/turf";
import type { MultiPolygon, Polygon, Position } from "geojson";

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

  const nearest = nearestBoundaryPoint(geometry, lon, lat);
  return {
    inside: false,
    distanceMeters: roundDistance(distance(pt, point(nearest), { units: "meters" })),
    direction: compass(bearing(pt, point(nearest))),
  };
}

/**
 * The boundary point nearest to (lon, lat). Searched in a local equirectangular
 * plane around the point (exact enough to pick the right segment at city scale,
 * and ~100× faster than geodesic nearest-point-on-line over every segment); the
 * distance itself is then measured on the sphere.
 */
function nearestBoundaryPoint(geometry: AreaGeometry, lon: number, lat: number): Position {
  const k = Math.cos((lat * Math.PI) / 180);
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let best: Position = polygons[0][0][0];
  let bestSquared = Infinity;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const ax = (ring[i][0] - lon) * k;
        const ay = ring[i][1] - lat;
        const bx = (ring[i + 1][0] - lon) * k;
        const by = ring[i + 1][1] - lat;
        const dx = bx - ax;
        const dy = by - ay;
        const lengthSquared = dx * dx + dy * dy;
        const t =
          lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
        const x = ax + t * dx;
        const y = ay + t * dy;
        const squared = x * x + y * y;
        if (squared < bestSquared) {
          bestSquared = squared;
          best = [lon + x / k, lat + y];
        }
      }
    }
  }
  return best;
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
