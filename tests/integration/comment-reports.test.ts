import { beforeEach, describe, expect, it } from "vitest";
import {
  AUTO_HIDE_AFTER_REPORTS,
  listCommentQueue,
  listPublicComments,
  postComment,
  postOfficialReply,
} from "~/modules/comments/comments.server";
import { action as detailAction } from "~/routes/proposals.$id";
import { action as queueAction } from "~/routes/staff._index";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, context, formRequest } from "./helpers";
import {
  cookiePair,
  createStaffUser,
  publishDirectly,
  resetData,
  staffForm,
  submitProposal,
} from "./staff-helpers";

let proposalId: string;

beforeEach(async () => {
  resetRateLimits();
  await resetData();
  proposalId = (await submitProposal()).id;
  await publishDirectly(proposalId);
});

async function visibleComment(body = "Das ist ein sichtbarer Kommentar.") {
  await prisma.setting.upsert({
    where: { key: "commentModeration" },
    create: { key: "commentModeration", value: "post" },
    update: { value: "post" },
  });
  await postComment({ proposalId, body });
  return prisma.comment.findFirstOrThrow({ where: { body } });
}

/** One report request; without a cookie the browser is new. */
function report(commentId: string, options: { address: string; cookie?: string }) {
  return callAction(
    detailAction,
    formRequest(
      `/proposals/${proposalId}`,
      { intent: "report", commentId },
      options.cookie ? { Cookie: options.cookie } : {},
    ),
    { id: proposalId },
    context(options.address),
  );
}

const stored = (id: string) => prisma.comment.findUniqueOrThrow({ where: { id } });
const reportRows = (commentId: string) => prisma.commentReport.count({ where: { commentId } });

describe("comment reports count once per browser and once per address", () => {
  it("three reports from one address without a cookie count once and hide nothing", async () => {
    const comment = await visibleComment();
    for (let i = 0; i < AUTO_HIDE_AFTER_REPORTS; i++) {
      const response = await report(comment.id, { address: "203.0.113.7" });
      // Every visitor gets the same polite answer, and a cookie for next time.
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe(
        `/proposals/${proposalId}?notice=reported#comments`,
      );
      expect(response.headers.get("Set-Cookie")).toMatch(/^qs_supporter=/);
    }
    expect(await stored(comment.id)).toMatchObject({ status: "reported", reportCount: 1 });
    expect(await reportRows(comment.id)).toBe(1);
    expect((await listPublicComments(proposalId)).map((c) => c.id)).toEqual([comment.id]);
  });

  it("the same address written as IPv4-mapped IPv6, or another address in the same IPv6 /64, counts once", async () => {
    const comment = await visibleComment();
    await report(comment.id, { address: "198.51.100.20" });
    await report(comment.id, { address: "::ffff:198.51.100.20" });
    await report(comment.id, { address: "2001:db8:aa:1::1" });
    await report(comment.id, { address: "2001:db8:aa:1:ffff:ffff:ffff:fffe" });
    await report(comment.id, { address: "2001:0db8:00aa:0001::abcd" });
    expect(await stored(comment.id)).toMatchObject({ status: "reported", reportCount: 2 });
    expect(await reportRows(comment.id)).toBe(2);
  });

  it("parallel reports from one address count once and never fail", async () => {
    const comment = await visibleComment();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => report(comment.id, { address: "203.0.113.8" })),
    );
    expect(responses.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);
    expect(await stored(comment.id)).toMatchObject({ status: "reported", reportCount: 1 });
  });

  it("three reports from three addresses with three browsers hide the comment", async () => {
    const comment = await visibleComment();
    for (const address of ["203.0.113.1", "203.0.113.2", "2001:db8:1:2::5"]) {
      expect((await report(comment.id, { address })).status).toBe(303);
    }
    expect(await stored(comment.id)).toMatchObject({
      status: "auto_hidden",
      reportCount: AUTO_HIDE_AFTER_REPORTS,
    });
    expect(await listPublicComments(proposalId)).toEqual([]);
    expect((await listCommentQueue()).map((c) => c.id)).toEqual([comment.id]);
  });

  it("one browser reporting from two addresses counts once", async () => {
    const comment = await visibleComment();
    const first = await report(comment.id, { address: "203.0.113.30" });
    const cookie = cookiePair(first.headers.get("Set-Cookie") ?? "");
    expect(cookie).toMatch(/^qs_supporter=/);
    const second = await report(comment.id, { address: "198.51.100.30", cookie });
    expect(second.status).toBe(303);
    expect(second.headers.get("Set-Cookie")).toBeNull();
    expect(await stored(comment.id)).toMatchObject({ status: "reported", reportCount: 1 });
    expect(await reportRows(comment.id)).toBe(1);
    // The second address is still free for another browser.
    await report(comment.id, { address: "198.51.100.30" });
    expect((await stored(comment.id)).reportCount).toBe(2);
  });

  it("an official reply is never hidden by reports: ten distinct reporters only put it into the queue", async () => {
    const moderator = await createStaffUser("moderator");
    const replied = await postOfficialReply({
      proposalId,
      body: "Das Quartiersmanagement hat den Vorschlag geprüft.",
      staffId: moderator.id,
    });
    expect(replied.status).toBe("ok");
    const reply = await prisma.comment.findFirstOrThrow({ where: { staffId: moderator.id } });
    for (let i = 1; i <= 10; i++) {
      expect((await report(reply.id, { address: `192.0.2.${i}` })).status).toBe(303);
    }
    expect(await stored(reply.id)).toMatchObject({ status: "reported", reportCount: 10 });
    expect(await reportRows(reply.id)).toBe(10);
    expect((await listCommentQueue()).map((c) => c.id)).toEqual([reply.id]);
    expect(await listPublicComments(proposalId)).toEqual([
      expect.objectContaining({ id: reply.id, official: true }),
    ]);
  });

  it("stores keyed hashes only, never the address or the browser id", async () => {
    const comment = await visibleComment();
    const response = await report(comment.id, { address: "203.0.113.99" });
    const cookie = cookiePair(response.headers.get("Set-Cookie") ?? "");
    const [row] = await prisma.commentReport.findMany({ where: { commentId: comment.id } });
    expect(row.addressKey).toMatch(/^[0-9a-f]{64}$/);
    expect(row.reporterKey).toMatch(/^[0-9a-f]{64}$/);
    expect(row.addressKey).not.toBe(row.reporterKey);
    const { createHash } = await import("node:crypto");
    // Not a plain hash of the address that anyone could recompute.
    expect(row.addressKey).not.toBe(createHash("sha256").update("203.0.113.99").digest("hex"));
    expect(JSON.stringify(row)).not.toContain("203.0.113.99");
    expect(JSON.stringify(row)).not.toContain(decodeURIComponent(cookie.split("=")[1]));
  });

  it("after staff approve a reported comment, earlier reporters stay counted once and new ones count from zero", async () => {
    const moderator = await createStaffUser("moderator");
    const comment = await visibleComment();
    for (const address of ["203.0.113.41", "203.0.113.42", "203.0.113.43"]) {
      await report(comment.id, { address });
    }
    expect((await stored(comment.id)).status).toBe("auto_hidden");
    const approve = await callAction(
      queueAction,
      staffForm("/staff", moderator, { commentId: comment.id, decision: "approve" }),
    );
    expect(approve.status).toBe(303);
    expect(await stored(comment.id)).toMatchObject({ status: "published", reportCount: 0 });

    for (const address of ["203.0.113.41", "203.0.113.42", "203.0.113.43"]) {
      await report(comment.id, { address });
    }
    expect(await stored(comment.id)).toMatchObject({ status: "published", reportCount: 0 });
    await report(comment.id, { address: "203.0.113.44" });
    expect(await stored(comment.id)).toMatchObject({ status: "reported", reportCount: 1 });
  });
});
