import { lazy, Suspense, useEffect, useState } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MapProps } from "~/modules/areas/map-types";

// maplibre-gl (~1 MB) and turf load only here, after hydration, on pages with a map.
const ProposalMap = lazy(() => import("~/modules/areas/proposal-map.client"));

export function LazyMap(props: MapProps) {
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const placeholder = (
    <div className={`${props.className ?? "map"} map-placeholder`}>
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
  if (!hydrated) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <ProposalMap {...props} />
    </Suspense>
  );
}
