// Brings the database up to date before the server starts: applies pending
// migrations and seeds reference data (and demo content into an empty database).
// Safe to run on every start: existing data is kept.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

process.env.DATABASE_URL ??= "file:./data/app.db";
const file = process.env.DATABASE_URL.replace(/^file:/, "");
mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

const bin = (name) => path.resolve("node_modules", ".bin", name);
const run = (command, args) =>
  execFileSync(bin(command), args, { stdio: ["ignore", "inherit", "inherit"], env: process.env });

run("prisma", ["migrate", "deploy"]);
run("tsx", ["prisma/seed.ts", ...process.argv.slice(2)]);
run("tsx", ["scripts/bootstrap-admin.ts"]);
