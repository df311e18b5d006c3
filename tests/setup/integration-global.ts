import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { repoRoot, tmpRoot } from "./paths";

/** One migrated, seeded (reference data only) SQLite file per test run. */
export default function setup(project: TestProject) {
  const runDir = path.join(tmpRoot, `integration-${process.pid}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const baseFile = path.join(runDir, "base.db");
  execFileSync(path.join(repoRoot, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: `file:${baseFile}` },
    stdio: "ignore",
  });
  execFileSync(path.join(repoRoot, "node_modules/.bin/tsx"), ["prisma/seed.ts", "--no-demo"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: `file:${baseFile}` },
    stdio: "ignore",
  });
  project.provide("baseDatabaseFile", baseFile);
  return () => rmSync(runDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    baseDatabaseFile: string;
  }
}
