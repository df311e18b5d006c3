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
  // Kept compressed: brotli (a little smaller) when the client takes it, else gzip.
  const accepted = request.headers.get("Accept-Encoding") ?? "";
  const encoding = /\bbr\b/.test(accepted) ? "br" : /\bgzip\b/.test(accepted) ? "gzip" : null;
  if (encoding) {
    const body = document[encoding];
    headers.set("Content-Encoding", encoding);
    headers.set("Content-Length", String(body.length));
    // The kept buffer itself, as a one-chunk stream: a Response made from a
    // Uint8Array copies it (300 KB per request, which the map of every visitor asks for).
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(body);
        controller.close();
      },
    });
    return new Response(stream, { headers });
  }
  return new Response(document.body, { headers });
}
