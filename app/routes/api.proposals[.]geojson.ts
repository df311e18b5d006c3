import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublishedProposalsGeoJSON } from "~/modules/proposals/proposals.server";
import { baseUrl, geoJsonResponse } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return geoJsonResponse(await getPublishedProposalsGeoJSON(baseUrl(request)), { maxAge: 30 });
}
