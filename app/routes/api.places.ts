import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getT } from "~/i18n/i18n.server";
import { confirmPlace } from "~/modules/addresses/place.server";

const QuerySchema = z.object({
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
});

/**
 * A point in words and the funding-area verdict, in the visitor's language:
 * `GET /api/places?lon=12.40347&lat=51.344097` →
 * `{label: "bei Eisenbahnstraße 54", inside: true}`, or
 * `{label, inside: false, distanceMeters: 420, direction: "e"}` outside.
 * The submit form asks this after a tap on the map, an address or the visitor's location.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = QuerySchema.safeParse({
    lon: params.lon || undefined,
    lat: params.lat || undefined,
  });
  if (!query.success) {
    return Response.json({ error: "invalid-coordinates" }, { status: 400 });
  }
  const t = await getT(request);
  const body = await confirmPlace(query.data.lon, query.data.lat, t);
  // The answer depends on the point and the language (query parameter or cookie) only.
  return Response.json(body, {
    headers: { "Cache-Control": "private, max-age=300", Vary: "Cookie" },
  });
}
