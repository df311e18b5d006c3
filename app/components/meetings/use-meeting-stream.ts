import { useEffect, useRef, useState } from "react";
import type { MeetingSnapshot } from "~/modules/meetings/meeting-state";

export type Connection = "open" | "reconnecting";

/** The parts of a snapshot the pages rely on; anything else is not applied. */
function isSnapshot(value: unknown): value is MeetingSnapshot {
  if (!value || typeof value !== "object") return false;
  const snapshot = value as Record<string, unknown>;
  const voting = snapshot.voting as Record<string, unknown> | null | undefined;
  return (
    typeof snapshot.code === "string" &&
    typeof snapshot.serverTime === "string" &&
    typeof snapshot.talliesVisible === "boolean" &&
    Array.isArray(snapshot.languages) &&
    !!voting &&
    typeof voting.open === "boolean" &&
    typeof voting.scope === "string"
  );
}

/** After the browser gave up (an error answer, not a dropped stream), try again this much later. */
const RESTART_MS = 3_000;

/**
 * The meeting's live state from its event stream (/m/CODE/events). Starts
 * with the loader's snapshot, so the page is right before the stream
 * connects; every "state" event replaces the whole state. A dropped stream
 * is reopened by the browser (the server says `retry: 1000`); meanwhile the
 * last state stays and `connection` is "reconnecting".
 *
 * `clockOffset` is the server's clock minus this computer's, in ms, so a
 * countdown shows the server's time even when the projection laptop's clock
 * is wrong.
 */
export function useMeetingStream(
  code: string,
  initial: MeetingSnapshot,
  onSnapshot?: (snapshot: MeetingSnapshot) => void,
) {
  const [snapshot, setSnapshot] = useState(initial);
  const [connection, setConnection] = useState<Connection>("reconnecting");
  const [clockOffset, setClockOffset] = useState(0);
  const latest = useRef(initial);
  const callback = useRef(onSnapshot);
  callback.current = onSnapshot;

  const apply = (next: MeetingSnapshot) => {
    latest.current = next;
    setSnapshot(next);
    setClockOffset(Date.parse(next.serverTime) - Date.now());
  };

  // A newer snapshot from the loader (after a revalidation) wins over an older streamed one.
  useEffect(() => {
    if (Date.parse(initial.serverTime) > Date.parse(latest.current.serverTime)) apply(initial);
    else setClockOffset((offset) => offset || Date.parse(initial.serverTime) - Date.now());
  }, [initial]);

  useEffect(() => {
    let source: EventSource | null = null;
    let restart: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const connect = () => {
      source = new EventSource(`/m/${encodeURIComponent(code)}/events`);
      source.addEventListener("open", () => setConnection("open"));
      source.addEventListener("state", (event) => {
        let data: unknown;
        try {
          data = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          return;
        }
        if (!isSnapshot(data)) return;
        apply(data);
        setConnection("open");
        callback.current?.(data);
      });
      source.addEventListener("error", () => {
        if (stopped) return;
        setConnection("reconnecting");
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. a
        // proxy answered with an error page); start a new stream a little later.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          restart = setTimeout(connect, RESTART_MS);
        }
      });
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
      if (restart) clearTimeout(restart);
    };
  }, [code]);

  return { snapshot, connection, clockOffset };
}

/**
 * Seconds left on the meeting's countdown, by the server's clock, updated
 * a few times a second while one runs; null without a countdown (and before
 * hydration, so the server's HTML and the first render agree).
 */
export function useCountdown(endsAt: string | null, clockOffset: number): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!endsAt) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [endsAt]);
  if (!endsAt || now === null) return null;
  return Math.max(0, Math.ceil((Date.parse(endsAt) - (now + clockOffset)) / 1000));
}
