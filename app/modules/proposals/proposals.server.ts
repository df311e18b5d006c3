import type { Prisma } from "~/db/generated/client";
import { placeLabelFor } from "~/modules/addresses/place.server";
import { germanPlace, parsePlace } from "~/modules/addresses/place";
import { findDistrictName, locatePoint } from "~/modules/areas/areas.server";
import type { Compass } from "~/modules/areas/geo";
import {
  createPhotoRows,
  deletePhotoFiles,
  deletePhotoRows,
  firstPublicPhotos,
  withStoredPhotos,
  type PhotoUpload,
  type StoredPhoto,
} from "~/modules/photos/photos.server";
import { photoUrl } from "~/modules/photos/photo-policy";
import {
  forgetMailRecipient,
  mailQueued,
  prepareSubscription,
  subscribeWithConfirmation,
} from "~/modules/mail/outbox.server";
import { procedureAllows } from "~/modules/procedures/procedures.server";
import { prisma } from "~/utils/db.server";
import type { Category } from "./categories";
import type { ProposalInput } from "./proposal.schema.server";
import { isWithdrawable, type PublicStatus } from "./statuses";
import { publicProposalWhere } from "./visibility";
import { cachedPublicValue, publicDataChanged } from "./public-data-cache.server";
import { createTrackingToken, hashTrackingToken, isWellFormedToken } from "./tracking-token.server";

export type SubmitProposalResult =
  | { status: "ok"; id: string; trackingToken: string }
  | { status: "refused"; reason: "outside-area"; distanceMeters: number; direction: Compass }
  /** The procedure does not take ideas now (not in its collection phase), or does not exist. */
  | { status: "refused"; reason: "phase-closed" | "procedure-not-found" };

/**
 * Stores a new initiative as "submitted" (not public until staff review it),
 * as a free idea or into a procedure whose phase takes ideas now. The
 * server's point-in-polygon check and the phase table decide; nothing is
 * written when either refuses. With mail configured and an address given,
 * the confirmation mail is queued in the same transaction (app/modules/mail/).
 */
export async function submitProposal(
  input: ProposalInput,
  options: {
    now?: Date;
    /** The interface language the form was shown in: mails are written in it. */
    formLanguage?: string;
    /** Checked photos (photos.server.ts): stored with the initiative, or not at all. */
    photos?: ReadonlyArray<PhotoUpload>;
  } = {},
): Promise<SubmitProposalResult> {
  // The files are written first and deleted again unless the initiative is stored.
  return withStoredPhotos(options.photos ?? [], (stored) => insertProposal(input, options, stored));
}

async function insertProposal(
  input: ProposalInput,
  options: { now?: Date; formLanguage?: string },
  storedPhotos: StoredPhoto[],
): Promise<SubmitProposalResult> {
  const now = options.now ?? new Date();
  const procedureId = input.procedureId;
  // Asked first, so that a closed procedure is said before a misplaced pin.
  if (procedureId) {
    const check = await procedureAllows(procedureId, "proposal:submit", now);
    if (!check.allowed) return phaseRefusal(check.reason);
  }
  const location = await locatePoint(input.lon, input.lat);
  if (!location.inside) {
    return {
      status: "refused",
      reason: "outside-area",
      distanceMeters: location.distanceMeters,
      direction: location.direction,
    };
  }
  const [district, placeLabel] = await Promise.all([
    findDistrictName(input.lon, input.lat),
    placeLabelFor(input.lon, input.lat),
  ]);
  const { token, hash } = createTrackingToken();
  const hasContact = Boolean(input.name || input.email);
  const mail = await prepareSubscription({
    email: input.email,
    trackingToken: token,
    language: options.formLanguage ?? input.language ?? "de",
    notifyReplies: input.notifyReplies,
  });
  const result = await prisma.$transaction(async (tx): Promise<SubmitProposalResult> => {
    // Asked again with the write: staff may have changed the procedure in between.
    if (procedureId) {
      const check = await procedureAllows(procedureId, "proposal:submit", now, tx);
      if (!check.allowed) return phaseRefusal(check.reason);
    }
    const proposal = await tx.proposal.create({
      data: {
        title: input.title,
        description: input.description,
        category: input.category,
        lon: input.lon,
        lat: input.lat,
        district,
        placeLabel,
        language: input.language ?? "de",
        submitterName: input.name ?? null,
        submitterEmail: input.email ?? null,
        contactConsentAt: hasContact && input.consent ? new Date() : null,
        trackingTokenHash: hash,
        fundingAreaId: location.areaId,
        procedureId: procedureId ?? null,
        status: "submitted",
        statusChanges: { create: { fromStatus: null, toStatus: "submitted", actor: "resident" } },
      },
      select: { id: true },
    });
    await createPhotoRows(tx, proposal.id, storedPhotos);
    if (mail) await subscribeWithConfirmation(tx, proposal.id, mail);
    return { status: "ok", id: proposal.id, trackingToken: token };
  });
  if (result.status === "ok" && mail) mailQueued();
  return result;
}

const phaseRefusal = (reason: "phase" | "not-found") =>
  ({
    status: "refused",
    reason: reason === "phase" ? "phase-closed" : "procedure-not-found",
  }) as const;

export const PAGE_SIZE = 20;

export type ProposalListFilter = {
  category?: Category;
  status?: PublicStatus;
  q?: string;
  /** An Ortsteil name (from the District table). */
  district?: string;
  /** Newest first (default) or most supported first. */
  sort?: ProposalListSort;
  page: number;
};

export const proposalListSorts = ["newest", "supported"] as const;
export type ProposalListSort = (typeof proposalListSorts)[number];

/** The Ortsteil names for the list filter (reference data: read once). */
export function listDistrictNames(): Promise<string[]> {
  districtNames ??= prisma.district
    .findMany({ orderBy: { name: "asc" }, select: { name: true } })
    .then((rows) => rows.map((row) => row.name))
    .catch((error: unknown) => {
      districtNames = undefined;
      throw error;
    });
  return districtNames;
}
let districtNames: Promise<string[]> | undefined;

const publicWhere = publicProposalWhere;

export async function listPublishedProposals(filter: ProposalListFilter) {
  const where: Prisma.ProposalWhereInput = {
    ...publicWhere,
    ...(filter.category ? { category: filter.category } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.district ? { district: filter.district } : {}),
    ...(filter.q
      ? {
          OR: [
            { title: { contains: filter.q } },
            { description: { contains: filter.q } },
            { district: { contains: filter.q } },
          ],
        }
      : {}),
  };
  // Two plain reads: a transaction would serialise them behind a write lock in SQLite.
  // The count (a scan of all matching rows) is kept until public data changes;
  // every page of one filter shares it.
  const countKey = JSON.stringify([
    "list",
    filter.category,
    filter.status,
    filter.q,
    filter.district,
  ]);
  const [total, items] = await Promise.all([
    cachedPublicValue(countKey, () => prisma.proposal.count({ where })),
    prisma.proposal.findMany({
      where,
      orderBy:
        filter.sort === "supported"
          ? [{ supportCount: "desc" }, { publishedAt: "desc" }, { id: "desc" }]
          : [{ publishedAt: "desc" }, { id: "desc" }],
      skip: (filter.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        title: true,
        description: true,
        category: true,
        status: true,
        district: true,
        placeLabel: true,
        publishedAt: true,
        supportCount: true,
      },
    }),
  ]);
  const photos = await firstPublicPhotos(items);
  return {
    total,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    items: items.map((item) => ({
      ...item,
      excerpt: excerpt(item.description),
      description: undefined,
      photo: photos.get(item.id) ?? null,
    })),
  };
}

function excerpt(text: string, length = 180) {
  return text.length <= length ? text : `${text.slice(0, length).trimEnd()}…`;
}

/** The procedure an initiative belongs to, for a link: only a public one (not a draft) is named. */
const procedureSelect = {
  id: true,
  state: true,
  title: true,
  description: true,
  translations: true,
} as const satisfies Prisma.ProcedureSelect;

export function publicProcedureOf<T extends { state: string }>(procedure: T | null): T | null {
  return procedure && (procedure.state === "published" || procedure.state === "archived")
    ? procedure
    : null;
}

/** A published initiative with its public history; never any personal data. */
export async function getPublicProposal(id: string) {
  return prisma.proposal.findFirst({
    where: { id, ...publicWhere },
    select: {
      id: true,
      title: true,
      description: true,
      category: true,
      status: true,
      district: true,
      placeLabel: true,
      lon: true,
      lat: true,
      publishedAt: true,
      createdAt: true,
      supportCount: true,
      procedureId: true,
      procedure: { select: procedureSelect },
      statusChanges: {
        orderBy: { createdAt: "asc" },
        select: { id: true, toStatus: true, reason: true, createdAt: true },
      },
    },
  });
}

/** For a once-published initiative marked as duplicate: the id of its original. */
export async function findDuplicateTarget(id: string): Promise<string | null> {
  const row = await prisma.proposal.findFirst({
    where: { id, status: "duplicate", publishedAt: { not: null }, duplicateOfId: { not: null } },
    select: { duplicateOfId: true },
  });
  return row?.duplicateOfId ?? null;
}

/** GeoJSON of all published initiatives for the map and the open-data API. */
export async function getPublishedProposalsGeoJSON(baseUrl: string, procedureId?: string) {
  const photos = firstPublicPhotos("all", procedureId ? { proposal: { procedureId } } : {});
  const rows = await prisma.proposal.findMany({
    where: procedureId ? { ...publicWhere, procedureId } : publicWhere,
    orderBy: { publishedAt: "desc" },
    select: {
      id: true,
      title: true,
      category: true,
      status: true,
      createdAt: true,
      lon: true,
      lat: true,
      supportCount: true,
      placeLabel: true,
    },
  });
  const photoOf = await photos;
  return {
    type: "FeatureCollection" as const,
    features: rows.map((row) => ({
      type: "Feature" as const,
      geometry: { type: "Point" as const, coordinates: [row.lon, row.lat] },
      properties: {
        id: row.id,
        title: row.title,
        category: row.category,
        status: row.status,
        createdAt: row.createdAt.toISOString(),
        supportCount: row.supportCount,
        /** Where it is, in German words ("bei Eisenbahnstraße 54"); "" when unknown. */
        place: germanPlace(parsePlace(row.placeLabel)),
        url: `${baseUrl}/proposals/${row.id}`,
        ...photoProperties(photoOf.get(row.id), baseUrl),
      },
    })),
  };
}

/**
 * The first public photo as flat feature properties (MapLibre keeps no nested
 * objects): the small version's absolute URL, its size and alt text; null
 * without a photo.
 */
function photoProperties(
  photo: { id: string; smallWidth: number; smallHeight: number; alt: string } | undefined,
  baseUrl: string,
) {
  return {
    photo: photo ? `${baseUrl}${photoUrl(photo.id, "small")}` : null,
    photoWidth: photo?.smallWidth ?? null,
    photoHeight: photo?.smallHeight ?? null,
    photoAlt: photo?.alt ?? null,
  };
}

/** What the submitter sees behind their private tracking link. */
export async function getProposalForTracking(token: string) {
  if (!isWellFormedToken(token)) return null;
  return prisma.proposal.findUnique({
    where: { trackingTokenHash: hashTrackingToken(token) },
    select: {
      id: true,
      title: true,
      description: true,
      category: true,
      status: true,
      district: true,
      lon: true,
      lat: true,
      submitterName: true,
      submitterEmail: true,
      publishedAt: true,
      createdAt: true,
      changeRequest: true,
      duplicateOf: { select: { id: true, title: true } },
      procedure: { select: procedureSelect },
      implementation: { select: { id: true } },
      // Ballots of votes whose result is still open: the initiative cannot leave them.
      _count: { select: { voteOptions: { where: { vote: { resultsPublishedAt: null } } } } },
      statusChanges: {
        orderBy: { createdAt: "asc" },
        select: { id: true, toStatus: true, reason: true, createdAt: true },
      },
    },
  });
}

export type TrackingCommandResult =
  | { status: "ok" }
  | { status: "refused"; reason: "not-found" | "not-withdrawable" | "not-requested" };

/**
 * After staff asked for changes, the submitter edits the text and sends it
 * again: the previous text is kept as a revision, the initiative is back in the queue.
 */
export async function resubmitProposal(
  token: string,
  input: { title: string; description: string },
): Promise<TrackingCommandResult> {
  const proposal = await getProposalForTracking(token);
  if (!proposal) return { status: "refused", reason: "not-found" };
  if (proposal.status !== "changes_requested")
    return { status: "refused", reason: "not-requested" };
  await prisma.$transaction([
    prisma.proposalRevision.create({
      data: { proposalId: proposal.id, title: proposal.title, description: proposal.description },
    }),
    prisma.proposal.update({
      where: { id: proposal.id },
      data: { ...input, status: "submitted", changeRequest: null },
    }),
    prisma.statusChange.create({
      data: {
        proposalId: proposal.id,
        fromStatus: "changes_requested",
        toStatus: "submitted",
        actor: "resident",
      },
    }),
  ]);
  return { status: "ok" };
}

/**
 * Whether the submitter may withdraw: not once it is on the ballot of a vote
 * still to be decided, nor once its acceptance is recorded (a public decision).
 */
export function canWithdraw(proposal: {
  status: string;
  implementation: { id: string } | null;
  _count: { voteOptions: number };
}): boolean {
  return (
    isWithdrawable(proposal.status) &&
    proposal.implementation === null &&
    proposal._count.voteOptions === 0
  );
}

export async function withdrawProposal(token: string): Promise<TrackingCommandResult> {
  const proposal = await getProposalForTracking(token);
  if (!proposal) return { status: "refused", reason: "not-found" };
  if (!canWithdraw(proposal)) {
    return { status: "refused", reason: "not-withdrawable" };
  }
  // Photos may show people: they go with the withdrawal, files included.
  const photoFiles = await prisma.$transaction(async (tx) => {
    await tx.proposal.update({ where: { id: proposal.id }, data: { status: "withdrawn" } });
    await tx.statusChange.create({
      data: {
        proposalId: proposal.id,
        fromStatus: proposal.status,
        toStatus: "withdrawn",
        actor: "resident",
      },
    });
    return deletePhotoRows(tx, proposal.id);
  });
  await deletePhotoFiles(photoFiles);
  publicDataChanged();
  return { status: "ok" };
}

/**
 * Deletes the submitter's name and email, and the photos with their files
 * (they may show people); the initiative's text stays.
 */
export async function erasePersonalData(token: string): Promise<TrackingCommandResult> {
  const proposal = await getProposalForTracking(token);
  if (!proposal) return { status: "refused", reason: "not-found" };
  const photoFiles = await prisma.$transaction(async (tx) => {
    await tx.proposal.update({
      where: { id: proposal.id },
      data: { submitterName: null, submitterEmail: null, contactConsentAt: null },
    });
    await forgetMailRecipient(tx, proposal.id);
    return deletePhotoRows(tx, proposal.id);
  });
  await deletePhotoFiles(photoFiles);
  if (photoFiles.length) publicDataChanged();
  return { status: "ok" };
}

/** For the start page; kept until public data changes (see cachedPublicValue). */
export async function countPublishedProposals(): Promise<number> {
  return cachedPublicValue("published", () => prisma.proposal.count({ where: publicWhere }));
}
