/**
 * Ballot benchmark, run by hand against the built app: `npm run build && npx tsx bench/ballots.ts`
 * (never part of `npm test`; see bench/README.md, "Ballots").
 *
 *   1. a fresh temporary SQLite database (`scripts/setup-db.mjs`, the real settings of
 *      app/utils/db.server.ts), a published resident vote in its voting phase with 5
 *      initiatives, approval voting (up to 2 ticks), all channels on, and enough one-time
 *      codes for the run, made with the app's own commands (votes.server.ts)
 *   2. the built app (`node server.mjs`) on 127.0.0.1 with BALLOT_RATE_LIMIT raised
 *   3. autocannon, in this order, each after a warm-up:
 *      - ceiling: `GET /api/ping`, a bare resource route of the same app
 *      - code:    `POST /api/votes/:id/ballots` with a new code per request
 *      - open:    the same without a code, a new signed browser cookie per request
 *   4. exactly-once accounting: every request's key (code or browser) is recorded with its
 *      answer; afterwards the Ballot table is read and every 2xx must have exactly one row
 *      (0 lost), no row may exist without a request that asked for it, and no key may have
 *      two rows (0 duplicated). Requests still unanswered when autocannon stops are
 *      reported separately.
 *   5. figures and checks printed; JSON to bench/results/ballots-<timestamp>.json
 *
 * Options: --duration S (10) --connections N (10) --warmup S (2) --codes N (40000)
 *          --only ceiling|code|open (the ceiling always runs: the ratios need it)
 *          --profile DIR (run the server with `node --cpu-prof`, profile files into DIR)
 * Exit code 1 only when something breaks; missed targets are reported as FAIL.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createCookie } from "@remix-run/node";
import autocannon from "autocannon";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

const DURATION_S = option("duration", 10);
const CONNECTIONS = option("connections", 10);
const WARMUP_S = option("warmup", 2);
const CODES = option("codes", 40_000);
/** --only NAME: run one scenario (ceiling, code or open), e.g. to profile it alone. */
const ONLY = (() => {
  const index = process.argv.indexOf("--only");
  return index < 0 ? null : (process.argv[index + 1] ?? null);
})();
/** --profile DIR: run the server under `node --cpu-prof`, profiles written to DIR on exit. */
const PROFILE_DIR = (() => {
  const index = process.argv.indexOf("--profile");
  return index < 0 ? null : path.resolve(process.argv[index + 1] ?? "bench/results/profiles");
})();

/** The targets. */
const TARGETS = { minBallotsPerS: 1000, minCeilingRatio: 0.5 };

const COOKIE_SECRET = randomBytes(32).toString("hex");
const loadavg = () => os.loadavg().map((n) => Number(n.toFixed(2)));
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
    await new Promise((resolve) => setTimeout(resolve, 200));
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
    // Fields after the command name (which may contain spaces): utime is the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

type Answer = { status: number; changed?: boolean };
/** Per-request key → answer, filled by autocannon's hooks (one request in flight per connection). */
type Ledger = { sent: string[]; answers: Map<string, Answer> };

type LoadResult = {
  requestsPerS: number;
  /** Server CPU time per answered request: less sensitive to other load on the machine. */
  serverCpuMsPerRequest?: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p975: number; p99: number; mean: number; max: number };
};

function runLoad(opts: {
  url: string;
  duration: number;
  method?: "GET" | "POST";
  next?: () => { key: string; body: string; headers: Record<string, string> };
  ledger?: Ledger;
}): Promise<LoadResult> {
  const { next, ledger } = opts;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: opts.url,
        connections: CONNECTIONS,
        duration: opts.duration,
        method: opts.method ?? "GET",
        requests: [
          {
            method: opts.method ?? "GET",
            ...(next
              ? {
                  setupRequest: (request: autocannon.Request, context: object) => {
                    const { key, body, headers } = next();
                    (context as { key?: string }).key = key;
                    ledger?.sent.push(key);
                    return { ...request, body, headers: { ...request.headers, ...headers } };
                  },
                  onResponse: (status: number, body: string, context: object) => {
                    const key = (context as { key?: string }).key;
                    if (!ledger || typeof key !== "string") return;
                    let changed: boolean | undefined;
                    try {
                      changed = (JSON.parse(body) as { changed?: boolean }).changed;
                    } catch {
                      changed = undefined;
                    }
                    ledger.answers.set(key, { status, changed });
                  },
                }
              : {}),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerS: result.requests.average,
          ok2xx: result["2xx"],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          latencyMs: {
            p50: result.latency.p50,
            p975: result.latency.p97_5,
            p99: result.latency.p99,
            mean: result.latency.average,
            max: result.latency.max,
          },
        });
      },
    );
  });
}

async function main() {
  if (!existsSync(path.join(repoRoot, "build/index.js"))) {
    console.error("No build: run `npm run build` first (bench/ballots.ts measures the built app).");
    process.exit(1);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "qs-ballots-"));
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
    COOKIE_SECRET,
    BALLOT_RATE_LIMIT: "100000000",
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
    const loadBefore = loadavg();
    console.log(`== Fresh database in ${dir}`);
    execFileSync("node", ["scripts/setup-db.mjs"], { cwd: repoRoot, env, stdio: "ignore" });

    // The app's own modules, bound to the bench database (env is read on first use).
    Object.assign(process.env, env);
    const { prisma } = await import("~/utils/db.server");
    const procedures = await import("~/modules/procedures/procedures.server");
    const votes = await import("~/modules/votes/votes.server");
    const keys = await import("~/modules/votes/vote-keys.server");
    const { createHash } = await import("node:crypto");

    const admin = await prisma.staff.findFirstOrThrow({ select: { id: true } });
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const procedure = await procedures.createProcedure(
      {
        kind: "resident_vote",
        title: "Bench: Abstimmung",
        description: "Lasttest",
        translations: {},
        phases: [
          {
            kind: "collection",
            startsAt: new Date(now - 10 * day),
            endsAt: new Date(now - 5 * day),
          },
          { kind: "voting", startsAt: new Date(now - day), endsAt: new Date(now + day) },
          { kind: "results", startsAt: new Date(now + 2 * day), endsAt: new Date(now + 3 * day) },
        ],
      },
      admin.id,
    );
    if (procedure.status !== "ok") throw new Error(`procedure: ${JSON.stringify(procedure)}`);
    await procedures.setProcedureState(procedure.id, "published", admin.id);
    const vote = await votes.createVote(
      procedure.id,
      {
        method: "approval",
        config: { method: "approval", maxChoices: 2, winners: 2 },
        channels: ["code", "open", "paper"],
        eligibilityNote: "Alle im Quartier",
        eligibilityTranslations: {},
        liveResults: false,
      },
      admin.id,
    );
    if (vote.status !== "ok") throw new Error(`vote: ${JSON.stringify(vote)}`);
    const voteId = vote.id;
    const proposals = await prisma.proposal.findMany({
      where: { status: "published" },
      take: 5,
      select: { id: true },
    });
    const optionIds: string[] = [];
    for (const proposal of proposals) {
      const added = await votes.addVoteOption({
        voteId,
        proposalId: proposal.id,
        estimatedCostCents: null,
        staffId: admin.id,
      });
      if (added.status !== "ok") throw new Error(`option: ${JSON.stringify(added)}`);
      optionIds.push(added.id);
    }
    const codes: string[] = [];
    while (codes.length < CODES) {
      const sheet = await votes.generateCodeSheet({
        voteId,
        count: Math.min(votes.MAX_CODES_PER_SHEET, CODES - codes.length),
        label: `Bench ${codes.length}`,
        staffId: admin.id,
      });
      if (sheet.status !== "ok") throw new Error(`codes: ${JSON.stringify(sheet)}`);
      codes.push(...sheet.codes);
    }
    // Signed browser ids, as the app's cookie would carry them.
    const cookie = createCookie("qs_supporter", { path: "/", secrets: [COOKIE_SECRET] });
    const browserIds: string[] = [];
    const cookieHeaders: string[] = [];
    for (let i = 0; i < CODES; i++) {
      const id = randomBytes(18).toString("base64url");
      browserIds.push(id);
      cookieHeaders.push((await cookie.serialize(id)).split(";")[0]!);
    }
    console.log(`  vote ${voteId}: ${optionIds.length} options, ${fmt(codes.length)} codes`);

    server = await startServer(env);
    console.log(`== Server at ${server.baseUrl}`);
    const ballotsUrl = `${server.baseUrl}/api/votes/${voteId}/ballots`;
    const choice = (i: number) =>
      i % 3 === 0 ? [optionIds[i % 5]] : [optionIds[i % 5], optionIds[(i + 1) % 5]];

    let codeIndex = 0;
    const nextCode = () => {
      if (codeIndex >= codes.length) throw new Error("out of codes: raise --codes");
      const i = codeIndex++;
      return {
        key: codes[i]!,
        body: JSON.stringify({ code: codes[i], choices: choice(i), eligible: true }),
        headers: { "Content-Type": "application/json" },
      };
    };
    let browserIndex = 0;
    const nextBrowser = () => {
      if (browserIndex >= browserIds.length) throw new Error("out of browser ids: raise --codes");
      const i = browserIndex++;
      return {
        key: browserIds[i]!,
        body: JSON.stringify({ choices: choice(i), eligible: true }),
        headers: { "Content-Type": "application/json", Cookie: cookieHeaders[i]! },
      };
    };

    const ledgers = {
      code: { sent: [], answers: new Map() } as Ledger,
      open: { sent: [], answers: new Map() } as Ledger,
    };
    const scenarios = [
      { key: "ceiling", label: "GET /api/ping (ceiling)", url: `${server.baseUrl}/api/ping` },
      {
        key: "code",
        label: "POST ballot, code",
        url: ballotsUrl,
        method: "POST" as const,
        next: nextCode,
      },
      {
        key: "open",
        label: "POST ballot, open",
        url: ballotsUrl,
        method: "POST" as const,
        next: nextBrowser,
      },
    ];
    const results: Record<string, LoadResult> = {};
    for (const scenario of scenarios) {
      if (ONLY !== null && scenario.key !== ONLY && scenario.key !== "ceiling") continue;
      const ledger =
        scenario.key === "code" || scenario.key === "open" ? ledgers[scenario.key] : undefined;
      console.log(
        `== ${scenario.label}: ${WARMUP_S} s warm-up, ${DURATION_S} s at ${CONNECTIONS} connections`,
      );
      await runLoad({
        url: scenario.url,
        duration: WARMUP_S,
        method: scenario.method,
        next: scenario.next,
        ledger,
      });
      const cpuBefore = serverCpuSeconds(server);
      const result = await runLoad({
        url: scenario.url,
        duration: DURATION_S,
        method: scenario.method,
        next: scenario.next,
        ledger,
      });
      const cpuAfter = serverCpuSeconds(server);
      if (cpuBefore !== null && cpuAfter !== null) {
        const answered = result.ok2xx + result.non2xx;
        result.serverCpuMsPerRequest = Number(
          ((1000 * (cpuAfter - cpuBefore)) / answered).toFixed(3),
        );
      }
      results[scenario.key] = result;
      if (server.process.exitCode !== null) throw new Error(`Server died:\n${server.output()}`);
    }
    // Requests that were in flight when autocannon stopped: let the server finish them.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    // Exactly-once accounting against the database.
    const rows = await prisma.ballot.findMany({
      where: { voteId },
      select: { channel: true, voterKey: true },
    });
    const codeRows = await prisma.voteCode.findMany({
      where: { voteId },
      select: { id: true, codeHash: true },
    });
    const codeIdByHash = new Map(codeRows.map((row) => [row.codeHash, row.id]));
    const supporterHash = (id: string) =>
      createHash("sha256").update(`supporter:${id}`).digest("hex");
    const voterKeyOf = {
      code: (code: string) =>
        keys.codeVoterKey(codeIdByHash.get(keys.codeHash(voteId, code)) ?? "?"),
      open: (browserId: string) => keys.openVoterKey(voteId, supporterHash(browserId)),
    };
    const rowCount = new Map<string, number>();
    for (const row of rows) rowCount.set(row.voterKey, (rowCount.get(row.voterKey) ?? 0) + 1);
    const accounting = Object.fromEntries(
      (["code", "open"] as const).map((channel) => {
        const ledger = ledgers[channel];
        let ok = 0;
        let refused = 0;
        let unanswered = 0;
        let lost = 0;
        let changed = 0;
        let refusedButStored = 0;
        const expected = new Set<string>();
        for (const key of ledger.sent) {
          const voterKey = voterKeyOf[channel](key);
          expected.add(voterKey);
          const answer = ledger.answers.get(key);
          const stored = rowCount.get(voterKey) ?? 0;
          if (!answer) unanswered++;
          else if (answer.status >= 200 && answer.status < 300) {
            ok++;
            if (stored !== 1) lost++;
            if (answer.changed) changed++;
          } else {
            refused++;
            if (stored > 0) refusedButStored++;
          }
        }
        const channelRows = rows.filter((row) => row.channel === channel);
        const duplicated =
          [...rowCount.entries()].filter(([key, n]) => n > 1 && key.startsWith(`${channel}:`))
            .length + channelRows.filter((row) => !expected.has(row.voterKey)).length;
        return [
          channel,
          {
            sent: ledger.sent.length,
            ok,
            refused,
            unanswered,
            rows: channelRows.length,
            lost,
            duplicated,
            changed,
            refusedButStored,
          },
        ];
      }),
    ) as unknown as Record<"code" | "open", Record<string, number>>;
    await prisma.$disconnect();

    const ceiling = results.ceiling!.requestsPerS;
    const checks: Array<{ name: string; value: number; op: string; limit: number; pass: boolean }> =
      [];
    const check = (name: string, value: number, op: ">=" | "=", limit: number) =>
      checks.push({ name, value, op, limit, pass: op === ">=" ? value >= limit : value === limit });
    for (const channel of ["code", "open"] as const) {
      if (!results[channel]) continue;
      const rate = results[channel]!.requestsPerS;
      check(`${channel}: ballots/s`, rate, ">=", TARGETS.minBallotsPerS);
      check(
        `${channel}: ratio to ceiling`,
        Number((rate / ceiling).toFixed(3)),
        ">=",
        TARGETS.minCeilingRatio,
      );
      check(`${channel}: non-2xx`, results[channel]!.non2xx + results[channel]!.errors, "=", 0);
      check(`${channel}: lost ballots`, accounting[channel].lost!, "=", 0);
      check(`${channel}: duplicated ballots`, accounting[channel].duplicated!, "=", 0);
    }

    console.log(
      "\n| Scenario | req/s | ratio | server CPU ms/req | p50 ms | p97.5 ms | p99 ms | non-2xx |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const scenario of scenarios) {
      const r = results[scenario.key];
      if (!r) continue;
      console.log(
        `| ${scenario.label} | ${fmt(r.requestsPerS, 1)} | ${(r.requestsPerS / ceiling).toFixed(2)} | ${r.serverCpuMsPerRequest ?? "–"} | ${r.latencyMs.p50} | ${r.latencyMs.p975} | ${r.latencyMs.p99} | ${r.non2xx + r.errors} |`,
      );
    }
    console.log("\nAccounting (warm-up and run together):");
    for (const [channel, a] of Object.entries(accounting))
      console.log(`  ${channel}: ${JSON.stringify(a)}`);
    console.log("");
    for (const c of checks) {
      console.log(
        `  ${c.pass ? "PASS" : "FAIL"}  ${c.name}: ${c.value} (target ${c.op} ${c.limit})`,
      );
    }

    const loadAfter = loadavg();
    const out = {
      date: new Date().toISOString(),
      machine: { cpus: os.availableParallelism(), node: process.version, loadBefore, loadAfter },
      settings: {
        durationS: DURATION_S,
        connections: CONNECTIONS,
        warmupS: WARMUP_S,
        codes: CODES,
      },
      results,
      accounting,
      checks,
    };
    const resultsDir = path.join(repoRoot, "bench/results");
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `ballots-${out.date.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(
      `\nLoad average ${loadBefore.join(" ")} → ${loadAfter.join(" ")}. Results: ${path.relative(repoRoot, file)}`,
    );
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
