import { createHash } from "node:crypto";
import { getEnv } from "./env.server";

/**
 * Content-Security-Policy for a rendered HTML page: only our own origin.
 * Remix's inline scripts (the route context hand-off, the module bootstrap,
 * scroll restoration) are allowed by their sha256 hashes, computed from the
 * page itself. Hashes instead of a nonce keep an already rendered page valid
 * for the short-lived public page cache.
 */
export function contentSecurityPolicy(html: string): string {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes, body] = match;
    if (/\bsrc\s*=/i.test(attributes ?? "") || !body) continue;
    hashes.add(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  const mapOrigin = mapStyleOrigin();
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", ...hashes],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:", ...mapOrigin],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...mapOrigin],
    // MapLibre runs its worker from our own /vendor/ file and may create blob: workers.
    "worker-src": ["'self'", "blob:"],
    "child-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "manifest-src": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** An operator's own basemap style (MAP_STYLE_URL) may live on another host of theirs. */
function mapStyleOrigin(): string[] {
  const url = getEnv().MAP_STYLE_URL;
  return url ? [new URL(url).origin] : [];
}

/**
 * Staff, tracking, unsubscribe and other pages that show personal data, a
 * private token or a CSRF token, and the meeting page of a phone (it shows
 * that device's ballot).
 */
const personalRoutes = [
  /^routes\/staff/,
  /^routes\/track\./,
  /^routes\/unsubscribe\./,
  /^routes\/m\./,
];

/** Cookies that make a page personal: the staff session and the anonymous supporter id. */
const personalCookies = /(?:^|;\s*)(?:qs_staff|qs_supporter)=/;

export const PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=10";
export const NO_STORE = "no-store";

/**
 * Cache-Control of an HTML page or loader data response.
 * - `no-store` for staff and tracking pages, for every answer to a form post
 *   (it may echo what was typed), for responses that set a cookie, and for
 *   visitors with a staff session or a supporter id (their pages differ).
 * - Public pages for anonymous visitors: browsers revalidate every time (a
 *   visitor sees their comment or support at once); a shared cache in front
 *   may keep them for 10 s, per Cookie header (`Vary: Cookie`).
 */
export function cacheControlFor(input: {
  method: string;
  routeIds: string[];
  status: number;
  requestCookie: string | null;
  responseHeaders: Headers;
}): string {
  if (input.method !== "GET" && input.method !== "HEAD") return NO_STORE;
  if (input.routeIds.some((id) => personalRoutes.some((pattern) => pattern.test(id)))) {
    return NO_STORE;
  }
  if (input.responseHeaders.has("Set-Cookie")) return NO_STORE;
  if (input.requestCookie && personalCookies.test(input.requestCookie)) return NO_STORE;
  if (input.status >= 400) return NO_STORE;
  return PUBLIC_CACHE_CONTROL;
}

/** Sets Cache-Control (and Vary for public answers) on a page or loader data response. */
export function applyCachePolicy(
  request: Request,
  routeIds: string[],
  status: number,
  headers: Headers,
) {
  const policy = cacheControlFor({
    method: request.method,
    routeIds,
    status,
    requestCookie: request.headers.get("Cookie"),
    responseHeaders: headers,
  });
  // A loader's own stricter choice stays; a loader cannot make a personal page public.
  if (!headers.has("Cache-Control") || policy === NO_STORE) headers.set("Cache-Control", policy);
  if (policy !== NO_STORE) headers.append("Vary", "Cookie");
}
