import { lazy, Suspense, useEffect, useState } from "react";
import { basemapAttribution } from "~/modules/areas/map-style";

export type MeetingMapProps = {
  options: Array<{ id: string; number: number; lon: number; lat: number }>;
  spotlightId: string | null;
  /** The first language of the meeting: place names prefer it. */
  language: string;
  /** Operator-configured basemap style; empty for the built-in one. */
  styleUrl: string;
  /** Says what the map shows and that the list next to it has the same. */
  label: string;
};

// maplibre-gl (~1 MB) loads only here, after hydration, like the other maps (lazy-map.tsx).
const MeetingMap = lazy(() => import("./meeting-map.client"));

/** The projection's map; until it has loaded (or without WebGL) an empty box keeps the layout. */
export function LazyMeetingMap(props: MeetingMapProps) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const placeholder = <div className="pj-map-canvas" aria-hidden="true" />;
  return (
    <>
      {hydrated ? (
        <Suspense fallback={placeholder}>
          <MeetingMap {...props} />
        </Suspense>
      ) : (
        placeholder
      )}
      {props.styleUrl ? null : (
        <p className="pj-map-credit" lang="en" dir="ltr">
          {basemapAttribution}
        </p>
      )}
    </>
  );
}
