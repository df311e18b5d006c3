import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { repoRoot } from "../setup/paths";

/**
 * Migrations are written by hand (`prisma migrate diff`, see the README), so a
 * migration can drift from schema.prisma. The database that the migrations
 * build must have exactly the tables, columns and indexes of the schema.
 */
type Shape = {
  objects: string[];
  columns: Record<string, string[]>;
  indexes: Record<string, string>;
};

function shape(db: Database.Database): Shape {
  const rows = db
    .prepare(
      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name",
    )
    .all() as Array<{ type: string; name: string }>;
  const columns: Shape["columns"] = {};
  const indexes: Shape["indexes"] = {};
  for (const row of rows) {
    if (row.type === "table") {
      columns[row.name] = (
        db.prepare(`PRAGMA table_info("${row.name}")`).all() as Array<Record<string, unknown>>
      )
        .map((c) => [c.name, c.type, c.notnull, c.dflt_value, c.pk].join(":"))
        .sort();
    } else if (row.type === "index") {
      indexes[row.name] = (
        db.prepare(`PRAGMA index_info("${row.name}")`).all() as Array<{ name: string }>
      )
        .map((c) => c.name)
        .join(",");
    }
  }
  return { objects: rows.map((r) => `${r.type} ${r.name}`), columns, indexes };
}

describe("migrations", () => {
  it("build exactly the database that schema.prisma describes", () => {
    const migrated = new Database(inject("baseDatabaseFile"), { readonly: true });
    const fromSchema = new Database(":memory:");
    const script = execFileSync(
      path.join(repoRoot, "node_modules/.bin/prisma"),
      [
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      {
        cwd: repoRoot,
        encoding: "utf8",
        env: { ...process.env },
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    fromSchema.exec(script);
    expect(shape(migrated)).toEqual(shape(fromSchema));
  });
});
