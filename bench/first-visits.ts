/**
 * "300 first visits": N simulated visitors with an empty cache open the same page at the
 * same moment, and each loads what a browser loads for it, in the order a browser does:
 *
 *   1. the HTML
 *   2. every `<script src>`, `<link rel=stylesheet|modulepreload|icon>` the HTML names
 *   3. what app/entry.client.tsx fetches before hydration: `/locales/<lang>.json`
 *   4. after hydration: Remix's route discovery (`/__manifest?p=…&version=…` for the page's
 *      links, v3_lazyRouteDiscovery) and the lazily imported map chunks (app/components/lazy-map.tsx)
 *   5. everything else a real browser loads for the page: before the load, headless Chromium
 *      (playwright-core, the e2e tests' browser; a phone's viewport) opens the page once and
 *      its same-origin requests are recorded. For the start page these are what the map loads
 *      (app/modules/areas/proposal-map.client.tsx): the MapLibre worker, the GeoJSON sources
 *      (areas, districts, initiatives) and the basemap's tiles and glyphs. Without Chromium
 *      (CHROMIUM_PATH, default /usr/bin/chromium), phase 5 is the map's known files instead
 *      (worker and GeoJSON; mapAssets and mapDataUrls in app/modules/areas/map-types.ts).
 *
 * Each visitor uses up to 6 connections (a browser's HTTP/1.1 limit per host) and sends
 * `Accept-Encoding: gzip, br`. Bodies are read to the end but only the HTML is decompressed
 * (to parse it); the time per visitor runs from the first request to the last byte.
 */
import { existsSync } from "node:fs";
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { mapAssets, mapDataUrls } from "../app/modules/areas/map-types";

type Fetched = { status: number; encoding: string; bytes: number; body: Buffer };

/**
 * A GET, read to the end. A browser sends a GET again when a kept-alive
 * connection was closed under it (ECONNRESET, EPIPE); so does this, once, and counts it.
 */
async function get(
  baseUrl: string,
  path: string,
  agent: http.Agent,
  acceptEncoding: string,
  keepBody = true,
): Promise<Fetched> {
  try {
    return await getOnce(baseUrl, path, agent, acceptEncoding, keepBody);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ECONNRESET" && code !== "EPIPE") throw error;
    retries++;
    return getOnce(baseUrl, path, agent, acceptEncoding, keepBody);
  }
}

let retries = 0;

/** Reads the whole response; keeps the body only when asked (the HTML), else counts it. */
function getOnce(
  baseUrl: string,
  path: string,
  agent: http.Agent,
  acceptEncoding: string,
  keepBody = true,
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      baseUrl + path,
      { agent, headers: { "accept-encoding": acceptEncoding, accept: "*/*" } },
      (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (keepBody) chunks.push(chunk);
        });
        response.on("end", () => {
          resolve({
            status: response.statusCode ?? 0,
            encoding: String(response.headers["content-encoding"] ?? "identity"),
            bytes,
            body: keepBody ? Buffer.concat(chunks) : Buffer.alloc(0),
          });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.setTimeout(60_000, () => request.destroy(new Error(`timeout: ${path}`)));
  });
}

function decode(fetched: Fetched): string {
  const body =
    fetched.encoding === "br"
      ? brotliDecompressSync(fetched.body)
      : fetched.encoding === "gzip"
        ? gunzipSync(fetched.body)
        : fetched.body;
  return body.toString("utf8");
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag)?.[1] ?? null;

/** Phase 2 and the inputs of phases 3–5, read from the page's HTML as a browser would. */
export function parsePage(html: string) {
  const assets: string[] = [];
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attr(tag, "rel")?.toLowerCase();
    const href = attr(tag, "href");
    if (href && (rel === "stylesheet" || rel === "modulepreload" || rel === "icon")) {
      assets.push(href);
    }
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attr(tag, "src");
    if (src) assets.push(src);
  }
  const links = new Set<string>();
  for (const [tag] of html.matchAll(/<a\b[^>]*>/gi)) {
    const href = attr(tag, "href");
    if (href?.startsWith("/") && !href.startsWith("//")) links.add(href.split("#")[0] || "/");
  }
  const lang = /<html\b[^>]*\slang="([^"]+)"/i.exec(html)?.[1] ?? "de";
  const version = /"version":\s*"([^"]+)"/.exec(html)?.[1];
  const params = new URLSearchParams();
  for (const link of [...links].sort()) params.append("p", link);
  if (version) params.set("version", version);
  return {
    assets: [...new Set(assets)].filter((href) => href.startsWith("/")),
    locale: `/locales/${lang}.json`,
    // Remix asks for the routes of the links it rendered, in one request.
    discovery: links.size && version ? `/__manifest?${params}` : null,
    hasMap: assets.includes(mapAssets.css),
  };
}

const importPattern = /(?:import\(|from|import)\s*"(\/build\/[^"]+\.js)"/g;

/**
 * Once, before the load: which modules the lazily loaded map pulls in (dynamic imports in
 * the page's scripts and their static imports), minus what the page already preloads.
 */
export async function discoverLazyModules(baseUrl: string, assets: string[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const preloaded = new Set(assets);
  const lazy = new Set<string>();
  const read = async (path: string) => decode(await get(baseUrl, path, agent, "identity"));
  const dynamicTargets = new Set<string>();
  for (const script of assets.filter((a) => a.endsWith(".js"))) {
    for (const [, target] of (await read(script)).matchAll(
      /import\(\s*"(\/build\/[^"]+\.js)"\s*\)/g,
    )) {
      if (!preloaded.has(target)) dynamicTargets.add(target);
    }
  }
  const queue = [...dynamicTargets];
  while (queue.length) {
    const module = queue.shift()!;
    if (lazy.has(module) || preloaded.has(module)) continue;
    lazy.add(module);
    for (const [, target] of (await read(module)).matchAll(importPattern)) queue.push(target);
  }
  agent.destroy();
  return [...lazy];
}

/**
 * The same-origin requests a real browser makes for the page, in order (path and query),
 * or null when no Chromium is at hand. A phone's viewport, as when a QR code is scanned.
 */
export async function recordBrowserRequests(
  baseUrl: string,
  pagePath: string,
  options: { scroll?: boolean } = {},
): Promise<string[] | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) return null;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // As tests/e2e/browser.ts: no sandbox as root, WebGL for MapLibre without a GPU.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const origin = new URL(baseUrl).origin;
    const seen: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin === origin) seen.push(url.pathname + url.search);
    });
    await page.goto(baseUrl + pagePath, { waitUntil: "networkidle", timeout: 60_000 });
    // The map asks for its data after hydration and its first render.
    await page.waitForTimeout(2_000);
    if (options.scroll) {
      // A visitor who scrolls down the whole page: the start page's map loads when it
      // comes near the screen (app/components/lazy-map.tsx, loadWhenVisible).
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(2_000);
    }
    return seen;
  } finally {
    await browser.close();
  }
}

export type FirstVisitsResult = {
  visitors: number;
  path: string;
  /** Where phase 5's list came from. */
  discovery: "chromium" | "static";
  requestsPerVisitor: number;
  bytesPerVisitor: number;
  failedVisitors: number;
  /** Requests sent again after a closed keep-alive connection. */
  retriedRequests: number;
  errors: string[];
  completionMs: { p50: number; p95: number; max: number; mean: number; min: number };
  wallSeconds: number;
  files: Array<{ path: string; phase: number; status: number; encoding: string; bytes: number }>;
};

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function firstVisits(
  baseUrl: string,
  options: { visitors: number; path: string; scroll?: boolean },
): Promise<FirstVisitsResult> {
  // One probe visit (not timed) to learn the lazy module graph; every visitor parses its own HTML.
  const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const probe = parsePage(decode(await get(baseUrl, options.path, probeAgent, "gzip, br")));
  probeAgent.destroy();
  const lazyModules = probe.hasMap ? await discoverLazyModules(baseUrl, probe.assets) : [];
  // Phase 5: what a real browser loads beyond phases 1–4.
  const recorded = await recordBrowserRequests(baseUrl, options.path, {
    scroll: options.scroll,
  }).catch((error: unknown) => {
    console.warn(
      `  Chromium could not record the page (${String(error)}); using the map's known files`,
    );
    return null;
  });
  // Lazily imported chunks load only when the browser asked for them (a map below the
  // first screen loads when it is scrolled to); without Chromium, whenever the page has a map.
  const lazyLoaded = recorded
    ? lazyModules.filter((module) => recorded.includes(module))
    : probe.hasMap
      ? lazyModules
      : [];
  const earlier = new Set([options.path, ...probe.assets, probe.locale, ...lazyModules]);
  const later = recorded
    ? [
        ...new Set(
          recorded.filter(
            (path) =>
              !earlier.has(path) &&
              !path.startsWith("/__manifest") &&
              !path.startsWith("/locales/"),
          ),
        ),
      ]
    : probe.hasMap
      ? [mapAssets.worker, mapDataUrls.areas, mapDataUrls.districts, mapDataUrls.proposals]
      : [];

  const errors: string[] = [];
  let files: FirstVisitsResult["files"] = [];

  async function visit(index: number): Promise<{ ms: number; requests: number; bytes: number }> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
    const log: FirstVisitsResult["files"] = [];
    const start = process.hrtime.bigint();
    const load = async (paths: string[], phase: number) => {
      const results = await Promise.all(
        paths.map((path) =>
          get(baseUrl, path, agent, "gzip, br", phase === 1).then((r) => ({ path, r })),
        ),
      );
      for (const { path, r } of results) {
        log.push({ path, phase, status: r.status, encoding: r.encoding, bytes: r.bytes });
        if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      }
      return results;
    };
    try {
      const [{ r: page }] = await load([options.path], 1);
      const parsed = parsePage(decode(page));
      await load(parsed.assets, 2);
      await load([parsed.locale], 3);
      await load([...(parsed.discovery ? [parsed.discovery] : []), ...lazyLoaded], 4);
      if (later.length) await load(later, 5);
    } finally {
      agent.destroy();
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (index === 0) files = log;
    return { ms, requests: log.length, bytes: log.reduce((n, f) => n + f.bytes, 0) };
  }

  retries = 0;
  const wallStart = Date.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: options.visitors }, (_, i) => visit(i)),
  );
  const wallSeconds = (Date.now() - wallStart) / 1000;
  const done: Array<{ ms: number; requests: number; bytes: number }> = [];
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") done.push(outcome.value);
    else if (errors.length < 10) errors.push(String(outcome.reason?.message ?? outcome.reason));
  }
  const times = done.map((d) => d.ms).sort((a, b) => a - b);
  const round = (n: number) => Math.round(n);
  return {
    visitors: options.visitors,
    path: options.path,
    discovery: recorded ? "chromium" : "static",
    requestsPerVisitor: done[0]?.requests ?? 0,
    bytesPerVisitor: done[0]?.bytes ?? 0,
    failedVisitors: options.visitors - done.length,
    retriedRequests: retries,
    errors,
    completionMs: {
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      max: round(times.at(-1) ?? NaN),
      min: round(times[0] ?? NaN),
      mean: round(times.reduce((a, b) => a + b, 0) / (times.length || 1)),
    },
    wallSeconds: Number(wallSeconds.toFixed(2)),
    files,
  };
}
