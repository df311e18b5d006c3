import { prisma } from "~/utils/db.server";
import { deliverDueMails } from "./deliver.server";
import { getMailConfig } from "./mail-config.server";
import { onMailQueued } from "./outbox.server";

/**
 * The in-process mail worker, started once by the server (server.mjs through
 * the build's entry module). It sends right after a command queued mail (the
 * commit wakes it), and polls for retries that have come due.
 */

const POLL_MS = 30_000;
/** Sent and cancelled rows hold no address; they are kept a while for the staff page's counts. */
const KEEP_DONE_DAYS = 30;
const PRUNE_EVERY_MS = 60 * 60_000;

declare global {
  var __qsMailWorker: { stop: () => void } | undefined;
}

export function startMailWorker(options: { pollMs?: number } = {}): void {
  if (globalThis.__qsMailWorker || !getMailConfig()) return;
  let running = false;
  let again = false;
  let stopped = false;
  let lastPrune = 0;

  const run = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const report = await deliverDueMails();
        // A full batch: more may be due.
        if (report.sent + report.retrying + report.failed + report.cancelled >= 50) again = true;
        if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = Date.now();
          await pruneDoneMails();
        }
      } while (again && !stopped);
    } catch (error) {
      // The database was busy or gone for a moment: the next poll tries again.
      console.error(`mail worker: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void run(), options.pollMs ?? POLL_MS);
  timer.unref();
  const unsubscribe = onMailQueued(() => setImmediate(() => void run()));
  globalThis.__qsMailWorker = {
    stop: () => {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      globalThis.__qsMailWorker = undefined;
    },
  };
  void run();
}

export function stopMailWorker(): void {
  globalThis.__qsMailWorker?.stop();
}

async function pruneDoneMails(now = new Date()) {
  await prisma.outboxMail.deleteMany({
    where: {
      status: { in: ["sent", "cancelled"] },
      updatedAt: { lt: new Date(now.getTime() - KEEP_DONE_DAYS * 86_400_000) },
    },
  });
}
