import { distance } from "@turf/turf";
import type { Place } from "./place";

/**
 * Finding the place of a point in words, without a database: the address
 * points in a grid in memory (a few thousand, reference data from the seed).
 * Used by the server (place.server.ts) and by the seed's backfill.
 */

/** An address point closer than this names the place: "bei Eisenbahnstraße 54". */
export const ADDRESS_RADIUS_M = 60;
/** Within this, the nearest address point's street names the place: "Eisenbahnstraße, Volkmarsdorf". */
export const STREET_RADIUS_M = 250;

export type AddressPoint = {
  street: string;
  housenumber: string;
  district: string;
  lon: number;
  lat: number;
};

// Cells of about 100 m × 100 m in Leipzig (0.001° of latitude, 0.0015° of longitude at 51° N).
const CELL_LAT = 0.001;
const CELL_LON = 0.0015;
const METRES_PER_DEGREE = 111_320;

export type AddressIndex = { cells: Map<string, AddressPoint[]>; cellMetres: number };

const cellX = (lon: number) => Math.floor(lon / CELL_LON);
const cellY = (lat: number) => Math.floor(lat / CELL_LAT);
const cellKey = (x: number, y: number) => `${x}:${y}`;

export function createAddressIndex(points: Iterable<AddressPoint>): AddressIndex {
  const cells = new Map<string, AddressPoint[]>();
  for (const point of points) {
    const key = cellKey(cellX(point.lon), cellY(point.lat));
    const cell = cells.get(key);
    if (cell) cell.push(point);
    else cells.set(key, [point]);
  }
  // The shorter side of a cell (longitude shrinks towards the poles), with 60° N as a safe bound.
  const cellMetres = Math.min(
    CELL_LAT * METRES_PER_DEGREE,
    CELL_LON * METRES_PER_DEGREE * Math.cos((60 * Math.PI) / 180),
  );
  return { cells, cellMetres };
}

/**
 * The address point nearest to (lon, lat) within `maxMetres`, searched ring by
 * ring of cells around the point (in a local flat plane); the distance
 * returned is measured on the sphere.
 */
export function nearestAddress(
  index: AddressIndex,
  lon: number,
  lat: number,
  maxMetres = STREET_RADIUS_M,
): { point: AddressPoint; distanceMeters: number } | null {
  const k = Math.cos((lat * Math.PI) / 180);
  const cx = cellX(lon);
  const cy = cellY(lat);
  const maxRing = Math.ceil(maxMetres / index.cellMetres) + 1;
  let best = null as AddressPoint | null;
  let bestSquared = Infinity;
  for (let ring = 0; ring <= maxRing; ring++) {
    for (let x = cx - ring; x <= cx + ring; x++) {
      for (let y = cy - ring; y <= cy + ring; y++) {
        // Only the cells on the ring's edge: the inner ones were read before.
        if (Math.abs(x - cx) !== ring && Math.abs(y - cy) !== ring) continue;
        for (const point of index.cells.get(cellKey(x, y)) ?? []) {
          const dx = (point.lon - lon) * k;
          const dy = point.lat - lat;
          const squared = dx * dx + dy * dy;
          if (squared < bestSquared) {
            bestSquared = squared;
            best = point;
          }
        }
      }
    }
    // Every point closer than `ring` cells has been seen: a hit that close is final.
    if (best && Math.sqrt(bestSquared) * METRES_PER_DEGREE <= ring * index.cellMetres) break;
  }
  if (!best) return null;
  const metres = distance([lon, lat], [best.lon, best.lat], { units: "meters" });
  return metres <= maxMetres ? { point: best, distanceMeters: metres } : null;
}

/**
 * The place of a point in words: the nearest address point within 60 m, else
 * the nearest street (within 250 m) and the Ortsteil the point lies in, else
 * that Ortsteil alone; null far from every address and Ortsteil.
 */
export function placeAt(
  index: AddressIndex,
  districtName: string | null,
  lon: number,
  lat: number,
): Place | null {
  const nearest = nearestAddress(index, lon, lat);
  if (nearest && nearest.distanceMeters <= ADDRESS_RADIUS_M) {
    return {
      kind: "address",
      street: nearest.point.street,
      housenumber: nearest.point.housenumber,
      district: nearest.point.district || districtName,
    };
  }
  if (nearest) {
    return {
      kind: "street",
      street: nearest.point.street,
      district: districtName ?? (nearest.point.district || null),
    };
  }
  return districtName ? { kind: "district", district: districtName } : null;
}
