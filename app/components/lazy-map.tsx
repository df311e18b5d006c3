import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MapProps } from "~/modules/areas/map-types";

// maplibre-gl (~1 MB) and turf load only here, after hydration, on pages with a map.
const ProposalMap = lazy(() => import("~/modules/areas/proposal-map.client"));

/**
 * The map, loaded after hydration. With `loadWhenVisible`, only once its box
 * comes near the screen (IntersectionObserver): on a phone the start page's map
 * lies below the first screen, and a visitor who does not scroll to it never
 * downloads the map library, its worker, the basemap and the data (~1.5 MB).
 */
export function LazyMap({
  loadWhenVisible = false,
  ...props
}: MapProps & { loadWhenVisible?: boolean }) {
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  const [visible, setVisible] = useState(!loadWhenVisible);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (visible) return;
    const element = box.current;
    if (!element || typeof IntersectionObserver === "undefined") {
      setVisible(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      // A little ahead of the scroll, so the map is usually there when it is reached.
      { rootMargin: "200px 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [visible]);
  const placeholder = (
    <div ref={box} className={`${props.className ?? "map"} map-placeholder`}>
      {/* "Loading" only once scripts run: without JavaScript the box says what to use instead. */}
      {hydrated ? <p>{t("map.loading")}</p> : null}
      <noscript>
        <p>{t("map.noscript")}</p>
        <p>
          <Link to="/proposals">{t("mapNoscript.listLink")}</Link>
        </p>
      </noscript>
    </div>
  );
  if (!hydrated || !visible) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <ProposalMap {...props} />
    </Suspense>
  );
}
