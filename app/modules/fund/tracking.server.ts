import { hashTrackingToken, isWellFormedToken } from "~/modules/proposals/tracking-token.server";
import { prisma } from "~/utils/db.server";
import { dateToDay, parseTargetGroups } from "./applications.server";
import type { ApplicationFormValues } from "./application-form";
import { centsToInput } from "./money";
import { COST_LINE_ROWS } from "./rules";

/**
 * An application behind its private link (the same token scheme as
 * initiatives: only the hash is stored). The tracking view never carries the
 * applicant's contact data; only the edit form (draft or returned) does, to
 * change it.
 */
export async function findApplicationId(token: string): Promise<string | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await prisma.fundApplication.findUnique({
    where: { trackingTokenHash: hashTrackingToken(token) },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** The tracking view: status, public timeline, staff request, decision, report status. */
export async function getApplicationForTracking(token: string) {
  if (!isWellFormedToken(token)) return null;
  const application = await prisma.fundApplication.findUnique({
    where: { trackingTokenHash: hashTrackingToken(token) },
    select: {
      id: true,
      status: true,
      title: true,
      description: true,
      district: true,
      placeLabel: true,
      startsOn: true,
      endsOn: true,
      requestedCents: true,
      ownMoneyCents: true,
      volunteerHours: true,
      reviewRequest: true,
      ineligibleReason: true,
      submittedAt: true,
      createdAt: true,
      round: {
        select: {
          id: true,
          volunteerRateCents: true,
          procedure: { select: { id: true, title: true, translations: true, state: true } },
        },
      },
      costLines: {
        orderBy: { position: "asc" },
        select: { id: true, position: true, description: true, amountCents: true, potKind: true },
      },
      files: {
        where: { purpose: "quote" },
        orderBy: { createdAt: "asc" },
        select: { id: true, costLineId: true, kind: true, bytes: true },
      },
      events: {
        where: { public: true },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, kind: true, note: true, actor: true, createdAt: true },
      },
      decision: {
        select: { outcome: true, grantedCents: true, reason: true, createdAt: true },
      },
      report: { select: { status: true } },
    },
  });
  return application;
}

/** The edit form's values of a draft or returned application (contact data included). */
export async function getApplicationForEditing(token: string, language: string) {
  if (!isWellFormedToken(token)) return null;
  const row = await prisma.fundApplication.findUnique({
    where: { trackingTokenHash: hashTrackingToken(token) },
    select: {
      id: true,
      roundId: true,
      status: true,
      reviewRequest: true,
      applicantKind: true,
      applicantName: true,
      organisation: true,
      organisationRegistered: true,
      contactEmail: true,
      contactPhone: true,
      contactAddress: true,
      title: true,
      description: true,
      lon: true,
      lat: true,
      startsOn: true,
      endsOn: true,
      targetGroups: true,
      expectedParticipants: true,
      ownMoneyCents: true,
      volunteerHours: true,
      requestedCents: true,
      costLines: {
        orderBy: { position: "asc" },
        select: { id: true, description: true, amountCents: true, potKind: true },
      },
      files: {
        where: { purpose: "quote" },
        select: { id: true, costLineId: true, kind: true },
      },
    },
  });
  if (!row) return null;
  const rows = Math.max(COST_LINE_ROWS, row.costLines.length);
  const values: ApplicationFormValues = {
    applicantKind: row.applicantKind,
    applicantName: row.applicantName,
    organisation: row.organisation ?? "",
    organisationRegistered:
      row.organisationRegistered === null ? "" : row.organisationRegistered ? "yes" : "no",
    contactEmail: row.contactEmail ?? "",
    contactPhone: row.contactPhone ?? "",
    contactAddress: row.contactAddress ?? "",
    title: row.title,
    description: row.description,
    lon: row.lon === null ? "" : String(row.lon),
    lat: row.lat === null ? "" : String(row.lat),
    startsOn: dateToDay(row.startsOn),
    endsOn: dateToDay(row.endsOn),
    targetGroups: parseTargetGroups(row.targetGroups),
    expectedParticipants: row.expectedParticipants === null ? "" : String(row.expectedParticipants),
    costLines: Array.from({ length: rows }, (_, index) => {
      const line = row.costLines[index];
      return line
        ? {
            id: line.id,
            description: line.description,
            amount: centsToInput(line.amountCents, language),
            potKind: line.potKind,
          }
        : { id: "", description: "", amount: "", potKind: "investive" };
    }),
    ownMoney: row.ownMoneyCents ? centsToInput(row.ownMoneyCents, language) : "",
    volunteerHours: row.volunteerHours ? String(row.volunteerHours) : "",
    requested: row.requestedCents ? centsToInput(row.requestedCents, language) : "",
  };
  // Which row has a stored quote (to say so next to the file field).
  const quotes = Object.fromEntries(
    row.costLines.flatMap((line, index) => {
      const file = row.files.find((candidate) => candidate.costLineId === line.id);
      return file ? [[index, { id: file.id, kind: file.kind }]] : [];
    }),
  ) as Record<number, { id: string; kind: string }>;
  return {
    id: row.id,
    roundId: row.roundId,
    status: row.status,
    reviewRequest: row.reviewRequest,
    values,
    quotes,
  };
}

/** An applicant's own file behind the private link. */
export async function findApplicantFile(token: string, fileId: string) {
  if (!isWellFormedToken(token) || fileId.length > 40) return null;
  return prisma.fundFile.findFirst({
    where: { id: fileId, application: { trackingTokenHash: hashTrackingToken(token) } },
    select: { id: true, kind: true, mediaType: true, file: true, smallFile: true },
  });
}

/** A file for staff. */
export async function findFundFile(fileId: string) {
  if (fileId.length > 40) return null;
  return prisma.fundFile.findUnique({
    where: { id: fileId },
    select: { id: true, kind: true, mediaType: true, file: true, smallFile: true },
  });
}
