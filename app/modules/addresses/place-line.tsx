import { useTranslation } from "react-i18next";
import { formatStoredPlace } from "./place";

/**
 * "Ort: bei Eisenbahnstraße 54" on cards and detail pages. The place is
 * isolated with <bdi>: German street names inside Arabic text keep their order.
 * Renders nothing for an initiative without a stored place.
 */
export function PlaceLine({
  placeLabel,
  className = "meta",
}: {
  placeLabel: string | null | undefined;
  className?: string;
}) {
  const { t } = useTranslation();
  const text = formatStoredPlace(placeLabel, t);
  if (!text) return null;
  return (
    <p className={`${className} place`}>
      {t("places.label")}: <bdi>{text}</bdi>
    </p>
  );
}
