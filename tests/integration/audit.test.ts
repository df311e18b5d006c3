import { beforeEach, describe, expect, it } from "vitest";
import * as auditModule from "~/modules/audit/audit.server";
import { AUDIT_PAGE_SIZE, listAuditEntries, recordAudit } from "~/modules/audit/audit.server";
import { invalidateAreaCache } from "~/modules/areas/areas.server";
import { postComment } from "~/modules/comments/comments.server";
import { login } from "~/modules/staff/staff.server";
import { LOGIN_ATTEMPTS_PER_ADDRESS } from "~/modules/staff/throttle.server";
import { action as areaAction } from "~/routes/staff.areas.$id";
import { action as uploadAction } from "~/routes/staff.areas._index";
import { loader as auditLoader } from "~/routes/staff.audit";
import { loader as staffCsv } from "~/routes/staff.exports.proposals[.]csv";
import { action as queueAction } from "~/routes/staff._index";
import { action as accountAction } from "~/routes/staff.account";
import { action as staffProposalAction } from "~/routes/staff.proposals.$id";
import { action as settingsAction } from "~/routes/staff.settings";
import { action as usersAction } from "~/routes/staff.users";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader } from "./helpers";
import {
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
  staffMultipart,
  submitProposal,
} from "./staff-helpers";

beforeEach(async () => {
  resetRateLimits();
  await resetData();
  await prisma.fundingArea.deleteMany({ where: { status: "draft" } });
  invalidateAreaCache();
});

describe("audit log", () => {
  it("the module offers no way to change or delete entries", () => {
    expect(Object.keys(auditModule).sort()).toEqual([
      "AUDIT_PAGE_SIZE",
      "listAuditEntries",
      "recordAudit",
    ]);
  });

  it("every staff action writes an entry naming the staff member", async () => {
    const admin = await createStaffUser("admin");
    const moderator = await createStaffUser("moderator");
    const post = (
      action: Parameters<typeof callAction>[0],
      url: string,
      fields: Record<string, string>,
      params = {},
      staff = moderator,
    ) =>
      callAction(action, staffForm(url, staff, fields), params).then((r) => {
        expect(r.status, `${url} ${JSON.stringify(fields)}`).toBeLessThan(400);
        return r;
      });

    // Proposals
    const a = await submitProposal({ title: "Original im Rabet" });
    const b = await submitProposal({ title: "Doppelt im Rabet" });
    const c = await submitProposal({ title: "Wird abgelehnt" });
    await post(
      staffProposalAction,
      `/staff/proposals/${a.id}`,
      { intent: "status", to: "published" },
      { id: a.id },
    );
    await post(
      staffProposalAction,
      `/staff/proposals/${a.id}`,
      {
        intent: "edit",
        title: "Original im Rabet (korrigiert)",
        description: "Eine korrigierte Beschreibung, lang genug.",
      },
      { id: a.id },
    );
    await post(
      staffProposalAction,
      `/staff/proposals/${a.id}`,
      { intent: "note", body: "Intern" },
      { id: a.id },
    );
    await post(
      staffProposalAction,
      `/staff/proposals/${a.id}`,
      { intent: "contact" },
      { id: a.id },
    );
    await post(
      staffProposalAction,
      `/staff/proposals/${a.id}`,
      { intent: "reply", body: "Offizielle Antwort" },
      { id: a.id },
    );
    await post(
      staffProposalAction,
      `/staff/proposals/${b.id}`,
      { intent: "duplicate", original: a.id },
      { id: b.id },
    );
    await post(
      staffProposalAction,
      `/staff/proposals/${c.id}`,
      { intent: "status", to: "rejected", reason: "Nicht zuständig" },
      { id: c.id },
    );

    // Comments
    await postComment({ proposalId: a.id, body: "Erster Kommentar" });
    await postComment({ proposalId: a.id, body: "Zweiter Kommentar" });
    const [first, second] = await prisma.comment.findMany({
      where: { staffId: null },
      orderBy: { body: "asc" },
    });
    await post(queueAction, "/staff", { commentId: first.id, decision: "approve" });
    await post(queueAction, "/staff", { commentId: second.id, decision: "hide" });

    // Exports
    await callLoader(staffCsv, "/staff/exports/proposals.csv", {}, staffHeaders(moderator));
    await callLoader(staffCsv, "/staff/exports/proposals.csv?contacts=1", {}, staffHeaders(admin));

    // Administration
    await post(settingsAction, "/staff/settings", { commentMode: "post" }, {}, admin);
    await post(
      usersAction,
      "/staff/users",
      { intent: "create", email: "neu@stadt.example", name: "Neu", role: "moderator" },
      {},
      admin,
    );
    const created = await prisma.staff.findUniqueOrThrow({ where: { email: "neu@stadt.example" } });
    await post(
      usersAction,
      "/staff/users",
      { intent: "deactivate", staffId: created.id },
      {},
      admin,
    );
    await post(usersAction, "/staff/users", { intent: "activate", staffId: created.id }, {}, admin);
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_ADDRESS; i++)
      await login(created.email, "falsch", { delay: async () => {} });
    await post(usersAction, "/staff/users", { intent: "unlock", staffId: created.id }, {}, admin);
    await post(accountAction, "/staff/account", {
      currentPassword: moderator.password,
      newPassword: "neues-passwort-123",
      confirmPassword: "neues-passwort-123",
    });

    // Areas
    const square = {
      type: "Polygon",
      coordinates: [
        [
          [12.398, 51.34],
          [12.408, 51.34],
          [12.408, 51.346],
          [12.398, 51.346],
          [12.398, 51.34],
        ],
      ],
    };
    const uploads = [];
    for (let i = 0; i < 2; i++) {
      const response = await callAction(
        uploadAction,
        staffMultipart("/staff/areas", admin, {
          csrf: admin.csrf,
          name: `Gebiet ${i}`,
          source: "Stadt Leipzig",
          licence: "dl-de/by-2-0",
          attribution: "© Stadt Leipzig",
          geojsonText: JSON.stringify(square),
        }),
      );
      expect(response.status).toBe(303);
      uploads.push(response.headers.get("Location")!.split("/").pop()!);
    }
    await post(
      areaAction,
      `/staff/areas/${uploads[0]}`,
      { intent: "discard" },
      { id: uploads[0] },
      admin,
    );
    const future = new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10);
    await post(
      areaAction,
      `/staff/areas/${uploads[1]}`,
      { intent: "activate", validFrom: future },
      { id: uploads[1] },
      admin,
    );

    const entries = await prisma.auditEntry.findMany({ orderBy: { createdAt: "asc" } });
    const byAction = (action: string) => entries.filter((e) => e.action === action);
    const expected: Array<[string, string | null, number]> = [
      ["proposal.status", moderator.id, 2],
      ["proposal.edit", moderator.id, 1],
      ["proposal.note", moderator.id, 1],
      ["proposal.contactViewed", moderator.id, 1],
      ["comment.officialReply", moderator.id, 1],
      ["proposal.duplicate", moderator.id, 1],
      ["comment.approve", moderator.id, 1],
      ["comment.hide", moderator.id, 1],
      ["export.proposals", moderator.id, 1],
      ["export.contacts", admin.id, 1],
      ["settings.commentModeration", admin.id, 1],
      ["staff.deactivated", admin.id, 1],
      ["staff.activated", admin.id, 1],
      ["staff.locked", null, 1],
      ["staff.unlocked", admin.id, 1],
      ["staff.passwordChanged", moderator.id, 1],
      ["area.uploaded", admin.id, 2],
      ["area.discarded", admin.id, 1],
      ["area.activated", admin.id, 1],
    ];
    for (const [action, staffId, count] of expected) {
      const rows = byAction(action);
      expect(rows, action).toHaveLength(count);
      for (const row of rows) expect(row.staffId, action).toBe(staffId);
    }
    // The two test accounts were created without an acting staff member (as by the CLI script).
    expect(byAction("staff.created").map((e) => e.staffId)).toEqual([null, null, admin.id]);
    expect(byAction("staff.created").map((e) => e.entityId)).toEqual([
      admin.id,
      moderator.id,
      created.id,
    ]);
    // Nothing else was logged.
    const known = new Set([...expected.map(([action]) => action), "staff.created"]);
    expect(entries.filter((e) => !known.has(e.action))).toEqual([]);

    // Admins can read the log, newest first; moderators cannot.
    const page = await (
      await callLoader(auditLoader, "/staff/audit", {}, staffHeaders(admin))
    ).json();
    expect(page.total).toBe(entries.length);
    expect(page.entries[0].action).toBe("area.activated");
    expect(page.entries[0].staff).toEqual({ name: admin.name, email: admin.email });
    expect(
      (await callLoader(auditLoader, "/staff/audit", {}, staffHeaders(moderator))).status,
    ).toBe(403);
  });

  it("records inside the caller's transaction: a failed action leaves no entry", async () => {
    const admin = await createStaffUser("admin");
    const before = await prisma.auditEntry.count();
    await expect(
      prisma.$transaction(async (tx) => {
        await recordAudit(tx, { staffId: admin.id, action: "test.rolledBack", entityType: "test" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await prisma.auditEntry.count()).toBe(before);
    expect(await prisma.auditEntry.count({ where: { action: "test.rolledBack" } })).toBe(0);
  });

  it("pages newest first", async () => {
    for (let i = 0; i < AUDIT_PAGE_SIZE + 3; i++) {
      await recordAudit(prisma, {
        staffId: null,
        action: `test.${i}`,
        entityType: "test",
        before: { i },
        after: { i: i + 1 },
      });
    }
    const first = await listAuditEntries(1);
    expect(first.total).toBe(AUDIT_PAGE_SIZE + 3);
    expect(first.pageCount).toBe(2);
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    const second = await listAuditEntries(2);
    expect(second.entries).toHaveLength(3);
    const all = [...first.entries, ...second.entries];
    expect(new Set(all.map((e) => e.id)).size).toBe(AUDIT_PAGE_SIZE + 3);
    expect(JSON.parse(all.find((e) => e.action === "test.0")!.after!)).toEqual({ i: 1 });
  });
});
