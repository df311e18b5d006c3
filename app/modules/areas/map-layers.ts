import type {
  CircleLayerSpecification,
  ExpressionSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
  StyleSpecification,
} from "maplibre-gl";
import { categories, categoryColours } from "~/modules/proposals/categories";

export const sourceIds = {
  areas: "funding-areas",
  overlay: "overlay-area",
  districts: "districts",
  proposals: "proposals",
} as const;

/** Built-in style: no tiles, no glyphs, no sprites — nothing loaded from another host. */
export const offlineStyle: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: "background", type: "background", paint: { "background-color": "#f4f2ee" } }],
};

export const districtFill: FillLayerSpecification = {
  id: "district-fill",
  type: "fill",
  source: sourceIds.districts,
  paint: { "fill-color": "#ffffff", "fill-opacity": 0.6 },
};

export const districtLine: LineLayerSpecification = {
  id: "district-line",
  type: "line",
  source: sourceIds.districts,
  paint: { "line-color": "#8a8a8a", "line-width": 1 },
};

export const areaFill: FillLayerSpecification = {
  id: "area-fill",
  type: "fill",
  source: sourceIds.areas,
  paint: { "fill-color": "#1d5fbf", "fill-opacity": 0.08 },
};

/** Blue dotted outline, like the office's official map of the funding area. */
export const areaLine: LineLayerSpecification = {
  id: "area-line",
  type: "line",
  source: sourceIds.areas,
  layout: { "line-cap": "round", "line-join": "round" },
  paint: { "line-color": "#1d5fbf", "line-width": 3, "line-dasharray": [0.1, 2] },
};

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
