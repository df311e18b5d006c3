import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { LazyMap } from "~/components/lazy-map";
import { IsolatedT } from "~/components/user-text";
import type { PlaceConfirmation } from "~/modules/addresses/place.server";
import type { Compass, PointCheck } from "~/modules/areas/geo";
import type { LonLat } from "~/modules/areas/map-types";
import { outsideAreaMessage } from "~/modules/proposals/submission-messages";

/**
 * The place picker shared by the initiative form (/proposals/new) and the
 * neighbourhood-fund application form: the map with its geofence check and
 * "locate me", the hidden lon/lat inputs, the server's verdict on the chosen
 * point (/api/places) and the address search that also works without
 * JavaScript through a submit button. Each form keeps its own state and
 * arranges the pieces; what differs between them comes in through props.
 */

/** An address search result as the form shows it. */
export type AddressHitView = {
  id: string;
  label: string;
  district: string;
  lon: number;
  lat: number;
};

/** The server's verdict on the chosen point: being asked, failed, or known. */
export type PlaceConfirmationState =
  { state: "checking" } | { state: "failed" } | ({ state: "done" } & PlaceConfirmation);

const geolocationErrors: Record<number, string> = {
  1: "places.geolocate.denied",
  2: "places.geolocate.unavailable",
  3: "places.geolocate.timeout",
};

/**
 * The chosen point in words and inside/outside, asked from the server
 * (/api/places) whenever the point changes. Asks when `changed` (a place the
 * server has not judged yet), or for an unchanged place when `askUnchanged`.
 */
export function usePlaceConfirmation({
  location,
  changed,
  askUnchanged = false,
  language,
  initial = null,
}: {
  location: LonLat | null;
  changed: boolean;
  askUnchanged?: boolean;
  language: string;
  initial?: PlaceConfirmationState | null;
}) {
  const [confirmation, setConfirmation] = useState<PlaceConfirmationState | null>(initial);
  useEffect(() => {
    if (!location || !(changed || askUnchanged)) return;
    const controller = new AbortController();
    setConfirmation({ state: "checking" });
    const query = new URLSearchParams({
      lon: String(location.lon),
      lat: String(location.lat),
      lng: language,
    });
    fetch(`/api/places?${query}`, { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((body: PlaceConfirmation) => setConfirmation({ state: "done", ...body }))
      .catch(() => {
        if (!controller.signal.aborted) setConfirmation({ state: "failed" });
      });
    return () => controller.abort();
  }, [location?.lon, location?.lat, changed, language]);
  return confirmation;
}

/**
 * The map to pick a point on, the hidden lon/lat inputs (the form stays an
 * ordinary form) and, once scripts run, "locate me".
 */
export function PlaceMap({
  styleUrl,
  attributions,
  location,
  onPick,
  onLocated,
  geolocateStatusId,
}: {
  styleUrl: string;
  attributions: string[];
  location: LonLat | null;
  onPick: (point: LonLat, result: PointCheck) => void;
  /** The device's position was found. */
  onLocated: (point: LonLat) => void;
  geolocateStatusId?: string;
}) {
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [geolocation, setGeolocation] = useState<string | null>(null);
  const locateMe = () => {
    if (!("geolocation" in navigator)) {
      setGeolocation("places.geolocate.unsupported");
      return;
    }
    setGeolocation("places.geolocate.locating");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setGeolocation("places.geolocate.found");
        onLocated({ lon: position.coords.longitude, lat: position.coords.latitude });
      },
      (error) => setGeolocation(geolocationErrors[error.code] ?? "places.geolocate.unavailable"),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  return (
    <>
      <LazyMap
        mode="pick"
        className="map map-pick"
        styleUrl={styleUrl}
        attributions={attributions}
        value={location}
        onPick={onPick}
      />
      <input type="hidden" name="lon" value={location?.lon ?? ""} />
      <input type="hidden" name="lat" value={location?.lat ?? ""} />
      {hydrated ? (
        <div className="geolocate">
          <button type="button" className="secondary" onClick={locateMe}>
            {t("places.geolocate.button")}
          </button>
          <p role="status" aria-live="polite" id={geolocateStatusId}>
            {geolocation ? t(geolocation) : null}
          </p>
        </div>
      ) : null}
    </>
  );
}

/**
 * The verdict on the chosen point in words: outside (with how far and where),
 * inside, being checked, failed, or no point yet. The caller gives the box.
 */
export function PlaceVerdict({
  shown,
  outside,
  location,
}: {
  shown: PlaceConfirmationState | null;
  /** Outside as far as is known (the server's answer or the map's own check). */
  outside: { distanceMeters: number; direction: Compass } | null | undefined;
  location: LonLat | null;
}) {
  const { t } = useTranslation();
  return outside ? (
    <div className="alert alert-error">
      {shown?.state === "done" && shown.label ? (
        <p>
          {t("places.label")}: <bdi>{shown.label}</bdi>
        </p>
      ) : null}
      <p>{outsideAreaMessage(t, outside)}</p>
    </div>
  ) : shown?.state === "done" ? (
    <p className="alert alert-ok">
      {shown.label ? (
        <IsolatedT i18nKey="places.confirm.inside" user={{ place: shown.label }} />
      ) : (
        t("proposals.new.insideArea")
      )}
    </p>
  ) : shown?.state === "checking" ? (
    <p className="hint">{t("places.confirm.checking")}</p>
  ) : shown?.state === "failed" ? (
    <p className="alert alert-info">{t("places.confirm.failed")}</p>
  ) : !location ? (
    <p className="hint">{t("places.confirm.none")}</p>
  ) : null;
}

/**
 * The address search: a submit button (intent "search-address") that works
 * without JavaScript, and the results as radio buttons (`addressId`, which the
 * server turns into lon/lat without JavaScript; with it, a choice moves the pin).
 */
export function AddressSearch({
  addresses,
  addressQuery,
  formAction,
  resultsId,
  addressId,
  onChoose,
}: {
  addresses: AddressHitView[] | null | undefined;
  addressQuery: string;
  /** Where the search answer opens without JavaScript (at the results). */
  formAction: string;
  resultsId: string;
  addressId: string | null;
  onChoose: (address: AddressHitView) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="address-search">
      <label htmlFor="addressQuery">{t("proposals.new.addressSearch")}</label>
      <p className="hint" id="addressQuery-hint">
        {t("proposals.new.addressSearchHint")}
      </p>
      <div className="inline-form">
        <input
          id="addressQuery"
          name="addressQuery"
          type="search"
          dir="auto"
          autoComplete="street-address"
          defaultValue={addressQuery}
          aria-describedby="addressQuery-hint"
        />
        <button
          type="submit"
          name="intent"
          value="search-address"
          formNoValidate
          // Searching sends no files (photos would cost data for nothing).
          formEncType="application/x-www-form-urlencoded"
          formAction={formAction}
          className="secondary"
        >
          {t("proposals.new.addressSearchButton")}
        </button>
      </div>
      <div id={resultsId}>
        {addresses ? (
          addresses.length === 0 ? (
            <p role="status">{t("proposals.new.addressNoResults")}</p>
          ) : (
            <fieldset className="address-results">
              <legend>{t("proposals.new.addressResults")}</legend>
              {addresses.map((address) => (
                <label key={address.id} className="radio">
                  <input
                    type="radio"
                    name="addressId"
                    value={address.id}
                    checked={addressId === address.id}
                    onChange={() => onChoose(address)}
                  />
                  <span>
                    <bdi>{address.label}</bdi>{" "}
                    <small>
                      (<bdi>{address.district}</bdi>)
                    </small>
                  </span>
                </label>
              ))}
            </fieldset>
          )
        ) : null}
      </div>
    </div>
  );
}
