import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { LazyMap } from "~/components/lazy-map";
import { IsolatedT } from "~/components/user-text";
import type { PlaceConfirmation } from "~/modules/addresses/place.server";
import type { PointCheck } from "~/modules/areas/geo";
import type { LonLat } from "~/modules/areas/map-types";
import { outsideAreaMessage } from "~/modules/proposals/submission-messages";

export type AddressHitView = {
  id: string;
  label: string;
  district: string;
  lon: number;
  lat: number;
};

type Confirmation =
  { state: "checking" } | { state: "failed" } | ({ state: "done" } & PlaceConfirmation);

const geolocationErrors: Record<number, string> = {
  1: "places.geolocate.denied",
  2: "places.geolocate.unavailable",
  3: "places.geolocate.timeout",
};

/**
 * The place of a fund project: the same map, funding-area check and address
 * search as the initiative form (LazyMap, /api/places, the address search
 * that also works without JavaScript through a submit button). Writes hidden
 * lon/lat inputs, so the form stays an ordinary form. Tells the form whether
 * the place lies inside the funding area (for the live rule check).
 */
export function FundPlaceField({
  initial,
  styleUrl,
  attributions,
  language,
  addresses,
  addressQuery,
  serverPlace,
  errors,
  onInsideChange,
}: {
  initial: LonLat | null;
  styleUrl: string;
  attributions: string[];
  language: string;
  addresses: AddressHitView[] | null;
  addressQuery: string;
  /** The server's verdict on the place that was sent (answers that show the form again). */
  serverPlace?: PlaceConfirmation | null;
  errors: string[];
  onInsideChange: (inside: boolean | null) => void;
}) {
  const { t } = useTranslation();
  const [location, setLocation] = useState<LonLat | null>(initial);
  const [changed, setChanged] = useState(false);
  const [check, setCheck] = useState<PointCheck | null>(null);
  const [addressId, setAddressId] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(
    serverPlace ? { state: "done", ...serverPlace } : null,
  );
  const [geolocation, setGeolocation] = useState<string | null>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  // The stored or sent place, checked once the page runs (no verdict came with it).
  useEffect(() => {
    if (!location || (!changed && serverPlace)) return;
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

  const inside = confirmation?.state === "done" ? confirmation.inside : check ? check.inside : null;
  useEffect(() => onInsideChange(location ? inside : null), [inside, location, onInsideChange]);

  const pick = (point: LonLat, result: PointCheck | null) => {
    setLocation(point);
    setCheck(result);
    setChanged(true);
  };

  const locateMe = () => {
    if (!("geolocation" in navigator)) {
      setGeolocation("places.geolocate.unsupported");
      return;
    }
    setGeolocation("places.geolocate.locating");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setGeolocation("places.geolocate.found");
        setAddressId(null);
        pick({ lon: position.coords.longitude, lat: position.coords.latitude }, null);
      },
      (error) => setGeolocation(geolocationErrors[error.code] ?? "places.geolocate.unavailable"),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const outside =
    confirmation?.state === "done" && !confirmation.inside
      ? confirmation
      : check && !check.inside
        ? check
        : null;

  return (
    <fieldset className="field location" id="fund-place" aria-describedby="fund-place-status">
      <legend>{t("fund.form.place")}</legend>
      <p className="hint">{t("fund.form.placeHint")}</p>
      <p className="hint">{t("proposals.new.locationHint")}</p>
      <LazyMap
        mode="pick"
        className="map map-pick"
        styleUrl={styleUrl}
        attributions={attributions}
        value={location}
        onPick={(point, result) => {
          setAddressId(null);
          pick(point, result);
        }}
      />
      <input type="hidden" name="lon" value={location?.lon ?? ""} />
      <input type="hidden" name="lat" value={location?.lat ?? ""} />
      {hydrated ? (
        <div className="geolocate">
          <button type="button" className="secondary" onClick={locateMe}>
            {t("places.geolocate.button")}
          </button>
          <p role="status" aria-live="polite">
            {geolocation ? t(geolocation) : null}
          </p>
        </div>
      ) : null}

      <div id="fund-place-status" aria-live="polite" className="location-status">
        {outside ? (
          <div className="alert alert-error">
            {confirmation?.state === "done" && confirmation.label ? (
              <p>
                {t("places.label")}: <bdi>{confirmation.label}</bdi>
              </p>
            ) : null}
            <p>{outsideAreaMessage(t, outside)}</p>
          </div>
        ) : confirmation?.state === "done" ? (
          <p className="alert alert-ok">
            {confirmation.label ? (
              <IsolatedT i18nKey="places.confirm.inside" user={{ place: confirmation.label }} />
            ) : (
              t("proposals.new.insideArea")
            )}
          </p>
        ) : confirmation?.state === "checking" ? (
          <p className="hint">{t("places.confirm.checking")}</p>
        ) : confirmation?.state === "failed" ? (
          <p className="alert alert-info">{t("places.confirm.failed")}</p>
        ) : !location ? (
          <p className="hint">{t("places.confirm.none")}</p>
        ) : null}
        {errors.map((error) => (
          <p className="field-error" key={error}>
            {error}
          </p>
        ))}
      </div>

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
            formEncType="application/x-www-form-urlencoded"
            formAction="?#fund-address-results"
            className="secondary"
          >
            {t("proposals.new.addressSearchButton")}
          </button>
        </div>
        <div id="fund-address-results">
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
                      onChange={() => {
                        setAddressId(address.id);
                        pick({ lon: address.lon, lat: address.lat }, null);
                      }}
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
    </fieldset>
  );
}
