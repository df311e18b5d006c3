import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { NextFunction, Request, Response } from "express";
import { preferredEncoding } from "./accept-encoding";

/**
 * Serves public/ (the build's scripts and style sheets, the map library, the
 * favicon) from memory in production, each file with the brotli and gzip
 * variants that scripts/precompress.mjs wrote at build time.
 *
 * Why not a library on the file system (express-static-gzip on serve-static was
 * tried first): every request then costs a stat, an open, reads and a close,
 * and every request for a page or an API also costs a stat, to find that
 * public/ has no such file. When 300 visitors load the start page at once
 * (~7,200 requests, ~4,200 of them files), these calls were about a third of
 * the server's CPU time (CPU profile, bench/README.md); from memory the server
 * needs ~40 % less CPU for the same visits. public/ is small (~4 MB with the
 * variants) and does not change while the server runs: /build/ names carry a
 * content hash, /vendor/ is copied at build time. (In development it does
 * change: server.mjs uses express.static there.)
 *
 * A path it does not hold goes to the next middleware (Remix). Conditional
 * requests (If-None-Match) get a 304; Range requests get the whole file.
 */
const types: Record<string, string> = {
  ".js": "application/javascript; charset=UTF-8",
  ".mjs": "application/javascript; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
  ".json": "application/json; charset=UTF-8",
  ".map": "application/json; charset=UTF-8",
  ".geojson": "application/geo+json; charset=UTF-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=UTF-8",
  ".xml": "application/xml; charset=UTF-8",
  ".webmanifest": "application/manifest+json; charset=UTF-8",
  ".html": "text/html; charset=UTF-8",
  ".ico": "image/x-icon",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".gif": "image/gif",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".pdf": "application/pdf",
  // Vector tiles and label glyphs of the built-in basemap (public/basemap/).
  ".pbf": "application/x-protobuf",
};

/** A file larger than this is not held (and so not served): public/ has none near it. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

type StaticFile = {
  type: string;
  raw: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
  etag: string;
  lastModified: string;
};

function readSibling(file: string, sourceMtimeMs: number): Buffer | null {
  try {
    // A sibling older than its file was compressed from an earlier version: not used.
    if (statSync(file).mtimeMs < sourceMtimeMs) return null;
    return readFileSync(file);
  } catch {
    return null;
  }
}

function load(root: string, files: Map<string, StaticFile>, dir = root) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      load(root, files, full);
      continue;
    }
    // The variants belong to their file.
    if (!entry.isFile() || /\.(br|gz)$/.test(entry.name)) continue;
    const type = types[path.extname(entry.name).toLowerCase()] ?? "application/octet-stream";
    const info = statSync(full);
    if (info.size > MAX_FILE_BYTES) continue;
    const raw = readFileSync(full);
    const url = "/" + path.relative(root, full).split(path.sep).join("/");
    files.set(url, {
      type,
      raw,
      br: readSibling(`${full}.br`, info.mtimeMs),
      gzip: readSibling(`${full}.gz`, info.mtimeMs),
      etag: `W/"${createHash("sha256").update(raw).digest("base64url").slice(0, 27)}"`,
      lastModified: info.mtime.toUTCString(),
    });
  }
}

function notModified(req: Request, etag: string): boolean {
  const header = req.headers["if-none-match"];
  if (!header) return false;
  const opaque = etag.replace(/^W\//, "");
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === opaque);
}

/**
 * Express middleware for the files under `root` (read once, now), served at
 * the mount point; `cacheControl` gives each file's Cache-Control by its path.
 */
export function staticFiles(
  root: string,
  options: { cacheControl: (urlPath: string) => string },
): (req: Request, res: Response, next: NextFunction) => void {
  const files = new Map<string, StaticFile & { cacheControl: string }>();
  const loaded = new Map<string, StaticFile>();
  load(path.resolve(root), loaded);
  for (const [url, file] of loaded)
    files.set(url, { ...file, cacheControl: options.cacheControl(url) });
  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || files.size === 0) return next();
    let file = files.get(req.path);
    if (!file) {
      try {
        file = files.get(decodeURIComponent(req.path));
      } catch {
        return next();
      }
      if (!file) return next();
    }
    res.setHeader("Content-Type", file.type);
    res.setHeader("Cache-Control", file.cacheControl);
    res.setHeader("ETag", file.etag);
    res.setHeader("Last-Modified", file.lastModified);
    if (file.br || file.gzip) res.setHeader("Vary", "Accept-Encoding");
    if (notModified(req, file.etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const encoding = preferredEncoding(req.headers["accept-encoding"], {
      br: file.br !== null,
      gzip: file.gzip !== null,
    });
    const body = (encoding && file[encoding]) || file.raw;
    // An encoded body is left alone by the compression middleware.
    if (encoding) res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", String(body.length));
    res.statusCode = 200;
    res.end(req.method === "HEAD" ? undefined : body);
  };
}
