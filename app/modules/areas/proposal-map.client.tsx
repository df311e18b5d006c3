import * as maplibregl from "maplibre-gl";
import type { GeoJSONSource, Map as MapLibreMap } from "maplibre-gl";
import { bbox } from "@turf/turf";
import type { FeatureCollection, MultiPolygon, Point, Polygon } from "geojson";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { checkPointInAreas, type AreaGeometry } from "./geo";
import {
  areaFill,
  areaLine,
  clusterCircle,
  clusterCount,
  districtLabel,
  districtLine,
  overlayFill,
  overlayLine,
  proposalPoint,
  sourceIds,
} from "./map-layers";
import { basemapPaths, buildBasemapStyle } from "./map-style";
import { mapAssets, mapDataUrls, type LonLat, type MapPoint, type MapProps } from "./map-types";

maplibregl.setWorkerUrl(mapAssets.worker);

declare global {
  interface Window {
    /** The maps on the page, for the browser tests (queryRenderedFeatures). */
    __qsMaps?: MapLibreMap[];
  }
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

/** The interactive map: browse published initiatives, show one, or pick a location. */
export default function ProposalMap(props: MapProps) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markerRef = useRef<maplibregl.Marker | null>(null);
  const areasRef = useRef<Array<{ id: string; geometry: AreaGeometry }>>([]);
  const propsRef = useRef(props);
  propsRef.current = props;

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      // MAP_STYLE_URL, or the built-in street basemap served by the app itself.
      // MapLibre's workers need absolute tile URLs: the page's own origin.
      style:
        props.styleUrl ||
        buildBasemapStyle({ origin: window.location.origin, language: i18n.language }),
      center: [12.41, 51.34],
      zoom: 13,
      maxZoom: 19,
      attributionControl: { compact: true, customAttribution: props.attributions },
      cooperativeGestures: props.mode === "browse",
      locale: {
        "Map.Title": t("map.ui.map"),
        "Marker.Title": t("map.ui.marker"),
        "Popup.Close": t("map.ui.closePopup"),
        "AttributionControl.MapFeedback": t("map.ui.feedback"),
        "LogoControl.Title": t("map.ui.logo"),
        "NavigationControl.ZoomIn": t("map.zoomIn"),
        "NavigationControl.ZoomOut": t("map.zoomOut"),
        "NavigationControl.ResetBearing": t("map.resetBearing"),
        "CooperativeGesturesHandler.WindowsHelpText": t("map.cooperativeDesktop"),
        "CooperativeGesturesHandler.MacHelpText": t("map.cooperativeDesktop"),
        "CooperativeGesturesHandler.MobileHelpText": t("map.cooperativeMobile"),
        "AttributionControl.ToggleAttribution": t("map.toggleAttribution"),
      },
    });
    mapRef.current = map;
    (window.__qsMaps ??= []).push(map);
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");

    map.on("load", async () => {
      // On a phone, start with the attribution folded (the "i" button opens it): the
      // long source texts would otherwise cover the map. The imprint repeats them.
      if ((container.current?.clientWidth ?? 0) < 640)
        container.current
          ?.querySelector(".maplibregl-ctrl-attrib")
          ?.classList.remove("maplibregl-compact-show");
      // A replacement style without glyphs gets ours, for the Ortsteil names and counts.
      if (!map.getGlyphs()) map.setGlyphs(`${window.location.origin}${basemapPaths.glyphs}`);
      const [areas, districts] = await Promise.all([
        fetchJson<FeatureCollection<Polygon | MultiPolygon>>(mapDataUrls.areas),
        fetchJson<FeatureCollection>(mapDataUrls.districts),
      ]);
      if (!mapRef.current) return;
      areasRef.current = areas.features.map((feature, index) => ({
        id: String(feature.id ?? index),
        geometry: feature.geometry,
      }));

      map.addSource(sourceIds.districts, { type: "geojson", data: districts });
      map.addSource(sourceIds.areas, { type: "geojson", data: areas });
      map.addSource(sourceIds.districtLabels, {
        type: "geojson",
        data: {
          type: "FeatureCollection",
          features: districts.features.map((district) => ({
            type: "Feature",
            properties: { name: String(district.properties?.name ?? "") },
            geometry: {
              type: "Point",
              coordinates: [district.properties?.labelLon, district.properties?.labelLat],
            },
          })),
        },
      });
      // Area and Ortsteil lines go under the basemap's labels (street names stay
      // readable); Ortsteil names, pins and counts above everything.
      const firstLabel = map.getStyle().layers.find((layer) => layer.type === "symbol")?.id;
      map.addLayer(districtLine, firstLabel);
      map.addLayer(areaFill, firstLabel);
      map.addLayer(areaLine, firstLabel);
      map.addLayer(districtLabel());

      const overlay = propsRef.current.overlay;
      if (overlay) {
        map.addSource(sourceIds.overlay, { type: "geojson", data: overlay });
        map.addLayer(overlayFill, firstLabel);
        map.addLayer(overlayLine, firstLabel);
      }

      const [minX, minY, maxX, maxY] = bbox(overlay ?? areas);
      if (propsRef.current.mode === "single") {
        const { lon, lat } = propsRef.current.point;
        map.jumpTo({ center: [lon, lat], zoom: 16 });
        new maplibregl.Marker({ color: "#0b4f8a" }).setLngLat([lon, lat]).addTo(map);
      } else {
        map.fitBounds(
          [
            [minX, minY],
            [maxX, maxY],
          ],
          { padding: 20, animate: false },
        );
      }

      if (propsRef.current.mode === "browse") {
        const { procedureId, points } = propsRef.current;
        const url = points
          ? pointsCollection(points)
          : procedureId
            ? `${mapDataUrls.proposals}?procedure=${encodeURIComponent(procedureId)}`
            : mapDataUrls.proposals;
        addProposalLayers(map, url, {
          details: t("map.details"),
          supports: (count: number) => t("supports.count", { count }),
        });
      }
      if (propsRef.current.mode === "pick") {
        const current = propsRef.current.value;
        if (current) placeMarker(current, false);
        map.on("click", (event) => {
          pick({ lon: event.lngLat.lng, lat: event.lngLat.lat });
        });
      }
      // Tests (and anyone curious) can tell when the first full view has been drawn.
      map.once("idle", () => container.current?.setAttribute("data-map-ready", "true"));
    });

    return () => {
      window.__qsMaps = window.__qsMaps?.filter((other) => other !== map);
      map.remove();
      mapRef.current = null;
      markerRef.current = null;
    };
    // The map is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function pick(point: LonLat) {
    const current = propsRef.current;
    if (current.mode !== "pick" || areasRef.current.length === 0) return;
    const lon = Number(point.lon.toFixed(6));
    const lat = Number(point.lat.toFixed(6));
    placeMarker({ lon, lat }, false);
    const check = checkPointInAreas(areasRef.current, lon, lat);
    current.onPick({ lon, lat }, check.inside ? { inside: true } : check);
  }

  function placeMarker(point: LonLat, fly: boolean) {
    const map = mapRef.current;
    if (!map) return;
    if (!markerRef.current) {
      const marker = new maplibregl.Marker({ draggable: true, color: "#c0392b" });
      marker.on("dragend", () => {
        const { lng, lat } = marker.getLngLat();
        pick({ lon: lng, lat });
      });
      markerRef.current = marker;
    }
    markerRef.current.setLngLat([point.lon, point.lat]).addTo(map);
    if (fly) map.easeTo({ center: [point.lon, point.lat], zoom: Math.max(map.getZoom(), 16) });
  }

  // A location chosen outside the map (address search) moves the pin.
  const value = props.mode === "pick" ? props.value : null;
  useEffect(() => {
    if (!value) return;
    const marker = markerRef.current?.getLngLat();
    if (
      marker &&
      Math.abs(marker.lng - value.lon) < 1e-7 &&
      Math.abs(marker.lat - value.lat) < 1e-7
    )
      return;
    placeMarker(value, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value?.lon, value?.lat]);

  return (
    <div
      ref={container}
      className={props.className ?? "map"}
      role="region"
      aria-label={t(props.mode === "pick" ? "map.pickLabel" : "map.label")}
    />
  );
}

/** Points given by the page (not initiatives) as GeoJSON, with what their popups show. */
function pointsCollection(points: ReadonlyArray<MapPoint>): FeatureCollection<Point> {
  return {
    type: "FeatureCollection",
    features: points.map((point) => ({
      type: "Feature",
      properties: {
        id: point.id,
        title: point.title,
        href: point.href,
        detail: point.detail ?? "",
      },
      geometry: { type: "Point", coordinates: [point.lon, point.lat] },
    })),
  };
}

function addProposalLayers(
  map: MapLibreMap,
  url: string | FeatureCollection<Point>,
  labels: { details: string; supports: (count: number) => string },
) {
  map.addSource(sourceIds.proposals, {
    type: "geojson",
    data: url,
    cluster: true,
    clusterRadius: 45,
    clusterMaxZoom: 17,
  });
  map.addLayer(clusterCircle);
  map.addLayer(clusterCount());
  map.addLayer(proposalPoint);

  map.on("click", clusterCircle.id, async (event) => {
    const feature = event.features?.[0];
    if (!feature || feature.geometry.type !== "Point") return;
    const source = map.getSource<GeoJSONSource>(sourceIds.proposals);
    if (!source) return;
    const zoom = await source.getClusterExpansionZoom(Number(feature.properties.cluster_id));
    const [lon, lat] = feature.geometry.coordinates;
    map.easeTo({ center: [lon, lat], zoom });
  });

  map.on("click", proposalPoint.id, (event) => {
    const feature = event.features?.[0];
    if (!feature || feature.geometry.type !== "Point") return;
    // Built from DOM nodes with textContent: titles are user text, never HTML.
    const content = document.createElement("div");
    content.className = "map-popup";
    const title = document.createElement("strong");
    title.textContent = String(feature.properties.title);
    title.dir = "auto";
    const link = document.createElement("a");
    // Points given by the page carry their own link (a path on this site) and line of detail.
    const href = typeof feature.properties.href === "string" ? feature.properties.href : "";
    link.href = href.startsWith("/")
      ? href
      : `/proposals/${encodeURIComponent(String(feature.properties.id))}`;
    link.textContent = labels.details;
    const supports = document.createElement("span");
    supports.textContent =
      typeof feature.properties.detail === "string"
        ? feature.properties.detail
        : labels.supports(Number(feature.properties.supportCount ?? 0));
    const photo = popupPhoto(feature.properties);
    if (photo) content.append(photo);
    content.append(
      title,
      document.createElement("br"),
      supports,
      document.createElement("br"),
      link,
    );
    const [lon, lat] = feature.geometry.coordinates;
    new maplibregl.Popup({ closeButton: true, maxWidth: "260px" })
      .setLngLat([lon, lat])
      .setDOMContent(content)
      .addTo(map);
  });

  for (const layer of [clusterCircle.id, proposalPoint.id]) {
    map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
  }
}

/**
 * The initiative's first photo (small version) for its popup, from the
 * feature's properties; loaded from our own origin whatever host the open-data
 * URL names. Width and height keep the popup from jumping while it loads.
 */
function popupPhoto(properties: Record<string, unknown>): HTMLImageElement | null {
  const url = typeof properties.photo === "string" ? properties.photo : "";
  const width = Number(properties.photoWidth);
  const height = Number(properties.photoHeight);
  if (!url || !(width > 0) || !(height > 0)) return null;
  let path: string;
  try {
    path = new URL(url, window.location.origin).pathname;
  } catch {
    return null;
  }
  if (!/^\/photos\/[^/]+\/small$/.test(path)) return null;
  const image = document.createElement("img");
  image.className = "map-popup-photo";
  image.src = path;
  image.width = width;
  image.height = height;
  const alt = typeof properties.photoAlt === "string" ? properties.photoAlt : "";
  // The title follows right below: an alt text that repeats it is left empty.
  image.alt = alt === properties.title ? "" : alt;
  image.dir = "auto";
  image.decoding = "async";
  return image;
}
