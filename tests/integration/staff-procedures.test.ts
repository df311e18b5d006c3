import { beforeEach, describe, expect, it } from "vitest";
import { action as detailAction, loader as detailLoader } from "~/routes/staff.procedures.$id";
import { loader as listLoader } from "~/routes/staff.procedures._index";
import { action as newAction, loader as newLoader } from "~/routes/staff.procedures.new";
import { berlinLocalToDate, dateToBerlinLocal } from "~/utils/berlin-time";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, formRequest } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
  type TestStaff,
} from "./staff-helpers";

const DAY = 24 * 60 * 60 * 1000;
/** A `datetime-local` value (Berlin time) `days` from now, on the full hour. */
const local = (days: number) =>
  `${dateToBerlinLocal(new Date(Date.now() + days * DAY)).slice(0, 13)}:00`;

let moderator: TestStaff;
let admin: TestStaff;

beforeEach(async () => {
  resetRateLimits();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
  moderator = await createStaffUser("moderator", { name: "Mira Moderatorin" });
  admin = await createStaffUser("admin", { name: "Ali Admin" });
});

const newProcedure = {
  kind: "idea_call",
  title: "Ideen für den Rabet",
  description: "Was soll im Stadtteilpark Rabet besser werden? Schicken Sie uns Ihre Ideen.",
  "translations.en.title": "Ideas for the Rabet",
  "translations.ar.title": "",
  "translations.ar.description": "",
};

function createForm(fields: Record<string, string>, staff: TestStaff = moderator) {
  return callAction(newAction, staffForm("/staff/procedures/new", staff, fields));
}

function detailForm(id: string, fields: Record<string, string>, staff: TestStaff = moderator) {
  return callAction(detailAction, staffForm(`/staff/procedures/${id}`, staff, fields), { id });
}

async function detailPage(id: string, staff: TestStaff = moderator) {
  const response = await callLoader(
    detailLoader,
    `/staff/procedures/${id}`,
    { id },
    staffHeaders(staff),
  );
  expect(response.status).toBe(200);
  return response.json();
}

type Reply = {
  result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
};

describe("procedures through the staff routes", () => {
  it("creates, edits, publishes and archives a procedure; every step is in the audit log", async () => {
    const phases = {
      "phases.collection.start": local(-1),
      "phases.collection.end": local(10),
      "phases.review.start": local(10),
      "phases.review.end": local(20),
      // Left empty: the results phase is skipped.
      "phases.results.start": "",
      "phases.results.end": "",
    };
    const created = await createForm({ ...newProcedure, ...phases });
    expect(created.status).toBe(303);
    const id = created.headers
      .get("Location")!
      .match(/^\/staff\/procedures\/([^?]+)\?done=created$/)![1]!;

    const stored = await prisma.procedure.findUniqueOrThrow({
      where: { id },
      include: { phases: { orderBy: { startsAt: "asc" } } },
    });
    expect(stored).toMatchObject({ kind: "idea_call", state: "draft", title: newProcedure.title });
    expect(JSON.parse(stored.translations)).toEqual({ en: { title: "Ideas for the Rabet" } });
    // Typed as Berlin wall-clock time, stored as the instant.
    expect(
      stored.phases.map((p) => [p.kind, p.startsAt.toISOString(), p.endsAt.toISOString()]),
    ).toEqual([
      [
        "collection",
        berlinLocalToDate(local(-1))!.toISOString(),
        berlinLocalToDate(local(10))!.toISOString(),
      ],
      [
        "review",
        berlinLocalToDate(local(10))!.toISOString(),
        berlinLocalToDate(local(20))!.toISOString(),
      ],
    ]);
    const [createdEntry] = await auditEntries("procedure.created");
    expect(createdEntry).toMatchObject({
      staffId: moderator.id,
      entityType: "procedure",
      entityId: id,
    });

    const list = await (
      await callLoader(listLoader, "/staff/procedures", {}, staffHeaders(moderator))
    ).json();
    expect(list.procedures).toEqual([
      expect.objectContaining({
        id,
        state: "draft",
        situation: "collection",
        currentPhase: expect.objectContaining({ kind: "collection" }),
        nextPhase: expect.objectContaining({ kind: "review" }),
        proposals: 0,
        votes: 0,
      }),
    ]);
    const page = await detailPage(id);
    expect(page.formDefault.phases.collection).toEqual({ start: local(-1), end: local(10) });
    expect(page.formDefault.translations.en).toEqual({ title: "Ideas for the Rabet" });

    const saved = await detailForm(id, {
      intent: "save",
      title: "Ideen für den Rabet 2027",
      description: newProcedure.description,
      "translations.en.title": "",
      "translations.ar.title": "أفكار لحديقة رابت",
      "translations.tr.title": "Rabet için fikirler",
      "phases.collection.start": local(-1),
      "phases.collection.end": local(12),
      "phases.results.start": local(12),
      "phases.results.end": local(40),
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`/staff/procedures/${id}?done=saved`);
    const edited = await prisma.procedure.findUniqueOrThrow({
      where: { id },
      include: { phases: true },
    });
    expect(edited.title).toBe("Ideen für den Rabet 2027");
    expect(JSON.parse(edited.translations)).toEqual({
      ar: { title: "أفكار لحديقة رابت" },
      tr: { title: "Rabet için fikirler" },
    });
    expect(edited.phases.map((p) => p.kind).sort()).toEqual(["collection", "results"]);
    const [updatedEntry] = await auditEntries("procedure.updated");
    expect(updatedEntry).toMatchObject({ staffId: moderator.id, entityId: id });
    expect(updatedEntry!.before.title).toBe("Ideen für den Rabet");
    expect(updatedEntry!.after.title).toBe("Ideen für den Rabet 2027");

    const published = await detailForm(id, { intent: "publish" }, admin);
    expect(published.headers.get("Location")).toBe(`/staff/procedures/${id}?done=published`);
    expect(await prisma.procedure.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: "published",
      publishedAt: expect.any(Date),
    });
    expect(await auditEntries("procedure.published")).toEqual([
      expect.objectContaining({
        staffId: admin.id,
        before: { state: "draft" },
        after: { state: "published" },
      }),
    ]);

    // Publishing twice is refused with a message in the staff member's language.
    const again = await detailForm(id, { intent: "publish" });
    expect(again.status).toBe(409);
    expect((await again.json()).errors).toEqual(["staff.procedures.refusals.transition"]);

    const archived = await detailForm(id, { intent: "archive" });
    expect(archived.headers.get("Location")).toBe(`/staff/procedures/${id}?done=archived`);
    expect(await auditEntries("procedure.archived")).toHaveLength(1);

    // An archived procedure is a record: editing is refused and nothing changes.
    const before = await prisma.procedure.findUniqueOrThrow({
      where: { id },
      include: { phases: true },
    });
    const refused = await detailForm(id, {
      intent: "save",
      title: "Noch eine Änderung",
      description: newProcedure.description,
      "phases.collection.start": local(1),
      "phases.collection.end": local(2),
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Reply).result.error?.[""]).toEqual([
      "staff.procedures.refusals.archived",
    ]);
    expect(
      await prisma.procedure.findUniqueOrThrow({ where: { id }, include: { phases: true } }),
    ).toEqual(before);
    expect((await detailPage(id)).procedure.state).toBe("archived");
  });

  it("refuses an end before the start, overlaps, half phases and foreign phases with field errors, saving nothing", async () => {
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [
        { "phases.collection.start": local(5), "phases.collection.end": local(1) },
        { "phases.collection.end": "staff.procedures.errors.phaseOrder" },
      ],
      [
        {
          "phases.collection.start": local(1),
          "phases.collection.end": local(10),
          "phases.review.start": local(5),
          "phases.review.end": local(20),
        },
        { "phases.review.start": "staff.procedures.errors.phaseOverlap" },
      ],
      [
        { "phases.collection.start": local(1) },
        { "phases.collection.end": "staff.procedures.errors.phaseIncomplete" },
      ],
      [
        { "phases.collection.start": "12.03.2027 18:00", "phases.collection.end": local(3) },
        { "phases.collection.start": "staff.procedures.errors.phaseDate" },
      ],
      [{}, { phases: "staff.procedures.errors.phasesEmpty" }],
      [
        // An idea call has no voting phase.
        { "phases.voting.start": local(1), "phases.voting.end": local(3) },
        { "phases.voting.start": "staff.procedures.errors.phaseNotOffered" },
      ],
    ];
    for (const [phases, expected] of cases) {
      const response = await createForm({ ...newProcedure, ...phases });
      expect(response.status, JSON.stringify(phases)).toBe(400);
      const body = (await response.json()) as Reply;
      for (const [field, message] of Object.entries(expected)) {
        expect(body.result.error?.[field], field).toContain(message);
      }
      // What was typed comes back into the form.
      expect(body.result.initialValue).toMatchObject({ title: newProcedure.title });
    }
    // Text errors and phase errors are reported together.
    const both = (await (
      await createForm({ ...newProcedure, title: "", "phases.collection.start": local(1) })
    ).json()) as Reply;
    expect(both.result.error?.title).toEqual(["staff.procedures.errors.titleRequired"]);
    expect(both.result.error?.["phases.collection.end"]).toEqual([
      "staff.procedures.errors.phaseIncomplete",
    ]);
    expect(await prisma.procedure.count()).toBe(0);
    expect(await auditEntries("procedure.created")).toHaveLength(0);

    // The same checks on the edit form leave the stored plan as it was.
    const created = await createForm({
      ...newProcedure,
      "phases.collection.start": local(1),
      "phases.collection.end": local(10),
    });
    const id = created.headers.get("Location")!.split("/").pop()!.split("?")[0]!;
    const before = await prisma.procedure.findUniqueOrThrow({
      where: { id },
      include: { phases: true },
    });
    const overlap = await detailForm(id, {
      intent: "save",
      title: "Geändert",
      description: newProcedure.description,
      "phases.collection.start": local(1),
      "phases.collection.end": local(10),
      "phases.review.start": local(9),
      "phases.review.end": local(12),
    });
    expect(overlap.status).toBe(400);
    const body = (await overlap.json()) as Reply & { intent: string };
    expect(body.intent).toBe("save");
    expect(body.result.error?.["phases.review.start"]).toEqual([
      "staff.procedures.errors.phaseOverlap",
    ]);
    expect(
      await prisma.procedure.findUniqueOrThrow({ where: { id }, include: { phases: true } }),
    ).toEqual(before);
    expect(await auditEntries("procedure.updated")).toHaveLength(0);
  });

  it("publishing needs phases; unknown intents and procedures are refused", async () => {
    const created = await createForm({
      ...newProcedure,
      kind: "resident_vote",
      "phases.voting.start": local(1),
      "phases.voting.end": local(3),
    });
    expect(created.status).toBe(303);
    const id = created.headers.get("Location")!.split("/").pop()!.split("?")[0]!;
    expect((await detailForm(id, { intent: "explode" })).status).toBe(400);
    expect((await detailForm("does-not-exist", { intent: "publish" })).status).toBe(404);
    expect(
      (
        await callLoader(
          detailLoader,
          "/staff/procedures/nope",
          { id: "nope" },
          staffHeaders(moderator),
        )
      ).status,
    ).toBe(404);
    const page = await detailPage(id);
    expect(page.procedure.kind).toBe("resident_vote");
    expect(page.formDefault.phases.voting).toEqual({ start: local(1), end: local(3) });
  });

  it("lets moderators and admins manage procedures, and refuses anyone else", async () => {
    for (const staff of [moderator, admin]) {
      const page = await callLoader(newLoader, "/staff/procedures/new", {}, staffHeaders(staff));
      expect(page.status).toBe(200);
    }
    const fields = {
      ...newProcedure,
      "phases.collection.start": local(1),
      "phases.collection.end": local(2),
    };
    // No session.
    expect((await callAction(newAction, formRequest("/staff/procedures/new", fields))).status).toBe(
      401,
    );
    // A session, but a forged form (wrong CSRF token).
    const forged = staffForm("/staff/procedures/new", { ...moderator, csrf: "forged" }, fields);
    expect((await callAction(newAction, forged)).status).toBe(403);
    // Another site's form.
    const crossSite = staffForm("/staff/procedures/new", moderator, fields, {
      Origin: "https://evil.example",
    });
    expect((await callAction(newAction, crossSite)).status).toBe(403);
    expect(await prisma.procedure.count()).toBe(0);
    // Anonymous visitors are sent to the login page.
    const anonymous = await callLoader(listLoader, "/staff/procedures");
    expect(anonymous.headers.get("Location")).toMatch(/^\/staff\/login/);

    expect((await createForm(fields, admin)).status).toBe(303);
    expect((await createForm(fields, moderator)).status).toBe(303);
    expect(await prisma.procedure.count()).toBe(2);
  });
});
