/**
 * The app's one event bus. Commands publish after their write has committed;
 * everything that must react to a change listens here instead of being
 * called by the commands:
 * - "public-data": something the public sees has changed (an initiative was
 *   published, edited or withdrawn, a support or comment, the funding area, a
 *   published result). The public GeoJSON cache
 *   (app/modules/proposals/public-data-cache.server.ts) and the page cache
 *   (app/utils/page-cache.server.ts) drop their entries.
 * - "vote-counted": what a vote's tally is made of has changed (a ballot, a
 *   paper batch, a hand count, a voided code, the vote closed or its options
 *   changed). Meeting streams recount (app/modules/meetings/meeting-stream.server.ts).
 * - "meeting": a meeting's state changed (presenter step, voting opened or
 *   closed, reveal, languages). Meeting streams send the new state.
 *
 * Events carry ids only, never content: a listener reads what it needs from
 * the database, so nothing personal can travel through here by accident.
 *
 * The bus is per process: with several app instances, each cache's short
 * lifetime bounds how long another instance's change stays unseen, and a
 * meeting must be served by one instance (see the README's scale notes).
 */
export type AppEvent =
  | { type: "public-data" }
  | { type: "vote-counted"; voteId: string }
  | { type: "meeting"; meetingId: string; voteId: string };

type Listener = (event: AppEvent) => void;

const listeners = new Set<Listener>();
let publicVersion = 0;

/** Tells every listener about `event`. Call it after the write has committed. */
export function publish(event: AppEvent): void {
  if (event.type === "public-data") publicVersion++;
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      // One broken listener must not keep the others (or the command) from going on.
      console.error("events: listener failed", error);
    }
  }
}

/** Calls `listener` with every event; returns a function that stops it. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Shorthands for the public-data signal, which most commands send.

export function publicDataChanged(): void {
  publish({ type: "public-data" });
}

/** Increases with every public-data event; a cache entry built at an older version is stale. */
export function publicDataVersion(): number {
  return publicVersion;
}

/** Calls `listener` after every public-data event; returns a function that stops it. */
export function onPublicDataChanged(listener: () => void): () => void {
  return subscribe((event) => {
    if (event.type === "public-data") listener();
  });
}

/** Awaits a command and, when it reports `{ status: "ok" }` (committed), signals the change. */
export async function signalIfOk<T extends { status: string }>(command: Promise<T>): Promise<T> {
  const result = await command;
  if (result.status === "ok") publicDataChanged();
  return result;
}

/** A vote's tally may have changed (after the commit). */
export function voteCounted(voteId: string): void {
  publish({ type: "vote-counted", voteId });
}
