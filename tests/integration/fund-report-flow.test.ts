import { existsSync, readdirSync, rmSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { acceptReport } from "~/modules/fund/reports.server";
import { uploadDirectory } from "~/modules/uploads/uploads.server";
import { loader as publicPhoto } from "~/routes/fund.photos.$fileId.$size";
import {
  action as staffAction,
  loader as staffLoader,
} from "~/routes/staff.fund.projects.$applicationId";
import { action as reportAction, loader as reportLoader } from "~/routes/track_.$token.report";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { phoneJpeg } from "../fixtures/images";
import { receiptPdf, setUpGrantedProject } from "./fund-report-fixtures";
import { callAction, callLoader } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
  type TestStaff,
} from "./staff-helpers";

const storedFiles = () =>
  existsSync(uploadDirectory())
    ? readdirSync(uploadDirectory()).filter((f) => !f.startsWith("."))
    : [];

const asFile = (bytes: Buffer, name: string, type: string) =>
  new File([new Uint8Array(bytes)], name, { type });

function multipart(url: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return new Request(`http://test.local${url}`, { method: "POST", body: form });
}

type Project = Awaited<ReturnType<typeof setUpGrantedProject>>;

/** The report form's fields: amounts per line in euros as typed. */
function reportFields(
  project: Project,
  amounts: string[],
  extra: Record<string, string | File> = {},
) {
  const fields: Record<string, string | File> = {
    volunteerHours: "12",
    summary: "Das Hoffest war schön. Rund 80 Nachbarinnen und Nachbarn kamen.",
    ...extra,
  };
  project.lineIds.forEach((id, i) => (fields[`actual-${id}`] = amounts[i] ?? ""));
  return fields;
}

const postReport = (project: Project, fields: Record<string, string | File>) =>
  callAction(reportAction, multipart(`/track/${project.token}/report`, fields), {
    token: project.token,
  });

const staffPost = (project: Project, staff: TestStaff, fields: Record<string, string>) =>
  callAction(
    staffAction,
    staffForm(`/staff/fund/projects/${project.applicationId}`, staff, fields),
    { applicationId: project.applicationId },
  );

const actuals = async (project: Project) =>
  (
    await prisma.fundCostLine.findMany({
      where: { applicationId: project.applicationId },
      orderBy: { position: "asc" },
    })
  ).map((line) => line.actualCents);

const events = async (project: Project) =>
  (
    await prisma.fundEvent.findMany({
      where: { applicationId: project.applicationId },
      orderBy: { createdAt: "asc" },
    })
  ).map((event) => event.kind);

/** Submits the underspent report (45 € of 800 € planned… see amounts) with a PDF receipt. */
async function submitUnderspent(project: Project) {
  const response = await postReport(
    project,
    reportFields(project, ["300", "150,00", "0"], {
      intent: "submit",
      receipt1: asFile(await receiptPdf(), "rechnung.pdf", "application/pdf"),
      receipt1Line: project.lineIds[0]!,
    }),
  );
  expect(response.status, await response.clone().text()).toBe(303);
  return response;
}

let staff: TestStaff;

beforeEach(async () => {
  resetRateLimits();
  await prisma.procedure.deleteMany({ where: { kind: "fund_round" } });
  await resetData();
  rmSync(uploadDirectory(), { recursive: true, force: true });
  staff = await createStaffUser("moderator");
});

describe("payments", () => {
  it("records a payment up to the grant, refuses more, with event and audit", async () => {
    const project = await setUpGrantedProject();
    const over = await staffPost(project, staff, {
      intent: "payment",
      amount: "500,01",
      paidOn: "2026-11-20",
    });
    expect(over.status).toBe(409);
    expect((await over.json()).error).toBe("fundReport.staff.refused.over-granted");
    const decision = await prisma.fundDecision.findUniqueOrThrow({
      where: { applicationId: project.applicationId },
    });
    expect(decision.paidCents).toBe(0);

    const bad = await staffPost(project, staff, { intent: "payment", amount: "viel", paidOn: "" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toMatchObject({
      amount: ["fundReport.errors.amount"],
      paidOn: ["fundReport.errors.date"],
    });

    const ok = await staffPost(project, staff, {
      intent: "payment",
      amount: "500",
      paidOn: "2026-11-20",
    });
    expect(ok.status).toBe(303);
    const paid = await prisma.fundDecision.findUniqueOrThrow({
      where: { applicationId: project.applicationId },
    });
    expect(paid.paidCents).toBe(50000);
    expect(paid.paidAt?.toISOString().slice(0, 10)).toBe("2026-11-20");
    expect(await events(project)).toEqual(["paid"]);
    const audit = await auditEntries("fund.payment");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ paidCents: 50000 });
  });

  it("refuses staff without the CSRF token and residents without a session", async () => {
    const project = await setUpGrantedProject();
    const noCsrf = await staffPost(
      project,
      { ...staff, csrf: "falsch" },
      { intent: "payment", amount: "1", paidOn: "2026-11-20" },
    );
    expect(noCsrf.status).toBe(403);
    const page = await callLoader(staffLoader, `/staff/fund/projects/${project.applicationId}`, {
      applicationId: project.applicationId,
    });
    expect(page.status).toBe(302);
    const staffPage = await callLoader(
      staffLoader,
      `/staff/fund/projects/${project.applicationId}`,
      { applicationId: project.applicationId },
      staffHeaders(staff),
    );
    expect(staffPage.status).toBe(200);
  });
});

describe("the spending report behind the private link", () => {
  it("saves a draft, then submits it with a PDF receipt and a photo", async () => {
    const project = await setUpGrantedProject();
    const draft = await postReport(
      project,
      reportFields(project, ["380", "", ""], { intent: "save" }),
    );
    expect(draft.status).toBe(303);
    expect(await actuals(project)).toEqual([38000, null, null]);
    const saved = await prisma.fundReport.findUniqueOrThrow({
      where: { applicationId: project.applicationId },
    });
    expect(saved).toMatchObject({ status: "draft", volunteerHours: 12 });

    const response = await postReport(
      project,
      reportFields(project, ["380", "290,50", "0"], {
        intent: "submit",
        receipt1: asFile(await receiptPdf(), "rechnung.pdf", "application/pdf"),
        receipt1Line: project.lineIds[0]!,
        reportPhoto1: asFile(await phoneJpeg(), "fest.jpg", "image/jpeg"),
      }),
    );
    expect(response.status, await response.clone().text()).toBe(303);
    expect(response.headers.get("Location")).toBe(`/track/${project.token}/report?done=submitted`);
    expect(await actuals(project)).toEqual([38000, 29050, 0]);
    const report = await prisma.fundReport.findUniqueOrThrow({
      where: { applicationId: project.applicationId },
    });
    expect(report).toMatchObject({ status: "submitted", spentCents: 67050 });
    const files = await prisma.fundFile.findMany({
      where: { applicationId: project.applicationId },
      orderBy: { purpose: "asc" },
    });
    expect(files.map((f) => [f.purpose, f.kind, f.costLineId, f.pages])).toEqual([
      ["receipt", "pdf", project.lineIds[0], 1],
      ["report_photo", "image", null, null],
    ]);
    expect(storedFiles().sort()).toEqual(
      files.flatMap((f) => [f.file, ...(f.smallFile ? [f.smallFile] : [])]).sort(),
    );
    expect(await events(project)).toEqual(["report_submitted"]);

    // Submitted: no more changes until staff ask.
    const again = await postReport(
      project,
      reportFields(project, ["1", "1", "1"], { intent: "save" }),
    );
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe("fundReport.blocked.submitted");
    expect(await actuals(project)).toEqual([38000, 29050, 0]);
  });

  it("removes a receipt while the report is a draft, not once it is submitted", async () => {
    const project = await setUpGrantedProject();
    const saved = await postReport(
      project,
      reportFields(project, ["380", "", ""], {
        intent: "save",
        receipt1: asFile(await receiptPdf(), "rechnung.pdf", "application/pdf"),
      }),
    );
    expect(saved.status).toBe(303);
    const receipt = await prisma.fundFile.findFirstOrThrow({ where: { purpose: "receipt" } });
    expect(storedFiles()).toEqual([receipt.file]);
    const removed = await postReport(project, { intent: "remove-file", fileId: receipt.id });
    expect(removed.status).toBe(303);
    expect(await prisma.fundFile.count()).toBe(0);
    expect(storedFiles()).toEqual([]);

    await submitUnderspent(project);
    const kept = await prisma.fundFile.findFirstOrThrow({ where: { purpose: "receipt" } });
    const refused = await postReport(project, { intent: "remove-file", fileId: kept.id });
    expect(refused.status).toBe(409);
    expect(await prisma.fundFile.count()).toBe(1);
  });

  it("two submissions at the same moment: one is taken, the other stores nothing", async () => {
    const project = await setUpGrantedProject();
    const send = async () =>
      postReport(
        project,
        reportFields(project, ["380", "290", "0"], {
          intent: "submit",
          receipt1: asFile(await receiptPdf(), "rechnung.pdf", "application/pdf"),
        }),
      );
    const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 409]);
    expect(await events(project)).toEqual(["report_submitted"]);
    const files = await prisma.fundFile.findMany();
    expect(files).toHaveLength(1);
    expect(storedFiles()).toEqual([files[0]!.file]);
  });

  it("the page flags the differences from the plan in the server's answer", async () => {
    const project = await setUpGrantedProject();
    const response = await callLoader(reportLoader, `/track/${project.token}/report`, {
      token: project.token,
    });
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.block).toBeNull();
    expect(data.lines).toHaveLength(3);
    const unknown = await callLoader(reportLoader, `/track/${"x".repeat(32)}/report`, {
      token: "x".repeat(32),
    });
    expect(unknown.status).toBe(404);
  });

  it("refuses outside a phase that takes reports, and for an application not granted", async () => {
    const early = await setUpGrantedProject({ phase: "decision" });
    const response = await postReport(
      early,
      reportFields(early, ["380", "290", "0"], { intent: "save" }),
    );
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.error).toBe("fundReport.blocked.phase");
    expect(body.values.summary).toContain("Hoffest");
    expect(await actuals(early)).toEqual([null, null, null]);
    expect(await prisma.fundReport.count()).toBe(0);

    const refused = await setUpGrantedProject({ status: "refused" });
    const second = await postReport(
      refused,
      reportFields(refused, ["1", "1", "1"], { intent: "save" }),
    );
    expect(second.status).toBe(409);
    expect((await second.json()).error).toBe("fundReport.blocked.not-granted");
  });

  it("bad input keeps what was typed and saves nothing: no amount, no row, no file", async () => {
    const project = await setUpGrantedProject();
    const response = await postReport(
      project,
      reportFields(project, ["380", "zweihundert", "0"], {
        intent: "submit",
        receipt1: asFile(await receiptPdf(), "rechnung.pdf", "application/pdf"),
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[`actual-${project.lineIds[1]}`]).toEqual(["fundReport.errors.amount"]);
    expect(body.values[`actual-${project.lineIds[1]}`]).toBe("zweihundert");
    expect(body.received).toEqual(["receipt1"]);

    const badFile = await postReport(
      project,
      reportFields(project, ["380", "200", "0"], {
        intent: "submit",
        receipt1: asFile(await receiptPdf(), "rechnung.pdf", "application/pdf"),
        receipt2: new File(["kein PDF"], "beleg.pdf", { type: "application/pdf" }),
      }),
    );
    expect(badFile.status).toBe(400);
    expect((await badFile.json()).fileProblems).toMatchObject([
      { field: "receipt2", filename: "beleg.pdf", message: "uploads.errors.disguised.imageOrPdf" },
    ]);

    const noSummary = await postReport(
      project,
      reportFields(project, ["380", "", "0"], { intent: "submit", summary: "" }),
    );
    expect(noSummary.status).toBe(400);
    expect((await noSummary.json()).errors).toMatchObject({
      summary: ["fundReport.errors.summaryRequired"],
      [`actual-${project.lineIds[1]}`]: ["fundReport.errors.amountRequired"],
    });

    const noReceipt = await postReport(
      project,
      reportFields(project, ["380", "200", "0"], { intent: "submit" }),
    );
    expect(noReceipt.status).toBe(400);
    expect((await noReceipt.json()).error).toBe("fundReport.errors.receiptsRequired");

    expect(await actuals(project)).toEqual([null, null, null]);
    expect(await prisma.fundReport.count()).toBe(0);
    expect(await prisma.fundFile.count()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });
});

describe("staff check the report", () => {
  it("questions go back, the applicant changes and resubmits", async () => {
    const project = await setUpGrantedProject();
    await submitUnderspent(project);
    const empty = await staffPost(project, staff, { intent: "questions", message: " " });
    expect(empty.status).toBe(400);
    const asked = await staffPost(project, staff, {
      intent: "questions",
      message: "Bitte den Beleg für das Essen nachreichen.",
    });
    expect(asked.status).toBe(303);
    let report = await prisma.fundReport.findUniqueOrThrow({
      where: { applicationId: project.applicationId },
    });
    expect(report).toMatchObject({
      status: "questions",
      staffQuestion: "Bitte den Beleg für das Essen nachreichen.",
    });
    expect(await auditEntries("fund.report.questions")).toHaveLength(1);

    // Accepting now is refused: the report is with the applicant.
    expect(
      (await acceptReport({ staffId: staff.id, applicationId: project.applicationId })).status,
    ).toBe("refused");

    const resubmit = await postReport(
      project,
      reportFields(project, ["300", "160", "0"], {
        intent: "submit",
        receipt1: asFile(
          await receiptPdf("Kassenbon Getränke 160,00"),
          "bon.pdf",
          "application/pdf",
        ),
        receipt1Line: project.lineIds[1]!,
      }),
    );
    expect(resubmit.status).toBe(303);
    report = await prisma.fundReport.findUniqueOrThrow({
      where: { applicationId: project.applicationId },
    });
    expect(report).toMatchObject({ status: "submitted", spentCents: 46000 });
    expect(await prisma.fundFile.count({ where: { purpose: "receipt" } })).toBe(2);
    expect(await events(project)).toEqual([
      "report_submitted",
      "report_questions",
      "report_submitted",
    ]);
  });

  it("accepting returns exactly the unspent money to the pots, once, also when accepted twice at once", async () => {
    const project = await setUpGrantedProject();
    await submitUnderspent(project);
    const page = await callLoader(
      staffLoader,
      `/staff/fund/projects/${project.applicationId}`,
      { applicationId: project.applicationId },
      staffHeaders(staff),
    );
    const shown = await page.json();
    expect(shown.money.lines.map((line: { flag: string }) => line.flag)).toEqual([
      "under-plan",
      "under-plan",
      "not-spent",
    ]);
    expect(shown.money).toMatchObject({ spentCents: 45000, unspentCents: 15000 });
    // Spent 450 €; own money 100 € → the fund paid 350 € of 500 €: 150 € back, 90 € / 60 €.
    const results = await Promise.all([
      acceptReport({ staffId: staff.id, applicationId: project.applicationId }),
      acceptReport({ staffId: staff.id, applicationId: project.applicationId }),
      staffPost(project, staff, { intent: "accept" }),
    ]);
    const statuses = [
      results[0].status,
      results[1].status,
      (results[2] as Response).status === 303 ? "ok" : "refused",
    ];
    expect(statuses.filter((s) => s === "ok")).toHaveLength(1);
    const pots = await prisma.fundPot.findMany({
      where: { roundId: project.roundId },
      orderBy: { position: "asc" },
    });
    expect(pots.map((pot) => pot.returnedCents)).toEqual([9000, 6000]);
    const report = await prisma.fundReport.findUniqueOrThrow({
      where: { applicationId: project.applicationId },
    });
    expect(report).toMatchObject({ status: "accepted", spentCents: 45000, returnedCents: 15000 });
    expect(await auditEntries("fund.report.accept")).toHaveLength(1);
    expect((await events(project)).filter((kind) => kind === "report_accepted")).toHaveLength(1);

    // Once more through the page: refused, nothing more returned.
    const again = await staffPost(project, staff, { intent: "accept" });
    expect(again.status).toBe(409);
    const after = await prisma.fundPot.findMany({ where: { roundId: project.roundId } });
    expect(after.reduce((sum, pot) => sum + pot.returnedCents, 0)).toBe(15000);
  });

  it("a jury account may not use the staff page", async () => {
    const project = await setUpGrantedProject();
    const jury = await createStaffUser("jury");
    const response = await staffPost(project, jury, { intent: "accept" });
    expect(response.status).toBe(403);
  });
});

describe("public report photos", () => {
  it("are served only once the report of a granted project is accepted", async () => {
    const project = await setUpGrantedProject();
    const response = await postReport(
      project,
      reportFields(project, ["380", "290", "0"], {
        intent: "submit",
        receipt1: asFile(await receiptPdf(), "rechnung.pdf", "application/pdf"),
        reportPhoto1: asFile(await phoneJpeg(), "fest.jpg", "image/jpeg"),
      }),
    );
    expect(response.status).toBe(303);
    const photo = await prisma.fundFile.findFirstOrThrow({ where: { purpose: "report_photo" } });
    const receipt = await prisma.fundFile.findFirstOrThrow({ where: { purpose: "receipt" } });
    const get = (id: string, size: string) =>
      callLoader(publicPhoto, `/fund/photos/${id}/${size}`, { fileId: id, size });

    const before = await get(photo.id, "small");
    expect(before.status).toBe(404);
    expect(before.headers.get("Cache-Control")).toBe("no-store");

    expect(
      (await acceptReport({ staffId: staff.id, applicationId: project.applicationId })).status,
    ).toBe("ok");
    const small = await get(photo.id, "small");
    expect(small.status).toBe(200);
    expect(small.headers.get("Content-Type")).toBe("image/webp");
    expect(small.headers.get("Cache-Control")).toBe(
      "public, max-age=31536000, s-maxage=3600, immutable",
    );
    expect(small.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect((await get(photo.id, "large")).status).toBe(200);
    expect((await get(photo.id, "huge")).status).toBe(404);
    // A receipt is never public, accepted or not.
    expect((await get(receipt.id, "large")).status).toBe(404);

    // The project loses its grant (e.g. withdrawn): the photo is gone from the public.
    await prisma.fundApplication.update({
      where: { id: project.applicationId },
      data: { status: "withdrawn" },
    });
    expect((await get(photo.id, "small")).status).toBe(404);
  });
});
