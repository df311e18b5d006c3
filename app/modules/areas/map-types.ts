import type * as GeoJSON from "geojson";
import type { PointCheck } from "./geo";

/** Where a map's data comes from; everything is served by the app itself. */
export const mapDataUrls = {
  areas: "/api/areas/current.geojson",
  districts: "/api/districts.geojson",
  proposals: "/api/proposals.geojson",
} as const;

export const mapAssets = {
  css: "/vendor/maplibre-gl.css",
  worker: "/vendor/maplibre-gl-worker.mjs",
} as const;

export type LonLat = { lon: number; lat: number };

/** A point of a browse map that is not an initiative: a title, a link, and an optional line under the title. */
export type MapPoint = LonLat & { id: string; title: string; href: string; detail?: string };

export type MapProps = {
  /** Operator-configured basemap style; empty for the built-in, request-free style. */
  styleUrl: string;
  attributions: string[];
  className?: string;
  /** A second area drawn over the current one (orange), e.g. an uploaded draft; the map fits to it. */
  overlay?: GeoJSON.Polygon | GeoJSON.MultiPolygon;
} & (
  | {
      mode: "browse";
      /** Only the initiatives of one procedure (its page); all published ones otherwise. */
      procedureId?: string;
      /**
       * Other points instead of initiatives (e.g. funded projects), built by the
       * server; each popup links to `href` (usually the entry in the list next to the map).
       */
      points?: MapPoint[];
    }
  | { mode: "single"; point: LonLat }
  | {
      mode: "pick";
      value: LonLat | null;
      onPick: (point: LonLat, check: PointCheck) => void;
    }
);
