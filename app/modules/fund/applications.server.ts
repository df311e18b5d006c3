import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { placeLabelFor } from "~/modules/addresses/place.server";
import { findDistrictName, locatePoint } from "~/modules/areas/areas.server";
import { allows, currentSituation, type Capability, type Phase } from "~/modules/procedures/phases";
import { procedureAllows } from "~/modules/procedures/procedures.server";
import { createTrackingToken, hashTrackingToken } from "~/modules/proposals/tracking-token.server";
import { deleteStoredFiles } from "~/modules/uploads/uploads.server";
import { dateToBerlinLocal } from "~/utils/berlin-time";
import { prisma } from "~/utils/db.server";
import {
  fundFileData,
  namesOfFileRows,
  withStoredQuotes,
  type QuoteUpload,
  type StoredQuote,
} from "./application-files.server";
import type { ApplicationInput } from "./application.schema.server";
import {
  fundMailQueued,
  prepareFundMail,
  queueFundReviewMail,
  queueFundSubmittedMail,
} from "./fund-mail.server";
import { reviewFrom, type ReviewIntent } from "./statuses";
import { checkApplication, usedCostLines, type RoundRules, type RuleCheck } from "./rules";

/**
 * Applications to a fund round: written by applicants without an account
 * (a private tracking link, as for initiatives), reviewed by staff. Every
 * command asks the round's phase table (`application:submit`,
 * `application:resubmit`) and the round's rules (rules.ts) on the server;
 * a refusal writes nothing. Status changes go on the public timeline
 * (FundEvent); staff commands also write an audit entry, in the same transaction.
 */

type Db = Prisma.TransactionClient | typeof prisma;

/** "YYYY-MM-DD" of an instant in Berlin. */
export const berlinDay = (date: Date) => dateToBerlinLocal(date).slice(0, 10);

/** Dates of a project are days: stored as midnight UTC of that day. */
const dayToDate = (day: string) => (day ? new Date(`${day}T00:00:00.000Z`) : null);
export const dateToDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "");

const roundSelect = {
  id: true,
  maxPerProjectCents: true,
  maxPerItemCents: true,
  volunteerRateCents: true,
  minOwnContributionPercent: true,
  earliestProjectStart: true,
  procedure: {
    select: {
      id: true,
      state: true,
      title: true,
      translations: true,
      phases: { select: { kind: true, startsAt: true, endsAt: true } },
    },
  },
  pots: {
    orderBy: { position: "asc" },
    select: {
      id: true,
      name: true,
      kind: true,
      amountCents: true,
      grantedCents: true,
      returnedCents: true,
    },
  },
} as const satisfies Prisma.FundRoundSelect;

/** A published round with its rules for the form (and the rule check on the server). */
export async function getRoundForApplying(roundId: string, now = new Date(), db: Db = prisma) {
  const round = await db.fundRound.findUnique({ where: { id: roundId }, select: roundSelect });
  if (!round || round.procedure.state !== "published") return null;
  const phases = round.procedure.phases as Phase[];
  const { situation } = currentSituation(phases, now);
  const decision = phases.find((phase) => phase.kind === "decision");
  const rules: RoundRules = {
    maxPerProjectCents: round.maxPerProjectCents,
    maxPerItemCents: round.maxPerItemCents,
    volunteerRateCents: round.volunteerRateCents,
    minOwnContributionPercent: round.minOwnContributionPercent,
    earliestProjectStart: round.earliestProjectStart ? berlinDay(round.earliestProjectStart) : null,
    decisionDate: decision ? berlinDay(decision.startsAt) : null,
    pots: round.pots,
  };
  const applicationsPhase = phases.find((phase) => phase.kind === "applications") ?? null;
  return {
    round,
    rules,
    situation,
    applicationsEndAt: applicationsPhase?.endsAt ?? null,
    canSubmit: allows(situation, "application:submit"),
    canResubmit: allows(situation, "application:resubmit"),
    today: berlinDay(now),
  };
}

export type SaveIntent = "save" | "submit";

export type SaveApplicationResult =
  | { status: "ok"; id: string; applicationStatus: string; trackingToken?: string }
  | {
      status: "refused";
      reason: "not-found" | "phase-closed" | "not-editable";
    }
  | { status: "refused"; reason: "rules"; check: RuleCheck };

type Place = {
  insideArea: boolean | null;
  data: {
    lon: number | null;
    lat: number | null;
    fundingAreaId: string | null;
    district: string | null;
    placeLabel: string | null;
  };
};

async function placeOf(point: ApplicationInput["point"], now: Date): Promise<Place> {
  if (!point) {
    return {
      insideArea: null,
      data: { lon: null, lat: null, fundingAreaId: null, district: null, placeLabel: null },
    };
  }
  const [location, district, placeLabel] = await Promise.all([
    locatePoint(point.lon, point.lat, now),
    findDistrictName(point.lon, point.lat),
    placeLabelFor(point.lon, point.lat),
  ]);
  return {
    insideArea: location.inside,
    data: {
      lon: point.lon,
      lat: point.lat,
      fundingAreaId: location.inside ? location.areaId : null,
      district,
      placeLabel,
    },
  };
}

/** The input as the rule check's draft, with the server's verdict on the place. */
function draftOf(input: ApplicationInput, insideArea: boolean | null) {
  return {
    ...input,
    hasPlace: input.point !== null,
    insideArea,
    contactEmail: input.contactEmail,
    organisation: input.organisation,
  };
}

function applicationData(input: ApplicationInput, place: Place) {
  return {
    applicantKind: input.applicantKind,
    applicantName: input.applicantName,
    organisation: input.organisation || null,
    organisationRegistered: input.organisationRegistered,
    contactEmail: input.contactEmail || null,
    contactPhone: input.contactPhone || null,
    contactAddress: input.contactAddress || null,
    title: input.title,
    description: input.description,
    ...place.data,
    startsOn: dayToDate(input.startsOn),
    endsOn: dayToDate(input.endsOn),
    targetGroups: JSON.stringify(input.targetGroups),
    expectedParticipants: input.expectedParticipants,
    ownMoneyCents: input.ownMoneyCents,
    volunteerHours: input.volunteerHours,
    requestedCents: input.requestedCents ?? 0,
  };
}

/**
 * A new application (the first "save" or "submit" of the form): a draft, or
 * submitted at once. Returns the private link's token (shown once).
 */
export async function createApplication(
  roundId: string,
  input: ApplicationInput,
  options: {
    intent: SaveIntent;
    quotes?: ReadonlyArray<QuoteUpload>;
    now?: Date;
    language?: string;
  },
): Promise<SaveApplicationResult> {
  const now = options.now ?? new Date();
  const round = await getRoundForApplying(roundId, now);
  if (!round) return { status: "refused", reason: "not-found" };
  if (!round.canSubmit) return { status: "refused", reason: "phase-closed" };
  const place = await placeOf(input.point, now);
  const check = checkApplication(draftOf(input, place.insideArea), round.rules, {
    today: round.today,
    mode: options.intent === "submit" ? "submit" : "draft",
  });
  if (options.intent === "submit" && check.errors.length) {
    return { status: "refused", reason: "rules", check };
  }
  const { token, hash } = createTrackingToken();
  const mail = await prepareFundMail({ trackingToken: token, contactEmail: input.contactEmail });
  const result = await withStoredQuotes(quotesForUsedRows(input, options.quotes), (stored) =>
    prisma.$transaction(async (tx): Promise<SaveApplicationResult> => {
      // Asked again with the write: staff may have changed the round in between.
      const phase = await procedureAllows(round.round.procedure.id, "application:submit", now, tx);
      if (!phase.allowed) return { status: "refused", reason: "phase-closed" };
      const submitted = options.intent === "submit";
      const application = await tx.fundApplication.create({
        data: {
          roundId,
          trackingTokenHash: hash,
          language: options.language ?? "de",
          status: submitted ? "submitted" : "draft",
          submittedAt: submitted ? now : null,
          ...applicationData(input, place),
          events: {
            create: [
              { kind: "created", actor: "applicant", createdAt: now },
              ...(submitted ? [{ kind: "submitted", actor: "applicant", createdAt: now }] : []),
            ],
          },
        },
        select: { id: true, status: true },
      });
      await syncCostLines(tx, application.id, input, stored);
      if (submitted) await queueFundSubmittedMail(tx, application.id, mail, { resubmitted: false });
      return {
        status: "ok",
        id: application.id,
        applicationStatus: application.status,
        trackingToken: token,
      };
    }),
  );
  fundMailQueued(result);
  return result;
}

/**
 * Saves the applicant's changes behind the private link: a draft (save or
 * submit), or a returned application (save, or resubmit while the phase allows it).
 */
export async function updateApplication(
  token: string,
  input: ApplicationInput,
  options: { intent: SaveIntent; quotes?: ReadonlyArray<QuoteUpload>; now?: Date },
): Promise<SaveApplicationResult> {
  const now = options.now ?? new Date();
  const existing = await prisma.fundApplication.findUnique({
    where: { trackingTokenHash: hashTrackingToken(token) },
    select: { id: true, status: true, roundId: true },
  });
  if (!existing) return { status: "refused", reason: "not-found" };
  if (existing.status !== "draft" && existing.status !== "returned") {
    return { status: "refused", reason: "not-editable" };
  }
  const round = await getRoundForApplying(existing.roundId, now);
  if (!round) return { status: "refused", reason: "not-found" };
  const capability: Capability =
    existing.status === "returned" ? "application:resubmit" : "application:submit";
  if (!allows(round.situation, capability)) return { status: "refused", reason: "phase-closed" };
  const place = await placeOf(input.point, now);
  const check = checkApplication(draftOf(input, place.insideArea), round.rules, {
    today: round.today,
    mode: options.intent === "submit" ? "submit" : "draft",
  });
  if (options.intent === "submit" && check.errors.length) {
    return { status: "refused", reason: "rules", check };
  }
  const removedFiles: string[] = [];
  const mail = await prepareFundMail({ trackingToken: token, contactEmail: input.contactEmail });
  const result = await withStoredQuotes(quotesForUsedRows(input, options.quotes), (stored) =>
    prisma.$transaction(async (tx): Promise<SaveApplicationResult> => {
      const phase = await procedureAllows(round.round.procedure.id, capability, now, tx);
      if (!phase.allowed) return { status: "refused", reason: "phase-closed" };
      const submitted = options.intent === "submit";
      const nextStatus = submitted ? "submitted" : existing.status;
      // Only from the status read above: a staff decision in between wins.
      const changed = await tx.fundApplication.updateMany({
        where: { id: existing.id, status: existing.status },
        data: {
          ...applicationData(input, place),
          status: nextStatus,
          ...(submitted ? { submittedAt: now } : {}),
        },
      });
      if (changed.count === 0) return { status: "refused", reason: "not-editable" };
      if (submitted) {
        await tx.fundEvent.create({
          data: {
            applicationId: existing.id,
            kind: existing.status === "returned" ? "resubmitted" : "submitted",
            actor: "applicant",
            createdAt: now,
          },
        });
        const resubmitted = existing.status === "returned";
        await queueFundSubmittedMail(tx, existing.id, mail, { resubmitted });
      }
      removedFiles.push(...(await syncCostLines(tx, existing.id, input, stored)));
      return { status: "ok", id: existing.id, applicationStatus: nextStatus };
    }),
  );
  if (result.status === "ok") await deleteStoredFiles(removedFiles);
  fundMailQueued(result);
  return result;
}

/** A quote for an empty row has no line to belong to: it is not stored at all. */
function quotesForUsedRows(input: ApplicationInput, quotes: ReadonlyArray<QuoteUpload> = []) {
  const rows = new Set(usedCostLines(input.costLines).map((line) => line.row));
  return quotes.filter((quote) => rows.has(quote.row));
}

/**
 * Makes the stored cost plan what the form says: rows with an id update their
 * line, new rows become lines, lines that are gone are deleted with their
 * quotes. A new quote replaces the line's old one. Returns the stored file
 * names that are no longer used (deleted from disk after the commit).
 */
async function syncCostLines(
  tx: Prisma.TransactionClient,
  applicationId: string,
  input: ApplicationInput,
  quotes: ReadonlyArray<StoredQuote>,
): Promise<string[]> {
  const existing = await tx.fundCostLine.findMany({
    where: { applicationId },
    select: { id: true },
  });
  const existingIds = new Set(existing.map((line) => line.id));
  const used = usedCostLines(input.costLines);
  const kept = new Set<string>();
  const lineIdByRow = new Map<number, string>();
  for (const line of used) {
    const source = input.costLines[line.row]!;
    const data = {
      position: line.position,
      description: line.description,
      amountCents: line.amountCents ?? 0,
      potKind: line.potKind,
    };
    if (source.id && existingIds.has(source.id) && !kept.has(source.id)) {
      await tx.fundCostLine.update({ where: { id: source.id }, data });
      kept.add(source.id);
      lineIdByRow.set(line.row, source.id);
    } else {
      const created = await tx.fundCostLine.create({
        data: { applicationId, ...data },
        select: { id: true },
      });
      lineIdByRow.set(line.row, created.id);
    }
  }
  const goneIds = [...existingIds].filter((id) => !kept.has(id));
  const replacedFor = quotes
    .map((quote) => lineIdByRow.get(quote.row))
    .filter((id): id is string => Boolean(id));
  const obsolete = await tx.fundFile.findMany({
    where: {
      applicationId,
      purpose: "quote",
      OR: [{ costLineId: { in: [...goneIds, ...replacedFor] } }],
    },
    select: { id: true, file: true, smallFile: true },
  });
  if (obsolete.length) {
    await tx.fundFile.deleteMany({ where: { id: { in: obsolete.map((row) => row.id) } } });
  }
  if (goneIds.length) await tx.fundCostLine.deleteMany({ where: { id: { in: goneIds } } });
  for (const quote of quotes) {
    const costLineId = lineIdByRow.get(quote.row);
    if (!costLineId) continue;
    await tx.fundFile.create({
      data: { applicationId, costLineId, ...fundFileData(quote.file, "quote") },
    });
  }
  return namesOfFileRows(obsolete);
}

// ---------------------------------------------------------------------------
// Staff review

export type ReviewResult =
  { status: "ok" } | { status: "refused"; reason: "not-found" | "wrong-status" };

const reviewOutcome = {
  complete: { status: "complete", event: "complete", audit: "fund.application.complete" },
  return: { status: "returned", event: "returned", audit: "fund.application.returned" },
  ineligible: { status: "ineligible", event: "ineligible", audit: "fund.application.ineligible" },
} as const;

/** Staff review: complete, back to the applicant with a request, or not eligible with a reason. */
export async function reviewApplication(input: {
  staffId: string;
  applicationId: string;
  intent: ReviewIntent;
  /** The request (return) or the reason (ineligible). */
  note?: string;
  now?: Date;
}): Promise<ReviewResult> {
  const now = input.now ?? new Date();
  const outcome = reviewOutcome[input.intent];
  const result = await prisma.$transaction(async (tx): Promise<ReviewResult> => {
    const before = await tx.fundApplication.findUnique({
      where: { id: input.applicationId },
      select: { status: true },
    });
    if (!before) return { status: "refused", reason: "not-found" };
    const from: ReadonlyArray<string> = reviewFrom[input.intent];
    const changed = await tx.fundApplication.updateMany({
      where: { id: input.applicationId, status: { in: [...from] } },
      data: {
        status: outcome.status,
        ...(input.intent === "return" ? { reviewRequest: input.note ?? null } : {}),
        ...(input.intent === "ineligible" ? { ineligibleReason: input.note ?? null } : {}),
      },
    });
    if (changed.count === 0) return { status: "refused", reason: "wrong-status" };
    await tx.fundEvent.create({
      data: {
        applicationId: input.applicationId,
        kind: outcome.event,
        note: input.note ?? null,
        actor: "staff",
        staffId: input.staffId,
        createdAt: now,
      },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: outcome.audit,
      entityType: "fundApplication",
      entityId: input.applicationId,
      before: { status: before.status },
      after: { status: outcome.status, ...(input.note ? { note: input.note } : {}) },
    });
    await queueFundReviewMail(tx, input.applicationId, input.intent);
    return { status: "ok" };
  });
  fundMailQueued(result);
  return result;
}

export type ApplicationContact = {
  applicantName: string;
  organisation: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  contactAddress: string | null;
};

/**
 * The applicant's contact data, shown to staff on request only and logged
 * (which fields, never their values), as for initiatives
 * (app/modules/moderation/contact-data.server.ts).
 */
export async function viewApplicationContact(input: {
  staffId: string;
  applicationId: string;
}): Promise<
  { status: "ok"; contact: ApplicationContact } | { status: "refused"; reason: "not-found" }
> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.fundApplication.findUnique({
      where: { id: input.applicationId },
      select: {
        applicantName: true,
        organisation: true,
        contactEmail: true,
        contactPhone: true,
        contactAddress: true,
      },
    });
    if (!row) return { status: "refused", reason: "not-found" } as const;
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "fund.application.contactViewed",
      entityType: "fundApplication",
      entityId: input.applicationId,
      after: {
        fields: Object.entries(row)
          .filter(([, value]) => value !== null && value !== "")
          .map(([key]) => key),
      },
    });
    return { status: "ok", contact: row } as const;
  });
}

/** The review queue of a round (no contact data). */
export async function listApplicationsForReview(roundId: string, status?: string) {
  const round = await prisma.fundRound.findUnique({
    where: { id: roundId },
    select: { id: true, procedure: { select: { id: true, title: true } } },
  });
  if (!round) return null;
  const [applications, counts] = await Promise.all([
    prisma.fundApplication.findMany({
      where: { roundId, ...(status ? { status } : { status: { not: "draft" } }) },
      orderBy: [{ submittedAt: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        title: true,
        status: true,
        applicantKind: true,
        district: true,
        requestedCents: true,
        submittedAt: true,
        updatedAt: true,
      },
    }),
    prisma.fundApplication.groupBy({ by: ["status"], where: { roundId }, _count: true }),
  ]);
  return {
    round,
    applications,
    counts: Object.fromEntries(counts.map((row) => [row.status, row._count])) as Record<
      string,
      number
    >,
  };
}

/** One application for staff: everything but the contact data (asked for separately). */
export async function getApplicationForStaff(id: string) {
  const application = await prisma.fundApplication.findUnique({
    where: { id },
    select: {
      id: true,
      roundId: true,
      status: true,
      language: true,
      applicantKind: true,
      organisationRegistered: true,
      title: true,
      description: true,
      lon: true,
      lat: true,
      district: true,
      placeLabel: true,
      fundingAreaId: true,
      startsOn: true,
      endsOn: true,
      targetGroups: true,
      expectedParticipants: true,
      ownMoneyCents: true,
      volunteerHours: true,
      requestedCents: true,
      reviewRequest: true,
      ineligibleReason: true,
      submittedAt: true,
      createdAt: true,
      updatedAt: true,
      round: {
        select: {
          id: true,
          volunteerRateCents: true,
          procedure: { select: { id: true, title: true } },
        },
      },
      costLines: {
        orderBy: { position: "asc" },
        select: { id: true, position: true, description: true, amountCents: true, potKind: true },
      },
      files: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          costLineId: true,
          purpose: true,
          kind: true,
          bytes: true,
          pages: true,
          createdAt: true,
        },
      },
      events: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          kind: true,
          note: true,
          actor: true,
          public: true,
          createdAt: true,
          staffId: true,
        },
      },
      decision: {
        select: {
          outcome: true,
          grantedCents: true,
          reason: true,
          createdAt: true,
          paidCents: true,
        },
      },
      report: { select: { status: true } },
    },
  });
  if (!application) return null;
  return { ...application, targetGroups: parseTargetGroups(application.targetGroups) };
}

export function parseTargetGroups(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
