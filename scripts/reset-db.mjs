// Deletes the local SQLite database and builds it anew (migrations + seed).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

process.env.DATABASE_URL ??= "file:./data/app.db";
const file = process.env.DATABASE_URL.replace(/^file:/, "");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
console.log(`Removed ${file}`);
execFileSync("node", ["scripts/setup-db.mjs", ...process.argv.slice(2)], { stdio: "inherit" });
