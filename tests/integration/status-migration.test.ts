import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "~/db/generated/client";
import { repoRoot, tmpRoot } from "../setup/paths";

/**
 * The data migration in 20261126040000_procedures_votes: a proposal's status
 * keeps moderation and life cycle only. Outcomes set by hand before
 * (accepted, in progress, implemented) become implementation records with
 * their dated history; "voting" becomes "published". Built on a database with
 * exactly the migrations before it, filled as the old app would have.
 */
const TARGET = "20261126040000_procedures_votes";
const migrationsDir = path.join(repoRoot, "prisma/migrations");
const migrationSql = (name: string) =>
  readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
const earlier = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name < TARGET)
  .map((entry) => entry.name)
  .sort();

const dir = path.join(tmpRoot, `status-migration-${process.pid}-${Date.now()}`);
const file = path.join(dir, "old.db");

/** Instants as the Prisma SQLite adapter stores them. */
const at = (iso: string) => new Date(iso).toISOString().replace("Z", "+00:00");
const day = (n: number) => at(`2026-03-${String(n).padStart(2, "0")}T09:30:00Z`);

type Row = Record<string, unknown>;
let db: Database.Database;
let before: { proposals: Row[]; statusChanges: Row[]; comments: Row[]; supports: Row[] };

/** A value as an SQL literal (the test's own constants only). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

function insert(table: string, row: Row) {
  const columns = Object.keys(row).map((column) => `"${column}"`);
  const values = Object.values(row).map(literal);
  db.exec(`INSERT INTO "${table}" (${columns.join(", ")}) VALUES (${values.join(", ")})`);
}

function proposal(id: string, status: string, created: number) {
  insert("Proposal", {
    id,
    title: `Initiative ${id}`,
    description: "Eine Beschreibung, die lang genug ist.",
    category: "community",
    lon: 12.4029903,
    lat: 51.3434382,
    district: "Volkmarsdorf",
    status,
    language: "de",
    submitterName: "Olena Kowalenko",
    submitterEmail: "olena@example.org",
    contactConsentAt: day(created),
    trackingTokenHash: `hash-${id}`,
    fundingAreaId: "area",
    publishedAt: status === "submitted" ? null : day(created + 1),
    supportCount: 0,
    createdAt: day(created),
    updatedAt: day(28),
  });
}

let changeCounter = 0;
function history(
  proposalId: string,
  steps: Array<[toStatus: string, dayOfMonth: number, reason?: string]>,
) {
  let from: string | null = null;
  for (const [to, dayOfMonth, reason] of steps) {
    insert("StatusChange", {
      id: `sc-${proposalId}-${++changeCounter}`,
      proposalId,
      fromStatus: from,
      toStatus: to,
      reason: reason ?? null,
      actor: from === null ? "resident" : "staff",
      staffId: from === null ? null : "staff-mira",
      createdAt: day(dayOfMonth),
    });
    from = to;
  }
}

const all = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Row[];

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  db = new Database(file);
  for (const name of earlier) db.exec(migrationSql(name));

  insert("FundingArea", {
    id: "area",
    slug: "area",
    name: "Leipziger Osten",
    geometry: "{}",
    source: "test",
    licence: "dl-de/by-2-0",
    attribution: "test",
    validFrom: day(1),
  });
  insert("Staff", {
    id: "staff-mira",
    email: "mira@stadt.example",
    name: "Mira Moderatorin",
    role: "moderator",
    passwordHash: "x",
  });

  proposal("voting", "voting", 1);
  history("voting", [
    ["submitted", 1],
    ["published", 2],
    ["voting", 5],
  ]);
  proposal("accepted", "accepted", 2);
  history("accepted", [
    ["submitted", 2],
    ["published", 3],
    ["accepted", 10, "Der Stadtbezirksbeirat hat zugestimmt."],
  ]);
  proposal("progress", "in_progress", 3);
  history("progress", [
    ["submitted", 3],
    ["published", 4],
    ["voting", 6],
    ["accepted", 12, "Viele Stimmen aus der Nachbarschaft."],
    ["in_progress", 15],
  ]);
  proposal("done", "implemented", 4);
  history("done", [
    ["submitted", 4],
    ["published", 5],
    ["accepted", 9, "Aus dem Verfügungsfonds bezahlt."],
    ["in_progress", 14, "Bänke bestellt."],
    ["implemented", 27, "Drei Bänke stehen am Otto-Runki-Platz."],
  ]);
  // Set to "accepted" without a timeline entry (e.g. by hand in the database).
  proposal("bare", "accepted", 5);
  history("bare", [["submitted", 5]]);
  // Not outcomes: these must stay exactly as they are.
  proposal("published", "published", 6);
  history("published", [
    ["submitted", 6],
    ["published", 7],
  ]);
  proposal("rejected", "rejected", 7);
  history("rejected", [
    ["submitted", 7],
    ["published", 8],
    ["rejected", 11, "Privatgrundstück."],
  ]);
  proposal("submitted", "submitted", 8);
  history("submitted", [["submitted", 8]]);
  // Accepted once and rejected later: stays rejected, no record.
  proposal("reversed", "rejected", 9);
  history("reversed", [
    ["submitted", 9],
    ["published", 10],
    ["accepted", 12, "Zugestimmt."],
    ["rejected", 20, "Die Fläche steht doch nicht zur Verfügung."],
  ]);
  insert("Comment", {
    id: "comment-1",
    proposalId: "accepted",
    body: "Gute Idee!",
    status: "published",
    createdAt: day(11),
  });
  insert("Support", {
    id: "support-1",
    proposalId: "done",
    supporterKey: "key-1",
    createdAt: day(6),
  });

  before = {
    proposals: all(`SELECT * FROM "Proposal" ORDER BY id`),
    statusChanges: all(`SELECT * FROM "StatusChange" ORDER BY id`),
    comments: all(`SELECT * FROM "Comment" ORDER BY id`),
    supports: all(`SELECT * FROM "Support" ORDER BY id`),
  };
  db.exec(migrationSql(TARGET));
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const outcomeStatuses = ["voting", "accepted", "in_progress", "implemented"];

describe(`data migration ${TARGET}`, () => {
  it("applies after exactly the migrations before it", () => {
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.at(-1)! < TARGET).toBe(true);
  });

  it("turns the former outcome statuses into published and leaves every other column as it was", () => {
    const after = all(`SELECT * FROM "Proposal" ORDER BY id`);
    expect(after.map((row) => row.id)).toEqual(before.proposals.map((row) => row.id));
    for (const old of before.proposals) {
      const row = after.find((candidate) => candidate.id === old.id)!;
      const expectedStatus = outcomeStatuses.includes(String(old.status))
        ? "published"
        : old.status;
      expect(row, String(old.id)).toEqual({ ...old, status: expectedStatus, procedureId: null });
    }
    expect(
      all(`SELECT status, COUNT(*) AS n FROM "Proposal" GROUP BY status ORDER BY status`),
    ).toEqual([
      { status: "published", n: 6 },
      { status: "rejected", n: 2 },
      { status: "submitted", n: 1 },
    ]);
  });

  it("records accepted, in-progress and implemented initiatives with their state, from the first outcome step", () => {
    const records = all(
      `SELECT id, proposalId, state, voteId, createdAt, updatedAt FROM "ImplementationRecord" ORDER BY proposalId`,
    );
    expect(records).toEqual([
      {
        id: "impl_accepted",
        proposalId: "accepted",
        state: "accepted",
        voteId: null,
        createdAt: day(10),
        updatedAt: day(28),
      },
      {
        id: "impl_bare",
        proposalId: "bare",
        state: "accepted",
        voteId: null,
        // No timeline entry: the proposal's last change is the best date there is.
        createdAt: day(28),
        updatedAt: day(28),
      },
      {
        id: "impl_done",
        proposalId: "done",
        state: "done",
        voteId: null,
        createdAt: day(9),
        updatedAt: day(28),
      },
      {
        id: "impl_progress",
        proposalId: "progress",
        state: "in_progress",
        voteId: null,
        createdAt: day(12),
        updatedAt: day(28),
      },
    ]);
  });

  it("keeps each outcome step as a dated note with its public reason and who set it", () => {
    const notes = all(
      `SELECT n.recordId, n.state, n.body, n.date, n.staffId, n.createdAt
         FROM "ImplementationNote" n ORDER BY n.recordId, n.date`,
    );
    expect(notes).toEqual([
      {
        recordId: "impl_accepted",
        state: "accepted",
        body: "Der Stadtbezirksbeirat hat zugestimmt.",
        date: day(10),
        staffId: "staff-mira",
        createdAt: day(10),
      },
      {
        recordId: "impl_done",
        state: "accepted",
        body: "Aus dem Verfügungsfonds bezahlt.",
        date: day(9),
        staffId: "staff-mira",
        createdAt: day(9),
      },
      {
        recordId: "impl_done",
        state: "in_progress",
        body: "Bänke bestellt.",
        date: day(14),
        staffId: "staff-mira",
        createdAt: day(14),
      },
      {
        recordId: "impl_done",
        state: "done",
        body: "Drei Bänke stehen am Otto-Runki-Platz.",
        date: day(27),
        staffId: "staff-mira",
        createdAt: day(27),
      },
      {
        recordId: "impl_progress",
        state: "accepted",
        body: "Viele Stimmen aus der Nachbarschaft.",
        date: day(12),
        staffId: "staff-mira",
        createdAt: day(12),
      },
      {
        recordId: "impl_progress",
        state: "in_progress",
        // A step without a reason keeps its date; the page shows the state alone.
        body: "",
        date: day(15),
        staffId: "staff-mira",
        createdAt: day(15),
      },
    ]);
  });

  it("removes only the outcome steps from the status timeline; every other step stays as it was", () => {
    const after = all(`SELECT * FROM "StatusChange" ORDER BY id`);
    const kept = before.statusChanges.filter(
      (row) => !outcomeStatuses.includes(String(row.toStatus)),
    );
    expect(after).toEqual(kept);
    // An initiative accepted and rejected later stays rejected and gets no record;
    // its acceptance step (an outcome, no status any more) leaves the timeline.
    expect(all(`SELECT toStatus FROM "StatusChange" WHERE proposalId = 'reversed'`)).toEqual([
      { toStatus: "submitted" },
      { toStatus: "published" },
      { toStatus: "rejected" },
    ]);
    expect(all(`SELECT id FROM "ImplementationRecord" WHERE proposalId = 'reversed'`)).toEqual([]);
  });

  it("leaves comments and supports alone, and the app's client reads the records and their dates", async () => {
    expect(all(`SELECT * FROM "Comment" ORDER BY id`)).toEqual(before.comments);
    expect(all(`SELECT * FROM "Support" ORDER BY id`)).toEqual(before.supports);
    expect(all(`PRAGMA foreign_key_check`)).toEqual([]);

    const client = new PrismaClient({
      adapter: new PrismaBetterSQLite3({ url: `file:${file}` }),
    });
    try {
      const record = await client.implementationRecord.findUniqueOrThrow({
        where: { proposalId: "done" },
        include: { notes: { orderBy: { date: "asc" } }, proposal: { select: { status: true } } },
      });
      expect(record.proposal.status).toBe("published");
      expect(record.notes.map((note) => [note.state, note.date.toISOString()])).toEqual([
        ["accepted", "2026-03-09T09:30:00.000Z"],
        ["in_progress", "2026-03-14T09:30:00.000Z"],
        ["done", "2026-03-27T09:30:00.000Z"],
      ]);
    } finally {
      await client.$disconnect();
    }
  });
});
