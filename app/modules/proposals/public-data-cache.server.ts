import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { publicDataVersion } from "~/modules/events/events.server";

// Commands import the signal from here too; it is the one in the events module.
export { publicDataChanged } from "~/modules/events/events.server";

/**
 * The public GeoJSON of all published initiatives is large (10,000 initiatives
 * ≈ 2 MB) and asked for by every map. It is built once and kept, ready-gzipped,
 * until something public changes (`publicDataChanged()` in
 * app/modules/events/events.server.ts, the same signal that clears
 * the page cache). A short lifetime bounds staleness when several app
 * instances share one database.
 */
const MAX_AGE_MS = 30_000;

type PublicDocument = {
  version: number;
  builtAt: number;
  body: string;
  gzip: Buffer;
  br: Buffer;
  etag: string;
};

const entries = new Map<string, PublicDocument>();
const building = new Map<string, Promise<PublicDocument>>();

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export async function cachedPublicDocument(
  key: string,
  build: () => Promise<string>,
): Promise<PublicDocument> {
  const cached = entries.get(key);
  const version = publicDataVersion();
  if (cached && cached.version === version && Date.now() - cached.builtAt < MAX_AGE_MS)
    return cached;
  // Requests that arrive during a rebuild share it.
  const pending = building.get(key);
  if (pending) return pending;
  const rebuild = (async () => {
    const body = await build();
    // Compressed in libuv's thread pool, not on the event loop (3.5 MB take ~0.1 s).
    const [gzipped, br] = await Promise.all([
      gzipAsync(body),
      brotliAsync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body),
        },
      }),
    ]);
    const entry = {
      version,
      builtAt: Date.now(),
      body,
      gzip: gzipped,
      br,
      etag: `W/"${version}-${body.length}-${Date.now().toString(36)}"`,
    };
    entries.set(key, entry);
    return entry;
  })();
  building.set(key, rebuild);
  try {
    return await rebuild;
  } finally {
    if (building.get(key) === rebuild) building.delete(key);
  }
}

/**
 * Small derived values of public data (counts for the list and the start page),
 * kept until public data changes or for MAX_AGE_MS. Bounded: search terms are
 * arbitrary, so the oldest keys go first.
 */
const MAX_VALUES = 500;
const values = new Map<string, { version: number; builtAt: number; value: Promise<unknown> }>();

export function cachedPublicValue<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const version = publicDataVersion();
  const cached = values.get(key);
  if (cached && cached.version === version && Date.now() - cached.builtAt < MAX_AGE_MS) {
    return cached.value as Promise<T>;
  }
  // The promise itself is kept: simultaneous requests share one query.
  const value = compute();
  values.delete(key);
  values.set(key, { version, builtAt: Date.now(), value });
  value.catch(() => {
    if (values.get(key)?.value === value) values.delete(key);
  });
  if (values.size > MAX_VALUES) values.delete(values.keys().next().value as string);
  return value;
}
