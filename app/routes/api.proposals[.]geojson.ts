import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublishedProposalsGeoJSON } from "~/modules/proposals/proposals.server";
import { cachedPublicDocument } from "~/modules/proposals/public-data-cache.server";
import { baseUrl } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const base = baseUrl(request);
  const document = await cachedPublicDocument(`proposals.geojson ${base}`, async () =>
    JSON.stringify(await getPublishedProposalsGeoJSON(base)),
  );
  const headers = new Headers({
    "Content-Type": "application/geo+json; charset=utf-8",
    "Cache-Control": "public, max-age=30",
    "Access-Control-Allow-Origin": "*",
    ETag: document.etag,
    Vary: "Accept-Encoding",
  });
  if (request.headers.get("If-None-Match") === document.etag) {
    return new Response(null, { status: 304, headers });
  }
  if (/\bgzip\b/.test(request.headers.get("Accept-Encoding") ?? "")) {
    headers.set("Content-Encoding", "gzip");
    return new Response(new Uint8Array(document.gzip), { headers });
  }
  return new Response(document.body, { headers });
}
