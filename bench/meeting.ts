/**
 * Meeting benchmark, run by hand against the built app: `npm run build && npm run bench:meeting`
 * (never part of `npm test`; see bench/README.md, "Meetings: live updates").
 *
 * The issue's question: with 500 clients in the room (projection and phones, each an SSE
 * connection to GET /m/CODE/events) and a burst of 500 phone ballots within 10 s, how long
 * after a ballot's HTTP answer does its effect reach the clients, and does any client miss it?
 *
 *   1. a fresh temporary SQLite database (`scripts/setup-db.mjs`), and per scenario its own
 *      published resident vote in its voting phase (5 initiatives) with a meeting whose
 *      tallies are shown (hideTallies off, so snapshots carry the tally), voting already open:
 *      yes/no on the first initiative ("question", the meeting's typical use) or the whole
 *      approval ballot ("all"). Made with the app's own commands (createMeeting,
 *      presenterCommand) BEFORE the server starts: the server's event bus is per process and
 *      would not hear about state changes made by this one.
 *   2. the built app (`node server.mjs`) on 127.0.0.1, SSE_MAX_AGE_SECONDS=0 (no stream ends
 *      during a run), BALLOT_RATE_LIMIT raised (all phones share 127.0.0.1)
 *   3. a warm-up (50 clients, 50 ballots on a meeting of its own, not reported), then per
 *      scenario: 500 SSE clients connect (in batches, each waits for its first snapshot);
 *      500 phones, each a new device without a cookie, POST one ballot to /m/CODE/ballot, the
 *      phone page's JSON endpoint (app/routes/m.$code_.ballot.ts: 200
 *      {"status":"counted","changed":…,"update":N});
 *      then up to --settle seconds for the last snapshots to arrive.
 *      - burst:    yes/no, 50 ballots/s (500 in 10 s)
 *      - stress:   yes/no, all 500 ballots sent at once
 *      - approval: approval ballot (up to 2 ticks, fields `option`), 50 ballots/s
 *   4. per ballot: ack = when its HTTP answer had arrived; its effect reached a client when
 *      that client received a snapshot whose `covers` >= the ballot's `update`. Latency per
 *      (ballot, client) = arrival − ack, 0 when the event beat the ack. p50/p95/p99 over all
 *      pairs and over each ballot's slowest client; also the answer's own time (sent → answer)
 *      and sent → snapshot, because a late answer hides a server that falls behind; missed clients (never got a snapshot
 *      covering the last ballot within --settle s, or the connection dropped); errors; the
 *      last snapshot's phone ballots and tally against the acknowledged ballots and the
 *      database.
 *   5. figures printed (with the machine and its load); JSON to bench/results/meeting-<time>.json
 *
 * Options: --clients N (500) --ballots N (500) --rate N ballots/s for burst/approval (50)
 *          --settle S (5) --only burst|stress|approval
 *          --profile DIR (run the server with `node --cpu-prof`, profile files into DIR)
 * Exit code 1 only when something breaks; missed targets are reported as FAIL.
 *
 * Arrival times are taken in this process, which parses 500 streams on the other core: they
 * include its own event-loop delay (reported as "bench loop delay"), so they err on the slow side.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

const CLIENTS = option("clients", 500);
const BALLOTS = option("ballots", 500);
const RATE = option("rate", 50);
const SETTLE_S = option("settle", 5);
const ONLY = (() => {
  const index = process.argv.indexOf("--only");
  if (index < 0) return null;
  const value = process.argv[index + 1] ?? "";
  if (!["burst", "stress", "approval"].includes(value)) {
    throw new Error("--only takes burst, stress or approval");
  }
  return value;
})();
/** --profile DIR: run the server under `node --cpu-prof`, profiles written to DIR on exit. */
const PROFILE_DIR = (() => {
  const index = process.argv.indexOf("--profile");
  return index < 0 ? null : path.resolve(process.argv[index + 1] ?? "bench/results/profiles");
})();

/** The issue's targets. */
const TARGETS = { maxP95Ms: 300, maxMissedClients: 0 };
/** A ballot without an answer after this long counts as an error. */
const ANSWER_TIMEOUT_MS = 60_000;
/** Clients connecting at the same time while the room fills. */
const CONNECT_BATCH = 50;

const loadavg = () => os.loadavg().map((n) => Number(n.toFixed(2)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

type Server = { process: ChildProcess; baseUrl: string; output: () => string };

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  // Under --cpu-prof the profile is written on a normal exit only: turn SIGTERM into one.
  const args = PROFILE_DIR
    ? [
        "--cpu-prof",
        `--cpu-prof-dir=${PROFILE_DIR}`,
        "--input-type=module",
        "-e",
        "process.on('SIGTERM', () => process.exit(0)); await import('./server.mjs');",
      ]
    : ["server.mjs"];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const server = { process: child, baseUrl: `http://127.0.0.1:${port}`, output: () => output };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${server.baseUrl}/api/ping`);
      await response.arrayBuffer();
      if (response.ok) return server;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`Server did not start within 30 s:\n${output}`);
    await sleep(200);
  }
}

async function stopServer(server: Server | undefined) {
  if (!server || server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once("exit", resolve));
  server.process.kill("SIGTERM");
  const timer = setTimeout(() => server.process.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** CPU seconds (user + system) the server process has used, from /proc (Linux); null elsewhere. */
function serverCpuSeconds(server: Server): number | null {
  try {
    const stat = readFileSync(`/proc/${server.process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// SSE clients
// ---------------------------------------------------------------------------

/** Sockets without a pool limit: every client and phone has a connection of its own. */
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * One projection or phone listening to the room. Per "state" event it keeps only what the
 * measurement needs (arrival time, covers, phone ballots), read with a regular expression:
 * the 500 streams are parsed on one core, and a full JSON.parse each would add to the
 * arrival times. The last event's data is kept whole for the final check.
 */
class SseClient {
  times: number[] = [];
  covers: number[] = [];
  phone: number[] = [];
  lastData = "";
  dropped: string | null = null;
  private closing = false;
  private buffer = "";
  private request: http.ClientRequest;
  readonly first: Promise<void>;

  constructor(url: string) {
    let resolveFirst!: () => void;
    let rejectFirst!: (error: Error) => void;
    this.first = new Promise((resolve, reject) => {
      resolveFirst = resolve;
      rejectFirst = reject;
    });
    this.first.catch(() => undefined);
    const drop = (reason: string) => {
      if (this.closing || this.dropped) return;
      this.dropped = reason;
      rejectFirst(new Error(reason));
    };
    this.request = http.get(url, { agent, headers: { Accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        drop(`HTTP ${res.statusCode}`);
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        const now = performance.now();
        this.buffer += chunk;
        let end: number;
        while ((end = this.buffer.indexOf("\n\n")) >= 0) {
          const frame = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          if (!frame.includes("event: state")) continue;
          const start = frame.indexOf("data: ");
          if (start < 0) continue;
          const data = frame.slice(start + 6);
          const covers = /"covers":(\d+)/.exec(data);
          const ballots = /"ballots":\{"total":\d+,"phone":(\d+)\}/.exec(data);
          this.times.push(now);
          this.covers.push(covers ? Number(covers[1]) : -1);
          this.phone.push(ballots ? Number(ballots[1]) : -1);
          this.lastData = data;
          if (this.times.length === 1) resolveFirst();
        }
      });
      res.on("end", () => drop("stream ended"));
      res.on("error", (error) => drop(`stream error: ${error.message}`));
    });
    this.request.on("error", (error) => drop(`connection error: ${error.message}`));
  }

  get lastCovers(): number {
    return this.covers.length ? this.covers[this.covers.length - 1]! : -1;
  }

  close() {
    this.closing = true;
    this.request.destroy();
  }
}

async function connectClients(url: string, count: number): Promise<SseClient[]> {
  const clients: SseClient[] = [];
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, () => {
      const client = new SseClient(url);
      clients.push(client);
      return client;
    });
    await Promise.race([Promise.allSettled(batch.map((client) => client.first)), sleep(10_000)]);
  }
  return clients;
}

// ---------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------

type BallotRecord = {
  sentAt: number;
  ackAt: number | null;
  status: number | null;
  /** The answer's `update`: the snapshot whose `covers` reaches it includes the ballot. */
  update: number | null;
  answer: string;
  choices: string[];
  error: string | null;
};

function postBallot(url: string, body: string, record: BallotRecord): Promise<void> {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          Accept: "application/json",
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          // Too late: already counted as unanswered.
          if (record.error !== null) return resolve();
          record.ackAt = performance.now();
          record.status = res.statusCode ?? null;
          try {
            const answer = JSON.parse(text) as { status?: unknown; update?: unknown };
            if (res.statusCode === 200 && answer.status === "counted") {
              record.update = typeof answer.update === "number" ? answer.update : null;
              if (record.update === null) record.error = `no update in ${text.slice(0, 200)}`;
            } else {
              record.error = `HTTP ${res.statusCode}: ${text.slice(0, 200)}`;
            }
          } catch {
            record.error = `HTTP ${res.statusCode}, not JSON: ${text.slice(0, 200)}`;
          }
          resolve();
        });
        res.on("error", (error) => {
          record.error = `response error: ${error.message}`;
          resolve();
        });
      },
    );
    request.on("error", (error) => {
      record.error = `request error: ${error.message}`;
      resolve();
    });
    request.end(body);
  });
}

// ---------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------

function percentiles(values: ArrayLike<number>) {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length === 0
      ? null
      : Number(
          sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1),
        );
  return {
    n: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted.length ? Number(sorted[sorted.length - 1]!.toFixed(1)) : null,
  };
}

/** First index whose value is >= target in a non-decreasing array; length if none. */
function lowerBound(values: number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

type ScenarioKey = "warmup" | "burst" | "stress" | "approval";
type Scenario = {
  key: ScenarioKey;
  label: string;
  method: "yes_no" | "approval";
  clients: number;
  ballots: number;
  /** Ballots per second; null: all at once. */
  rate: number | null;
};

type Prepared = Scenario & {
  voteId: string;
  meetingId: string;
  code: string;
  optionIds: string[];
  round: number;
  question: string | null;
};

const scenarios: Scenario[] = [
  { key: "warmup", label: "warm-up", method: "yes_no", clients: 50, ballots: 50, rate: 100 },
  {
    key: "burst",
    label: `yes/no, ${BALLOTS} ballots at ${RATE}/s`,
    method: "yes_no",
    clients: CLIENTS,
    ballots: BALLOTS,
    rate: RATE,
  },
  {
    key: "stress",
    label: `yes/no, ${BALLOTS} ballots at once`,
    method: "yes_no",
    clients: CLIENTS,
    ballots: BALLOTS,
    rate: null,
  },
  {
    key: "approval",
    label: `approval, ${BALLOTS} ballots at ${RATE}/s`,
    method: "approval",
    clients: CLIENTS,
    ballots: BALLOTS,
    rate: RATE,
  },
].filter((s): s is Scenario => ONLY === null || s.key === ONLY || s.key === "warmup");

const answers = ["yes", "yes", "no", "yes", "abstain", "no", "yes", "no", "yes", "abstain"];

function ballotBody(
  prepared: Prepared,
  i: number,
): { body: string; answer: string; choices: string[] } {
  if (prepared.method === "yes_no") {
    const answer = answers[i % answers.length]!;
    return {
      body: new URLSearchParams({
        round: String(prepared.round),
        optionId: prepared.question!,
        answer,
      }).toString(),
      answer,
      choices: [],
    };
  }
  const ids = prepared.optionIds;
  const choices =
    i % 3 === 0 ? [ids[i % ids.length]!] : [ids[i % ids.length]!, ids[(i + 1) % ids.length]!];
  const form = new URLSearchParams({ round: String(prepared.round) });
  for (const id of choices) form.append("option", id);
  return { body: form.toString(), answer: "", choices };
}

type ScenarioResult = ReturnType<typeof evaluate>;

async function runScenario(server: Server, prepared: Prepared) {
  const eventsUrl = `${server.baseUrl}/m/${prepared.code}/events`;
  const phoneUrl = `${server.baseUrl}/m/${prepared.code}/ballot`;
  const loadBefore = loadavg();
  const connectStart = performance.now();
  const clients = await connectClients(eventsUrl, prepared.clients);
  const connectMs = performance.now() - connectStart;
  const connected = clients.filter((client) => client.times.length > 0 && !client.dropped).length;
  await sleep(1000);

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpuBefore = serverCpuSeconds(server);
  const benchCpuBefore = process.cpuUsage();
  const records: BallotRecord[] = [];
  const pending: Array<Promise<void>> = [];
  const burstStart = performance.now();
  // CLOCK_MONOTONIC in µs, the clock of V8's CPU profiles: the burst's samples in a --profile file.
  const monotonicStartUs = Number(process.hrtime.bigint() / 1000n);
  for (let i = 0; i < prepared.ballots; i++) {
    if (prepared.rate !== null) {
      const due = burstStart + (i * 1000) / prepared.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
    }
    const { body, answer, choices } = ballotBody(prepared, i);
    const record: BallotRecord = {
      sentAt: performance.now(),
      ackAt: null,
      status: null,
      update: null,
      answer,
      choices,
      error: null,
    };
    records.push(record);
    pending.push(postBallot(phoneUrl, body, record));
  }
  const lastSent = performance.now();
  await Promise.race([Promise.all(pending), sleep(ANSWER_TIMEOUT_MS)]);
  const lastAck = performance.now();
  for (const record of records) {
    if (record.ackAt === null && record.error === null) {
      record.error = `no answer within ${ANSWER_TIMEOUT_MS / 1000} s`;
    }
  }

  // Until every client has the snapshot covering the last acknowledged ballot, or --settle s.
  const target = Math.max(-1, ...records.map((record) => record.update ?? -1));
  const settleDeadline = lastAck + SETTLE_S * 1000;
  while (performance.now() < settleDeadline) {
    if (clients.every((client) => client.dropped || client.lastCovers >= target)) break;
    await sleep(10);
  }
  const settledAt = performance.now();
  const monotonicEndUs = Number(process.hrtime.bigint() / 1000n);
  loop.disable();
  const cpuAfter = serverCpuSeconds(server);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  // A little longer, so that late snapshots still show up in the counts (not in the figures).
  await sleep(300);
  for (const client of clients) client.close();
  const loadAfter = loadavg();

  return evaluate(prepared, {
    clients,
    records,
    connected,
    connectMs,
    burstStart,
    lastSent,
    lastAck,
    settledAt,
    target,
    loopDelayMs: {
      p50: Number((loop.percentile(50) / 1e6).toFixed(1)),
      p99: Number((loop.percentile(99) / 1e6).toFixed(1)),
      max: Number((loop.max / 1e6).toFixed(1)),
    },
    serverCpuS:
      cpuBefore !== null && cpuAfter !== null ? Number((cpuAfter - cpuBefore).toFixed(2)) : null,
    benchCpuS: Number(((benchCpu.user + benchCpu.system) / 1e6).toFixed(2)),
    loadBefore,
    loadAfter,
    profileWindowUs: [monotonicStartUs, monotonicEndUs],
  });
}

function evaluate(
  prepared: Prepared,
  run: {
    clients: SseClient[];
    records: BallotRecord[];
    connected: number;
    connectMs: number;
    burstStart: number;
    lastSent: number;
    lastAck: number;
    settledAt: number;
    target: number;
    loopDelayMs: { p50: number; p99: number; max: number };
    serverCpuS: number | null;
    benchCpuS: number;
    loadBefore: number[];
    loadAfter: number[];
    profileWindowUs: [number, number];
  },
) {
  const { clients, records, target } = run;
  const acked = records.filter((record) => record.update !== null && record.ackAt !== null);
  const pairs: number[] = [];
  const tapPairs: number[] = [];
  const worstPerBallot: number[] = [];
  let missingPairs = 0;
  let beatTheAck = 0;
  for (const record of acked) {
    let worst = 0;
    for (const client of clients) {
      const index = lowerBound(client.covers, record.update!);
      const arrived = client.times[index];
      if (arrived === undefined || arrived > run.settledAt) {
        missingPairs++;
        continue;
      }
      tapPairs.push(arrived - record.sentAt);
      const latency = arrived - record.ackAt!;
      if (latency < 0) beatTheAck++;
      const clamped = Math.max(0, latency);
      pairs.push(clamped);
      if (clamped > worst) worst = clamped;
    }
    worstPerBallot.push(worst);
  }
  const missedClients = clients.filter((client) => {
    if (client.dropped) return true;
    const index = lowerBound(client.covers, target);
    return index >= client.times.length || client.times[index]! > run.settledAt;
  });
  const dropped = clients.filter((client) => client.dropped !== null);

  // The room's last state, as one client saw it, against the acknowledged ballots.
  const reference = clients.find((client) => !client.dropped && client.lastData) ?? clients[0];
  let last: {
    covers: number;
    ballots: { total: number; phone: number };
    tally: {
      rows: Array<{ optionId: string; byChannel: Record<string, Record<string, number>> }>;
    } | null;
  } | null = null;
  try {
    last = reference ? JSON.parse(reference.lastData) : null;
  } catch {
    last = null;
  }
  const expectedPhone: Record<string, Record<string, number>> = {};
  for (const record of acked) {
    if (prepared.method === "yes_no") {
      const score = (expectedPhone[prepared.question!] ??= { yes: 0, no: 0, abstain: 0 });
      score[record.answer] = (score[record.answer] ?? 0) + 1;
    } else {
      for (const id of record.choices) {
        const score = (expectedPhone[id] ??= { points: 0 });
        score.points = (score.points ?? 0) + 1;
      }
    }
  }
  const tallyMatches =
    last?.tally != null &&
    Object.entries(expectedPhone).every(([optionId, expected]) => {
      const row = last!.tally!.rows.find((candidate) => candidate.optionId === optionId);
      const phone = row?.byChannel.phone;
      return phone !== undefined && Object.entries(expected).every(([k, v]) => phone[k] === v);
    });
  const lastPhoneCounts = new Map<number, number>();
  for (const client of clients) {
    if (client.dropped) continue;
    const phone = client.phone[client.phone.length - 1] ?? -1;
    lastPhoneCounts.set(phone, (lastPhoneCounts.get(phone) ?? 0) + 1);
  }
  const snapshotsAtReference = reference
    ? reference.times.filter((t) => t >= run.burstStart && t <= run.settledAt).length
    : 0;
  const errors = records.filter((record) => record.error !== null);
  const errorKinds = new Map<string, number>();
  for (const record of errors) {
    const kind = record.error!.slice(0, 120);
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  }
  const snapshotChars = reference && reference.times.length ? reference.lastData.length : null;

  return {
    scenario: prepared.key,
    label: prepared.label,
    method: prepared.method,
    clients: clients.length,
    connected: run.connected,
    connectS: Number((run.connectMs / 1000).toFixed(2)),
    ballotsSent: records.length,
    ballotsAcknowledged: acked.length,
    sendSpreadS: Number(((run.lastSent - run.burstStart) / 1000).toFixed(2)),
    lastAckAfterS: Number(((run.lastAck - run.burstStart) / 1000).toFixed(2)),
    settledAfterLastAckMs: Math.round(run.settledAt - run.lastAck),
    errors: errors.length,
    errorKinds: Object.fromEntries(errorKinds),
    /** HTTP answer time of a ballot (sent → answer arrived). */
    ackMs: percentiles(acked.map((record) => record.ackAt! - record.sentAt)),
    /** Every (ballot, client) pair: answer arrived → covering snapshot arrived, ≥ 0. */
    effectMs: percentiles(pairs),
    /** Every (ballot, client) pair: ballot sent → covering snapshot arrived (the phone's tap to the room). */
    sendToEffectMs: percentiles(tapPairs),
    /** Per ballot, its slowest client. */
    worstClientMs: percentiles(worstPerBallot),
    /** Pairs in which the snapshot arrived before the ballot's HTTP answer (counted as 0). */
    beatTheAck,
    missingPairs,
    missedClients: missedClients.length,
    droppedClients: dropped.length,
    dropReasons: [...new Set(dropped.map((client) => client.dropped))],
    /** Snapshots one client received from the first ballot until all had settled. */
    snapshotsDuringBurst: snapshotsAtReference,
    /** Length of the last snapshot's JSON. */
    snapshotChars,
    lastUpdate: target,
    final: {
      lastCovers: last?.covers ?? null,
      phoneBallots: last?.ballots.phone ?? null,
      /** Clients by the phone-ballot count of the last snapshot they received. */
      clientsByLastPhoneCount: Object.fromEntries(lastPhoneCounts),
      tallyMatchesAcknowledged: tallyMatches,
      databasePhoneBallots: null as number | null,
    },
    /** CPU time from the first ballot until every client had settled. */
    serverCpuS: run.serverCpuS,
    benchCpuS: run.benchCpuS,
    durationS: Number(((run.settledAt - run.burstStart) / 1000).toFixed(2)),
    benchLoopDelayMs: run.loopDelayMs,
    loadBefore: run.loadBefore,
    loadAfter: run.loadAfter,
    /**
     * For reading a run afterwards, in ms since the first ballot was sent: the snapshots one
     * client received [arrival, covers], and every ballot [sent, answered, update].
     */
    timeline: {
      snapshots: reference
        ? reference.times.map((t, i) => [Math.round(t - run.burstStart), reference.covers[i]])
        : [],
      ballots: records.map((record) => [
        Math.round(record.sentAt - run.burstStart),
        record.ackAt === null ? null : Math.round(record.ackAt - run.burstStart),
        record.update,
      ]),
    },
    /** From the first ballot until all clients settled, on the clock of `node --cpu-prof` files. */
    profileWindowUs: run.profileWindowUs,
  };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main() {
  if (!existsSync(path.join(repoRoot, "build/index.js"))) {
    console.error("No build: run `npm run build` first (bench/meeting.ts measures the built app).");
    process.exit(1);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "qs-meeting-"));
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
    COOKIE_SECRET: randomBytes(32).toString("hex"),
    BALLOT_RATE_LIMIT: "100000000",
    SSE_MAX_AGE_SECONDS: "0",
    ADMIN_EMAIL: "bench@quartiersstimme.local",
    ADMIN_PASSWORD: randomBytes(12).toString("hex"),
  };
  let server: Server | undefined;
  const cleanUp = async () => {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const machine = {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? "?",
      memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      loadBefore: loadavg(),
    };
    console.log(
      `== Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadBefore.join(" ")}`,
    );
    console.log(`== Fresh database in ${dir}`);
    execFileSync("node", ["scripts/setup-db.mjs"], { cwd: repoRoot, env, stdio: "ignore" });

    // The app's own modules, bound to the bench database (env is read on first use).
    Object.assign(process.env, env);
    const { prisma } = await import("~/utils/db.server");
    const procedures = await import("~/modules/procedures/procedures.server");
    const votes = await import("~/modules/votes/votes.server");
    const meetings = await import("~/modules/meetings/meetings.server");

    const admin = await prisma.staff.findFirstOrThrow({ select: { id: true } });
    const proposals = await prisma.proposal.findMany({
      where: { status: "published" },
      take: 5,
      select: { id: true },
    });
    if (proposals.length < 5) throw new Error("the demo content has fewer than 5 initiatives");
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const must = <T extends { status: string }>(what: string, result: T) => {
      if (result.status !== "ok") throw new Error(`${what}: ${JSON.stringify(result)}`);
      return result as Extract<T, { status: "ok" }>;
    };

    const prepared: Prepared[] = [];
    for (const scenario of scenarios) {
      const procedure = must(
        "procedure",
        await procedures.createProcedure(
          {
            kind: "resident_vote",
            title: `Bench: Versammlung (${scenario.key})`,
            description: "Lasttest",
            translations: {},
            phases: [
              {
                kind: "collection",
                startsAt: new Date(now - 10 * day),
                endsAt: new Date(now - 5 * day),
              },
              { kind: "voting", startsAt: new Date(now - day), endsAt: new Date(now + day) },
              {
                kind: "results",
                startsAt: new Date(now + 2 * day),
                endsAt: new Date(now + 3 * day),
              },
            ],
          },
          admin.id,
        ),
      );
      must("publish", await procedures.setProcedureState(procedure.id, "published", admin.id));
      const vote = must(
        "vote",
        await votes.createVote(
          procedure.id,
          {
            method: scenario.method,
            config:
              scenario.method === "yes_no"
                ? { method: "yes_no", minTurnout: null, winners: null }
                : { method: "approval", maxChoices: 2, winners: 2 },
            channels: ["code", "open", "paper"],
            eligibilityNote: "Alle im Raum",
            eligibilityTranslations: {},
            liveResults: false,
          },
          admin.id,
        ),
      );
      const optionIds: string[] = [];
      for (const proposal of proposals) {
        const added = must(
          "option",
          await votes.addVoteOption({
            voteId: vote.id,
            proposalId: proposal.id,
            estimatedCostCents: null,
            staffId: admin.id,
          }),
        );
        optionIds.push(added.id);
      }
      const meeting = must(
        "meeting",
        await meetings.createMeeting({
          voteId: vote.id,
          staffId: admin.id,
          languages: ["de", "ar"],
        }),
      );
      must(
        "hide off",
        await meetings.presenterCommand(meeting.id, admin.id, { kind: "hide", hide: false }),
      );
      let question: string | null = null;
      if (scenario.method === "yes_no") {
        question = optionIds[0]!;
        must(
          "spotlight",
          await meetings.presenterCommand(meeting.id, admin.id, {
            kind: "spotlight",
            optionId: question,
          }),
        );
      }
      const opened = must(
        "open",
        await meetings.presenterCommand(meeting.id, admin.id, {
          kind: "open",
          scope: scenario.method === "yes_no" ? "question" : "all",
        }),
      );
      prepared.push({
        ...scenario,
        voteId: vote.id,
        meetingId: meeting.id,
        code: meeting.code,
        optionIds,
        round: opened.state.votingRound,
        question,
      });
    }
    console.log(`  ${prepared.length} meetings ready (${prepared.map((p) => p.code).join(", ")})`);

    server = await startServer(env);
    console.log(`== Server at ${server.baseUrl}`);
    // Is the phone route there (its JSON contract)? Fail early with a clear message.
    {
      const probe = prepared[0]!;
      const response = await fetch(`${server.baseUrl}/m/${probe.code}/ballot`, {
        method: "POST",
        headers: {
          Accept: "application/json",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: `round=${probe.round + 1000}&optionId=${probe.question}&answer=yes`,
      });
      await response.arrayBuffer();
      if (response.status === 404 || response.status === 405) {
        throw new Error(
          `POST /m/CODE/ballot answers ${response.status}: the phone route is missing (app/routes/m.$code_.ballot.ts).`,
        );
      }
    }

    const results: ScenarioResult[] = [];
    for (const p of prepared) {
      console.log(
        `== ${p.label}: ${p.clients} clients, ${p.ballots} ballots ${p.rate === null ? "at once" : `at ${p.rate}/s`}`,
      );
      const result = await runScenario(server, p);
      result.final.databasePhoneBallots = await prisma.ballot.count({
        where: { voteId: p.voteId, channel: "phone" },
      });
      if (server.process.exitCode !== null) throw new Error(`Server died:\n${server.output()}`);
      console.log(
        `   effect p50/p95/p99 ${result.effectMs.p50}/${result.effectMs.p95}/${result.effectMs.p99} ms, missed ${result.missedClients}, errors ${result.errors}`,
      );
      if (p.key !== "warmup") results.push(result);
      await sleep(1000);
    }
    await prisma.$disconnect();

    const checks: Array<{ name: string; value: unknown; target: string; pass: boolean }> = [];
    for (const r of results) {
      const p95 = r.effectMs.p95 ?? Infinity;
      checks.push({
        name: `${r.scenario}: effect p95 ms`,
        value: r.effectMs.p95,
        target: `< ${TARGETS.maxP95Ms}`,
        pass: p95 < TARGETS.maxP95Ms,
      });
      checks.push({
        name: `${r.scenario}: missed clients`,
        value: r.missedClients,
        target: `= ${TARGETS.maxMissedClients}`,
        pass: r.missedClients === TARGETS.maxMissedClients,
      });
      checks.push({
        name: `${r.scenario}: errors`,
        value: r.errors,
        target: "= 0",
        pass: r.errors === 0,
      });
      checks.push({
        name: `${r.scenario}: last snapshot's phone ballots = acknowledged = database`,
        value: `${r.final.phoneBallots} / ${r.ballotsAcknowledged} / ${r.final.databasePhoneBallots}`,
        target: "all equal",
        pass:
          r.final.phoneBallots === r.ballotsAcknowledged &&
          r.final.databasePhoneBallots === r.ballotsAcknowledged &&
          Object.keys(r.final.clientsByLastPhoneCount).length === 1,
      });
      checks.push({
        name: `${r.scenario}: last snapshot's tally = acknowledged answers`,
        value: r.final.tallyMatchesAcknowledged,
        target: "true",
        pass: r.final.tallyMatchesAcknowledged,
      });
    }

    const trio = (p: { p50: number | null; p95: number | null; p99: number | null }) =>
      `${p.p50} / ${p.p95} / ${p.p99}`;
    console.log(
      "\nms, p50 / p95 / p99. effect: ack → covering snapshot at a client, over all (ballot, client) pairs;",
    );
    console.log(
      "slowest client: per ballot; ack: sent → HTTP answer; send → effect: sent → snapshot.",
    );
    console.log(
      "\n| Scenario | effect | slowest client | ack | send → effect | missed | errors | acked | last ack s | snapshots | server CPU s |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of results) {
      console.log(
        `| ${r.label} | ${trio(r.effectMs)} | ${trio(r.worstClientMs)} | ${trio(r.ackMs)} | ${trio(r.sendToEffectMs)} | ${r.missedClients}/${r.clients} | ${r.errors} | ${r.ballotsAcknowledged}/${r.ballotsSent} | ${r.lastAckAfterS} | ${r.snapshotsDuringBurst} | ${r.serverCpuS ?? "–"} |`,
      );
    }
    console.log("");
    for (const r of results) {
      console.log(
        `  ${r.scenario}: beat the ack ${fmt(r.beatTheAck)} of ${fmt(r.effectMs.n + r.missingPairs)} pairs, missing pairs ${r.missingPairs}, dropped ${r.droppedClients}${r.dropReasons.length ? ` (${r.dropReasons.join("; ")})` : ""}, snapshot ${r.snapshotChars} chars, bench CPU ${r.benchCpuS} s in ${r.durationS} s, bench loop delay p99 ${r.benchLoopDelayMs.p99} ms, load ${r.loadBefore.join(" ")} → ${r.loadAfter.join(" ")}`,
      );
      if (r.errors) console.log(`    errors: ${JSON.stringify(r.errorKinds)}`);
      console.log(
        `    final: phone ballots ${r.final.phoneBallots}, database ${r.final.databasePhoneBallots}, clients by last count ${JSON.stringify(r.final.clientsByLastPhoneCount)}`,
      );
    }
    console.log("");
    for (const c of checks) {
      console.log(`  ${c.pass ? "PASS" : "FAIL"}  ${c.name}: ${c.value} (target ${c.target})`);
    }

    const out = {
      date: new Date().toISOString(),
      machine: { ...machine, loadAfter: loadavg() },
      settings: {
        clients: CLIENTS,
        ballots: BALLOTS,
        rate: RATE,
        settleS: SETTLE_S,
        sseMaxAgeSeconds: 0,
        profile: PROFILE_DIR !== null,
      },
      results,
      checks,
    };
    const resultsDir = path.join(repoRoot, "bench/results");
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `meeting-${out.date.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(
      `\nLoad average ${machine.loadBefore.join(" ")} → ${out.machine.loadAfter.join(" ")}. Results: ${path.relative(repoRoot, file)}`,
    );
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
