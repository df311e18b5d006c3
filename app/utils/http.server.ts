import { getEnv } from "./env.server";

/** Absolute base URL for links in API responses (configurable behind a proxy). */
export function baseUrl(request: Request): string {
  return getEnv().PUBLIC_BASE_URL || new URL(request.url).origin;
}

export function geoJsonResponse(data: unknown, init: { maxAge?: number } = {}) {
  return new Response(JSON.stringify(data), {
    headers: {
      "Content-Type": "application/geo+json; charset=utf-8",
      "Cache-Control": `public, max-age=${init.maxAge ?? 60}`,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
