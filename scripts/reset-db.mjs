// Deletes the local SQLite database and builds it anew (migrations + seed).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

process.env.DATABASE_URL ??= "file:./data/app.db";
const file = process.env.DATABASE_URL.replace(/^file:/, "");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
console.log(`Removed ${file}`);
// The uploaded files belong to the rows just removed (app/modules/uploads/, DATA_DIR).
const uploads = path.join(
  process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : path.dirname(path.resolve(file)),
  "uploads",
);
rmSync(uploads, { recursive: true, force: true });
console.log(`Removed ${uploads}`);
execFileSync("node", ["scripts/setup-db.mjs", ...process.argv.slice(2)], { stdio: "inherit" });
