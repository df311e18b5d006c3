/**
 * One signal for "something the public sees has changed": an initiative was
 * published, changed status, was edited, marked as duplicate or withdrawn; a
 * support was given or withdrawn; a comment became visible or was hidden; the
 * comment mode or the funding area changed. Commands call `publicDataChanged()`
 * after their write has committed. Every cache of public data listens here:
 * the public GeoJSON (app/modules/proposals/public-data-cache.server.ts) and
 * the page cache (app/utils/page-cache.server.ts).
 *
 * The counter is per process: with several app instances, each cache's short
 * lifetime bounds how long another instance's change stays unseen.
 */
type Listener = () => void;

let version = 0;
const listeners = new Set<Listener>();

export function publicDataChanged(): void {
  version++;
  for (const listener of listeners) listener();
}

/** Increases with every change; a cache entry built at an older version is stale. */
export function publicDataVersion(): number {
  return version;
}

/** Calls `listener` after every change; returns a function that stops it. */
export function onPublicDataChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Awaits a command and, when it reports `{ status: "ok" }` (committed), signals the change. */
export async function signalIfOk<T extends { status: string }>(command: Promise<T>): Promise<T> {
  const result = await command;
  if (result.status === "ok") publicDataChanged();
  return result;
}
