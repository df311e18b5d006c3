import type { Role } from "~/modules/staff/permissions";
import { createStaffSession, getStaffUser } from "~/modules/staff/session.server";
import { createStaff } from "~/modules/staff/staff.server";
import { action as submitApi } from "~/routes/api.proposals";
import { publicDataChanged } from "~/modules/proposals/public-data-cache.server";
import { prisma } from "~/utils/db.server";
import { callAction, inside, jsonRequest, validProposal } from "./helpers";

/** The `name=value` part of a Set-Cookie header value. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0];
}

let staffCounter = 0;

export type TestStaff = {
  id: string;
  email: string;
  password: string;
  name: string;
  role: Role;
  /** `Cookie` header value of a fresh session. */
  cookie: string;
  /** The session's CSRF token. */
  csrf: string;
};

/** Creates a staff member (audit: staff.created by nobody) and logs them in. */
export async function createStaffUser(
  role: Role,
  overrides: { email?: string; name?: string; password?: string } = {},
) {
  const n = ++staffCounter;
  const email = overrides.email ?? `${role}${n}@stadt.example`;
  const name = overrides.name ?? `${role === "admin" ? "Admin" : "Moderatorin"} Nr${n}`;
  const password = overrides.password ?? `Sehr-geheimes-Passwort-${n}`;
  const created = await createStaff({ email, name, role, password, createdById: null });
  if (created.status !== "ok") throw new Error(`could not create staff ${email}`);
  const session = await newSession(created.id);
  return { id: created.id, email, password, name, role, ...session } satisfies TestStaff;
}

/** Starts another session for a staff member. */
export async function newSession(staffId: string) {
  const cookie = cookiePair(await createStaffSession(staffId));
  const user = await getStaffUser(
    new Request("http://test.local/staff", { headers: { Cookie: cookie } }),
  );
  if (!user) throw new Error("session not usable");
  return { cookie, csrf: user.csrfToken, sessionId: user.sessionId };
}

/** A POST form request by a logged-in staff member, with the session's CSRF token unless given. */
export function staffForm(
  url: string,
  staff: { cookie: string; csrf: string },
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return new Request(`http://test.local${url}`, {
    method: "POST",
    body: new URLSearchParams({ csrf: staff.csrf, ...fields }),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: staff.cookie,
      ...headers,
    },
  });
}

/** A multipart POST (for file uploads); `fields` go into a FormData as given (no csrf added). */
export function staffMultipart(
  url: string,
  staff: { cookie: string },
  fields: Record<string, string | Blob>,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return new Request(`http://test.local${url}`, {
    method: "POST",
    body: form,
    headers: { Cookie: staff.cookie, ...headers },
  });
}

/** Headers of a GET by a logged-in staff member. */
export function staffHeaders(staff: { cookie: string }) {
  return { Cookie: staff.cookie };
}

/** Submits an initiative through the public API; returns its id and private tracking token. */
export async function submitProposal(overrides: Record<string, unknown> = {}) {
  const response = await callAction(
    submitApi,
    jsonRequest("/api/proposals", {
      ...validProposal,
      ...inside,
      name: "Olena Kowalenko",
      email: "olena@example.org",
      consent: true,
      ...overrides,
    }),
  );
  if (response.status !== 201)
    throw new Error(`submission failed: ${response.status} ${await response.text()}`);
  const body = await response.json();
  return { id: body.id as string, token: String(body.trackingUrl).split("/").pop()! };
}

/** Publishes directly in the database (for tests that are not about the workflow). */
export async function publishDirectly(id: string, publishedAt = new Date()) {
  await prisma.proposal.update({ where: { id }, data: { status: "published", publishedAt } });
  // Behind the commands' back: the cached public GeoJSON must be rebuilt.
  publicDataChanged();
}

/** Deletes everything a test may have created (keeps reference data: areas, districts, addresses, settings). */
export async function resetData() {
  await prisma.comment.deleteMany();
  await prisma.support.deleteMany();
  await prisma.proposal.updateMany({ data: { duplicateOfId: null } });
  await prisma.proposal.deleteMany();
  await prisma.auditEntry.deleteMany();
  await prisma.staffSession.deleteMany();
  await prisma.loginThrottle.deleteMany();
  await prisma.staff.deleteMany();
  await prisma.setting.deleteMany({ where: { key: "commentModeration" } });
  // Behind the commands' back: cached public data (counts, comment mode, pages) is stale.
  publicDataChanged();
}

/** Audit entries of one action, oldest first, with before/after parsed. */
export async function auditEntries(action: string) {
  const rows = await prisma.auditEntry.findMany({
    where: { action },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({
    ...row,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
  }));
}

/** Minimal RFC 4180 parser (quotes, doubled quotes, CRLF) for checking CSV exports cell by cell. */
export function parseCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && input[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += char;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
