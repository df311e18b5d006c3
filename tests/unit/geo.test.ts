import { readFileSync } from "node:fs";
import path from "node:path";
import { destination, point } from "@turf/turf";
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { describe, expect, it } from "vitest";
import { checkPoint, checkPointInAreas, isValidLonLat } from "~/modules/areas/geo";
import { repoRoot } from "../setup/paths";

const area: FeatureCollection<Polygon | MultiPolygon> = JSON.parse(
  readFileSync(path.join(repoRoot, "prisma/geodata/leipziger-osten-szp-approx.geojson"), "utf8"),
);
const geometry = area.features[0].geometry;

// The sample points of prisma/geodata/README.md, checked there with shapely and ray casting.
const samples: Array<[string, number, number, boolean]> = [
  ["Stadtteilpark Rabet", 12.4029903, 51.3434382, true],
  ["Eisenbahnstraße / Hermann-Liebmann-Straße", 12.40621, 51.345603, true],
  ["Neustädter Markt", 12.403484, 51.347923, true],
  ["OFT Rabet, Eisenbahnstraße 54", 12.40347, 51.344097, true],
  ["Torgauer Platz", 12.41421, 51.345064, true],
  ["Augustusplatz", 12.382011, 51.338905, false],
  ["Leipzig Hauptbahnhof", 12.380345, 51.343961, false],
  ["Völkerschlachtdenkmal (building)", 12.413516, 51.312474, false],
  ["Völkerschlachtdenkmal (LVB stop)", 12.411903, 51.314604, false],
];

describe("funding area check with the real polygon", () => {
  it.each(samples)("%s → inside: %s", (_name, lon, lat, inside) => {
    expect(checkPoint(geometry, lon, lat).inside).toBe(inside);
  });

  it("says how far outside and in which direction the area lies", () => {
    const result = checkPoint(geometry, 12.382011, 51.338905); // Augustusplatz, west of the area
    expect(result.inside).toBe(false);
    if (result.inside) return;
    expect(result.distanceMeters).toBeGreaterThan(500);
    expect(result.distanceMeters).toBeLessThan(1500);
    expect(result.distanceMeters % 10).toBe(0);
    expect(["e", "ne", "se"]).toContain(result.direction);
  });

  // A vertex on the western boundary (Ortsteil line 20/00): step a few metres either side.
  it("decides correctly a few metres either side of the boundary", () => {
    const ring = geometry.type === "Polygon" ? geometry.coordinates[0] : geometry.coordinates[0][0];
    // Pick the westernmost vertex: due west of it is outside, due east inside.
    const west = ring.reduce((best, p) => (p[0] < best[0] ? p : best));
    const outside = destination(point(west), 5, -90, { units: "meters" }).geometry.coordinates;
    const inside = destination(point(west), 5, 90, { units: "meters" }).geometry.coordinates;
    const out = checkPoint(geometry, outside[0], outside[1]);
    expect(out.inside).toBe(false);
    if (!out.inside) expect(out.distanceMeters).toBeLessThanOrEqual(6);
    expect(checkPoint(geometry, inside[0], inside[1]).inside).toBe(true);
  });

  it("handles a point far outside Leipzig (Berlin) with a distance in kilometres", () => {
    const result = checkPoint(geometry, 13.404954, 52.520008);
    expect(result.inside).toBe(false);
    if (!result.inside) {
      expect(result.distanceMeters).toBeGreaterThan(140_000);
      expect(result.direction).toBe("sw"); // Leipzig lies south-west of Berlin
    }
  });

  it("rejects invalid coordinates instead of answering", () => {
    expect(isValidLonLat(200, 51)).toBe(false);
    expect(isValidLonLat(12.4, -95)).toBe(false);
    expect(isValidLonLat(Number.NaN, 51)).toBe(false);
    expect(isValidLonLat("12.4", 51)).toBe(false);
    expect(() => checkPoint(geometry, 200, 51)).toThrow(RangeError);
    expect(() => checkPoint(geometry, Number.POSITIVE_INFINITY, 51)).toThrow(RangeError);
  });

  it("accepts a point inside any of several valid areas and reports the nearest otherwise", () => {
    const far: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          [13.0, 52.0],
          [13.1, 52.0],
          [13.1, 52.1],
          [13.0, 52.0],
        ],
      ],
    };
    const areas = [
      { id: "far", geometry: far },
      { id: "osten", geometry },
    ];
    expect(checkPointInAreas(areas, 12.4029903, 51.3434382)).toEqual({
      inside: true,
      areaId: "osten",
    });
    const outside = checkPointInAreas(areas, 12.382011, 51.338905);
    expect(outside.inside).toBe(false);
    if (!outside.inside) expect(outside.distanceMeters).toBeLessThan(1500);
  });
});
