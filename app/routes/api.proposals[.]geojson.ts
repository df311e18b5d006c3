import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublicProcedure } from "~/modules/procedures/procedures.server";
import { getPublishedProposalsGeoJSON } from "~/modules/proposals/proposals.server";
import { cachedPublicDocument } from "~/modules/proposals/public-data-cache.server";
import { baseUrl } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const base = baseUrl(request);
  // ?procedure=<id>: only the initiatives of one procedure (its page's map).
  const procedure = new URL(request.url).searchParams.get("procedure") ?? "";
  const procedureId = /^[a-z0-9]{1,40}$/i.test(procedure) ? procedure : undefined;
  if (procedure && !procedureId) throw new Response("Bad request", { status: 400 });
  // Only existing public procedures get a cache entry: the key space stays bounded.
  if (procedureId && !(await getPublicProcedure(procedureId))) {
    throw new Response("Not found", { status: 404 });
  }
  const document = await cachedPublicDocument(
    `proposals.geojson ${base} ${procedureId ?? "*"}`,
    async () => JSON.stringify(await getPublishedProposalsGeoJSON(base, procedureId)),
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
  // Kept compressed: brotli (~20 % smaller) when the client takes it, else gzip.
  // The kept buffer itself (a Uint8Array) is sent, not a 300 KB copy per request.
  const accepted = request.headers.get("Accept-Encoding") ?? "";
  const encoding = /\bbr\b/.test(accepted) ? "br" : /\bgzip\b/.test(accepted) ? "gzip" : null;
  if (encoding) {
    headers.set("Content-Encoding", encoding);
    return new Response(document[encoding] as Uint8Array<ArrayBuffer>, { headers });
  }
  return new Response(document.body, { headers });
}
