/**
 * Benchmark suite, run by hand: `npm run build && npm run bench` (never part of `npm test`).
 *
 *   1. point-in-polygon checks per second, in process, on the real funding area
 *   2. a fresh temporary SQLite database with ~10,000 published initiatives
 *   3. the ceiling: a bare Remix page (20 list items) behind the same server stack
 *      (bench/ceiling.ts), loaded with autocannon before and after the app
 *   4. the built app (server.mjs) on 127.0.0.1, loaded with autocannon: public pages at
 *      10 and 50 connections against the ceiling, the API, and 300 simultaneous first
 *      visits to the start page with everything a browser loads (bench/first-visits.ts)
 *   5. every figure against its budget (PASS/FAIL), results to bench/results/<timestamp>.json
 *
 * Options: --duration S (10) --connections N (10) --connections-high N (50) --warmup S (2)
 *          --demo N (10000) --pip-seconds S (2) --visitors N (300)
 * Exit code 1 only when something breaks (setup, server, a scenario's preflight request);
 * missed budgets are reported as FAIL but exit 0.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { bbox, booleanPointInPolygon } from "@turf/turf";
import autocannon from "autocannon";
import type { FeatureCollection } from "geojson";
import { checkPoint, type AreaGeometry } from "../app/modules/areas/geo";
import { buildCeilingApp } from "./ceiling";
import { firstVisits } from "./first-visits";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// ---------------------------------------------------------------- options

function option(name: string, fallback: number, { allowZero = false } = {}): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new Error(`--${name} takes a ${allowZero ? "non-negative" : "positive"} number`);
  }
  return value;
}

const DURATION_S = option("duration", 10);
const CONNECTIONS = option("connections", 10);
const WARMUP_S = option("warmup", 2, { allowZero: true });
const DEMO_COUNT = option("demo", 10_000);
const PIP_SECONDS = option("pip-seconds", 2);
const CONNECTIONS_HIGH = option("connections-high", 50);
const VISITORS = option("visitors", 300);

// ---------------------------------------------------------------- budgets

/** The product's targets (see bench/README.md). */
const BUDGETS = {
  listP975Ms: 150,
  listMinRps: 100,
  geojsonP975Ms: 1000,
  geojsonMaxGzipBytes: 700 * 1024,
  postMinRps: 100,
  postP975Ms: 200,
  pipMinChecksPerS: 5000,
  /** Public pages for anonymous visitors, at both connection counts: req/s ≥ this × ceiling. */
  publicMinCeilingRatio: 0.5,
  /** Public pages at CONNECTIONS_HIGH connections. */
  publicP99MsHigh: 200,
  /** All VISITORS first visits to the start page, each with every file it loads. */
  firstVisitsP95Ms: 2000,
};

type Check = {
  name: string;
  value: number;
  unit: string;
  op: "<" | ">" | ">=" | "=";
  limit: number;
  pass: boolean;
};

const checks: Check[] = [];

function check(name: string, value: number, unit: string, op: Check["op"], limit: number) {
  const pass =
    op === "<"
      ? value < limit
      : op === ">"
        ? value > limit
        : op === ">="
          ? value >= limit
          : value === limit;
  checks.push({ name, value, unit, op, limit, pass });
}

// ---------------------------------------------------------------- helpers

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function machineInfo() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpuModel: model.trim(),
    cpus: os.availableParallelism(),
    memoryTotalGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    memoryFreeGiB: Number((os.freemem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    autocannon: JSON.parse(
      readFileSync(path.join(repoRoot, "node_modules/autocannon/package.json"), "utf8"),
    ).version as string,
  };
}

/** Which build is measured: the work tree may be rebuilt while the benchmark runs. */
function buildInfo() {
  const file = path.join(repoRoot, "build/index.js");
  const versionFile = path.join(repoRoot, "build/version.txt");
  return {
    version: existsSync(versionFile) ? readFileSync(versionFile, "utf8").trim() : "unknown",
    indexJsModified: statSync(file).mtime.toISOString(),
  };
}

const loadavg = () => os.loadavg().map((n) => Number(n.toFixed(2)));

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

/** Raw GET over node:http, so that the transferred (compressed) size can be counted. */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.setTimeout(30_000, () => request.destroy(new Error(`timeout: ${url}`)));
  });
}

// ---------------------------------------------------------------- point in polygon

/** Deterministic points (LCG), so that every run checks the same ones. */
function randomPoints(area: AreaGeometry, count: number, seed = 7): Array<[number, number]> {
  const [minX, minY, maxX, maxY] = bbox(area);
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const points: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    points.push([minX + next() * (maxX - minX), minY + next() * (maxY - minY)]);
  }
  return points;
}

function timeChecks(area: AreaGeometry, points: Array<[number, number]>, seconds: number) {
  // Warm up the JIT briefly, then count how many checks fit into the time.
  for (let i = 0; i < Math.min(points.length, 500); i++) checkPoint(area, ...points[i]);
  let count = 0;
  let insideCount = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    // Check the clock every 100 points, not after each one.
    for (let j = 0; j < 100; j++) {
      const result = checkPoint(area, ...points[count % points.length]);
      if (result.inside) insideCount++;
      count++;
    }
    now = process.hrtime.bigint();
  }
  const elapsedS = Number(now - start) / 1e9;
  return {
    checks: count,
    seconds: Number(elapsedS.toFixed(3)),
    checksPerS: Math.round(count / elapsedS),
    meanMicroseconds: Number(((elapsedS / count) * 1e6).toFixed(1)),
    insideShare: Number((insideCount / count).toFixed(3)),
  };
}

function benchPointInPolygon() {
  const collection: FeatureCollection<AreaGeometry> = JSON.parse(
    readFileSync(path.join(repoRoot, "prisma/geodata/leipziger-osten-szp-approx.geojson"), "utf8"),
  );
  const area = collection.features[0].geometry;
  const vertices =
    area.type === "Polygon"
      ? area.coordinates.reduce((n, ring) => n + ring.length, 0)
      : area.coordinates.flat().reduce((n, ring) => n + ring.length, 0);
  const mixed = randomPoints(area, 10_000);
  const inside = mixed.filter((p) => booleanPointInPolygon(p, area));
  const outside = mixed.filter((p) => !booleanPointInPolygon(p, area));

  console.log(`\n== Point in polygon (real area, ${vertices} vertices, ${PIP_SECONDS} s each)`);
  const results = {
    vertices,
    mixed: timeChecks(area, mixed, PIP_SECONDS),
    insideOnly: timeChecks(area, inside, PIP_SECONDS),
    outsideOnly: timeChecks(area, outside, PIP_SECONDS),
  };
  for (const [name, r] of Object.entries(results)) {
    if (typeof r === "number") continue;
    console.log(
      `  ${name.padEnd(12)} ${fmt(r.checksPerS).padStart(10)} checks/s  (${r.meanMicroseconds} µs each, ${Math.round(r.insideShare * 100)} % inside)`,
    );
  }
  check(
    "point-in-polygon mixed: checks/s",
    results.mixed.checksPerS,
    "checks/s",
    ">",
    BUDGETS.pipMinChecksPerS,
  );
  return results;
}

// ---------------------------------------------------------------- server

type Server = { process: ChildProcess; baseUrl: string; output: () => string };

async function startServer(env: NodeJS.ProcessEnv, cwd = repoRoot): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const server = { process: child, baseUrl: `http://127.0.0.1:${port}`, output: () => output };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(server.baseUrl + "/");
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

// ---------------------------------------------------------------- HTTP scenarios

type Scenario = {
  key: string;
  label: string;
  path: string;
  method?: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
  expectStatus: number;
  /** Defaults to --connections. */
  connections?: number;
  /** How its checks are named; defaults to the method and path. */
  checkName?: string;
  budget?: { p975Ms?: number; minRps?: number; p99Ms?: number };
};

type ScenarioResult = {
  key: string;
  label: string;
  method: string;
  path: string;
  connections: number;
  requestsPerS: number;
  requestsTotal: number;
  latencyMs: { mean: number; p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  throughputMiBPerS: number;
  durationS: number;
};

type ScenarioError = { key: string; label: string; method: string; path: string; error: string };

async function runScenario(server: Server, scenario: Scenario): Promise<ScenarioResult> {
  const url = server.baseUrl + scenario.path;
  const method = scenario.method ?? "GET";
  const headers = { "accept-encoding": "gzip", ...scenario.headers };
  const connections = scenario.connections ?? CONNECTIONS;
  const base = {
    key: scenario.key,
    label: scenario.label,
    method,
    path: scenario.path,
    connections,
  };

  // Preflight: one request must answer as expected, or the figures would be meaningless.
  const preflight = await fetch(url, { method, headers, body: scenario.body });
  const preflightBody = await preflight.text();
  if (preflight.status !== scenario.expectStatus) {
    throw new Error(
      `${method} ${scenario.path}: expected ${scenario.expectStatus}, got ${preflight.status}: ${preflightBody.slice(0, 300)}`,
    );
  }

  const options: autocannon.Options = {
    url,
    method,
    headers,
    body: scenario.body,
    connections,
    duration: DURATION_S,
  };
  if (WARMUP_S > 0) await autocannon({ ...options, duration: WARMUP_S });
  const r = await autocannon(options);
  const result: ScenarioResult = {
    ...base,
    requestsPerS: Number(r.requests.average.toFixed(1)),
    requestsTotal: r.requests.total,
    latencyMs: {
      mean: Number(r.latency.average.toFixed(2)),
      p50: r.latency.p50,
      p97_5: r.latency.p97_5,
      p99: r.latency.p99,
      max: r.latency.max,
    },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    throughputMiBPerS: Number((r.throughput.average / 1024 ** 2).toFixed(2)),
    durationS: r.duration,
  };
  console.log(
    `  ${scenario.label.padEnd(44)} c${String(connections).padEnd(3)} ${fmt(result.requestsPerS, 1).padStart(8)} req/s  ` +
      `p50 ${fmt(result.latencyMs.p50).padStart(5)} ms  p97.5 ${fmt(result.latencyMs.p97_5).padStart(5)} ms  ` +
      `p99 ${fmt(result.latencyMs.p99).padStart(5)} ms  non-2xx ${result.non2xx}  errors ${result.errors}`,
  );

  const name = `${scenario.checkName ?? `${method} ${scenario.path}`}${scenario.headers?.cookie ? " (with a cookie)" : ""} @${connections}`;
  if (scenario.budget?.p99Ms !== undefined) {
    check(`${name}: p99 latency`, result.latencyMs.p99, "ms", "<", scenario.budget.p99Ms);
  }
  if (scenario.budget?.p975Ms !== undefined) {
    check(`${name}: p97.5 latency`, result.latencyMs.p97_5, "ms", "<", scenario.budget.p975Ms);
  }
  if (scenario.budget?.minRps !== undefined) {
    check(`${name}: requests/s`, result.requestsPerS, "req/s", ">", scenario.budget.minRps);
  }
  check(`${name}: non-2xx + errors`, result.non2xx + result.errors, "", "=", 0);
  return result;
}

async function geojsonSize(server: Server) {
  const url = server.baseUrl + "/api/proposals.geojson";
  const plain = await rawGet(url, { "accept-encoding": "identity" });
  const gzip = await rawGet(url, { "accept-encoding": "gzip" });
  const browser = await rawGet(url, { "accept-encoding": "gzip, deflate, br" });
  const collection = JSON.parse(plain.body.toString("utf8")) as FeatureCollection;
  const features = collection.features.length;
  const size = {
    features,
    sampleFeature: collection.features.at(-1),
    plainBytes: plain.body.length,
    gzipBytes: gzip.body.length,
    gzipContentEncoding: String(gzip.headers["content-encoding"] ?? "none"),
    browserBytes: browser.body.length,
    browserContentEncoding: String(browser.headers["content-encoding"] ?? "none"),
    gzipLevel9Bytes: gzipSync(plain.body, { level: 9 }).length,
  };
  console.log(
    `  GeoJSON: ${fmt(features)} features, ${fmt(size.plainBytes / 1024)} KB plain, ` +
      `${fmt(size.gzipBytes / 1024)} KB as served with Accept-Encoding: gzip (content-encoding: ${size.gzipContentEncoding}), ` +
      `${fmt(size.gzipLevel9Bytes / 1024)} KB at gzip -9; ` +
      `${fmt(size.browserBytes / 1024)} KB for a browser's "gzip, deflate, br" (${size.browserContentEncoding})`,
  );
  check(
    "GET /api/proposals.geojson: gzip size",
    size.gzipBytes,
    "bytes",
    "<",
    BUDGETS.geojsonMaxGzipBytes,
  );
  return size;
}

// ---------------------------------------------------------------- public pages

type PageDef = { key: string; label: string; path: string; legacyKey?: string };

/** Published initiative for the detail-page scenario: the newest one in the GeoJSON. */
async function detailPath(server: Server): Promise<string> {
  const response = await rawGet(server.baseUrl + "/api/proposals.geojson", {
    "accept-encoding": "identity",
  });
  const collection = JSON.parse(response.body.toString("utf8")) as FeatureCollection;
  const id = collection.features[0]?.properties?.id;
  if (typeof id !== "string") throw new Error("no published initiative for the detail page");
  return `/proposals/${id}`;
}

type ScenarioOutcome = ScenarioResult | ScenarioError;

async function runScenarios(
  server: Server,
  scenarios: Scenario[],
  into: Record<string, ScenarioOutcome>,
  scenarioErrors: string[],
  before?: (scenario: Scenario) => Promise<void>,
) {
  for (const scenario of scenarios) {
    try {
      await before?.(scenario);
      into[scenario.key] = await runScenario(server, scenario);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`  ${scenario.label}: ERROR ${message}`);
      scenarioErrors.push(`${scenario.label}: ${message}`);
      into[scenario.key] = {
        key: scenario.key,
        label: scenario.label,
        method: scenario.method ?? "GET",
        path: scenario.path,
        error: message,
      };
      if (server.process.exitCode !== null) {
        throw new Error(`Server died during ${scenario.label}:\n${server.output()}`);
      }
    }
  }
}

const isResult = (outcome: ScenarioOutcome | undefined): outcome is ScenarioResult =>
  outcome !== undefined && "requestsPerS" in outcome;

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(path.join(repoRoot, "build/index.js"))) {
    console.error(
      "No build found (build/index.js). Run `npm run build` first, then `npm run bench`.",
    );
    process.exitCode = 1;
    return;
  }
  const startedAt = new Date();
  const machine = machineInfo();
  let buildAtStart = buildInfo();
  const loadBefore = loadavg();
  console.log(
    `Quartiersstimme benchmark — ${startedAt.toISOString()}\n` +
      `build ${buildAtStart.version} (build/index.js of ${buildAtStart.indexJsModified})\n` +
      `${machine.cpuModel}, ${machine.cpus} CPUs, ${machine.memoryTotalGiB} GiB, node ${machine.node}, ` +
      `load average ${loadBefore.join(" ")}\n` +
      `HTTP: ${CONNECTIONS} and ${CONNECTIONS_HIGH} connections, ${DURATION_S} s per scenario after ${WARMUP_S} s warm-up`,
  );

  const results: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    machine,
    build: buildAtStart,
    loadAverageBefore: loadBefore,
    settings: {
      durationS: DURATION_S,
      connections: CONNECTIONS,
      connectionsHigh: CONNECTIONS_HIGH,
      warmupS: WARMUP_S,
      demoProposals: DEMO_COUNT,
      pipSeconds: PIP_SECONDS,
      visitors: VISITORS,
    },
    budgets: BUDGETS,
  };
  const scenarioErrors: string[] = [];

  // Runs before the server starts, so that nothing else of ours competes for the CPU.
  results.pointInPolygon = benchPointInPolygon();

  const tmpDir = mkdtempSync(path.join(os.tmpdir(), "quartiersstimme-bench-"));
  let ceilingDir: string | undefined;
  let server: Server | undefined;
  const cleanupNow = () => {
    server?.process.kill("SIGKILL");
    rmSync(tmpDir, { recursive: true, force: true });
    if (ceilingDir) rmSync(ceilingDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the server and removing ${tmpDir}`);
    cleanupNow();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const ceilingRuns: Array<Record<string, ScenarioOutcome>> = [];
  const ceilingScenarios = (run: number): Scenario[] =>
    [CONNECTIONS, CONNECTIONS_HIGH].map((connections) => ({
      key: `ceiling${run}c${connections}`,
      label: `ceiling: bare Remix page (run ${run})`,
      checkName: `ceiling run ${run}: GET /`,
      path: "/",
      expectStatus: 200,
      connections,
    }));

  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: `file:${path.join(tmpDir, "bench.db")}`,
      SUBMISSION_RATE_LIMIT: "100000000",
      PUBLIC_BASE_URL: "",
    };
    console.log(`\n== Database: ${env.DATABASE_URL} with --demo ${DEMO_COUNT}`);
    const seedStart = Date.now();
    execFileSync(process.execPath, ["scripts/setup-db.mjs", "--demo", String(DEMO_COUNT)], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    results.seedSeconds = Number(((Date.now() - seedStart) / 1000).toFixed(1));
    console.log(`  migrated and seeded in ${results.seedSeconds} s`);

    // The ceiling: a bare Remix build behind a copy of the same server.mjs.
    ceilingDir = buildCeilingApp(repoRoot);
    const runCeiling = async (run: number) => {
      const ceiling = await startServer(env, ceilingDir);
      server = ceiling;
      console.log(
        `\n== Ceiling, run ${run}: bare Remix page behind server.mjs (${ceiling.baseUrl})`,
      );
      const outcomes: Record<string, ScenarioOutcome> = {};
      try {
        await runScenarios(ceiling, ceilingScenarios(run), outcomes, scenarioErrors);
      } finally {
        await stopServer(ceiling);
        server = undefined;
      }
      ceilingRuns.push(outcomes);
    };
    await runCeiling(1);

    // The server loads build/index.js now: that is the build the HTTP figures are of.
    buildAtStart = buildInfo();
    results.build = buildAtStart;
    server = await startServer(env);
    console.log(`\n== HTTP against ${server.baseUrl} (NODE_ENV=production)`);

    const pages: PageDef[] = [
      { key: "home", label: "start page GET /", path: "/" },
      { key: "list", label: "(a) GET /proposals", path: "/proposals" },
      {
        key: "listSearch",
        label: "(b) GET /proposals?q=Bank&page=3",
        path: "/proposals?q=Bank&page=3",
      },
      { key: "listDeep", label: "(c) GET /proposals?page=400", path: "/proposals?page=400" },
      { key: "detail", label: "detail GET /proposals/:id", path: await detailPath(server) },
    ];
    const listKeys = new Set(["list", "listSearch", "listDeep"]);
    const listBudget = { p975Ms: BUDGETS.listP975Ms, minRps: BUDGETS.listMinRps };
    const pageScenarios: Scenario[] = pages.flatMap((page) => [
      {
        key: page.key,
        label: page.label,
        path: page.path,
        expectStatus: 200,
        connections: CONNECTIONS,
        // The list-page budgets of the product (a–c) apply at 10 connections.
        budget: listKeys.has(page.key) ? listBudget : undefined,
      },
      {
        key: `${page.key}High`,
        label: page.label,
        path: page.path,
        expectStatus: 200,
        connections: CONNECTIONS_HIGH,
        budget: { p99Ms: BUDGETS.publicP99MsHigh },
      },
    ]);
    // For information: the same pages rendered for a visitor who carries a cookie
    // (any cookie but the language one passes by the page cache).
    const renderedScenarios: Scenario[] = pages.map((page) => ({
      key: `${page.key}Rendered`,
      label: `${page.label} (cookie: rendered)`,
      path: page.path,
      headers: { cookie: "qs_bench=1" },
      expectStatus: 200,
      connections: CONNECTIONS,
    }));

    const httpResults: Record<string, ScenarioOutcome> = {};
    results.http = httpResults;
    await runScenarios(server, pageScenarios, httpResults, scenarioErrors);
    console.log("  -- the same pages for a visitor with a cookie (not cached; for information)");
    await runScenarios(server, renderedScenarios, httpResults, scenarioErrors);
    await runScenarios(
      server,
      [
        {
          key: "geojson",
          label: "(d) GET /api/proposals.geojson",
          path: "/api/proposals.geojson",
          expectStatus: 200,
          budget: { p975Ms: BUDGETS.geojsonP975Ms },
        },
      ],
      httpResults,
      scenarioErrors,
      async () => {
        results.geojsonSize = await geojsonSize(server!);
      },
    );

    for (const scroll of [false, true]) {
      console.log(
        scroll
          ? `\n== ${VISITORS} simultaneous first visits to /, each scrolling down to the map (for information)`
          : `\n== ${VISITORS} simultaneous first visits to / (empty cache, gzip and br, a phone's first screen)`,
      );
      try {
        const visits = await firstVisits(server.baseUrl, { visitors: VISITORS, path: "/", scroll });
        if (scroll) results.firstVisitsScrolled = visits;
        else results.firstVisits = visits;
        console.log(
          `  ${visits.requestsPerVisitor} requests and ${fmt(visits.bytesPerVisitor / 1024)} KB per visitor ` +
            `(files after hydration as ${visits.discovery === "chromium" ? "recorded from Chromium" : "known from the map code"}); ` +
            `completion p50 ${fmt(visits.completionMs.p50)} ms, p95 ${fmt(visits.completionMs.p95)} ms, ` +
            `max ${fmt(visits.completionMs.max)} ms; ${visits.failedVisitors} failed, ` +
            `${visits.retriedRequests} request(s) retried; all done in ${visits.wallSeconds} s`,
        );
        for (const file of visits.files) {
          console.log(
            `    phase ${file.phase} ${file.status} ${file.encoding.padEnd(8)} ${fmt(file.bytes / 1024, 1).padStart(7)} KB  ${file.path.slice(0, 90)}`,
          );
        }
        for (const error of visits.errors) console.log(`    error: ${error}`);
        if (scroll) continue;
        check(
          `${VISITORS} first visits to /: p95 completion`,
          visits.completionMs.p95,
          "ms",
          "<",
          BUDGETS.firstVisitsP95Ms,
        );
        check(`${VISITORS} first visits to /: failed visitors`, visits.failedVisitors, "", "=", 0);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`  first visits: ERROR ${message}`);
        scenarioErrors.push(`first visits: ${message}`);
      }
    }

    console.log("");
    await runScenarios(
      server,
      [
        {
          key: "submit",
          label: "(e) POST /api/proposals",
          path: "/api/proposals",
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            title: "Bench Idee",
            description: "Eine Idee aus dem Lasttest: Sitzbank mit Schatten am Platz.",
            category: "community",
            lon: 12.4029903,
            lat: 51.3434382,
          }),
          expectStatus: 201,
          budget: { p975Ms: BUDGETS.postP975Ms, minRps: BUDGETS.postMinRps },
        },
      ],
      httpResults,
      scenarioErrors,
    );
    await stopServer(server);
    server = undefined;

    // The ceiling once more, so that a change in the machine's load shows.
    await runCeiling(2);

    // Public pages against the ceiling (the mean of both ceiling runs).
    const ceilingRps = (connections: number) => {
      const values = ceilingRuns
        .map((run) => Object.values(run).find((r) => isResult(r) && r.connections === connections))
        .filter(isResult)
        .map((r) => r.requestsPerS);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
    };
    const ceiling = {
      [CONNECTIONS]: ceilingRps(CONNECTIONS),
      [CONNECTIONS_HIGH]: ceilingRps(CONNECTIONS_HIGH),
    };
    results.ceiling = { runs: ceilingRuns, meanRequestsPerS: ceiling };
    const table: Array<Record<string, unknown>> = [];
    console.log(
      `\n== Public pages against the ceiling (mean of 2 runs: ${fmt(ceiling[CONNECTIONS], 1)} req/s at ${CONNECTIONS}, ` +
        `${fmt(ceiling[CONNECTIONS_HIGH], 1)} req/s at ${CONNECTIONS_HIGH} connections)`,
    );
    for (const page of pages) {
      for (const [suffix, connections] of [
        ["", CONNECTIONS],
        ["High", CONNECTIONS_HIGH],
      ] as const) {
        const r = httpResults[page.key + suffix];
        if (!isResult(r)) continue;
        const ratio = Number((r.requestsPerS / ceiling[connections]).toFixed(2));
        check(
          `${page.path} @${connections}: req/s ÷ ceiling`,
          ratio,
          "",
          ">=",
          BUDGETS.publicMinCeilingRatio,
        );
        const rendered = httpResults[`${page.key}Rendered`];
        table.push({
          page: page.path,
          connections,
          requestsPerS: r.requestsPerS,
          ratio,
          p99Ms: r.latencyMs.p99,
          renderedRequestsPerS: suffix === "" && isResult(rendered) ? rendered.requestsPerS : null,
        });
        console.log(
          `  ${page.path.padEnd(40)} c${String(connections).padEnd(3)} ${fmt(r.requestsPerS, 1).padStart(8)} req/s  ` +
            `${fmt(ratio, 2)} × ceiling  p99 ${fmt(r.latencyMs.p99)} ms` +
            (suffix === "" && isResult(rendered)
              ? `   (with a cookie: ${fmt(rendered.requestsPerS, 1)} req/s, ${fmt(rendered.requestsPerS / ceiling[connections], 2)} ×)`
              : ""),
        );
      }
    }
    results.publicPages = table;
  } finally {
    await stopServer(server);
    rmSync(tmpDir, { recursive: true, force: true });
    if (ceilingDir) rmSync(ceilingDir, { recursive: true, force: true });
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }

  results.loadAverageAfter = loadavg();
  const buildAtEnd = buildInfo();
  if (buildAtEnd.indexJsModified !== buildAtStart.indexJsModified) {
    results.buildChangedDuringRun = buildAtEnd;
    console.warn(
      `\nWARNING: build/index.js was rewritten during the run (${buildAtEnd.indexJsModified}); ` +
        "the server kept the build it had loaded (results.build), the figures are of that one.",
    );
  }
  results.checks = checks;
  results.scenarioErrors = scenarioErrors;

  console.log("\n== Budgets");
  for (const c of checks) {
    const unit = c.unit ? ` ${c.unit}` : "";
    const digits = c.unit === "ms" ? 1 : c.unit === "" && !Number.isInteger(c.value) ? 2 : 0;
    console.log(
      `  ${c.pass ? "PASS" : "FAIL"}  ${c.name}: ${fmt(c.value, digits)}${unit} (budget ${c.op} ${fmt(c.limit, Number.isInteger(c.limit) ? 0 : 2)}${unit})`,
    );
  }
  const failed = checks.filter((c) => !c.pass).length;
  console.log(
    `  ${checks.length - failed} passed, ${failed} failed` +
      (scenarioErrors.length ? `, ${scenarioErrors.length} scenario error(s)` : ""),
  );
  console.log(`  load average before ${loadBefore.join(" ")}, after ${loadavg().join(" ")}`);

  const resultsDir = path.join(repoRoot, "bench/results");
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nResults: ${path.relative(repoRoot, file)}`);

  if (scenarioErrors.length) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
