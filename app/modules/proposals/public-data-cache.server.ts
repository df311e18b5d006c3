import { gzipSync } from "node:zlib";

/**
 * The public GeoJSON of all published initiatives is large (10,000 initiatives
 * ≈ 2 MB) and asked for by every map. It is built once and kept, ready-gzipped,
 * until something public changes: commands call `publicDataChanged()`. A short
 * lifetime bounds staleness when several app instances share one database.
 */
const MAX_AGE_MS = 30_000;

let version = 0;
const entries = new Map<
  string,
  { version: number; builtAt: number; body: string; gzip: Buffer; etag: string }
>();

export function publicDataChanged() {
  version++;
}

export async function cachedPublicDocument(key: string, build: () => Promise<string>) {
  const cached = entries.get(key);
  if (cached && cached.version === version && Date.now() - cached.builtAt < MAX_AGE_MS)
    return cached;
  const builtFor = version;
  const body = await build();
  const entry = {
    version: builtFor,
    builtAt: Date.now(),
    body,
    gzip: gzipSync(body),
    etag: `W/"${builtFor}-${body.length}-${Date.now().toString(36)}"`,
  };
  entries.set(key, entry);
  return entry;
}
