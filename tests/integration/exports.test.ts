import { beforeEach, describe, expect, it } from "vitest";
import { loader as publicCsv } from "~/routes/api.proposals[.]csv";
import { loader as staffCsv } from "~/routes/staff.exports.proposals[.]csv";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callLoader } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  parseCsv,
  publishDirectly,
  resetData,
  staffHeaders,
  submitProposal,
  type TestStaff,
} from "./staff-helpers";

let admin: TestStaff;
let moderator: TestStaff;
let published: { id: string };
let hidden: { id: string };
let formula: { id: string };

beforeEach(async () => {
  resetRateLimits();
  await resetData();
  admin = await createStaffUser("admin");
  moderator = await createStaffUser("moderator");
  published = await submitProposal({
    title: "Trinkbrunnen am Otto-Runki-Platz",
    description:
      'Ein öffentlicher Trinkbrunnen für heiße Sommertage, mit Umlauten: äöüß, und Komma, "Zitat".',
    name: "Geheime Person",
    email: "geheim@example.org",
  });
  await publishDirectly(published.id);
  hidden = await submitProposal({
    title: "Noch nicht geprüfter Vorschlag",
    name: "Zweite Person",
    email: "zwei@example.org",
  });
  formula = await submitProposal({
    title: '=HYPERLINK("http://evil.example","Klick")',
    description: "+SUM(1,2) beginnt wie eine Formel, ist aber eine Beschreibung.",
    name: "@Angreifer",
    email: "formel@example.org",
  });
  await publishDirectly(formula.id, new Date(Date.now() - 60_000));
});

function column(rows: string[][], name: string) {
  const index = rows[0].indexOf(name);
  expect(index, name).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((row) => row[index]);
}

describe("public CSV (/api/proposals.csv)", () => {
  it("lists published initiatives only, never names, e-mails or tokens", async () => {
    const response = await callLoader(publicCsv, "/api/proposals.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    const text = await response.text();
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      "id",
      "title",
      "description",
      "category",
      "status",
      "district",
      "place",
      "lon",
      "lat",
      "supportCount",
      "createdAt",
      "publishedAt",
      "url",
    ]);
    expect(column(rows, "id").sort()).toEqual([published.id, formula.id].sort());
    expect(column(rows, "title")).toContain("Trinkbrunnen am Otto-Runki-Platz");
    // Quotes, commas and umlauts survive the round trip.
    expect(column(rows, "description")).toContain(
      'Ein öffentlicher Trinkbrunnen für heiße Sommertage, mit Umlauten: äöüß, und Komma, "Zitat".',
    );
    expect(column(rows, "url")).toContain(`http://test.local/proposals/${published.id}`);
    for (const secret of [
      "Geheime Person",
      "geheim@example.org",
      "Zweite Person",
      "zwei@example.org",
      "formel@example.org",
      "Angreifer",
      "Noch nicht geprüfter",
      hidden.id,
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    const hashes = (await prisma.proposal.findMany({ select: { trackingTokenHash: true } })).map(
      (p) => p.trackingTokenHash,
    );
    for (const hash of hashes) expect(text).not.toContain(hash);
  });

  it("neutralises cells that spreadsheets would run as formulas", async () => {
    const rows = parseCsv(await (await callLoader(publicCsv, "/api/proposals.csv")).text());
    const row = rows.find((r) => r[0] === formula.id)!;
    expect(row[rows[0].indexOf("title")]).toBe(`'=HYPERLINK("http://evil.example","Klick")`);
    expect(row[rows[0].indexOf("description")]).toBe(
      "'+SUM(1,2) beginnt wie eine Formel, ist aber eine Beschreibung.",
    );
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe("staff CSV (/staff/exports/proposals.csv)", () => {
  it("for a moderator: all initiatives, without contact columns; the download is logged", async () => {
    const response = await callLoader(
      staffCsv,
      "/staff/exports/proposals.csv",
      {},
      staffHeaders(moderator),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /filename="initiativen-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A UTF-8 byte order mark, so that Excel reads umlauts (Response.text() would strip it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const rows = parseCsv(text, ";");
    expect(rows[0]).not.toContain("submitterEmail");
    expect(rows[0]).not.toContain("submitterName");
    expect(column(rows, "id").sort()).toEqual([published.id, hidden.id, formula.id].sort());
    expect(column(rows, "status").sort()).toEqual(["published", "published", "submitted"]);
    for (const secret of [
      "geheim@example.org",
      "Geheime Person",
      "zwei@example.org",
      "formel@example.org",
    ]) {
      expect(text).not.toContain(secret);
    }
    const entries = await auditEntries("export.proposals");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ staffId: moderator.id, entityType: "export" });
    expect(await auditEntries("export.contacts")).toHaveLength(0);
  });

  it("with ?contacts=1: 403 for a moderator (nothing logged), the e-mail column for an admin (logged)", async () => {
    const refused = await callLoader(
      staffCsv,
      "/staff/exports/proposals.csv?contacts=1",
      {},
      staffHeaders(moderator),
    );
    expect(refused.status).toBe(403);
    expect(await prisma.auditEntry.count({ where: { action: { startsWith: "export." } } })).toBe(0);

    const response = await callLoader(
      staffCsv,
      "/staff/exports/proposals.csv?contacts=1",
      {},
      staffHeaders(admin),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain("mit-kontakt");
    const rows = parseCsv(await response.text(), ";");
    expect(rows[0].slice(-3)).toEqual(["submitterName", "submitterEmail", "contactConsentAt"]);
    const emails = Object.fromEntries(
      rows.slice(1).map((row) => [row[0], row[rows[0].indexOf("submitterEmail")]]),
    );
    expect(emails).toEqual({
      [published.id]: "geheim@example.org",
      [hidden.id]: "zwei@example.org",
      [formula.id]: "formel@example.org",
    });
    // Formula-like contact data is neutralised too.
    const formulaRow = rows.find((row) => row[0] === formula.id)!;
    expect(formulaRow[rows[0].indexOf("submitterName")]).toBe("'@Angreifer");
    expect(formulaRow[rows[0].indexOf("title")]).toBe(`'=HYPERLINK("http://evil.example","Klick")`);

    const entries = await auditEntries("export.contacts");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ staffId: admin.id, entityType: "export" });
  });

  it("an admin without ?contacts gets no contact data; anonymous visitors are sent to the login", async () => {
    const response = await callLoader(
      staffCsv,
      "/staff/exports/proposals.csv?contacts=yes",
      {},
      staffHeaders(admin),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain("geheim@example.org");
    expect(await auditEntries("export.contacts")).toHaveLength(0);

    const anonymous = await callLoader(staffCsv, "/staff/exports/proposals.csv?contacts=1");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(
      `/staff/login?redirectTo=${encodeURIComponent("/staff/exports/proposals.csv?contacts=1")}`,
    );
    expect(await prisma.auditEntry.count({ where: { action: { startsWith: "export." } } })).toBe(1);
  });
});
