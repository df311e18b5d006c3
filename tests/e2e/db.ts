import { createRequire } from "node:module";
import { inject } from "vitest";

// better-sqlite3 comes with the Prisma SQLite adapter; read-only access to the app's test database
// lets a test check what the browser journey stored (or that nothing was stored).
const require = createRequire(import.meta.url);
type SqliteDb = {
  prepare(sql: string): {
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  };
  close(): void;
};
const Database = require("better-sqlite3") as new (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => SqliteDb;

type StoredProposal = {
  id: string;
  title: string;
  description: string;
  category: string;
  status: string;
  lon: number;
  lat: number;
  district: string | null;
  publishedAt: number | string | null;
  submitterName: string | null;
  submitterEmail: string | null;
};

function withDb<T>(use: (db: SqliteDb) => T): T {
  const file = inject("databaseUrl").replace(/^file:/, "");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** All initiatives in the database, published or not. */
export function countProposals(): number {
  return withDb(
    (db) => (db.prepare("SELECT COUNT(*) AS n FROM Proposal").get() as { n: number }).n,
  );
}

export function findProposalsByTitle(title: string): StoredProposal[] {
  return withDb(
    (db) =>
      db
        .prepare(
          `SELECT id, title, description, category, status, lon, lat, district, publishedAt,
                  submitterName, submitterEmail
             FROM Proposal WHERE title = ?`,
        )
        .all(title) as StoredProposal[],
  );
}

/** A fund round with granted projects (the demo round of prisma/seed.ts). */
export function fundRoundWithGrants(): string | undefined {
  return withDb(
    (db) =>
      (
        db
          .prepare(
            `SELECT a.roundId AS id FROM FundDecision d JOIN FundApplication a ON a.id = d.applicationId
              WHERE d.outcome IN ('granted', 'reduced') LIMIT 1`,
          )
          .get() as { id: string } | undefined
      )?.id,
  );
}
