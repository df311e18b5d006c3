import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { UserText } from "~/components/user-text";
import {
  AUTO_HIDE_AFTER_REPORTS,
  getCommentMode,
  listCommentQueue,
  listPublicComments,
  postComment,
} from "~/modules/comments/comments.server";
import { getQueueCounts } from "~/modules/moderation/moderation.server";
import { hasSupported } from "~/modules/supports/supports.server";
import { action as detailAction, loader as detailLoader } from "~/routes/proposals.$id";
import { action as queueAction, loader as queueLoader } from "~/routes/staff._index";
import { action as settingsAction } from "~/routes/staff.settings";
import { action as staffProposalAction } from "~/routes/staff.proposals.$id";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, context, formRequest } from "./helpers";
import {
  auditEntries,
  cookiePair,
  createStaffUser,
  publishDirectly,
  resetData,
  staffForm,
  staffHeaders,
  submitProposal,
  type TestStaff,
} from "./staff-helpers";

let moderator: TestStaff;
let proposalId: string;

beforeEach(async () => {
  resetRateLimits();
  await resetData();
  moderator = await createStaffUser("moderator", {
    name: "Mira Moderatorin",
    email: "mira@stadt.example",
  });
  proposalId = (await submitProposal()).id;
  await publishDirectly(proposalId);
});

function participate(
  fields: Record<string, string>,
  options: { cookie?: string; id?: string; client?: string } = {},
) {
  const id = options.id ?? proposalId;
  return callAction(
    detailAction,
    formRequest(`/proposals/${id}`, fields, options.cookie ? { Cookie: options.cookie } : {}),
    { id },
    options.client ? context(options.client) : context(),
  );
}

async function publicPage(cookie?: string, id = proposalId) {
  const response = await callLoader(
    detailLoader,
    `/proposals/${id}`,
    { id },
    cookie ? { Cookie: cookie } : {},
  );
  expect(response.status).toBe(200);
  return response.json();
}

async function postVisibleComment(body = "Gute Idee, unterstütze ich!") {
  await prisma.setting.upsert({
    where: { key: "commentModeration" },
    create: { key: "commentModeration", value: "post" },
    update: { value: "post" },
  });
  await postComment({ proposalId, body });
  return prisma.comment.findFirstOrThrow({ where: { body } });
}

describe("comments", () => {
  it("pre-moderation (default): a new comment waits in the queue until approved", async () => {
    expect(await getCommentMode()).toBe("pre");
    const response = await participate({
      intent: "comment",
      body: "Bitte auch Schatten einplanen.",
      authorName: "Hüseyin",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(
      `/proposals/${proposalId}?notice=comment-pending#comments`,
    );

    const comment = await prisma.comment.findFirstOrThrow();
    expect(comment).toMatchObject({
      status: "pending",
      authorName: "Hüseyin",
      proposalId,
      staffId: null,
    });
    expect(await listPublicComments(proposalId)).toEqual([]);
    expect((await publicPage()).comments).toEqual([]);
    expect((await listCommentQueue()).map((c) => c.id)).toEqual([comment.id]);
    expect(await getQueueCounts()).toEqual({ proposals: 0, comments: 1 });
    const queue = await (
      await callLoader(queueLoader, "/staff", {}, staffHeaders(moderator))
    ).json();
    expect(queue.comments).toEqual([
      expect.objectContaining({
        id: comment.id,
        status: "pending",
        proposal: { id: proposalId, title: expect.any(String) },
      }),
    ]);

    const approve = await callAction(
      queueAction,
      staffForm("/staff", moderator, { commentId: comment.id, decision: "approve" }),
    );
    expect(approve.status).toBe(303);
    expect(await prisma.comment.findUniqueOrThrow({ where: { id: comment.id } })).toMatchObject({
      status: "published",
    });
    expect((await listPublicComments(proposalId)).map((c) => c.body)).toEqual([
      "Bitte auch Schatten einplanen.",
    ]);
    expect((await publicPage()).comments).toHaveLength(1);
    expect(await listCommentQueue()).toHaveLength(0);
    const [entry] = await auditEntries("comment.approve");
    expect(entry).toMatchObject({
      staffId: moderator.id,
      entityType: "comment",
      entityId: comment.id,
      before: { status: "pending" },
      after: { status: "published" },
    });
  });

  it("post-moderation (admin setting): a new comment is visible at once", async () => {
    const admin = await createStaffUser("admin");
    const setting = await callAction(
      settingsAction,
      staffForm("/staff/settings", admin, { commentMode: "post" }),
    );
    expect(setting.status).toBe(303);
    expect(await getCommentMode()).toBe("post");
    expect((await publicPage()).commentMode).toBe("post");

    const response = await participate({ intent: "comment", body: "Super, endlich!" });
    expect(response.headers.get("Location")).toBe(
      `/proposals/${proposalId}?notice=comment-published#comments`,
    );
    const comment = await prisma.comment.findFirstOrThrow();
    expect(comment.status).toBe("published");
    expect((await listPublicComments(proposalId)).map((c) => c.body)).toEqual(["Super, endlich!"]);
    expect(await listCommentQueue()).toHaveLength(0);
  });

  it("refuses comments on initiatives that are not public (404) and invalid comments (400)", async () => {
    const { id: hidden } = await submitProposal();
    const response = await participate(
      { intent: "comment", body: "Hallo zusammen" },
      { id: hidden },
    );
    expect(response.status).toBe(404);
    const missing = await participate(
      { intent: "comment", body: "Hallo zusammen" },
      { id: "nope" },
    );
    expect(missing.status).toBe(404);
    const empty = await participate({ intent: "comment", body: " " });
    expect(empty.status).toBe(400);
    const long = await participate({ intent: "comment", body: "x".repeat(2001) });
    expect(long.status).toBe(400);
    expect(await prisma.comment.count()).toBe(0);
    const unknown = await participate({ intent: "delete" });
    expect(unknown.status).toBe(400);
  });

  it("a report puts a visible comment into the queue; the same browser cannot report twice", async () => {
    const comment = await postVisibleComment();
    const first = await participate({ intent: "report", commentId: comment.id });
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe(`/proposals/${proposalId}?notice=reported#comments`);
    const cookie = cookiePair(first.headers.get("Set-Cookie") ?? "");
    expect(cookie).toMatch(/^qs_supporter=/);

    let stored = await prisma.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(stored).toMatchObject({ status: "reported", reportCount: 1 });
    expect((await listCommentQueue()).map((c) => c.id)).toEqual([comment.id]);
    expect((await getQueueCounts()).comments).toBe(1);
    // Below the threshold it stays visible while waiting for review.
    expect((await listPublicComments(proposalId)).map((c) => c.id)).toEqual([comment.id]);

    const again = await participate({ intent: "report", commentId: comment.id }, { cookie });
    expect(again.status).toBe(303);
    expect(again.headers.get("Set-Cookie")).toBeNull();
    stored = await prisma.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(stored.reportCount).toBe(1);
    expect(await prisma.commentReport.count({ where: { commentId: comment.id } })).toBe(1);

    // Reporting something that does not exist (or is not visible) is 404.
    expect((await participate({ intent: "report", commentId: "nope" }, { cookie })).status).toBe(
      404,
    );
  });

  it(`${AUTO_HIDE_AFTER_REPORTS} reports from different browsers hide a comment until staff review it`, async () => {
    const comment = await postVisibleComment("Beleidigender Inhalt");
    for (let i = 0; i < AUTO_HIDE_AFTER_REPORTS; i++) {
      const response = await participate({ intent: "report", commentId: comment.id }); // no cookie: a new browser each time
      expect(response.status).toBe(303);
    }
    const stored = await prisma.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(stored).toMatchObject({ status: "auto_hidden", reportCount: AUTO_HIDE_AFTER_REPORTS });
    expect(new Set((await prisma.commentReport.findMany()).map((r) => r.reporterKey)).size).toBe(
      AUTO_HIDE_AFTER_REPORTS,
    );
    expect(await listPublicComments(proposalId)).toEqual([]);
    expect((await publicPage()).comments).toEqual([]);
    expect((await listCommentQueue()).map((c) => c.id)).toEqual([comment.id]);
    // Hidden comments cannot be reported further.
    expect((await participate({ intent: "report", commentId: comment.id })).status).toBe(404);

    // Staff confirm the hiding.
    const hide = await callAction(
      queueAction,
      staffForm("/staff", moderator, { commentId: comment.id, decision: "hide" }),
    );
    expect(hide.status).toBe(303);
    expect(await prisma.comment.findUniqueOrThrow({ where: { id: comment.id } })).toMatchObject({
      status: "hidden",
      reportCount: 0,
    });
    expect(await listCommentQueue()).toHaveLength(0);
    expect(await listPublicComments(proposalId)).toEqual([]);
    const [entry] = await auditEntries("comment.hide");
    expect(entry).toMatchObject({
      staffId: moderator.id,
      entityId: comment.id,
      before: { status: "auto_hidden", reportCount: AUTO_HIDE_AFTER_REPORTS },
      after: { status: "hidden" },
    });
  });

  it("parallel reports from different browsers are all counted (auto-hide cannot be dodged by racing)", async () => {
    const comment = await postVisibleComment();
    const responses = await Promise.all(
      Array.from({ length: AUTO_HIDE_AFTER_REPORTS }, () =>
        participate({ intent: "report", commentId: comment.id }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(AUTO_HIDE_AFTER_REPORTS).fill(303));
    expect(await prisma.comment.findUniqueOrThrow({ where: { id: comment.id } })).toMatchObject({
      status: "auto_hidden",
      reportCount: AUTO_HIDE_AFTER_REPORTS,
    });
  });

  it("staff can hide a published comment directly; unknown comments are 404; bad decisions 400", async () => {
    const comment = await postVisibleComment();
    const hide = await callAction(
      queueAction,
      staffForm("/staff", moderator, { commentId: comment.id, decision: "hide" }),
    );
    expect(hide.status).toBe(303);
    expect(await listPublicComments(proposalId)).toEqual([]);
    expect(
      (
        await callAction(
          queueAction,
          staffForm("/staff", moderator, { commentId: "nope", decision: "hide" }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await callAction(
          queueAction,
          staffForm("/staff", moderator, { commentId: comment.id, decision: "delete" }),
        )
      ).status,
    ).toBe(400);
    // Without CSRF token: refused, nothing changes.
    const other = await postVisibleComment("Noch ein Kommentar");
    const forged = await callAction(
      queueAction,
      staffForm("/staff", moderator, { commentId: other.id, decision: "hide", csrf: "x" }),
    );
    expect(forged.status).toBe(403);
    expect((await prisma.comment.findUniqueOrThrow({ where: { id: other.id } })).status).toBe(
      "published",
    );
  });

  it("an official reply is public at once, marked official, without revealing who wrote it", async () => {
    const response = await callAction(
      staffProposalAction,
      staffForm(`/staff/proposals/${proposalId}`, moderator, {
        intent: "reply",
        body: "Das Quartiersmanagement prüft den Vorschlag.",
      }),
      { id: proposalId },
    );
    expect(response.status).toBe(303);
    const stored = await prisma.comment.findFirstOrThrow();
    expect(stored).toMatchObject({ status: "published", staffId: moderator.id });

    const comments = await listPublicComments(proposalId);
    expect(comments).toEqual([
      {
        id: stored.id,
        body: "Das Quartiersmanagement prüft den Vorschlag.",
        authorName: null,
        createdAt: expect.any(Date),
        official: true,
      },
    ]);
    const text = await (
      await callLoader(detailLoader, `/proposals/${proposalId}`, { id: proposalId })
    ).text();
    expect(text).toContain('"official":true');
    expect(text).not.toContain(moderator.id);
    expect(text).not.toContain("Mira");
    expect(text).not.toContain("mira@stadt.example");
    expect(text).not.toContain("staffId");
    const [entry] = await auditEntries("comment.officialReply");
    expect(entry).toMatchObject({
      staffId: moderator.id,
      entityId: stored.id,
      after: { proposalId },
    });
  });

  it("stores HTML and <script> in a comment as plain text; rendering escapes it", async () => {
    await postVisibleComment("placeholder");
    const body = `<script>alert("xss")</script><img src=x onerror=alert(1)> <b>fett</b> & "Zitat"`;
    const response = await participate({ intent: "comment", body, authorName: "<i>Mallory</i>" });
    expect(response.status).toBe(303);
    const stored = await prisma.comment.findFirstOrThrow({
      where: { authorName: "<i>Mallory</i>" },
    });
    expect(stored.body).toBe(body);
    const comments = await listPublicComments(proposalId);
    expect(comments.find((c) => c.id === stored.id)).toMatchObject({
      body,
      authorName: "<i>Mallory</i>",
    });

    const html = renderToStaticMarkup(createElement(UserText, { text: body }));
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("supports (public detail page)", () => {
  async function count(id = proposalId) {
    return (await prisma.proposal.findUniqueOrThrow({ where: { id } })).supportCount;
  }

  it("the first support sets a signed, httpOnly qs_supporter cookie and counts 1; the same browser stays at 1", async () => {
    const first = await participate({ intent: "support" });
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe(`/proposals/${proposalId}?notice=supported`);
    const setCookie = first.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^qs_supporter=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookiePair(setCookie);
    expect(await count()).toBe(1);

    // Only a hash is stored, never the browser id itself.
    const [support] = await prisma.support.findMany();
    const rawValue = decodeURIComponent(cookie.slice("qs_supporter=".length));
    expect(support.supporterKey).toMatch(/^[0-9a-f]{64}$/);
    expect(rawValue).not.toContain(support.supporterKey);

    const second = await participate({ intent: "support" }, { cookie });
    expect(second.status).toBe(303);
    expect(second.headers.get("Set-Cookie")).toBeNull();
    expect(await count()).toBe(1);
    expect(await prisma.support.count()).toBe(1);

    expect((await publicPage(cookie)).supported).toBe(true);
    expect((await publicPage()).supported).toBe(false);
    expect((await publicPage()).proposal.supportCount).toBe(1);
  });

  it("a double click (parallel supports from one browser) still counts once and never fails", async () => {
    const cookie = cookiePair(
      (await participate({ intent: "support" })).headers.get("Set-Cookie")!,
    );
    await participate({ intent: "unsupport" }, { cookie });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => participate({ intent: "support" }, { cookie })),
    );
    expect(responses.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);
    expect(await count()).toBe(1);
    expect(await prisma.support.count()).toBe(1);
  });

  it("withdrawing a support counts down to 0 and never below", async () => {
    const cookie = cookiePair(
      (await participate({ intent: "support" })).headers.get("Set-Cookie")!,
    );
    expect(await count()).toBe(1);
    const withdraw = await participate({ intent: "unsupport" }, { cookie });
    expect(withdraw.status).toBe(303);
    expect(withdraw.headers.get("Location")).toBe(`/proposals/${proposalId}?notice=unsupported`);
    expect(await count()).toBe(0);
    expect(await prisma.support.count()).toBe(0);
    expect((await publicPage(cookie)).supported).toBe(false);

    await participate({ intent: "unsupport" }, { cookie });
    await participate({ intent: "unsupport" }); // a browser that never supported
    expect(await count()).toBe(0);
  });

  it("a tampered cookie is not accepted as the same supporter", async () => {
    const cookie = cookiePair(
      (await participate({ intent: "support" })).headers.get("Set-Cookie")!,
    );
    const [support] = await prisma.support.findMany();
    expect(await hasSupported(proposalId, support.supporterKey)).toBe(true);

    // Change one character of the signed value (the signature no longer matches).
    const value = cookie.slice("qs_supporter=".length);
    let index = 4;
    while (!/[A-Za-z0-9]/.test(value[index])) index++;
    const replacement = value[index] === "A" ? "B" : "A";
    const tampered = `qs_supporter=${value.slice(0, index)}${replacement}${value.slice(index + 1)}`;
    expect((await publicPage(tampered)).supported).toBe(false);

    // Withdrawing with it does not remove the real supporter's support…
    await participate({ intent: "unsupport" }, { cookie: tampered });
    expect(await count()).toBe(1);
    // …and supporting with it counts as a new browser, which gets a fresh cookie.
    const response = await participate({ intent: "support" }, { cookie: tampered });
    expect(response.headers.get("Set-Cookie")).toMatch(/^qs_supporter=/);
    expect(await count()).toBe(2);
    expect(await prisma.support.count()).toBe(2);

    // An unsigned, self-made browser id is not accepted either.
    const forged = await participate(
      { intent: "support" },
      { cookie: `qs_supporter=${encodeURIComponent(btoa(JSON.stringify("a".repeat(30))))}` },
    );
    expect(forged.headers.get("Set-Cookie")).toMatch(/^qs_supporter=/);
    expect(await count()).toBe(3);
  });

  it("supporting an initiative that is not published is 404 and stores nothing", async () => {
    const { id: submitted } = await submitProposal();
    const response = await participate({ intent: "support" }, { id: submitted });
    expect(response.status).toBe(404);
    expect((await participate({ intent: "support" }, { id: "nope" })).status).toBe(404);
    await prisma.proposal.update({ where: { id: proposalId }, data: { status: "withdrawn" } });
    expect((await participate({ intent: "support" })).status).toBe(404);
    expect(await prisma.support.count()).toBe(0);
    expect(await count(submitted)).toBe(0);
  });

  it("answers 429 after 60 participation actions from one client address", async () => {
    const client = "198.51.100.77";
    const cookie = cookiePair(
      (await participate({ intent: "support" }, { client })).headers.get("Set-Cookie")!,
    );
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const intent = i % 2 === 0 ? "unsupport" : "support";
      statuses.push((await participate({ intent }, { cookie, client })).status);
    }
    expect(statuses.slice(0, 59).every((s) => s === 303)).toBe(true);
    expect(statuses[59]).toBe(429);
    const limited = await participate(
      { intent: "comment", body: "Noch ein Kommentar" },
      { cookie, client },
    );
    expect(limited.status).toBe(429);
    expect((await limited.json()).error).toBe("errors.rateLimited");
    expect(await prisma.comment.count()).toBe(0);
    // Another address is not affected.
    expect((await participate({ intent: "support" }, { cookie })).status).toBe(303);
  });
});
