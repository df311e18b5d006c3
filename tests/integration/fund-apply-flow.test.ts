import { existsSync, readdirSync } from "node:fs";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { uploadDirectory } from "~/modules/uploads/uploads.server";
import { action as applyAction, loader as applyLoader } from "~/routes/fund.$roundId.apply";
import { action as trackAction, loader as trackLoader } from "~/routes/track.$token";
import { action as editAction, loader as editLoader } from "~/routes/track_.$token.application";
import { loader as applicantFile } from "~/routes/track_.$token.files.$fileId";
import { loader as staffFile } from "~/routes/staff.fund.files.$fileId";
import {
  action as reviewAction,
  loader as reviewLoader,
} from "~/routes/staff.fund.applications.$id";
import { loader as queueLoader } from "~/routes/staff.fund.$roundId.applications";
import { prisma } from "~/utils/db.server";
import { phoneJpeg } from "../fixtures/images";
import { createFundRound, dayFromNow, moveRoundToPhase } from "./fund-apply-fixtures";
import { callAction, callLoader, context, formRequest, inside, outside } from "./helpers";
import { createStaffUser, type TestStaff } from "./staff-helpers";

/**
 * Applying to a fund round without an account, and staff review, through the
 * routes against a real SQLite file: draft, submit, the phase table, rule
 * violations refused with nothing saved, quotes, the tracking view without
 * contact data, return → resubmit, complete, not eligible, audit entries.
 */

function multipart(url: string, fields: Record<string, string | File | string[]>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const item of value) form.append(name, item);
    else form.append(name, value);
  }
  return new Request(`http://test.local${url}`, { method: "POST", body: form });
}

const asFile = (bytes: Uint8Array, name: string, type: string) =>
  new File([new Uint8Array(bytes)], name, { type });

async function pdfFile() {
  const document = await PDFDocument.create();
  document.addPage([200, 200]);
  return asFile(await document.save(), "angebot.pdf", "application/pdf");
}

/** A complete application as the form sends it. */
function applicationFields(change: Record<string, string | string[]> = {}) {
  return {
    applicantKind: "association",
    organisation: "Nachbarschaftsgarten Rabet e. V.",
    organisationRegistered: "yes",
    applicantName: "Aylin Demir",
    contactEmail: "aylin.demir@example.org",
    contactPhone: "0341 1234567",
    contactAddress: "Eisenbahnstraße 1, 04315 Leipzig",
    title: "Hochbeete im Rabet",
    description: "Wir bauen drei Hochbeete, die alle Nachbarn nutzen können.",
    lon: String(inside.lon),
    lat: String(inside.lat),
    startsOn: dayFromNow(45),
    endsOn: dayFromNow(120),
    targetGroups: ["neighbours", "children"],
    expectedParticipants: "40",
    "costLines[0].id": "",
    "costLines[0].description": "Holz für drei Hochbeete",
    "costLines[0].amount": "380,50",
    "costLines[0].potKind": "investive",
    "costLines[1].id": "",
    "costLines[1].description": "Erde und Pflanzen",
    "costLines[1].amount": "220",
    "costLines[1].potKind": "non_investive",
    ownMoney: "50",
    volunteerHours: "20",
    requested: "390,50",
    ...change,
  };
}

let moderator: TestStaff;
let jury: TestStaff;
let round: { roundId: string; procedureId: string };

beforeAll(async () => {
  moderator = await createStaffUser("moderator");
  jury = await createStaffUser("jury");
  round = await createFundRound(prisma);
});

const storedFiles = () =>
  existsSync(uploadDirectory())
    ? readdirSync(uploadDirectory()).filter((name) => !name.startsWith("."))
    : [];

async function apply(fields: Record<string, string | File | string[]>, roundId = round.roundId) {
  return callAction(
    applyAction,
    multipart(`/fund/${roundId}/apply`, fields),
    { roundId },
    context(),
  );
}

const tokenOf = (response: Response) => {
  const location = response.headers.get("Location") ?? "";
  const match = /^\/track\/([A-Za-z0-9_-]{32})\?created=(save|submit)$/.exec(location);
  if (!match) throw new Error(`unexpected redirect: ${response.status} ${location}`);
  return match[1]!;
};

const staffRequest = (url: string, staff: TestStaff, fields: Record<string, string>) =>
  formRequest(url, { csrf: staff.csrf, ...fields }, { Cookie: staff.cookie });

async function review(staff: TestStaff, id: string, fields: Record<string, string>) {
  return callAction(reviewAction, staffRequest(`/staff/fund/applications/${id}`, staff, fields), {
    id,
  });
}

describe("applying without an account", () => {
  it("shows the form with the round's rules while applications are open", async () => {
    const response = await callLoader(applyLoader, `/fund/${round.roundId}/apply`, {
      roundId: round.roundId,
    });
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.canSubmit).toBe(true);
    expect(data.rules).toMatchObject({ maxPerItemCents: 41_000, volunteerRateCents: 800 });
    expect(data.values.costLines).toHaveLength(8);
  });

  it("saves a draft with a quote, creates the tracking token and a timeline entry", async () => {
    const response = await apply({
      ...applicationFields({ requested: "" }),
      "costLines[0].quote": await pdfFile(),
      intent: "save",
    });
    expect(response.status).toBe(303);
    const token = tokenOf(response);
    expect(response.headers.get("Location")).toContain("created=save");
    const application = await prisma.fundApplication.findFirstOrThrow({
      where: { roundId: round.roundId, title: "Hochbeete im Rabet" },
      include: { costLines: { orderBy: { position: "asc" } }, files: true, events: true },
    });
    expect(application).toMatchObject({
      status: "draft",
      applicantKind: "association",
      organisationRegistered: true,
      contactEmail: "aylin.demir@example.org",
      ownMoneyCents: 5_000,
      volunteerHours: 20,
      requestedCents: 0,
      expectedParticipants: 40,
      district: expect.any(String),
      fundingAreaId: expect.any(String),
    });
    expect(JSON.parse(application.targetGroups)).toEqual(["neighbours", "children"]);
    expect(application.costLines.map((l) => [l.position, l.amountCents, l.potKind])).toEqual([
      [1, 38_050, "investive"],
      [2, 22_000, "non_investive"],
    ]);
    expect(application.files).toHaveLength(1);
    expect(application.files[0]).toMatchObject({
      purpose: "quote",
      kind: "pdf",
      costLineId: application.costLines[0]!.id,
    });
    expect(application.events.map((e) => e.kind)).toEqual(["created"]);
    expect(storedFiles()).toContain(application.files[0]!.file);

    // The tracking page: the application, its status and link, and never the contact data.
    const page = await callLoader(trackLoader, `/track/${token}?created=save`, { token });
    expect(page.status).toBe(200);
    const text = await page.text();
    const view = JSON.parse(text);
    expect(view.kind).toBe("application");
    expect(view.application).toMatchObject({ status: "draft", editable: true });
    for (const secret of [
      "aylin.demir@example.org",
      "Aylin Demir",
      "0341 1234567",
      "Eisenbahnstraße 1",
    ]) {
      expect(text).not.toContain(secret);
    }

    // The applicant's own quote, as a download with safe headers; not with another token.
    const fileId = application.files[0]!.id;
    const download = await callLoader(applicantFile, `/track/${token}/files/${fileId}`, {
      token,
      fileId,
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const wrong = await callLoader(applicantFile, `/track/${"x".repeat(32)}/files/${fileId}`, {
      token: "x".repeat(32),
      fileId,
    });
    expect(wrong.status).toBe(404);

    // A POST to the tracking page does nothing to an application.
    const posted = await callAction(
      trackAction,
      formRequest(`/track/${token}`, { intent: "withdraw" }),
      {
        token,
      },
    );
    expect(posted.status).toBe(400);
  });

  it("refuses a submission that breaks the rules and saves nothing", async () => {
    const before = await prisma.fundApplication.count();
    const filesBefore = storedFiles().length;
    const response = await apply({
      ...applicationFields({ "costLines[0].amount": "410,01", requested: "400" }),
      "costLines[0].quote": await pdfFile(),
      intent: "submit",
    });
    expect(response.status).toBe(422);
    const answer = await response.json();
    expect(answer.formErrors).toEqual(["fund.errors.rules"]);
    expect(answer.check.errors).toContainEqual({
      key: "item-over-cap",
      field: "costLines[0].amount",
      params: { line: 1, capCents: 41_000 },
    });
    // What was typed comes back.
    expect(answer.values.title).toBe("Hochbeete im Rabet");
    expect(answer.values.costLines[0].amount).toBe("410,01");
    expect(await prisma.fundApplication.count()).toBe(before);
    expect(storedFiles().length).toBe(filesBefore);
  });

  it("refuses a place outside the funding area on submit", async () => {
    const before = await prisma.fundApplication.count();
    const response = await apply({
      ...applicationFields({ lon: String(outside.lon), lat: String(outside.lat) }),
      intent: "submit",
    });
    expect(response.status).toBe(422);
    const answer = await response.json();
    expect(answer.check.errors.map((p: { key: string }) => p.key)).toContain("outside-area");
    expect(await prisma.fundApplication.count()).toBe(before);
  });

  it("refuses bad input with messages per field, keeps what was typed, saves nothing", async () => {
    const before = await prisma.fundApplication.count();
    const response = await apply({
      ...applicationFields({
        "costLines[1].amount": "12,345",
        contactEmail: "keine-adresse",
        startsOn: "2027-02-30",
        volunteerHours: "zwei",
        targetGroups: ["neighbours", "aliens"],
      }),
      intent: "save",
    });
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.fieldErrors).toMatchObject({
      "costLines[1].amount": ["fund.errors.money.too-many-decimals"],
      contactEmail: ["fund.errors.email"],
      startsOn: ["fund.errors.date"],
      volunteerHours: ["fund.errors.wholeNumber"],
      "targetGroups[1]": ["fund.errors.choose"],
    });
    expect(answer.values.contactEmail).toBe("keine-adresse");
    expect(await prisma.fundApplication.count()).toBe(before);
  });

  it("refuses a file that is not a PDF or an image", async () => {
    const before = await prisma.fundApplication.count();
    const response = await apply({
      ...applicationFields(),
      "costLines[0].quote": asFile(
        new TextEncoder().encode("#!/bin/sh\necho hi\n"),
        "angebot.pdf",
        "application/pdf",
      ),
      intent: "submit",
    });
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.quoteProblems).toEqual([
      expect.objectContaining({
        field: "costLines[0].quote",
        message: "uploads.errors.disguised.imageOrPdf",
      }),
    ]);
    expect(await prisma.fundApplication.count()).toBe(before);
  });

  it("takes an image as a quote", async () => {
    const response = await apply({
      ...applicationFields({ title: "Bild-Angebot" }),
      "costLines[1].quote": asFile(await phoneJpeg(800, 600), "angebot.jpg", "image/jpeg"),
      intent: "submit",
    });
    expect(response.status).toBe(303);
    const application = await prisma.fundApplication.findFirstOrThrow({
      where: { title: "Bild-Angebot" },
      include: { files: true, costLines: true, events: true },
    });
    expect(application.status).toBe("submitted");
    expect(application.events.map((e) => e.kind)).toEqual(["created", "submitted"]);
    expect(application.files[0]).toMatchObject({ kind: "image", mediaType: "image/webp" });
    const line = application.costLines.find((l) => l.id === application.files[0]!.costLineId);
    expect(line?.description).toBe("Erde und Pflanzen");
  });

  it("keeps no quote for an empty cost-plan row (no row, no file on disk)", async () => {
    const filesBefore = storedFiles().length;
    const response = await apply({
      ...applicationFields({ title: "Angebot ohne Zeile" }),
      "costLines[5].quote": await pdfFile(),
      intent: "save",
    });
    expect(response.status).toBe(303);
    const application = await prisma.fundApplication.findFirstOrThrow({
      where: { title: "Angebot ohne Zeile" },
      include: { files: true },
    });
    expect(application.files).toEqual([]);
    expect(storedFiles().length).toBe(filesBefore);
  });

  it("refuses a new application outside the applications phase, with a clear message", async () => {
    const closed = await createFundRound(prisma, { phase: "review" });
    const before = await prisma.fundApplication.count();
    const response = await apply({ ...applicationFields(), intent: "save" }, closed.roundId);
    expect(response.status).toBe(409);
    expect((await response.json()).formErrors).toEqual(["fund.errors.phaseClosed"]);
    expect(await prisma.fundApplication.count()).toBe(before);
    const page = await callLoader(applyLoader, `/fund/${closed.roundId}/apply`, {
      roundId: closed.roundId,
    });
    expect((await page.json()).canSubmit).toBe(false);
  });

  it("rate-limits anonymous creation per address like initiatives", async () => {
    const address = context("10.9.9.9");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await callAction(
        applyAction,
        multipart(`/fund/${round.roundId}/apply`, {
          ...applicationFields({ title: `Flut ${i}` }),
          intent: "save",
        }),
        { roundId: round.roundId },
        address,
      );
      statuses.push(response.status);
    }
    expect(statuses).toContain(429);
  });
});

describe("continuing, submitting, review and resubmission", () => {
  let token = "";
  let id = "";

  it("continues the draft behind the private link and submits it", async () => {
    const created = await apply({
      ...applicationFields({ title: "Sitzbank-Werkstatt", requested: "" }),
      intent: "save",
    });
    token = tokenOf(created);
    id = (await prisma.fundApplication.findFirstOrThrow({ where: { title: "Sitzbank-Werkstatt" } }))
      .id;

    const form = await callLoader(editLoader, `/track/${token}/application`, { token });
    const data = await form.json();
    expect(data.values.costLines[0]).toMatchObject({
      description: "Holz für drei Hochbeete",
      amount: "380,50",
    });
    expect(data.canSubmit).toBe(true);
    const lineIds = data.values.costLines.map((line: { id: string }) => line.id);

    const submitted = await callAction(
      editAction,
      multipart(`/track/${token}/application`, {
        ...applicationFields({ title: "Sitzbank-Werkstatt" }),
        "costLines[0].id": lineIds[0],
        "costLines[1].id": lineIds[1],
        intent: "submit",
      }),
      { token },
    );
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get("Location")).toBe(`/track/${token}?done=submitted`);
    const row = await prisma.fundApplication.findUniqueOrThrow({
      where: { id },
      include: { costLines: true, events: { orderBy: { createdAt: "asc" } } },
    });
    expect(row.status).toBe("submitted");
    expect(row.requestedCents).toBe(39_050);
    expect(row.costLines.map((l) => l.id).sort()).toEqual([lineIds[0], lineIds[1]].sort());
    expect(row.events.map((e) => e.kind)).toEqual(["created", "submitted"]);

    // Submitted: no more changes by the applicant.
    const again = await callAction(
      editAction,
      multipart(`/track/${token}/application`, { ...applicationFields(), intent: "save" }),
      { token },
    );
    expect(again.status).toBe(409);
    expect((await again.json()).formErrors).toEqual(["fund.errors.notEditable"]);
  });

  it("lets only staff with manage:fund review; the queue lists it without contact data", async () => {
    const forbidden = await callLoader(
      reviewLoader,
      `/staff/fund/applications/${id}`,
      { id },
      { Cookie: jury.cookie },
    );
    expect(forbidden.status).toBe(403);
    const queue = await callLoader(
      queueLoader,
      `/staff/fund/${round.roundId}/applications?status=submitted`,
      { roundId: round.roundId },
      { Cookie: moderator.cookie },
    );
    const text = await queue.text();
    expect(text).toContain("Sitzbank-Werkstatt");
    expect(text).not.toContain("aylin.demir@example.org");
    const page = await callLoader(
      reviewLoader,
      `/staff/fund/applications/${id}`,
      { id },
      { Cookie: moderator.cookie },
    );
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("aylin.demir@example.org");
  });

  it("refuses a review action without the CSRF token", async () => {
    const response = await callAction(
      reviewAction,
      formRequest(
        `/staff/fund/applications/${id}`,
        { intent: "complete" },
        { Cookie: moderator.cookie },
      ),
      { id },
    );
    expect(response.status).toBe(403);
  });

  it("shows the contact data on request and logs it", async () => {
    const response = await review(moderator, id, { intent: "contact" });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.contact).toMatchObject({
      contactEmail: "aylin.demir@example.org",
      applicantName: "Aylin Demir",
    });
    const audit = await prisma.auditEntry.findFirstOrThrow({
      where: { action: "fund.application.contactViewed", entityId: id },
    });
    expect(audit.staffId).toBe(moderator.id);
    expect(audit.after).not.toContain("aylin");
  });

  it("returns it with a request (timeline, audit), the applicant edits and resubmits in the review phase", async () => {
    const empty = await review(moderator, id, { intent: "return", request: "" });
    expect(empty.status).toBe(400);
    const response = await review(moderator, id, {
      intent: "return",
      request: "Bitte legen Sie ein Angebot für das Holz bei.",
    });
    expect(response.status).toBe(303);
    let row = await prisma.fundApplication.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      status: "returned",
      reviewRequest: "Bitte legen Sie ein Angebot für das Holz bei.",
    });
    expect(
      await prisma.auditEntry.count({
        where: { action: "fund.application.returned", entityId: id },
      }),
    ).toBe(1);
    const view = await (await callLoader(trackLoader, `/track/${token}`, { token })).json();
    expect(view.application.status).toBe("returned");
    expect(view.application.reviewRequest).toContain("Angebot für das Holz");
    expect(view.application.events.at(-1)).toMatchObject({
      kind: "returned",
      note: expect.stringContaining("Holz"),
    });

    // Applications have closed; a returned application may still be resubmitted in review.
    await moveRoundToPhase(prisma, round.procedureId, "review");
    const form = await (
      await callLoader(editLoader, `/track/${token}/application`, { token })
    ).json();
    expect(form.canSubmit).toBe(true);
    const lineIds = form.values.costLines.map((line: { id: string }) => line.id);
    const resubmitted = await callAction(
      editAction,
      multipart(`/track/${token}/application`, {
        ...applicationFields({ title: "Sitzbank-Werkstatt" }),
        "costLines[0].id": lineIds[0],
        "costLines[1].id": lineIds[1],
        "costLines[0].quote": await pdfFile(),
        intent: "submit",
      }),
      { token },
    );
    expect(resubmitted.status).toBe(303);
    row = await prisma.fundApplication.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("submitted");
    const events = await prisma.fundEvent.findMany({
      where: { applicationId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.kind)).toEqual(["created", "submitted", "returned", "resubmitted"]);
    expect(await prisma.fundFile.count({ where: { applicationId: id, purpose: "quote" } })).toBe(1);

    // Staff can open the quote; a PDF comes as an attachment.
    const file = await prisma.fundFile.findFirstOrThrow({ where: { applicationId: id } });
    const download = await callLoader(
      staffFile,
      `/staff/fund/files/${file.id}`,
      { fileId: file.id },
      { Cookie: moderator.cookie },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const juryDownload = await callLoader(
      staffFile,
      `/staff/fund/files/${file.id}`,
      { fileId: file.id },
      { Cookie: jury.cookie },
    );
    expect(juryDownload.status).toBe(403);
    await moveRoundToPhase(prisma, round.procedureId, "applications");
  });

  it("marks it complete (timeline and audit) and refuses a second, stale action", async () => {
    const response = await review(moderator, id, { intent: "complete" });
    expect(response.status).toBe(303);
    expect((await prisma.fundApplication.findUniqueOrThrow({ where: { id } })).status).toBe(
      "complete",
    );
    const audit = await prisma.auditEntry.findFirstOrThrow({
      where: { action: "fund.application.complete", entityId: id },
    });
    expect(JSON.parse(audit.before ?? "{}")).toEqual({ status: "submitted" });
    const again = await review(moderator, id, { intent: "complete" });
    expect(again.status).toBe(409);
  });

  it("marks another application not eligible with a public reason", async () => {
    const created = await apply({
      ...applicationFields({ title: "Nicht förderfähig" }),
      intent: "submit",
    });
    const otherToken = tokenOf(created);
    const other = await prisma.fundApplication.findFirstOrThrow({
      where: { title: "Nicht förderfähig" },
    });
    const noReason = await review(moderator, other.id, { intent: "ineligible", reason: "  " });
    expect(noReason.status).toBe(400);
    const response = await review(moderator, other.id, {
      intent: "ineligible",
      reason: "Das Projekt hat schon begonnen.",
    });
    expect(response.status).toBe(303);
    const view = await (
      await callLoader(trackLoader, `/track/${otherToken}`, { token: otherToken })
    ).json();
    expect(view.application).toMatchObject({
      status: "ineligible",
      ineligibleReason: "Das Projekt hat schon begonnen.",
      editable: false,
    });
    expect(
      await prisma.auditEntry.count({
        where: { action: "fund.application.ineligible", entityId: other.id },
      }),
    ).toBe(1);
  });

  it("shows the decision with its reason, and once granted the report link and status", async () => {
    const session = await prisma.fundSession.create({
      data: { roundId: round.roundId, heldAt: new Date(), place: "Stadtteilladen" },
    });
    await prisma.fundDecision.create({
      data: {
        applicationId: id,
        sessionId: session.id,
        outcome: "reduced",
        grantedCents: 30_000,
        reason: "Das Holz wird gefördert, die Pflanzen nicht.",
      },
    });
    await prisma.fundApplication.update({ where: { id }, data: { status: "granted" } });
    let view = (await (await callLoader(trackLoader, `/track/${token}`, { token })).json())
      .application;
    expect(view).toMatchObject({
      status: "granted",
      editable: false,
      decision: {
        outcome: "reduced",
        grantedCents: 30_000,
        reason: "Das Holz wird gefördert, die Pflanzen nicht.",
      },
      reportStatus: null,
    });
    await prisma.fundReport.create({ data: { applicationId: id, status: "submitted" } });
    view = (await (await callLoader(trackLoader, `/track/${token}`, { token })).json()).application;
    expect(view.reportStatus).toBe("submitted");
    // No more changes to a decided application.
    const edit = await callLoader(editLoader, `/track/${token}/application`, { token });
    expect((await edit.json()).editable).toBe(false);
  });
});
