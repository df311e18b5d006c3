import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
} from "maplibre-gl";

/**
 * The built-in street basemap: OpenMapTiles-schema vector tiles of Leipzig's
 * east and Noto label glyphs, both served by the app itself from
 * public/basemap/ (see public/basemap/README.md). Nothing is loaded from any
 * other host. Calm, low-contrast colours, so that the blue dotted border of
 * the funding area and the initiative pins stand out.
 *
 * One module for every map: the pages use textScale 1; a projection page can
 * use larger type (e.g. textScale 1.6) with the same style.
 */

/** The font stack: its name is the folder name under public/basemap/glyphs/, exactly. */
export const basemapFont = ["Noto Sans Regular", "Noto Sans Arabic Regular"];

export const basemapPaths = {
  tiles: "/basemap/tiles/{z}/{x}/{y}.pbf",
  glyphs: "/basemap/glyphs/{fontstack}/{range}.pbf",
} as const;

/** What the tiles cover (lon/lat); no tile is requested outside it. */
export const basemapBounds: [number, number, number, number] = [12.345, 51.31, 12.485, 51.38];

export const basemapAttribution = "© OpenMapTiles © OpenStreetMap contributors";

export const basemapSourceId = "openmaptiles";

/** The id of the first label layer: overlays (area, districts) go below it, pins above. */
export const basemapFirstLabelLayer = "street-names";

export const palette = {
  background: "#f4f2ee",
  residential: "#efece6",
  grass: "#dde8d3",
  wood: "#d2e1c7",
  cemetery: "#e0e6d8",
  water: "#c3d7e3",
  waterLabel: "#5d7f94",
  building: "#e4dfd8",
  buildingOutline: "#d5cfc6",
  roadCasing: "#d9d3c9",
  road: "#ffffff",
  majorRoad: "#fffdf8",
  path: "#c2bbb0",
  rail: "#a8a39b",
  label: "#4f4b45",
  labelHalo: "#ffffff",
  housenumber: "#9b958b",
} as const;

export type BasemapOptions = {
  /** Absolute origin of the app, e.g. window.location.origin (MapLibre's workers need absolute URLs). */
  origin?: string;
  /** Scales every text size, e.g. 1.6 for a projection on a wall. */
  textScale?: number;
  /** The page language; street names stay as on the signs, other names prefer this language. */
  language: string;
};

type Stops = Array<[number, number]>;

function interpolate(stops: Stops, factor = 1): ExpressionSpecification {
  return [
    "interpolate",
    ["exponential", 1.4],
    ["zoom"],
    ...stops.flatMap(([zoom, value]) => [zoom, value * factor]),
  ] as ExpressionSpecification;
}

const classIn = (...classes: string[]): ExpressionSpecification => [
  "match",
  ["get", "class"],
  classes,
  true,
  false,
];

const notTunnel: ExpressionSpecification = ["!=", ["get", "brunnel"], "tunnel"];

/** Road widths in pixels by zoom, per class group. */
const roadWidths: Record<string, Stops> = {
  major: [
    [11, 1],
    [14, 4],
    [16, 9],
    [19, 28],
  ],
  minor: [
    [13, 0.6],
    [14, 2],
    [16, 6],
    [19, 20],
  ],
  service: [
    [14, 0.6],
    [16, 2.5],
    [19, 8],
  ],
};

function roadLayers(): LayerSpecification[] {
  const groups: Array<{ id: string; classes: string[]; widths: Stops; minzoom: number }> = [
    { id: "service", classes: ["service", "track"], widths: roadWidths.service, minzoom: 14 },
    { id: "minor", classes: ["minor"], widths: roadWidths.minor, minzoom: 12 },
    {
      id: "major",
      classes: ["tertiary", "secondary", "primary", "trunk", "motorway"],
      widths: roadWidths.major,
      minzoom: 10,
    },
  ];
  const casings: LayerSpecification[] = groups.map((group) => ({
    id: `road-${group.id}-casing`,
    type: "line",
    source: basemapSourceId,
    "source-layer": "transportation",
    minzoom: group.minzoom,
    filter: ["all", classIn(...group.classes), notTunnel],
    layout: { "line-cap": "round", "line-join": "round" },
    paint: {
      "line-color": palette.roadCasing,
      "line-width": interpolate(group.widths.map(([z, w]) => [z, w + 1.5])),
    },
  }));
  const fills: LayerSpecification[] = groups.map((group) => ({
    id: `road-${group.id}`,
    type: "line",
    source: basemapSourceId,
    "source-layer": "transportation",
    minzoom: group.minzoom,
    filter: ["all", classIn(...group.classes), notTunnel],
    layout: { "line-cap": "round", "line-join": "round" },
    paint: {
      "line-color": group.id === "major" ? palette.majorRoad : palette.road,
      "line-width": interpolate(group.widths),
    },
  }));
  return [...casings, ...fills];
}

/** The basemap style (sources, glyphs and layers); the app adds its own layers on top. */
export function buildBasemapStyle({
  origin = "",
  textScale = 1,
  language,
}: BasemapOptions): StyleSpecification {
  const name: ExpressionSpecification = ["coalesce", ["get", "name_de"], ["get", "name"]];
  const localName: ExpressionSpecification = [
    "coalesce",
    ["get", `name:${language}`],
    ["get", "name_de"],
    ["get", "name"],
  ];
  const textSize = (stops: Stops): DataDrivenPropertyValueSpecification<number> =>
    interpolate(stops, textScale);

  const layers: LayerSpecification[] = [
    { id: "background", type: "background", paint: { "background-color": palette.background } },
    {
      id: "landuse-residential",
      type: "fill",
      source: basemapSourceId,
      "source-layer": "landuse",
      filter: classIn("residential"),
      paint: { "fill-color": palette.residential },
    },
    {
      id: "landuse-cemetery",
      type: "fill",
      source: basemapSourceId,
      "source-layer": "landuse",
      filter: classIn("cemetery"),
      paint: { "fill-color": palette.cemetery },
    },
    {
      id: "landcover-grass",
      type: "fill",
      source: basemapSourceId,
      "source-layer": "landcover",
      filter: classIn("grass"),
      paint: { "fill-color": palette.grass },
    },
    {
      id: "landcover-wood",
      type: "fill",
      source: basemapSourceId,
      "source-layer": "landcover",
      filter: classIn("wood"),
      paint: { "fill-color": palette.wood },
    },
    {
      id: "water",
      type: "fill",
      source: basemapSourceId,
      "source-layer": "water",
      paint: { "fill-color": palette.water },
    },
    {
      id: "waterway",
      type: "line",
      source: basemapSourceId,
      "source-layer": "waterway",
      paint: {
        "line-color": palette.water,
        "line-width": interpolate([
          [12, 1],
          [16, 3],
          [19, 6],
        ]),
      },
    },
    {
      id: "building",
      type: "fill",
      source: basemapSourceId,
      "source-layer": "building",
      minzoom: 14,
      paint: {
        "fill-color": palette.building,
        "fill-outline-color": palette.buildingOutline,
        "fill-opacity": ["interpolate", ["linear"], ["zoom"], 14, 0.5, 16, 1],
      },
    },
    {
      id: "path",
      type: "line",
      source: basemapSourceId,
      "source-layer": "transportation",
      minzoom: 15,
      filter: ["all", classIn("path"), notTunnel],
      paint: {
        "line-color": palette.path,
        "line-width": interpolate([
          [15, 0.8],
          [19, 2],
        ]),
        "line-dasharray": [2, 1.5],
      },
    },
    ...roadLayers(),
    // Railways: a grey line with white dashes; tram lines (class "transit") thin and solid.
    {
      id: "rail",
      type: "line",
      source: basemapSourceId,
      "source-layer": "transportation",
      filter: ["all", classIn("rail"), notTunnel],
      paint: {
        "line-color": palette.rail,
        "line-width": interpolate([
          [11, 0.6],
          [15, 2],
          [19, 4],
        ]),
      },
    },
    {
      id: "rail-hatch",
      type: "line",
      source: basemapSourceId,
      "source-layer": "transportation",
      minzoom: 14,
      filter: ["all", classIn("rail"), notTunnel],
      paint: {
        "line-color": palette.background,
        "line-width": interpolate([
          [14, 0.6],
          [19, 2],
        ]),
        "line-dasharray": [3, 3],
      },
    },
    {
      id: "tram",
      type: "line",
      source: basemapSourceId,
      "source-layer": "transportation",
      minzoom: 13,
      filter: ["all", classIn("transit"), notTunnel],
      paint: {
        "line-color": palette.rail,
        "line-width": interpolate([
          [13, 0.5],
          [16, 1.2],
          [19, 2],
        ]),
      },
    },
    // Labels.
    {
      id: basemapFirstLabelLayer,
      type: "symbol",
      source: basemapSourceId,
      "source-layer": "transportation_name",
      minzoom: 13,
      filter: [
        "any",
        classIn("motorway", "trunk", "primary", "secondary", "tertiary"),
        [">=", ["zoom"], 14.5],
      ],
      layout: {
        "symbol-placement": "line",
        "text-field": name,
        "text-font": basemapFont,
        "text-size": textSize([
          [13, 10],
          [16, 12],
          [19, 15],
        ]),
        "text-max-angle": 35,
        "text-padding": 4,
        "symbol-spacing": 300,
      },
      paint: {
        "text-color": palette.label,
        "text-halo-color": palette.labelHalo,
        "text-halo-width": 1.5,
      },
    },
    {
      id: "water-name",
      type: "symbol",
      source: basemapSourceId,
      "source-layer": "water_name",
      minzoom: 14,
      layout: {
        "text-field": localName,
        "text-font": basemapFont,
        "text-size": textSize([
          [14, 10],
          [18, 13],
        ]),
      },
      paint: {
        "text-color": palette.waterLabel,
        "text-halo-color": palette.labelHalo,
        "text-halo-width": 1.2,
      },
    },
    {
      id: "housenumber",
      type: "symbol",
      source: basemapSourceId,
      "source-layer": "housenumber",
      minzoom: 17,
      layout: {
        "text-field": ["get", "housenumber"],
        "text-font": basemapFont,
        "text-size": 10 * textScale,
      },
      paint: {
        "text-color": palette.housenumber,
        "text-halo-color": palette.building,
        "text-halo-width": 1,
      },
    },
  ];

  return {
    version: 8,
    glyphs: `${origin}${basemapPaths.glyphs}`,
    sources: {
      [basemapSourceId]: {
        type: "vector",
        tiles: [`${origin}${basemapPaths.tiles}`],
        minzoom: 0,
        maxzoom: 14,
        bounds: basemapBounds,
        attribution: basemapAttribution,
      },
    },
    layers,
  };
}
