import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preferredEncoding } from "~/utils/accept-encoding";
import { staticFiles } from "~/utils/static-files.server";

let dir: string;
let server: http.Server;
let base: string;
const script = "export const x = 1;\n".repeat(200);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "static-files-"));
  mkdirSync(path.join(dir, "build/_shared"), { recursive: true });
  const file = path.join(dir, "build/_shared/chunk-ABC.js");
  writeFileSync(file, script);
  writeFileSync(`${file}.br`, brotliCompressSync(script));
  writeFileSync(`${file}.gz`, gzipSync(script));
  writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
  // A stale variant (older than its file) is not used.
  const css = path.join(dir, "app.css");
  writeFileSync(`${css}.gz`, gzipSync("old"));
  utimesSync(`${css}.gz`, new Date(2000, 0, 1), new Date(2000, 0, 1));
  writeFileSync(css, "body{color:red}".repeat(100));

  const app = express();
  app.use(compression());
  app.use(
    staticFiles(dir, {
      cacheControl: (url) => (url.startsWith("/build/") ? "immutable-one" : "short"),
    }),
  );
  app.use((_req, res) => res.status(404).send("remix"));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(urlPath: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const request = http.request(base + urlPath, { method, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      });
      request.on("error", reject);
      request.end();
    },
  );
}

describe("static files from memory", () => {
  it("sends the build-time brotli or gzip variant with the right headers", async () => {
    const br = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "gzip, br" });
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toBe("application/javascript; charset=UTF-8");
    expect(br.headers.vary).toBe("Accept-Encoding");
    expect(br.headers["cache-control"]).toBe("immutable-one");
    expect(brotliDecompressSync(br.body).toString()).toBe(script);

    const gz = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const plain = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(Number(plain.headers["content-length"])).toBe(script.length);
  });

  it("answers If-None-Match with 304 and HEAD without a body", async () => {
    const first = await get("/favicon.svg");
    expect(first.headers["cache-control"]).toBe("short");
    expect(first.headers["content-type"]).toBe("image/svg+xml");
    const again = await get("/favicon.svg", { "if-none-match": String(first.headers.etag) });
    expect(again.status).toBe(304);
    const head = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it("ignores a variant older than its file and lets unknown paths through", async () => {
    const css = await get("/app.css", { "accept-encoding": "gzip" });
    // No usable .gz: the compression middleware compresses the current file instead.
    expect(gunzipSync(css.body).toString()).toBe("body{color:red}".repeat(100));
    expect((await get("/build/missing.js")).body.toString()).toBe("remix");
    expect((await get("/proposals")).body.toString()).toBe("remix");
  });
});

describe("preferred encoding", () => {
  it("takes brotli, then gzip, and honours q=0", () => {
    expect(preferredEncoding("gzip, deflate, br")).toBe("br");
    expect(preferredEncoding("gzip")).toBe("gzip");
    expect(preferredEncoding("br;q=0, gzip")).toBe("gzip");
    expect(preferredEncoding("identity")).toBeNull();
    expect(preferredEncoding(undefined)).toBeNull();
    expect(preferredEncoding("*")).toBe("br");
    expect(preferredEncoding("gzip, br", { br: false, gzip: true })).toBe("gzip");
  });
});
