import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { searchAddresses } from "~/modules/addresses/addresses.server";

const QuerySchema = z.object({ q: z.string().trim().max(100).catch("") });

/** Offline address search (OpenStreetMap address points), as JSON. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { q } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ results: await searchAddresses(q) });
}
