import { brotliCompressSync, constants, gunzipSync, gzipSync } from "node:zlib";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { getLanguage, languageCookie } from "~/i18n/i18n.server";
import { onPublicDataChanged, publicDataVersion } from "~/modules/events/events.server";
import { preferredEncoding } from "./accept-encoding";

/**
 * A short-lived cache of rendered public pages for anonymous visitors, already
 * compressed (gzip and brotli), consulted by server.mjs before Remix runs any
 * loader. When 300 people open the same page within seconds, it is rendered
 * once and sent 300 times.
 *
 * What may be stored — all of it must hold:
 * - the request: a GET of a public page (or its `?_data=` loader data, Remix's
 *   route discovery, a language catalogue, the map's area and Ortsteil
 *   GeoJSON), with no cookie at all or only the language cookie; no
 *   Authorization header;
 * - the response: status 200, no Set-Cookie, and a Cache-Control that the app
 *   chose as `public` without `no-store`, `private` or `no-cache`
 *   (app/utils/security-headers.server.ts). It is kept for its `s-maxage`
 *   (else `max-age`), at most MAX_TTL_MS.
 *
 * The key is protocol + host + path + query + the language the app resolves
 * for the request (getLanguage, the same function the pages use: `?lng=`, then
 * the language cookie); the encoding is chosen per request among the stored
 * variants. So a visitor with a staff session, a supporter id or any other
 * cookie always gets a freshly rendered page, and one language never gets
 * another's page. Headers are replayed as the app produced them (CSP with its
 * script hashes, Cache-Control, Vary, …), plus `Age` and `X-Page-Cache`.
 *
 * Every entry is dropped when public data changes (the same signal as the
 * public GeoJSON, app/modules/events/events.server.ts); a page
 * whose rendering began before a change is not stored.
 */
const MAX_TTL_MS = 30_000;
const MAX_ENTRIES = 500;
const MAX_BYTES = 32 * 1024 * 1024;
/** A rendered page larger than this is sent but not stored. */
const MAX_PAGE_BYTES = 2 * 1024 * 1024;
/** How long a request waits for the same page being rendered for another visitor. */
const COALESCE_WAIT_MS = 5_000;

const cacheablePaths = [
  /^\/$/,
  /^\/proposals$/,
  /^\/proposals\/(?!new$)[^/]+$/,
  /^\/imprint$/,
  /^\/privacy$/,
  /^\/leichte-sprache$/,
  // What a page loads at start: its language catalogue, Remix's route discovery
  // and the map's reference data (areas, Ortsteile).
  /^\/locales\/[a-z]{2}\.json$/,
  /^\/__manifest$/,
  /^\/api\/areas\/current\.geojson$/,
  /^\/api\/districts\.geojson$/,
];

/** Headers that belong to one transfer, not to the page. */
const transferHeaders = new Set([
  "age",
  "connection",
  "content-encoding",
  "content-length",
  "date",
  "keep-alive",
  "set-cookie",
  "transfer-encoding",
  "x-page-cache",
]);

type Entry = {
  key: string;
  version: number;
  storedAt: number;
  expiresAt: number;
  headers: Array<[string, string | string[]]>;
  gzip: Buffer;
  br: Buffer;
  bytes: number;
};

const entries = new Map<string, Entry>();
let totalBytes = 0;
const inflight = new Map<string, Promise<void>>();
const counters = { hits: 0, misses: 0, stored: 0, bypassed: 0 };

function drop(key: string) {
  const entry = entries.get(key);
  if (!entry) return;
  entries.delete(key);
  totalBytes -= entry.bytes;
}

function clear() {
  entries.clear();
  totalBytes = 0;
}

onPublicDataChanged(clear);

function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(";")
    .map((part) => part.split("=", 1)[0]?.trim() ?? "")
    .filter(Boolean);
}

/** Whether this request may be answered from (and stored into) the cache. */
export function isCacheableRequest(req: {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}): boolean {
  if (req.method !== "GET") return false;
  if (!cacheablePaths.some((pattern) => pattern.test(req.path))) return false;
  if (req.headers.authorization) return false;
  const cookie = req.headers.cookie;
  if (Array.isArray(cookie)) return false;
  return cookieNames(cookie).every((name) => name === languageCookie.name);
}

/** How long the app allows a shared cache to keep this response (0: not at all). */
export function storableFor(headers: Record<string, unknown>, status: number): number {
  if (status !== 200) return 0;
  if (headers["set-cookie"] !== undefined) return 0;
  const cacheControl = String(headers["cache-control"] ?? "").toLowerCase();
  const directives = new Map(
    cacheControl
      .split(",")
      .map((part) => part.trim().split("=") as [string, string | undefined])
      .filter(([name]) => name),
  );
  if (!directives.has("public")) return 0;
  if (["no-store", "private", "no-cache"].some((name) => directives.has(name))) return 0;
  const seconds = Number(directives.get("s-maxage") ?? directives.get("max-age") ?? 0);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_TTL_MS) : 0;
}

/**
 * The language the app would render for this request. Language detection
 * (remix-i18next) reads only the query, the cookies and Accept-Language, so the
 * answer is kept per combination of those three (a crowd sends few).
 */
const languages = new Map<string, string>();
async function resolveLanguage(req: ExpressRequest): Promise<string | null> {
  const search = req.originalUrl.slice(req.originalUrl.indexOf("?") + 1 || req.originalUrl.length);
  const cookie = req.get("cookie") ?? "";
  const acceptLanguage = req.get("accept-language") ?? "";
  const memoKey = `${search}\n${cookie}\n${acceptLanguage}`;
  const known = languages.get(memoKey);
  if (known) return known;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  let language: string;
  try {
    language = await getLanguage(new Request(`http://localhost${req.originalUrl}`, { headers }));
  } catch {
    return null;
  }
  if (languages.size >= 2_000) languages.clear();
  languages.set(memoKey, language);
  return language;
}

async function cacheKey(req: ExpressRequest): Promise<string | null> {
  const language = await resolveLanguage(req);
  if (language === null) return null;
  return `${req.protocol}://${req.get("host") ?? ""}${req.originalUrl}\n${language}`;
}

function serve(req: ExpressRequest, res: ExpressResponse, entry: Entry) {
  res.statusCode = 200;
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.setHeader("Age", String(Math.floor((Date.now() - entry.storedAt) / 1000)));
  res.setHeader("X-Page-Cache", "hit");
  const encoding = preferredEncoding(req.get("accept-encoding"));
  // With Content-Encoding set, the compression middleware leaves the body alone.
  const body = encoding ? entry[encoding] : gunzipSync(entry.gzip);
  if (encoding) res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", String(body.length));
  res.end(body);
}

function lookup(key: string): Entry | undefined {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now() || entry.version !== publicDataVersion()) {
    drop(key);
    return undefined;
  }
  // Most recently used last: the oldest use is evicted first.
  entries.delete(key);
  entries.set(key, entry);
  return entry;
}

function store(key: string, version: number, res: ExpressResponse, body: Buffer) {
  const ttl = storableFor(res.getHeaders(), res.statusCode);
  if (!ttl || body.length > MAX_PAGE_BYTES || version !== publicDataVersion()) return;
  const headers: Entry["headers"] = [];
  let vary: string[] = [];
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value === undefined || transferHeaders.has(name)) continue;
    if (name === "vary") {
      vary = String(value)
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      continue;
    }
    headers.push([name, Array.isArray(value) ? value : String(value)]);
  }
  if (!vary.some((v) => v.toLowerCase() === "accept-encoding")) vary.push("Accept-Encoding");
  headers.push(["vary", vary.join(", ")]);
  const gzip = gzipSync(body, { level: 9 });
  const br = brotliCompressSync(body, {
    params: {
      // Quality 5: ~1 ms for a 25 KB page, within 1 % of quality 9's size (~6 ms).
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const now = Date.now();
  drop(key);
  const entry: Entry = {
    key,
    version,
    storedAt: now,
    expiresAt: now + ttl,
    headers,
    gzip,
    br,
    bytes: gzip.length + br.length + key.length,
  };
  entries.set(key, entry);
  totalBytes += entry.bytes;
  counters.stored++;
  while (entries.size > MAX_ENTRIES || totalBytes > MAX_BYTES) {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) break;
    drop(oldest);
  }
}

/** Lets the response through unchanged and keeps a copy of the body for the cache. */
function capture(res: ExpressResponse, done: (body: Buffer | null) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let first = true;
  let encodedByApp = false;
  const collect = (chunk: unknown, encoding?: unknown) => {
    if (first) {
      first = false;
      // Set before the first byte, this Content-Encoding is the app's own (the
      // compression middleware sets its one later): the bytes seen here are
      // already encoded, and a copy of them is not a page to store.
      encodedByApp = res.getHeader("content-encoding") !== undefined;
    }
    if (encodedByApp) return;
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer =
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size <= MAX_PAGE_BYTES) chunks.push(buffer);
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ExpressResponse, chunk: unknown, ...rest: unknown[]) {
    collect(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ExpressResponse["write"];
  res.end = function (this: ExpressResponse, chunk?: unknown, ...rest: unknown[]) {
    collect(chunk, rest[0]);
    const result = (end as (...args: unknown[]) => ExpressResponse).call(this, chunk, ...rest);
    // After end() the headers are final (Cache-Control set by the app or the server).
    done(size <= MAX_PAGE_BYTES && !encodedByApp ? Buffer.concat(chunks) : null);
    return result;
  } as ExpressResponse["end"];
}

async function handle(
  req: ExpressRequest,
  res: ExpressResponse,
  next: NextFunction,
  waited = false,
) {
  // originalUrl: what the visitor asked for, even if a middleware rewrote req.url.
  const path = req.originalUrl.split("?", 1)[0] ?? "";
  if (!isCacheableRequest({ method: req.method, path, headers: req.headers })) {
    counters.bypassed++;
    return next();
  }
  const key = await cacheKey(req);
  if (key === null) return next();
  const entry = lookup(key);
  if (entry) {
    counters.hits++;
    return serve(req, res, entry);
  }
  // The same page is being rendered for another visitor: wait for it, then use it.
  const pending = inflight.get(key);
  if (pending && !waited) {
    await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, COALESCE_WAIT_MS))]);
    if (res.headersSent || res.writableEnded) return;
    return handle(req, res, next, true);
  }
  counters.misses++;
  const version = publicDataVersion();
  let finish!: () => void;
  const rendered = new Promise<void>((resolve) => (finish = resolve));
  inflight.set(key, rendered);
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    if (inflight.get(key) === rendered) inflight.delete(key);
    finish();
  };
  res.once("close", settle);
  res.setHeader("X-Page-Cache", "miss");
  capture(res, (body) => {
    if (body) store(key, version, res, body);
    settle();
  });
  next();
}

export const pageCache = {
  /** Express middleware: answers from the cache or lets Remix render (and keeps the result). */
  middleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    handle(req, res, next).catch(next);
  },
  clear,
  stats() {
    return { ...counters, entries: entries.size, bytes: totalBytes };
  },
};
