// Compresses the static files once, at build time: a `.br` (brotli, quality 11)
// and a `.gz` (gzip -9) next to each script, style sheet and data file in
// public/build/, public/vendor/, public/basemap/ and public/meeting/. server.mjs serves them from
// memory (app/utils/static-files.server.ts), so no request pays for compressing
// a file (the map library alone is ~1 MB). Files under 1 KB and files whose compressed form
// would not be smaller are left alone. Idempotent: an up-to-date sibling is kept.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const roots = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["public/build", "public/vendor", "public/basemap", "public/meeting"];
// .pbf: the basemap's vector tiles and glyphs (stored uncompressed in the repository).
const extensions = new Set([
  ".js",
  ".mjs",
  ".css",
  ".json",
  ".geojson",
  ".svg",
  ".map",
  ".txt",
  ".pbf",
]);
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function* files(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile() && extensions.has(path.extname(entry.name))) yield full;
  }
}

async function upToDate(source, target) {
  try {
    return (await stat(target)).mtimeMs >= (await stat(source)).mtimeMs;
  } catch {
    return false;
  }
}

async function compress(file) {
  const info = await stat(file);
  if (info.size < MIN_BYTES) return { file, written: 0, skipped: true };
  const variants = [
    [
      `${file}.br`,
      (data) =>
        brotli(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        }),
    ],
    [`${file}.gz`, (data) => gz(data, { level: constants.Z_BEST_COMPRESSION })],
  ];
  let data;
  let written = 0;
  for (const [target, encode] of variants) {
    if (await upToDate(file, target)) continue;
    data ??= await readFile(file);
    const encoded = await encode(data);
    if (encoded.length >= data.length) continue;
    await writeFile(target, encoded);
    written++;
  }
  return { file, written, skipped: false };
}

const started = Date.now();
const queue = [];
for (const root of roots) for await (const file of files(root)) queue.push(file);
// zlib runs in libuv's thread pool: a few files at a time use the cores.
let written = 0;
const workers = Array.from({ length: 4 }, async () => {
  while (queue.length) {
    const result = await compress(queue.shift());
    written += result.written;
  }
});
await Promise.all(workers);
console.log(
  `precompress: ${written} .br/.gz file(s) written under ${roots.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
