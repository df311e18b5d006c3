import { prisma } from "~/utils/db.server";
import { normaliseAddress } from "./normalise";

export type AddressHit = {
  id: string;
  label: string;
  district: string;
  lon: number;
  lat: number;
};

/**
 * Offline address search over the OpenStreetMap address points. Every word of
 * the query must occur; results are ordered by street, then house number.
 */
export async function searchAddresses(query: string, limit = 8): Promise<AddressHit[]> {
  const words = normaliseAddress(query).split(" ").filter(Boolean).slice(0, 5);
  if (words.length === 0) return [];
  const rows = await prisma.address.findMany({
    where: { AND: words.map((word) => ({ searchText: { contains: word } })) },
    take: 200,
  });
  return rows
    .sort(
      (a, b) =>
        a.street.localeCompare(b.street, "de") ||
        a.housenumber.localeCompare(b.housenumber, "de", { numeric: true }),
    )
    .slice(0, limit)
    .map(toHit);
}

export async function getAddress(id: string): Promise<AddressHit | null> {
  const row = await prisma.address.findUnique({ where: { id } });
  return row ? toHit(row) : null;
}

function toHit(row: {
  id: string;
  street: string;
  housenumber: string;
  postcode: string | null;
  district: string;
  lon: number;
  lat: number;
}): AddressHit {
  const city = row.postcode ? `${row.postcode} Leipzig` : "Leipzig";
  return {
    id: row.id,
    label: `${row.street} ${row.housenumber}, ${city}`,
    district: row.district,
    lon: row.lon,
    lat: row.lat,
  };
}
