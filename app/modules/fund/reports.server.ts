import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { procedureAllows } from "~/modules/procedures/procedures.server";
import { hashTrackingToken, isWellFormedToken } from "~/modules/proposals/tracking-token.server";
import { IMAGE_MAX_PIXELS, megabytes, refusalMessageKey } from "~/modules/uploads/upload-policy";
import {
  checkUploads,
  deleteStoredFiles,
  storePrepared,
  storedFileNames,
  type PreparedUpload,
  type StoredUpload,
} from "~/modules/uploads/uploads.server";
import { prisma } from "~/utils/db.server";
import type { FormFile } from "~/utils/form.server";
import {
  fundMailQueued,
  queueFundPaidMail,
  queueFundReportAcceptedMail,
  queueFundReportQuestionsMail,
  queueFundReportSubmittedMail,
} from "./fund-mail.server";
import { reportMoney, type ReportMoney } from "./report-diff";
import {
  FUND_FILE_MAX_BYTES,
  MAX_RECEIPTS,
  MAX_REPORT_PHOTOS,
  receiptPolicy,
  receiptSlots,
  reportEditable,
  reportPhotoPolicy,
  reportPhotoSlots,
} from "./report-policy";
import { receiptLineOf, type ReportInput } from "./report.schema.server";

/**
 * After the decision: payouts, the spending report behind the private link,
 * staff's check of it, and the unspent money going back to the pots.
 *
 * Money: see report-diff.ts. Acceptance fixes FundReport.spentCents and
 * returnedCents and raises each pot's returnedCents by its share of the
 * unspent money, in one transaction that starts with a conditional status
 * update (submitted → accepted): a second acceptance changes no row and
 * returns nothing.
 */

type Tx = Prisma.TransactionClient;

const applicationSelect = {
  id: true,
  title: true,
  status: true,
  language: true,
  ownMoneyCents: true,
  volunteerHours: true,
  round: { select: { id: true, procedureId: true, reportDueDays: true } },
  endsOn: true,
  costLines: {
    orderBy: { position: "asc" },
    select: {
      id: true,
      position: true,
      description: true,
      amountCents: true,
      potKind: true,
      actualCents: true,
    },
  },
  decision: {
    select: {
      outcome: true,
      grantedCents: true,
      paidCents: true,
      paidAt: true,
      allocations: {
        orderBy: { pot: { position: "asc" } },
        select: {
          potId: true,
          amountCents: true,
          pot: {
            select: {
              name: true,
              kind: true,
              amountCents: true,
              grantedCents: true,
              returnedCents: true,
            },
          },
        },
      },
    },
  },
  report: true,
  files: {
    where: { purpose: { in: ["receipt", "report_photo"] } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      purpose: true,
      kind: true,
      mediaType: true,
      bytes: true,
      pages: true,
      width: true,
      height: true,
      costLineId: true,
      createdAt: true,
    },
  },
} as const satisfies Prisma.FundApplicationSelect;

type ApplicationRow = Prisma.FundApplicationGetPayload<{ select: typeof applicationSelect }>;

/** A granted application: its decision granted money (in full or reduced). */
export function isGranted(row: { status: string; decision: { outcome: string } | null }) {
  return row.status === "granted" && row.decision !== null && row.decision.outcome !== "refused";
}

/** The report's money from the stored rows (actual amounts as saved). */
export function moneyOf(row: ApplicationRow): ReportMoney {
  return reportMoney({
    lines: row.costLines.map((line) => ({
      id: line.id,
      position: line.position,
      plannedCents: line.amountCents,
      actualCents: line.actualCents,
    })),
    grantedCents: row.decision?.grantedCents ?? 0,
    ownMoneyCents: row.ownMoneyCents,
    paidCents: row.decision?.paidCents ?? 0,
    allocations: (row.decision?.allocations ?? []).map((a) => ({
      potId: a.potId,
      amountCents: a.amountCents,
    })),
  });
}

export type ReportBlock =
  /** The application was not granted (or is unknown). */
  | "not-granted"
  /** The round's phase does not take reports now. */
  | "phase"
  /** Submitted: staff are checking it. */
  | "submitted"
  | "accepted";

async function blockOf(row: ApplicationRow, now: Date, db: Tx | typeof prisma) {
  if (!isGranted(row)) return "not-granted" as const;
  if (row.report?.status === "accepted") return "accepted" as const;
  if (!reportEditable(row.report?.status)) return "submitted" as const;
  const phase = await procedureAllows(row.round.procedureId, "report:submit", now, db);
  return phase.allowed ? null : ("phase" as const);
}

function findByToken(token: string, db: Tx | typeof prisma = prisma) {
  if (!isWellFormedToken(token)) return Promise.resolve(null);
  return db.fundApplication.findUnique({
    where: { trackingTokenHash: hashTrackingToken(token) },
    select: applicationSelect,
  });
}

/** Everything the report page needs behind the private link, or null (unknown link). */
export async function getReportForTracking(token: string, now = new Date()) {
  const row = await findByToken(token);
  if (!row) return null;
  const block = await blockOf(row, now, prisma);
  return { row, money: moneyOf(row), block, dueOn: reportDueOn(row) };
}

/** The day the report is due: the project's end plus the round's report days. */
export function reportDueOn(row: { endsOn: Date | null; round: { reportDueDays: number } }) {
  if (!row.endsOn) return null;
  return new Date(row.endsOn.getTime() + row.round.reportDueDays * 24 * 60 * 60 * 1000);
}

/** A problem with a file of the report form: a catalogue key and its values. */
export type ReportFileProblem = {
  field: string;
  /** The sender's file name (user text, shown isolated). */
  filename: string;
  message: string;
  values: { maxMb: number; max: number; maxMp: number };
};

export type CheckedReportFiles =
  | {
      status: "ok";
      receipts: Array<{ prepared: PreparedUpload; costLineId: string | null }>;
      photos: PreparedUpload[];
    }
  | { status: "refused"; problems: ReportFileProblem[] };

/**
 * The files of a report form (receipt1…, reportPhoto1…), every one checked
 * and re-encoded in memory; nothing is written. `room` is what the report can
 * still take (receipts, photos).
 */
export async function checkReportFiles(
  form: FormData,
  files: ReadonlyArray<FormFile>,
  lineIds: ReadonlyArray<string>,
  room: { receipts: number; photos: number },
): Promise<CheckedReportFiles> {
  const receiptFields: ReadonlyArray<string> = receiptSlots.map((slot) => slot.file);
  const photoFields: ReadonlyArray<string> = reportPhotoSlots;
  const receiptFiles = files.filter((file) => receiptFields.includes(file.field));
  const photoFiles = files.filter((file) => photoFields.includes(file.field));
  const values = (max: number) => ({
    maxMb: megabytes(FUND_FILE_MAX_BYTES),
    max,
    maxMp: IMAGE_MAX_PIXELS / 1_000_000,
  });
  const problems: ReportFileProblem[] = [];
  const stray = files.filter(
    (file) => !receiptFields.includes(file.field) && !photoFields.includes(file.field),
  );
  for (const file of stray) {
    problems.push({
      field: file.field.slice(0, 40),
      filename: file.filename.slice(0, 80),
      message: "fundReport.errors.unexpectedFile",
      values: values(0),
    });
  }
  const receipts = await checkUploads(receiptFiles, receiptPolicy(room.receipts));
  if (receipts.status === "refused") {
    for (const refusal of receipts.refusals) {
      problems.push({
        field: refusal.field || "receipts",
        filename: refusal.filename.slice(0, 80),
        message:
          refusal.reason === "too-many-files"
            ? "fundReport.errors.tooManyReceipts"
            : refusalMessageKey(refusal.reason, "image+pdf"),
        values: values(room.receipts),
      });
    }
  }
  const photos = await checkUploads(photoFiles, reportPhotoPolicy(room.photos));
  if (photos.status === "refused") {
    for (const refusal of photos.refusals) {
      problems.push({
        field: refusal.field || "reportPhotos",
        filename: refusal.filename.slice(0, 80),
        message:
          refusal.reason === "too-many-files"
            ? "fundReport.errors.tooManyPhotos"
            : refusalMessageKey(refusal.reason, "image"),
        values: values(room.photos),
      });
    }
  }
  if (problems.length || receipts.status === "refused" || photos.status === "refused") {
    return { status: "refused", problems };
  }
  return {
    status: "ok",
    receipts: receipts.files.map((prepared) => ({
      prepared,
      costLineId: receiptLineOf(form, prepared.field, lineIds),
    })),
    photos: photos.files,
  };
}

/** What the report can still take. */
export function fileRoom(row: Pick<ApplicationRow, "files">) {
  const count = (purpose: string) => row.files.filter((file) => file.purpose === purpose).length;
  return {
    receipts: Math.max(0, MAX_RECEIPTS - count("receipt")),
    photos: Math.max(0, MAX_REPORT_PHOTOS - count("report_photo")),
  };
}

export type SaveReportResult =
  | { status: "ok"; submitted: boolean }
  | {
      status: "refused";
      reason: ReportBlock | "not-found" | "receipts-required" | "no-room" | "unknown-line";
    };

const fileRow = (
  applicationId: string,
  stored: StoredUpload,
  purpose: "receipt" | "report_photo",
  costLineId: string | null,
): Prisma.FundFileCreateManyInput =>
  stored.kind === "pdf"
    ? {
        applicationId,
        costLineId,
        purpose,
        kind: "pdf",
        mediaType: stored.mediaType,
        file: stored.name,
        bytes: stored.bytes,
        pages: stored.pages,
      }
    : {
        applicationId,
        costLineId,
        purpose,
        kind: "image",
        mediaType: stored.mediaType,
        file: stored.large.name,
        smallFile: stored.small.name,
        width: stored.large.width,
        height: stored.large.height,
        bytes: stored.large.bytes,
      };

/**
 * The applicant saves the report as a draft, or submits it (first time, or
 * again after staff's questions). The checked files are stored first; the
 * transaction checks everything again (granted, phase, status, room) and
 * writes the amounts, the file rows, the timeline event and (on submission)
 * the applicant's confirmation mail, or nothing — and then the stored files
 * are deleted again.
 */
export async function saveReport(input: {
  token: string;
  intent: "save" | "submit";
  report: ReportInput;
  receipts: ReadonlyArray<{ prepared: PreparedUpload; costLineId: string | null }>;
  photos: ReadonlyArray<PreparedUpload>;
  now?: Date;
}): Promise<SaveReportResult> {
  const now = input.now ?? new Date();
  if (!isWellFormedToken(input.token)) return { status: "refused", reason: "not-found" };
  const prepared = [...input.receipts.map((r) => r.prepared), ...input.photos];
  const stored = prepared.length ? await storePrepared(prepared) : [];
  const names = storedFileNames(stored);
  try {
    const result = await prisma.$transaction(async (tx): Promise<SaveReportResult> => {
      const row = await findByToken(input.token, tx);
      if (!row) return { status: "refused", reason: "not-found" };
      const block = await blockOf(row, now, tx);
      if (block) return { status: "refused", reason: block };
      const lineIds = row.costLines.map((line) => line.id);
      if (Object.keys(input.report.actuals).some((id) => !lineIds.includes(id))) {
        return { status: "refused", reason: "unknown-line" };
      }
      const room = fileRoom(row);
      if (input.receipts.length > room.receipts || input.photos.length > room.photos) {
        return { status: "refused", reason: "no-room" };
      }
      const submit = input.intent === "submit";
      if (submit) {
        const spent = Object.values(input.report.actuals).reduce<number>((s, v) => s + (v ?? 0), 0);
        const receipts = room.receipts < MAX_RECEIPTS || input.receipts.length > 0;
        if (spent > 0 && !receipts) return { status: "refused", reason: "receipts-required" };
      }
      for (const line of row.costLines) {
        if (!(line.id in input.report.actuals)) continue;
        const actualCents = input.report.actuals[line.id] ?? null;
        if (actualCents !== line.actualCents) {
          await tx.fundCostLine.update({ where: { id: line.id }, data: { actualCents } });
        }
      }
      const rows = [
        ...input.receipts.map((receipt, i) =>
          fileRow(row.id, stored[i]!, "receipt", receipt.costLineId),
        ),
        ...input.photos.map((_, i) =>
          fileRow(row.id, stored[input.receipts.length + i]!, "report_photo", null),
        ),
      ];
      if (rows.length) await tx.fundFile.createMany({ data: rows });
      const spentCents = row.costLines.reduce(
        (sum, line) =>
          sum +
          ((line.id in input.report.actuals ? input.report.actuals[line.id] : line.actualCents) ??
            0),
        0,
      );
      const status = submit ? "submitted" : (row.report?.status ?? "draft");
      const data = {
        status,
        summary: input.report.summary,
        volunteerHours: input.report.volunteerHours,
        spentCents,
        ...(submit ? { submittedAt: now } : {}),
      };
      // Conditional: the report is still editable when it is written (a
      // parallel submission or staff's acceptance in between changes nothing).
      if (row.report) {
        const changed = await tx.fundReport.updateMany({
          where: { id: row.report.id, status: row.report.status },
          data,
        });
        if (changed.count !== 1) throw new ReportChanged();
      } else {
        await tx.fundReport.create({ data: { applicationId: row.id, ...data } });
      }
      if (submit) {
        await tx.fundEvent.create({
          data: {
            applicationId: row.id,
            kind: "report_submitted",
            actor: "applicant",
            public: true,
          },
        });
        await queueFundReportSubmittedMail(tx, row.id);
      }
      return { status: "ok", submitted: submit };
    });
    if (result.status !== "ok") await deleteStoredFiles(names);
    if (result.status === "ok" && result.submitted) fundMailQueued(result);
    return result;
  } catch (error) {
    await deleteStoredFiles(names);
    // Changed in between, or a parallel first save created the report: nothing was written.
    if (error instanceof ReportChanged || isUniqueViolation(error)) {
      return { status: "refused", reason: "submitted" };
    }
    throw error;
  }
}

class ReportChanged extends Error {}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "P2002";

/** The applicant removes a receipt or photo of their report while they may still change it. */
export async function removeReportFile(
  token: string,
  fileId: string,
  now = new Date(),
): Promise<{ status: "ok" } | { status: "refused"; reason: ReportBlock | "not-found" }> {
  const outcome = await prisma.$transaction(async (tx) => {
    const row = await findByToken(token, tx);
    if (!row) return { status: "refused", reason: "not-found" } as const;
    const block = await blockOf(row, now, tx);
    if (block) return { status: "refused", reason: block } as const;
    const file = await tx.fundFile.findFirst({
      where: { id: fileId, applicationId: row.id, purpose: { in: ["receipt", "report_photo"] } },
      select: { id: true, file: true, smallFile: true },
    });
    if (!file) return { status: "refused", reason: "not-found" } as const;
    await tx.fundFile.delete({ where: { id: file.id } });
    return {
      status: "ok",
      names: [file.file, ...(file.smallFile ? [file.smallFile] : [])],
    } as const;
  });
  if (outcome.status === "refused") return outcome;
  await deleteStoredFiles(outcome.names);
  return { status: "ok" };
}

// ——— Staff ———————————————————————————————————————————————————————————

/** One granted project for staff: the application, decision, payment, report, files, pots. */
export async function getProjectForStaff(applicationId: string) {
  const row = await prisma.fundApplication.findUnique({
    where: { id: applicationId },
    select: {
      ...applicationSelect,
      events: {
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, note: true, actor: true, public: true, createdAt: true },
      },
    },
  });
  if (!row) return null;
  return { row, money: moneyOf(row), dueOn: reportDueOn(row) };
}

export type StaffCommandResult =
  | { status: "ok" }
  | {
      status: "refused";
      reason: "not-found" | "not-granted" | "over-granted" | "not-submitted";
    };

/**
 * Staff record what was paid out (the total so far, at most the grant) and the
 * day. A new total is mailed to the applicant; a corrected day alone is not.
 */
export async function recordPayment(input: {
  staffId: string;
  applicationId: string;
  paidCents: number;
  paidAt: Date;
}): Promise<StaffCommandResult> {
  const result = await prisma.$transaction(async (tx): Promise<StaffCommandResult> => {
    const application = await tx.fundApplication.findUnique({
      where: { id: input.applicationId },
      select: {
        id: true,
        status: true,
        decision: {
          select: { id: true, outcome: true, grantedCents: true, paidCents: true, paidAt: true },
        },
      },
    });
    if (!application) return { status: "refused", reason: "not-found" };
    const decision = application.decision;
    if (!decision || !isGranted(application)) return { status: "refused", reason: "not-granted" };
    if (input.paidCents <= 0 || input.paidCents > decision.grantedCents) {
      return { status: "refused", reason: "over-granted" };
    }
    // Conditional again: the grant cannot have changed under us.
    const changed = await tx.fundDecision.updateMany({
      where: { id: decision.id, grantedCents: { gte: input.paidCents } },
      data: { paidCents: input.paidCents, paidAt: input.paidAt },
    });
    if (changed.count !== 1) return { status: "refused", reason: "over-granted" };
    await tx.fundEvent.create({
      data: {
        applicationId: application.id,
        kind: "paid",
        actor: "staff",
        staffId: input.staffId,
        public: true,
      },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "fund.payment",
      entityType: "fund_application",
      entityId: application.id,
      before: { paidCents: decision.paidCents, paidAt: decision.paidAt },
      after: { paidCents: input.paidCents, paidAt: input.paidAt },
    });
    // A correction of the day alone is bookkeeping; a new amount is news for the applicant.
    if (input.paidCents !== decision.paidCents) await queueFundPaidMail(tx, application.id);
    return { status: "ok" };
  });
  fundMailQueued(result);
  return result;
}

/**
 * Staff accept a submitted report: in one transaction the report becomes
 * accepted (conditional on "submitted", so twice accepts once), its spent and
 * returned money are fixed, each pot gets its share of the unspent money back,
 * the timeline and the audit log record it.
 */
export async function acceptReport(input: {
  staffId: string;
  applicationId: string;
  now?: Date;
}): Promise<StaffCommandResult & { returnedCents?: number }> {
  const now = input.now ?? new Date();
  const result = await prisma.$transaction(async (tx) => {
    const claimed = await tx.fundReport.updateMany({
      where: { applicationId: input.applicationId, status: "submitted" },
      data: { status: "accepted", acceptedAt: now },
    });
    if (claimed.count !== 1) {
      const exists = await tx.fundApplication.count({ where: { id: input.applicationId } });
      return { status: "refused", reason: exists ? "not-submitted" : "not-found" } as const;
    }
    const row = await tx.fundApplication.findUniqueOrThrow({
      where: { id: input.applicationId },
      select: applicationSelect,
    });
    if (!isGranted(row)) throw new Error("a report of an application that is not granted");
    const money = moneyOf(row);
    await tx.fundReport.update({
      where: { applicationId: row.id },
      data: {
        spentCents: money.spentCents,
        returnedCents: money.unspentCents,
        staffQuestion: null,
      },
    });
    for (const part of money.returnsByPot) {
      if (part.amountCents > 0) {
        await tx.fundPot.update({
          where: { id: part.potId },
          data: { returnedCents: { increment: part.amountCents } },
        });
      }
    }
    await tx.fundEvent.create({
      data: {
        applicationId: row.id,
        kind: "report_accepted",
        actor: "staff",
        staffId: input.staffId,
        public: true,
      },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "fund.report.accept",
      entityType: "fund_application",
      entityId: row.id,
      before: { status: "submitted" },
      after: {
        status: "accepted",
        spentCents: money.spentCents,
        fundShareSpentCents: money.fundShareSpentCents,
        returnedCents: money.unspentCents,
        returnsByPot: money.returnsByPot,
        repayCents: money.repayCents,
      },
    });
    await queueFundReportAcceptedMail(tx, row.id, money);
    return { status: "ok", returnedCents: money.unspentCents } as const;
  });
  fundMailQueued(result);
  return result;
}

/** Staff send questions back: the applicant can change the report and submit it again. */
export async function askReportQuestions(input: {
  staffId: string;
  applicationId: string;
  message: string;
}): Promise<StaffCommandResult> {
  const result = await prisma.$transaction(async (tx): Promise<StaffCommandResult> => {
    const changed = await tx.fundReport.updateMany({
      where: { applicationId: input.applicationId, status: "submitted" },
      data: { status: "questions", staffQuestion: input.message },
    });
    if (changed.count !== 1) {
      const exists = await tx.fundApplication.count({ where: { id: input.applicationId } });
      return { status: "refused", reason: exists ? "not-submitted" : "not-found" };
    }
    await tx.fundEvent.create({
      data: {
        applicationId: input.applicationId,
        kind: "report_questions",
        note: input.message,
        actor: "staff",
        staffId: input.staffId,
        public: true,
      },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "fund.report.questions",
      entityType: "fund_application",
      entityId: input.applicationId,
      before: { status: "submitted" },
      after: { status: "questions", message: input.message },
    });
    await queueFundReportQuestionsMail(tx, input.applicationId);
    return { status: "ok" };
  });
  fundMailQueued(result);
  return result;
}

// ——— Public report photos ——————————————————————————————————————————————

/**
 * Browsers keep a report photo for a year (its file never changes); a shared
 * cache asks again after an hour — as for initiative photos.
 */
export const PUBLIC_REPORT_PHOTO_CACHE = "public, max-age=31536000, s-maxage=3600, immutable";

/** Report photos are public once staff accepted the report of a granted project. */
export const publicReportPhotoWhere = {
  purpose: "report_photo",
  kind: "image",
  application: { status: "granted", report: { status: "accepted" } },
} as const satisfies Prisma.FundFileWhereInput;

/** The file of a public report photo, or null (unknown, not accepted, not granted). */
export async function findPublicReportPhotoFile(fileId: string, size: "small" | "large") {
  const row = await prisma.fundFile.findFirst({
    where: { id: fileId, ...publicReportPhotoWhere },
    select: { file: true, smallFile: true, mediaType: true },
  });
  if (!row) return null;
  const name = size === "small" ? (row.smallFile ?? row.file) : row.file;
  return { name, mediaType: row.mediaType };
}
