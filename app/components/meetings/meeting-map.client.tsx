import * as maplibregl from "maplibre-gl";
import type {
  CircleLayerSpecification,
  GeoJSONSource,
  Map as MapLibreMap,
  SymbolLayerSpecification,
} from "maplibre-gl";
import type { FeatureCollection, Point } from "geojson";
import { useEffect, useRef } from "react";
import { basemapFont, basemapPaths, buildBasemapStyle } from "~/modules/areas/map-style";
import { mapAssets } from "~/modules/areas/map-types";
import type { MeetingMapProps } from "./meeting-map";

maplibregl.setWorkerUrl(mapAssets.worker);

declare global {
  interface Window {
    /** The maps on the page, for the browser tests (queryRenderedFeatures). */
    __qsMaps?: MapLibreMap[];
  }
}

/** Street names and pin numbers large enough for a projector. */
const TEXT_SCALE = 1.6;
const SOURCE = "meeting-options";
const NONE = "";

/** Pin radius in pixels: a fixed share of the wall's height. */
const pinRadius = () => Math.max(12, Math.round(window.innerHeight / 42));

function pinLayers(radius: number): {
  pins: CircleLayerSpecification;
  highlight: CircleLayerSpecification;
  numbers: SymbolLayerSpecification;
} {
  return {
    // The spotlighted initiative: a wider ring under its pin, shown with a filter.
    highlight: {
      id: "meeting-pin-highlight",
      type: "circle",
      source: SOURCE,
      filter: ["==", ["get", "id"], NONE],
      paint: {
        "circle-radius": radius * 1.7,
        "circle-color": "#ffd23f",
        "circle-stroke-color": "#1b1b1b",
        "circle-stroke-width": 3,
      },
    },
    pins: {
      id: "meeting-pins",
      type: "circle",
      source: SOURCE,
      paint: {
        "circle-radius": radius,
        "circle-color": "#0b3d6e",
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 3,
      },
    },
    numbers: {
      id: "meeting-pin-numbers",
      type: "symbol",
      source: SOURCE,
      layout: {
        "text-field": ["to-string", ["get", "number"]],
        "text-font": basemapFont,
        "text-size": radius * 1.15,
        "text-allow-overlap": true,
        "text-ignore-placement": true,
      },
      paint: { "text-color": "#ffffff", "text-halo-color": "#0b3d6e", "text-halo-width": 1 },
    },
  };
}

/**
 * The vote's initiatives as numbered pins on the street basemap, for the
 * projection. Not interactive (nobody touches a wall); the spotlighted
 * initiative is ringed and the map flies to it; without one the map shows
 * all pins. The numbers are the ones in the list next to it.
 */
export default function MeetingMap(props: MeetingMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const loaded = useRef(false);
  const propsRef = useRef(props);
  propsRef.current = props;

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style:
        props.styleUrl ||
        buildBasemapStyle({
          origin: window.location.origin,
          textScale: TEXT_SCALE,
          language: props.language,
        }),
      center: [12.41, 51.34],
      zoom: 13,
      maxZoom: 18,
      interactive: false,
      // The built-in basemap's credit is written under the map by the page (one short
      // line instead of a box over a small map); an operator's own style brings its own.
      attributionControl: props.styleUrl ? { compact: true } : false,
    });
    mapRef.current = map;
    (window.__qsMaps ??= []).push(map);

    map.on("load", () => {
      if (!map.getGlyphs()) map.setGlyphs(`${window.location.origin}${basemapPaths.glyphs}`);
      const data: FeatureCollection<Point> = {
        type: "FeatureCollection",
        features: propsRef.current.options.map((option) => ({
          type: "Feature",
          properties: { id: option.id, number: option.number },
          geometry: { type: "Point", coordinates: [option.lon, option.lat] },
        })),
      };
      map.addSource(SOURCE, { type: "geojson", data });
      const layers = pinLayers(pinRadius());
      map.addLayer(layers.highlight);
      map.addLayer(layers.pins);
      map.addLayer(layers.numbers);
      loaded.current = true;
      show(false);
      // The wall's size changed (full screen on, another projector): frame the view again.
      map.on("resize", () => {
        if (!map.isMoving()) frame(false);
      });
      map.once("idle", () => container.current?.setAttribute("data-map-ready", "true"));
    });

    return () => {
      window.__qsMaps = window.__qsMaps?.filter((other) => other !== map);
      map.remove();
      mapRef.current = null;
      loaded.current = false;
    };
    // The map is created once; the spotlight is applied by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Ring the spotlighted pin and fly to it, or show every pin. */
  function show(animate: boolean) {
    const map = mapRef.current;
    if (!map || !loaded.current) return;
    // The spotlight card above the map has just changed the map's height: measure
    // first, or the flight ends off centre.
    map.resize();
    map.setFilter("meeting-pin-highlight", [
      "==",
      ["get", "id"],
      propsRef.current.spotlightId ?? NONE,
    ]);
    frame(animate);
  }

  /** The view: the spotlighted initiative close up, or all of them. */
  function frame(animate: boolean) {
    const map = mapRef.current;
    if (!map || !loaded.current) return;
    const { options, spotlightId } = propsRef.current;
    const spotlight = options.find((option) => option.id === spotlightId);
    const padding = Math.round(Math.min(map.getContainer().clientHeight, 600) / 8);
    if (spotlight) {
      const target = { center: [spotlight.lon, spotlight.lat] as [number, number], zoom: 16 };
      if (animate) map.flyTo({ ...target, duration: 1200 });
      else map.jumpTo(target);
    } else if (options.length > 0) {
      const lons = options.map((option) => option.lon);
      const lats = options.map((option) => option.lat);
      map.fitBounds(
        [
          [Math.min(...lons), Math.min(...lats)],
          [Math.max(...lons), Math.max(...lats)],
        ],
        { padding, maxZoom: 16, animate, duration: 1200 },
      );
    }
  }

  useEffect(() => {
    show(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.spotlightId]);

  // A changed list of initiatives (options added while the page is open is rare; a reload shows them).
  useEffect(() => {
    const source = mapRef.current?.getSource<GeoJSONSource>(SOURCE);
    if (!source) return;
    source.setData({
      type: "FeatureCollection",
      features: props.options.map((option) => ({
        type: "Feature",
        properties: { id: option.id, number: option.number },
        geometry: { type: "Point", coordinates: [option.lon, option.lat] },
      })),
    });
  }, [props.options]);

  return <div ref={container} className="pj-map-canvas" role="region" aria-label={props.label} />;
}
