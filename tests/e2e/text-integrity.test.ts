import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { APIRequestContext, Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { languages } from "~/i18n/config";
import { repoRoot } from "../setup/paths";
import { launchBrowser, uniqueSuffix } from "./browser";
import { commentAndApprove, logInAsAdmin, publishAsStaff, submitViaApi } from "./staff-flows";

/**
 * No served page may contain a NUL byte or U+FFFD (EF BF BD): React 18.3's
 * streaming renderer once cut multi-byte characters at chunk borders
 * (facebook/react#31134). Every page route (found by file name, so a page
 * added later is fetched too) is fetched in every UI language, with
 * its `?_data=` variant, after content in Arabic, Cyrillic, emoji and
 * combining characters has been submitted, published, commented and answered.
 */
const baseUrl = inject("baseUrl");

const multiByte = {
  arabic: "مكتبة الحيّ في شارع آيزنبان",
  cyrillic: "Книжный шкаф для всех соседей",
  emoji: "📚🌳👩‍👩‍👧‍👦🚲",
  // q + combining dot above, a + combining ring and acute: no precomposed form for NFC to fold into.
  combining: "q\u0307 a\u030A\u0301 Z\u0327\u0306",
};
const mixed = Object.values(multiByte).join(" · ");
// Long, so that a chunked renderer would cut many multi-byte characters at some border.
const longText = Array.from({ length: 35 }, (_, i) => `${i}: ${mixed}`).join("\n\n");

const require = createRequire(import.meta.url);
type Db = {
  prepare(sql: string): {
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): unknown;
  };
  close(): void;
};
const Database = require("better-sqlite3") as new (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => Db;

function query<T>(sql: string): T | undefined {
  const db = new Database(inject("databaseUrl").replace(/^file:/, ""), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    return db.prepare(sql).get() as T | undefined;
  } finally {
    db.close();
  }
}

/**
 * Gives the demo round's granted application a private link this test knows
 * (only hashes are stored), for the applicant's fund pages under /track/<token>/….
 */
function knownFundToken(): string | undefined {
  const token = "TextIntegrityFundToken0123456789";
  const db = new Database(inject("databaseUrl").replace(/^file:/, ""), {
    readonly: false,
    fileMustExist: true,
  });
  try {
    const changed = db
      .prepare(
        `UPDATE FundApplication SET trackingTokenHash = ? WHERE id =
          (SELECT applicationId FROM FundDecision WHERE outcome IN ('granted', 'reduced') LIMIT 1)`,
      )
      .run(createHash("sha256").update(token).digest("hex")) as { changes: number };
    return changed.changes ? token : undefined;
  } finally {
    db.close();
  }
}

/** Page routes: `.tsx` files in app/routes, without layouts and action-only routes. */
const notPages = ["staff.tsx", "language.tsx", "staff_.logout.tsx"];
const pageFiles = readdirSync(path.join(repoRoot, "app/routes"))
  .filter((file) => file.endsWith(".tsx") && !notPages.includes(file))
  .sort();

/** The URL path of a route file; `value(file)` gives the test value for its one dynamic segment. */
function urlPath(file: string, value: (file: string) => string | undefined): string {
  const segments = file
    .replace(/\.tsx$/, "")
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) => segment.replace(/\u0000/g, ".").replace(/_$/, ""))
    .map((segment) => {
      if (!segment.startsWith("$")) return segment;
      const found = value(file);
      if (!found) throw new Error(`no test value for ${segment} in ${file}: add one`);
      return found;
    });
  return `/${segments.join("/")}`;
}

const NUL = Buffer.from([0x00]);
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

let browser: Browser;
let staffContext: BrowserContext;
let anonymous: APIRequestContext;
let ids: Record<
  | "proposal"
  | "procedure"
  | "vote"
  | "area"
  | "token"
  | "meeting"
  | "code"
  | "unsubscribe"
  | "fundRound"
  | "fundApplication"
  | "fundGranted"
  | "fundSession"
  | "fundToken",
  string | undefined
>;
let proposalId = "";

beforeAll(async () => {
  browser = await launchBrowser();
  staffContext = await browser.newContext();
  const residentContext = await browser.newContext();
  anonymous = residentContext.request;
  const staff = await staffContext.newPage();
  const resident = await residentContext.newPage();

  const ideaCall = query<{ id: string }>(
    "SELECT id FROM Procedure WHERE kind = 'idea_call' AND state = 'published' LIMIT 1",
  );
  const marker = uniqueSuffix();
  const fields = {
    title: `${multiByte.arabic} ${multiByte.emoji} ${marker}`,
    description: `${multiByte.cyrillic}\n\n${longText}`,
    name: `${multiByte.cyrillic.split(" ")[0]} ${multiByte.combining}`,
    // With an address, the e2e server (which has a mail server) gives it an unsubscribe link.
    email: `text-${marker}@example.org`,
    consent: true,
  };
  let created: { id: string; trackingUrl: string };
  try {
    created = await submitViaApi({ ...fields, procedureId: ideaCall?.id });
  } catch {
    created = await submitViaApi(fields);
  }
  proposalId = created.id;

  await logInAsAdmin(staff);
  await publishAsStaff(staff, proposalId);
  await commentAndApprove(resident, staff, proposalId, {
    body: `Kommentar ${marker} ${mixed}`,
    name: `${multiByte.arabic.split(" ")[0]} ${multiByte.emoji.slice(0, 2)}`,
  });
  // An official reply and an internal note, both multi-byte.
  await staff.goto(`${baseUrl}/staff/proposals/${proposalId}?lng=de`);
  await staff.fill("#reply-body", `Antwort ${mixed}`);
  await staff.click("button[name=intent][value=reply]");
  await staff.waitForURL(/done=reply/);
  await staff.fill("#note-body", `Notiz ${mixed}`);
  await staff.click("button[name=intent][value=note]");
  await staff.waitForURL(/done=note/);

  const vote = query<{ id: string }>(
    `SELECT Vote.id AS id FROM Vote JOIN Procedure ON Procedure.id = Vote.procedureId
      WHERE Procedure.state IN ('published', 'archived') ORDER BY Vote.createdAt LIMIT 1`,
  );
  const area = query<{ id: string }>("SELECT id FROM FundingArea LIMIT 1");
  const procedure =
    ideaCall ?? query<{ id: string }>("SELECT id FROM Procedure WHERE state = 'published' LIMIT 1");
  // A meeting of a published vote, opened from its staff page: the remote, the projection
  // and the phone page (by its join code).
  const meetingVote = query<{ id: string }>(
    `SELECT Vote.id AS id FROM Vote JOIN Procedure ON Procedure.id = Vote.procedureId
      WHERE Procedure.state = 'published' ORDER BY Vote.createdAt LIMIT 1`,
  );
  await staff.goto(`${baseUrl}/staff/votes/${meetingVote?.id}?lng=de`);
  await Promise.all([
    staff.waitForURL(/\/staff\/meetings\/[^/?]+$/),
    staff.getByRole("button", { name: "Versammlung eröffnen" }).click(),
  ]);
  const meetingId = new URL(staff.url()).pathname.split("/").pop();
  const code = (await staff.locator("[data-join-code]").first().textContent())?.trim();
  ids = {
    proposal: proposalId,
    procedure: procedure?.id,
    vote: vote?.id,
    area: area?.id,
    token: new URL(created.trackingUrl).pathname.split("/").pop(),
    meeting: meetingId,
    code,
    unsubscribe: query<{ token: string }>(
      `SELECT unsubscribeToken AS token FROM MailSubscription WHERE proposalId = '${proposalId}'`,
    )?.token,
    // The demo neighbourhood fund round (prisma/seed.ts): its applications, a granted one, its session.
    fundRound: query<{ id: string }>("SELECT id FROM FundRound LIMIT 1")?.id,
    fundApplication: query<{ id: string }>(
      "SELECT id FROM FundApplication WHERE status <> 'draft' LIMIT 1",
    )?.id,
    fundGranted: query<{ id: string }>(
      "SELECT applicationId AS id FROM FundDecision WHERE outcome IN ('granted', 'reduced') LIMIT 1",
    )?.id,
    fundSession: query<{ id: string }>("SELECT id FROM FundSession LIMIT 1")?.id,
    fundToken: knownFundToken(),
  };
  await staff.close();
  await resident.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

function idFor(file: string): string | undefined {
  // Neighbourhood fund: staff, public and decision team pages.
  if (file.includes("fund.projects.")) return ids.fundGranted;
  if (file.includes("fund.applications.")) return ids.fundApplication;
  if (file.includes("sessions.$sessionId")) return ids.fundSession;
  if (file.includes("fund.$roundId") || file.includes("rounds.$roundId")) return ids.fundRound;
  // The applicant's fund pages behind the private link (application, report).
  if (file.startsWith("track_.") && /\.(application|report)\b/.test(file)) return ids.fundToken;
  if (file.startsWith("staff.areas.")) return ids.area;
  if (file.includes("meetings.")) return ids.meeting;
  if (file.startsWith("m.")) return ids.code;
  if (file.includes("procedures.")) return ids.procedure;
  if (file.includes("votes.")) return ids.vote;
  if (file.startsWith("track.")) return ids.token;
  if (file.startsWith("unsubscribe.")) return ids.unsubscribe;
  if (file.includes("proposals.")) return ids.proposal;
  return undefined;
}

function scan(body: Buffer) {
  return { nul: body.indexOf(NUL), replacement: body.indexOf(REPLACEMENT) };
}

describe("text integrity: no NUL and no U+FFFD in any served page", () => {
  it("finds the page routes", () => {
    expect(pageFiles.length).toBeGreaterThanOrEqual(20);
    expect(pageFiles).toContain("proposals.$id.tsx");
    expect(pageFiles).toContain("staff.proposals.$id.tsx");
  });

  it.each([...languages])(
    "every public and staff page in %s, HTML and ?_data=",
    async (language) => {
      const checked: string[] = [];
      const problems: string[] = [];
      for (const file of pageFiles) {
        // The login page is for anonymous visitors (a logged-in session is sent on to /staff).
        // The decision team's pages (jury*) are open to staff with manage:fund as well.
        const isStaff =
          file.startsWith("staff.") ||
          file.startsWith("staff_.meetings") ||
          file.startsWith("jury");
        const client = isStaff ? staffContext.request : anonymous;
        const pagePath = urlPath(file, idFor);
        const routeId = `routes/${file.replace(/\.tsx$/, "")}`;
        const urls = [
          `${pagePath}?lng=${language}`,
          `${pagePath}?lng=${language}&_data=${encodeURIComponent(routeId)}`,
        ];
        for (const url of urls) {
          const response = await client.get(`${baseUrl}${url}`, { maxRedirects: 0 });
          const body = await response.body();
          checked.push(`${response.status()} ${url} (${body.length} bytes)`);
          if (response.status() !== 200) problems.push(`${url}: status ${response.status()}`);
          const found = scan(body);
          if (found.nul >= 0) problems.push(`${url}: NUL byte at ${found.nul}`);
          if (found.replacement >= 0) problems.push(`${url}: U+FFFD at byte ${found.replacement}`);
        }
      }
      expect(problems, checked.join("\n")).toEqual([]);
      expect(checked.length).toBe(pageFiles.length * 2);
    },
  );

  it("the pages really carry the multi-byte content", async () => {
    for (const language of ["de", "ar"]) {
      const html = (
        await (await anonymous.get(`${baseUrl}/proposals/${proposalId}?lng=${language}`)).body()
      ).toString("utf8");
      for (const sample of Object.values(multiByte))
        expect(html).toContain(sample.normalize("NFC"));
      const staffHtml = (
        await (
          await staffContext.request.get(`${baseUrl}/staff/proposals/${proposalId}?lng=${language}`)
        ).body()
      ).toString("utf8");
      expect(staffHtml).toContain(multiByte.cyrillic);
      expect(staffHtml).toContain(multiByte.emoji);
    }
  });
});
