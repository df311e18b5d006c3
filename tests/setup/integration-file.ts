import { copyFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// Runs before each test file's imports: point the app at a private copy of the base database.
const base = inject("baseDatabaseFile");
const file = path.join(
  path.dirname(base),
  `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
);
copyFileSync(base, file);
process.env.DATABASE_URL = `file:${file}`;
// Uploaded files too: a directory of this test file's own next to its database.
process.env.DATA_DIR = file.replace(/\.db$/, "-data");
process.env.NODE_ENV = "test";
