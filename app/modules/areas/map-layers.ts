import type {
  CircleLayerSpecification,
  ExpressionSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
} from "maplibre-gl";
import { categories, categoryColours } from "~/modules/proposals/categories";
import { basemapFont } from "./map-style";

export const sourceIds = {
  areas: "funding-areas",
  overlay: "overlay-area",
  districts: "districts",
  districtLabels: "district-labels",
  proposals: "proposals",
} as const;

// The basemap itself (streets, parks, water, glyphs) is built in ./map-style.ts.

export const districtLine: LineLayerSpecification = {
  id: "district-line",
  type: "line",
  source: sourceIds.districts,
  paint: { "line-color": "#8a857c", "line-width": 1.2, "line-dasharray": [4, 2] },
};

/** Ortsteil names from our district data (a point per Ortsteil), drawn by MapLibre. */
export function districtLabel(textScale = 1): SymbolLayerSpecification {
  return {
    id: "district-labels",
    type: "symbol",
    source: sourceIds.districtLabels,
    layout: {
      "text-field": ["get", "name"],
      "text-font": basemapFont,
      "text-size": ["interpolate", ["linear"], ["zoom"], 11, 11 * textScale, 16, 15 * textScale],
      "text-letter-spacing": 0.04,
      "text-max-width": 8,
      "text-padding": 6,
    },
    paint: {
      "text-color": "#5a5046",
      "text-halo-color": "rgba(255, 255, 255, 0.9)",
      "text-halo-width": 2,
    },
  };
}

export const areaFill: FillLayerSpecification = {
  id: "area-fill",
  type: "fill",
  source: sourceIds.areas,
  // A tint for the overview; close up it fades, so that the streets stay clear.
  paint: {
    "fill-color": "#1d5fbf",
    "fill-opacity": ["interpolate", ["linear"], ["zoom"], 12, 0.08, 15, 0.03],
  },
};

/** Blue dotted outline, like the office's official map of the funding area. */
export const areaLine: LineLayerSpecification = {
  id: "area-line",
  type: "line",
  source: sourceIds.areas,
  layout: { "line-cap": "round", "line-join": "round" },
  paint: { "line-color": "#1d5fbf", "line-width": 3, "line-dasharray": [0.1, 2] },
};

/** The number of initiatives in a cluster, over its circle. */
export function clusterCount(textScale = 1): SymbolLayerSpecification {
  return {
    id: "proposal-cluster-count",
    type: "symbol",
    source: sourceIds.proposals,
    filter: ["has", "point_count"],
    layout: {
      "text-field": ["get", "point_count_abbreviated"],
      "text-font": basemapFont,
      "text-size": 13 * textScale,
      "text-allow-overlap": true,
      "text-ignore-placement": true,
    },
    paint: { "text-color": "#ffffff" },
  };
}

export const clusterCircle: CircleLayerSpecification = {
  id: "proposal-clusters",
  type: "circle",
  source: sourceIds.proposals,
  filter: ["has", "point_count"],
  paint: {
    "circle-color": "#0b4f8a",
    "circle-opacity": 0.85,
    "circle-stroke-color": "#ffffff",
    "circle-stroke-width": 2,
    "circle-radius": ["step", ["get", "point_count"], 14, 10, 18, 100, 24, 1000, 30],
  },
};

// Built from the category table so that a new category gets its colour on the map too.
const [firstCategory, ...otherCategories] = categories;
const categoryColourExpression: ExpressionSpecification = [
  "match",
  ["get", "category"],
  firstCategory,
  categoryColours[firstCategory],
  ...otherCategories.flatMap((category) => [category, categoryColours[category]]),
  "#495057",
];

export const proposalPoint: CircleLayerSpecification = {
  id: "proposal-points",
  type: "circle",
  source: sourceIds.proposals,
  filter: ["!", ["has", "point_count"]],
  paint: {
    "circle-color": categoryColourExpression,
    "circle-radius": 8,
    "circle-stroke-color": "#ffffff",
    "circle-stroke-width": 2,
  },
};

/** A draft area over the current one: orange dashes, so both stay visible. */
export const overlayLine: LineLayerSpecification = {
  id: "overlay-line",
  type: "line",
  source: sourceIds.overlay,
  paint: { "line-color": "#d35400", "line-width": 3, "line-dasharray": [2, 1] },
};

export const overlayFill: FillLayerSpecification = {
  id: "overlay-fill",
  type: "fill",
  source: sourceIds.overlay,
  paint: { "fill-color": "#d35400", "fill-opacity": 0.1 },
};
