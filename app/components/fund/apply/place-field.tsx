import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  AddressSearch,
  PlaceMap,
  PlaceVerdict,
  usePlaceConfirmation,
  type AddressHitView,
} from "~/components/place-picker";
import type { PlaceConfirmation } from "~/modules/addresses/place.server";
import type { PointCheck } from "~/modules/areas/geo";
import type { LonLat } from "~/modules/areas/map-types";

export type { AddressHitView };

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
  // The stored or sent place, checked once the page runs (no verdict came with it).
  const confirmation = usePlaceConfirmation({
    location,
    changed,
    askUnchanged: !serverPlace,
    language,
    initial: serverPlace ? { state: "done", ...serverPlace } : null,
  });

  const inside = confirmation?.state === "done" ? confirmation.inside : check ? check.inside : null;
  useEffect(() => onInsideChange(location ? inside : null), [inside, location, onInsideChange]);

  const pick = (point: LonLat, result: PointCheck | null) => {
    setLocation(point);
    setCheck(result);
    setChanged(true);
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
      <PlaceMap
        styleUrl={styleUrl}
        attributions={attributions}
        location={location}
        onPick={(point, result) => {
          setAddressId(null);
          pick(point, result);
        }}
        onLocated={(point) => {
          setAddressId(null);
          pick(point, null);
        }}
      />

      <div id="fund-place-status" aria-live="polite" className="location-status">
        <PlaceVerdict shown={confirmation} outside={outside} location={location} />
        {errors.map((error) => (
          <p className="field-error" key={error}>
            {error}
          </p>
        ))}
      </div>

      <AddressSearch
        addresses={addresses}
        addressQuery={addressQuery}
        formAction="?#fund-address-results"
        resultsId="fund-address-results"
        addressId={addressId}
        onChoose={(address) => {
          setAddressId(address.id);
          pick({ lon: address.lon, lat: address.lat }, null);
        }}
      />
    </fieldset>
  );
}
