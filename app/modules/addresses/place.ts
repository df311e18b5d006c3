import type { TFunction } from "i18next";

/**
 * Where an initiative is, in words: the nearest address point within 60 m
 * ("bei Eisenbahnstraße 54"), else the nearest street and the Ortsteil
 * ("Eisenbahnstraße, Volkmarsdorf"), else the Ortsteil alone. Stored as JSON
 * in `Proposal.placeLabel` (street names stay German; only the words around
 * them are translated) and formatted per language by `formatPlace`.
 */
export type Place =
  | { kind: "address"; street: string; housenumber: string; district: string | null }
  | { kind: "street"; street: string; district: string | null }
  | { kind: "district"; district: string };

const text = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/** Reads a stored `placeLabel`; anything unreadable counts as no place. */
export function parsePlace(stored: string | null | undefined): Place | null {
  if (!stored) return null;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const district = text(v.district) ? v.district : null;
  if (v.kind === "address" && text(v.street) && text(v.housenumber))
    return { kind: "address", street: v.street, housenumber: v.housenumber, district };
  if (v.kind === "street" && text(v.street)) return { kind: "street", street: v.street, district };
  if (v.kind === "district" && district) return { kind: "district", district };
  return null;
}

export function serialisePlace(place: Place): string {
  return JSON.stringify(place);
}

/** "bei Eisenbahnstraße 54" / "near Eisenbahnstraße 54" / "قرب Eisenbahnstraße 54". */
export function formatPlace(place: Place, t: TFunction): string {
  switch (place.kind) {
    case "address":
      return t("places.nearAddress", { street: place.street, housenumber: place.housenumber });
    case "street":
      return place.district
        ? t("places.streetInDistrict", { street: place.street, district: place.district })
        : place.street;
    case "district":
      return t("places.inDistrict", { district: place.district });
  }
}

/** The German wording, for exports and the open-data API (the platform's working language). */
export function germanPlace(place: Place | null): string {
  if (!place) return "";
  switch (place.kind) {
    case "address":
      return `bei ${place.street} ${place.housenumber}`;
    case "street":
      return place.district ? `${place.street}, ${place.district}` : place.street;
    case "district":
      return `Ortsteil ${place.district}`;
  }
}

/** A stored `placeLabel` in words for the visitor, or null when there is none. */
export function formatStoredPlace(stored: string | null | undefined, t: TFunction): string | null {
  const place = parsePlace(stored);
  return place ? formatPlace(place, t) : null;
}
