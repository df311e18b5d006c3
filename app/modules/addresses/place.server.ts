import type { TFunction } from "i18next";
import { findDistrictName, locatePoint } from "~/modules/areas/areas.server";
import type { Compass } from "~/modules/areas/geo";
import { prisma } from "~/utils/db.server";
import { formatPlace, serialisePlace, type Place } from "./place";
import { createAddressIndex, placeAt, type AddressIndex } from "./place-index";

// The address points are reference data from the seed: loaded once into a grid in memory.
let index: Promise<AddressIndex> | undefined;

function loadIndex(): Promise<AddressIndex> {
  index ??= prisma.address
    .findMany({ select: { street: true, housenumber: true, district: true, lon: true, lat: true } })
    .then(createAddressIndex)
    .catch((error: unknown) => {
      index = undefined;
      throw error;
    });
  return index;
}

/** Forget the loaded address points (after a re-seed, and in tests). */
export function invalidatePlaceIndex() {
  index = undefined;
}

/**
 * Where a point is, in words: "bei Eisenbahnstraße 54" (an address point
 * within 60 m), else "Eisenbahnstraße, Volkmarsdorf", else the Ortsteil.
 */
export async function describePlace(lon: number, lat: number): Promise<Place | null> {
  const [addresses, districtName] = await Promise.all([loadIndex(), findDistrictName(lon, lat)]);
  return placeAt(addresses, districtName, lon, lat);
}

/** The value stored in `Proposal.placeLabel` (JSON, see place.ts), or null. */
export async function placeLabelFor(lon: number, lat: number): Promise<string | null> {
  const place = await describePlace(lon, lat);
  return place ? serialisePlace(place) : null;
}

/** A point in words with the funding-area verdict, as the submit form confirms it. */
export type PlaceConfirmation = { label: string | null } & (
  { inside: true } | { inside: false; distanceMeters: number; direction: Compass }
);

export async function confirmPlace(
  lon: number,
  lat: number,
  t: TFunction,
): Promise<PlaceConfirmation> {
  const [place, location] = await Promise.all([describePlace(lon, lat), locatePoint(lon, lat)]);
  const label = place ? formatPlace(place, t) : null;
  return location.inside
    ? { label, inside: true }
    : {
        label,
        inside: false,
        distanceMeters: location.distanceMeters,
        direction: location.direction,
      };
}

/** The stored places of some initiatives (for pages whose query does not select them). */
export async function listPlaceLabels(ids: string[]): Promise<Record<string, string | null>> {
  if (ids.length === 0) return {};
  const rows = await prisma.proposal.findMany({
    where: { id: { in: ids } },
    select: { id: true, placeLabel: true },
  });
  return Object.fromEntries(rows.map((row) => [row.id, row.placeLabel]));
}
