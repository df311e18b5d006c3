import { beforeEach, describe, expect, it } from "vitest";
import {
  findPossibleDuplicates,
  getProposalForStaff,
  getQueueCounts,
  listProposalQueue,
  markDuplicate,
} from "~/modules/moderation/moderation.server";
import { staffTransitions } from "~/modules/moderation/workflow";
import { statuses } from "~/modules/proposals/statuses";
import { loader as proposalsGeoJson } from "~/routes/api.proposals[.]geojson";
import { action as detailAction, loader as detailLoader } from "~/routes/proposals.$id";
import { loader as queueLoader } from "~/routes/staff._index";
import {
  action as staffProposalAction,
  loader as staffProposalLoader,
} from "~/routes/staff.proposals.$id";
import { action as trackingAction, loader as trackingLoader } from "~/routes/track.$token";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, formRequest, inside, validProposal } from "./helpers";
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

beforeEach(async () => {
  resetRateLimits();
  await resetData();
  moderator = await createStaffUser("moderator", { name: "Mira Moderatorin" });
});

function staffAction(id: string, fields: Record<string, string>, staff: TestStaff = moderator) {
  return callAction(staffProposalAction, staffForm(`/staff/proposals/${id}`, staff, fields), {
    id,
  });
}

async function tracking(token: string) {
  const response = await callLoader(trackingLoader, `/track/${token}`, { token });
  expect(response.status).toBe(200);
  return (await response.json()).proposal;
}

async function publicGeoJson() {
  return (await callLoader(proposalsGeoJson, "/api/proposals.geojson")).json();
}

/** Everything about one initiative that a refused action must leave alone. */
async function snapshot(id: string) {
  return {
    proposal: await prisma.proposal.findUniqueOrThrow({ where: { id } }),
    statusChanges: await prisma.statusChange.count({ where: { proposalId: id } }),
    revisions: await prisma.proposalRevision.count({ where: { proposalId: id } }),
    audit: await prisma.auditEntry.count(),
  };
}

describe("status workflow", () => {
  it("publishes from the queue: status, publishedAt, timeline entry with staff, audit before/after, open data", async () => {
    const { id } = await submitProposal();
    expect((await listProposalQueue()).map((p) => p.id)).toEqual([id]);
    expect(await getQueueCounts()).toEqual({ proposals: 1, comments: 0 });
    const queuePage = await (
      await callLoader(queueLoader, "/staff", {}, staffHeaders(moderator))
    ).json();
    expect(queuePage.proposals.map((p: { id: string }) => p.id)).toEqual([id]);
    expect((await publicGeoJson()).features).toHaveLength(0);

    const before = Date.now();
    const response = await staffAction(id, { intent: "status", to: "published" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/staff/proposals/${id}?done=status`);

    const stored = await prisma.proposal.findUniqueOrThrow({
      where: { id },
      include: { statusChanges: { orderBy: { createdAt: "asc" } } },
    });
    expect(stored.status).toBe("published");
    expect(stored.publishedAt).not.toBeNull();
    expect(stored.publishedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(stored.statusChanges.map((s) => [s.fromStatus, s.toStatus, s.actor, s.staffId])).toEqual(
      [
        [null, "submitted", "resident", null],
        ["submitted", "published", "staff", moderator.id],
      ],
    );

    const [entry] = await auditEntries("proposal.status");
    expect(entry).toMatchObject({
      staffId: moderator.id,
      entityType: "proposal",
      entityId: id,
      before: { status: "submitted" },
      after: { status: "published" },
    });

    const geojson = await publicGeoJson();
    expect(geojson.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual([
      id,
    ]);
    expect(await listProposalQueue()).toHaveLength(0);
    expect((await getQueueCounts()).proposals).toBe(0);
    expect((await callLoader(detailLoader, `/proposals/${id}`, { id })).status).toBe(200);

    // Publishing again (after a rejection and a second review) does not move the first publication date.
    const firstPublished = stored.publishedAt!.getTime();
    for (const [to, reason] of [
      ["rejected", "Das ist Sache des Verkehrs- und Tiefbauamts."],
      ["in_review", ""],
      ["published", ""],
    ]) {
      expect((await staffAction(id, { intent: "status", to, reason })).status, to).toBe(303);
    }
    const republished = await prisma.proposal.findUniqueOrThrow({ where: { id } });
    expect(republished.status).toBe("published");
    expect(republished.publishedAt!.getTime()).toBe(firstPublished);
  });

  it("a rejection needs a public reason; the reason then appears on the tracking page", async () => {
    const { id, token } = await submitProposal();
    const unchanged = await snapshot(id);

    for (const reason of [undefined, "", "   "]) {
      const response = await staffAction(id, {
        intent: "status",
        to: "rejected",
        ...(reason === undefined ? {} : { reason }),
      });
      expect(response.status).toBe(409);
      expect((await response.json()).errors).toEqual(["errors.staff.reason-required"]);
    }
    expect(await snapshot(id)).toEqual(unchanged);

    const reason =
      "Das Grundstück gehört nicht der Stadt; bitte wenden Sie sich an die Wohnungsgenossenschaft.";
    const response = await staffAction(id, {
      intent: "status",
      to: "rejected",
      reason: `  ${reason}  `,
    });
    expect(response.status).toBe(303);
    const stored = await prisma.proposal.findUniqueOrThrow({ where: { id } });
    expect(stored.status).toBe("rejected");
    expect(stored.publishedAt).toBeNull(); // a rejection from the queue is not a publication

    const page = await tracking(token);
    expect(page.status).toBe("rejected");
    expect(page.statusChanges.at(-1)).toMatchObject({ toStatus: "rejected", reason });
    const [entry] = await auditEntries("proposal.status");
    expect(entry).toMatchObject({
      entityId: id,
      before: { status: "submitted" },
      after: { status: "rejected", reason },
    });
    // Not public: it was never published.
    expect((await callLoader(detailLoader, `/proposals/${id}`, { id })).status).toBe(404);
  });

  it("refuses transitions outside the workflow table and leaves the database unchanged", async () => {
    const { id } = await submitProposal();
    const unchanged = await snapshot(id);
    for (const to of statuses.filter((s) => !staffTransitions.submitted.includes(s))) {
      const response = await staffAction(id, { intent: "status", to, reason: "Begründung" });
      expect(response.status, `submitted → ${to}`).toBe(409);
      expect((await response.json()).errors).toEqual(["errors.staff.invalid-transition"]);
    }
    expect(await snapshot(id)).toEqual(unchanged);

    // An unknown status is a malformed request.
    const unknown = await staffAction(id, { intent: "status", to: "deleted" });
    expect(unknown.status).toBe(400);
    expect(await snapshot(id)).toEqual(unchanged);

    // The former outcome statuses are no statuses any more (outcomes live in procedures
    // and implementation records): a malformed request.
    for (const to of ["voting", "accepted", "in_progress", "implemented"]) {
      const response = await staffAction(id, { intent: "status", to, reason: "Begründung" });
      expect(response.status, to).toBe(400);
    }
    expect(await snapshot(id)).toEqual(unchanged);

    // Walk to "withdrawn" along the workflow; from there nothing is allowed.
    for (const [to, reason] of [
      ["published", ""],
      ["withdrawn", "Die Initiative hat sich aufgelöst."],
    ]) {
      const response = await staffAction(id, { intent: "status", to, reason });
      expect(response.status, to).toBe(303);
    }
    const withdrawn = await snapshot(id);
    expect(withdrawn.proposal.status).toBe("withdrawn");
    for (const to of statuses) {
      const response = await staffAction(id, { intent: "status", to, reason: "Begründung" });
      expect(response.status, `withdrawn → ${to}`).toBe(409);
    }
    expect(await snapshot(id)).toEqual(withdrawn);
    // Nor can a withdrawn initiative be marked as a duplicate.
    const { id: other } = await submitProposal({ title: "Anderer Vorschlag" });
    await publishDirectly(other);
    expect(
      await markDuplicate({ staffId: moderator.id, proposalId: id, originalId: other }),
    ).toEqual({
      status: "refused",
      reason: "invalid-transition",
    });
    expect(await snapshot(id)).toEqual({ ...withdrawn, audit: withdrawn.audit });
  });

  it('"duplicate" cannot be set as a plain status (only via marking, which names the original and moves supports)', async () => {
    const { id } = await submitProposal();
    await publishDirectly(id);
    const supporter = await callAction(
      detailAction,
      formRequest(`/proposals/${id}`, { intent: "support" }),
      { id },
    );
    expect(supporter.status).toBe(303);
    const unchanged = await snapshot(id);
    const response = await staffAction(id, { intent: "status", to: "duplicate" });
    expect(response.status).toBe(409);
    const after = await snapshot(id);
    expect(after.proposal).toMatchObject({
      status: "published",
      duplicateOfId: null,
      supportCount: 1,
    });
    expect(after).toEqual(unchanged);
  });

  it("unknown initiative: 404; malformed intent: 400", async () => {
    const missing = await staffAction("does-not-exist", { intent: "status", to: "published" });
    expect(missing.status).toBe(404);
    const { id } = await submitProposal();
    expect((await staffAction(id, { intent: "explode" })).status).toBe(400);
    expect(
      (
        await callLoader(
          staffProposalLoader,
          "/staff/proposals/nope",
          { id: "nope" },
          staffHeaders(moderator),
        )
      ).status,
    ).toBe(404);
  });

  it("request changes → the resident sees the request and resubmits → back in the queue, old text kept", async () => {
    const { id, token } = await submitProposal();
    const refused = await staffAction(id, { intent: "status", to: "changes_requested" });
    expect(refused.status).toBe(409);

    const message =
      "Bitte beschreiben Sie genauer, an welcher Stelle im Park die Bänke stehen sollen.";
    expect(
      (await staffAction(id, { intent: "status", to: "changes_requested", reason: message }))
        .status,
    ).toBe(303);
    expect(await listProposalQueue()).toHaveLength(0);

    let page = await tracking(token);
    expect(page.status).toBe("changes_requested");
    expect(page.changeRequest).toBe(message);
    expect(page.statusChanges.at(-1)).toMatchObject({
      toStatus: "changes_requested",
      reason: message,
    });

    // Invalid resubmissions change nothing.
    const tooShort = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, { intent: "resubmit", title: "Hi", description: "kurz" }),
      { token },
    );
    expect(tooShort.status).toBe(400);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id } })).status).toBe(
      "changes_requested",
    );

    const newTitle = "Sitzbänke am Teich im Rabet";
    const newDescription =
      "Drei Sitzbänke am Teich im Rabet, gegenüber dem Spielplatz, mit Rückenlehne.";
    const response = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, {
        intent: "resubmit",
        title: newTitle,
        description: newDescription,
      }),
      { token },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/track/${token}?done=resubmitted`);

    const stored = await prisma.proposal.findUniqueOrThrow({
      where: { id },
      include: { revisions: true, statusChanges: { orderBy: { createdAt: "asc" } } },
    });
    expect(stored).toMatchObject({
      status: "submitted",
      title: newTitle,
      description: newDescription,
      changeRequest: null,
    });
    expect(stored.revisions).toHaveLength(1);
    expect(stored.revisions[0]).toMatchObject({
      title: validProposal.title,
      description: validProposal.description,
      replacedById: null,
    });
    expect(stored.statusChanges.map((s) => [s.toStatus, s.actor])).toEqual([
      ["submitted", "resident"],
      ["changes_requested", "staff"],
      ["submitted", "resident"],
    ]);
    expect((await listProposalQueue()).map((p) => p.id)).toEqual([id]);
    page = await tracking(token);
    expect(page.changeRequest).toBeNull();

    // Only once per change request.
    const again = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, {
        intent: "resubmit",
        title: newTitle,
        description: newDescription,
      }),
      { token },
    );
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe("errors.tracking.notRequested");
  });

  it("the resident can still withdraw after a change request", async () => {
    const { id, token } = await submitProposal();
    await staffAction(id, {
      intent: "status",
      to: "changes_requested",
      reason: "Bitte genauer beschreiben.",
    });
    const response = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, { intent: "withdraw" }),
      { token },
    );
    expect(response.status).toBe(303);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id } })).status).toBe("withdrawn");
  });
});

describe("editing, notes and replies", () => {
  it("a staff edit keeps the resident's original as a revision (replacedBy = staff) with audit before/after", async () => {
    const { id, token } = await submitProposal();
    const title = "Sitzbänke im Rabet (Tippfehler korrigiert)";
    const description =
      "Mehr Sitzbänke im Rabet, damit ältere Menschen sich beim Spaziergang ausruhen können.";
    const response = await staffAction(id, { intent: "edit", title, description });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/staff/proposals/${id}?done=edit`);

    const stored = await getProposalForStaff(id);
    expect(stored).toMatchObject({ title, description });
    expect(stored!.revisions).toHaveLength(1);
    expect(stored!.revisions[0]).toMatchObject({
      title: validProposal.title,
      description: validProposal.description,
      replacedById: moderator.id,
      replacedBy: { name: "Mira Moderatorin" },
    });
    const [entry] = await auditEntries("proposal.edit");
    expect(entry).toMatchObject({
      staffId: moderator.id,
      entityId: id,
      before: { title: validProposal.title, description: validProposal.description },
      after: { title, description },
    });
    // The resident sees the edited text.
    expect((await tracking(token)).title).toBe(title);

    // Saving the same text again is refused and stores nothing.
    const unchanged = await snapshot(id);
    const again = await staffAction(id, { intent: "edit", title, description });
    expect(again.status).toBe(409);
    expect((await again.json()).errors).toEqual(["errors.staff.unchanged"]);
    expect(await snapshot(id)).toEqual(unchanged);

    // Validation as for residents.
    expect((await staffAction(id, { intent: "edit", title: "x", description })).status).toBe(400);
  });

  it("internal notes are visible to staff only: never on the public page, tracking page or in open data", async () => {
    const { id, token } = await submitProposal();
    await publishDirectly(id);
    const secret = "INTERN: Nachbar hat sich telefonisch beschwert, Rückruf unter 0341-000000";
    const response = await staffAction(id, { intent: "note", body: secret });
    expect(response.status).toBe(303);

    const forStaff = await getProposalForStaff(id);
    expect(forStaff!.notes).toHaveLength(1);
    expect(forStaff!.notes[0]).toMatchObject({
      body: secret,
      staffId: moderator.id,
      staff: { name: "Mira Moderatorin" },
    });
    const staffPage = await (
      await callLoader(
        staffProposalLoader,
        `/staff/proposals/${id}`,
        { id },
        staffHeaders(moderator),
      )
    ).json();
    expect(staffPage.proposal.notes.map((n: { body: string }) => n.body)).toEqual([secret]);
    expect(staffPage.proposal.trackingTokenHash).toBeUndefined();
    // Contact data only on request (tests/integration/contact-data.test.ts).
    expect(staffPage.proposal.hasContact).toBe(true);
    expect(JSON.stringify(staffPage)).not.toContain("olena@example.org");

    const publicText = await (await callLoader(detailLoader, `/proposals/${id}`, { id })).text();
    expect(publicText).toContain(validProposal.title);
    expect(publicText).not.toContain("INTERN");
    expect(publicText).not.toContain("olena@example.org");
    expect(JSON.stringify(await publicGeoJson())).not.toContain("INTERN");
    expect(JSON.stringify(await tracking(token))).not.toContain("INTERN");

    const [entry] = await auditEntries("proposal.note");
    expect(entry).toMatchObject({ staffId: moderator.id, entityId: id, after: { body: secret } });

    expect((await staffAction(id, { intent: "note", body: "   " })).status).toBe(400);
    expect(await prisma.internalNote.count()).toBe(1);
  });

  it("an official reply on an unknown initiative is answered with 404 (not a server error)", async () => {
    const response = await staffAction("does-not-exist", {
      intent: "reply",
      body: "Danke für den Hinweis!",
    });
    expect(response.status).toBe(404);
    expect(await prisma.comment.count()).toBe(0);
  });
});

describe("duplicates", () => {
  async function supportAs(id: string, cookie?: string) {
    const response = await callAction(
      detailAction,
      formRequest(`/proposals/${id}`, { intent: "support" }, cookie ? { Cookie: cookie } : {}),
      { id },
    );
    expect(response.status).toBe(303);
    const setCookie = response.headers.get("Set-Cookie");
    return setCookie ? cookiePair(setCookie) : cookie!;
  }

  it("moves supports to the original (each browser once), points there, and redirects the old public page", async () => {
    const original = await submitProposal({ title: "Bänke im Rabet" });
    const duplicate = await submitProposal({ title: "Sitzgelegenheiten Rabet" });
    await publishDirectly(original.id, new Date(Date.now() - 60_000));
    await publishDirectly(duplicate.id);

    const alice = await supportAs(original.id);
    await supportAs(duplicate.id, alice); // supports both
    const bob = await supportAs(duplicate.id); // only the duplicate
    expect(
      (await prisma.proposal.findUniqueOrThrow({ where: { id: original.id } })).supportCount,
    ).toBe(1);
    expect(
      (await prisma.proposal.findUniqueOrThrow({ where: { id: duplicate.id } })).supportCount,
    ).toBe(2);

    // The original can be pasted as a link to its public page.
    const response = await staffAction(duplicate.id, {
      intent: "duplicate",
      originalManual: `http://test.local/proposals/${original.id}?x=1`,
    });
    expect(response.status).toBe(303);

    const dup = await prisma.proposal.findUniqueOrThrow({
      where: { id: duplicate.id },
      include: { statusChanges: true },
    });
    expect(dup).toMatchObject({ status: "duplicate", duplicateOfId: original.id, supportCount: 0 });
    expect(dup.statusChanges.at(-1)).toMatchObject({
      fromStatus: "published",
      toStatus: "duplicate",
      staffId: moderator.id,
    });
    const orig = await prisma.proposal.findUniqueOrThrow({ where: { id: original.id } });
    expect(orig.supportCount).toBe(2);
    expect(await prisma.support.count({ where: { proposalId: original.id } })).toBe(2);
    expect(await prisma.support.count({ where: { proposalId: duplicate.id } })).toBe(0);
    expect(await prisma.support.count()).toBe(2);

    // Both browsers now count as supporters of the original.
    for (const cookie of [alice, bob]) {
      const page = await (
        await callLoader(
          detailLoader,
          `/proposals/${original.id}`,
          { id: original.id },
          { Cookie: cookie },
        )
      ).json();
      expect(page.supported).toBe(true);
      expect(page.proposal.supportCount).toBe(2);
    }

    const [entry] = await auditEntries("proposal.duplicate");
    expect(entry).toMatchObject({
      staffId: moderator.id,
      entityId: duplicate.id,
      before: { status: "published" },
      after: { status: "duplicate", duplicateOfId: original.id, movedSupports: 2 },
    });

    // The resident's tracking page names the original.
    const page = await tracking(duplicate.token);
    expect(page).toMatchObject({
      status: "duplicate",
      isPublic: false,
      duplicateOf: { id: original.id, title: "Bänke im Rabet" },
    });

    const old = await callLoader(detailLoader, `/proposals/${duplicate.id}`, { id: duplicate.id });
    expect(old.status).toBe(301);
    expect(old.headers.get("Location")).toBe(`/proposals/${original.id}?from=duplicate`);
    const geojson = await publicGeoJson();
    expect(geojson.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual([
      original.id,
    ]);
  });

  it("a never-published duplicate is simply not found publicly; the original must be public", async () => {
    const original = await submitProposal({ title: "Bänke im Rabet" });
    const duplicate = await submitProposal({ title: "Sitzgelegenheiten Rabet" });

    // Original not yet published: refused.
    const notPublic = await staffAction(duplicate.id, {
      intent: "duplicate",
      original: original.id,
    });
    expect(notPublic.status).toBe(409);
    expect((await notPublic.json()).errors).toEqual(["errors.staff.original-invalid"]);
    // Itself: refused.
    await publishDirectly(original.id);
    expect(
      await markDuplicate({
        staffId: moderator.id,
        proposalId: original.id,
        originalId: original.id,
      }),
    ).toEqual({
      status: "refused",
      reason: "original-invalid",
    });
    expect((await staffAction(duplicate.id, { intent: "duplicate", original: "" })).status).toBe(
      400,
    );
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: duplicate.id } })).status).toBe(
      "submitted",
    );

    expect(
      (await staffAction(duplicate.id, { intent: "duplicate", original: original.id })).status,
    ).toBe(303);
    expect(
      (await callLoader(detailLoader, `/proposals/${duplicate.id}`, { id: duplicate.id })).status,
    ).toBe(404);
    expect(await listProposalQueue()).toHaveLength(0);
  });

  it("suggests published initiatives nearby (20 m) or with a similar title, not unrelated distant ones", async () => {
    const area = await prisma.fundingArea.findFirstOrThrow();
    let n = 0;
    const create = (data: {
      title: string;
      lon: number;
      lat: number;
      status?: string;
      published?: boolean;
    }) =>
      prisma.proposal.create({
        data: {
          title: data.title,
          description: "Eine Beschreibung, die lang genug ist.",
          category: "other",
          lon: data.lon,
          lat: data.lat,
          status: data.status ?? "published",
          publishedAt: data.published === false ? null : new Date(),
          trackingTokenHash: `hash-${++n}-${Math.random()}`,
          fundingAreaId: area.id,
        },
      });
    const metersNorth = (m: number) => m / 111_320;
    const near = await create({
      title: "Mülleimer aufstellen",
      lon: inside.lon,
      lat: inside.lat + metersNorth(20),
    });
    const similar = await create({
      title: "Mehr Sitzbänke im Rabet!",
      lon: inside.lon + 0.02,
      lat: inside.lat + 0.01,
    });
    const unrelated = await create({
      title: "Fahrradständer am Bahnhof",
      lon: inside.lon + 0.02,
      lat: inside.lat - 0.01,
    });
    const nearButUnpublished = await create({
      title: "Laterne reparieren",
      lon: inside.lon,
      lat: inside.lat + metersNorth(5),
      status: "submitted",
      published: false,
    });
    const nearButWithdrawn = await create({
      title: "Hundewiese",
      lon: inside.lon,
      lat: inside.lat + metersNorth(10),
      status: "withdrawn",
    });
    const { id } = await submitProposal({ title: "Sitzbänke im Rabet" });
    const proposal = await prisma.proposal.findUniqueOrThrow({ where: { id } });

    const suggestions = await findPossibleDuplicates(proposal);
    const ids = suggestions.map((s) => s.id);
    expect(ids).toContain(near.id);
    expect(ids).toContain(similar.id);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(nearButUnpublished.id);
    expect(ids).not.toContain(nearButWithdrawn.id);
    expect(ids).not.toContain(id);
    const nearHit = suggestions.find((s) => s.id === near.id)!;
    expect(nearHit.meters).toBeGreaterThanOrEqual(18);
    expect(nearHit.meters).toBeLessThanOrEqual(22);
    expect(suggestions.find((s) => s.id === similar.id)!.similarity).toBeGreaterThanOrEqual(0.35);
    // The most similar title comes first.
    expect(ids[0]).toBe(similar.id);

    // The staff page offers the same suggestions.
    const page = await (
      await callLoader(
        staffProposalLoader,
        `/staff/proposals/${id}`,
        { id },
        staffHeaders(moderator),
      )
    ).json();
    expect(page.duplicates.map((d: { id: string }) => d.id).sort()).toEqual(
      [near.id, similar.id].sort(),
    );
    expect(page.nextStatuses).toEqual(staffTransitions.submitted);
  });
});
