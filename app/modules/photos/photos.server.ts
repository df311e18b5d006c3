import { z } from "zod";
import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { publicDataChanged } from "~/modules/events/events.server";
import { hashTrackingToken, isWellFormedToken } from "~/modules/proposals/tracking-token.server";
import { publicProposalWhere } from "~/modules/proposals/visibility";
import { IMAGE_MAX_PIXELS, megabytes, refusalMessageKey } from "~/modules/uploads/upload-policy";
import {
  checkUploads,
  deleteStoredFiles,
  storePrepared,
  type PreparedUpload,
  type StoredUpload,
} from "~/modules/uploads/uploads.server";
import { prisma } from "~/utils/db.server";
import type { FormFile } from "~/utils/form.server";
import { userText } from "~/utils/user-text.schema.server";
import {
  MAX_PHOTOS,
  PHOTO_ALT_MAX,
  PHOTO_MAX_BYTES,
  photoPolicy,
  photoSlots,
  residentMay,
  type PhotoFieldsState,
  type PhotoProblem,
  type PhotoSize,
} from "./photo-policy";

/**
 * Photos of initiatives, on top of the upload module (app/modules/uploads/).
 * This module imports nothing from proposals.server.ts (which calls it while
 * submitting and erasing), so the import graph keeps no cycle.
 */

type PreparedImage = Extract<PreparedUpload, { kind: "image" }>;
type StoredImageUpload = Extract<StoredUpload, { kind: "image" }>;

/** A checked photo, re-encoded in memory, with the resident's description. */
export type PhotoUpload = { image: PreparedImage; alt?: string };

export type PhotoFormResult =
  | { status: "ok"; photos: PhotoUpload[]; problems: []; received: string[] }
  | { status: "refused"; photos: []; problems: PhotoProblem[]; received: string[] };

const altSchema = userText()
  .max(PHOTO_ALT_MAX, "photos.errors.altTooLong")
  .optional()
  .transform((value) => value || undefined);

/**
 * The photo part of a submitted form: the files of the slots photo1…photo3 and
 * their descriptions, each file checked and re-encoded (nothing is written).
 * `free` is how many photos the initiative may still take.
 */
export async function checkPhotoForm(
  form: FormData,
  files: ReadonlyArray<FormFile>,
  free: number = MAX_PHOTOS,
): Promise<PhotoFormResult> {
  const slotFields: ReadonlyArray<string> = photoSlots.map((slot) => slot.file);
  const slotFiles = files
    .filter((file) => slotFields.includes(file.field))
    .sort((a, b) => slotFields.indexOf(a.field) - slotFields.indexOf(b.field));
  const received = slotFiles.map((file) => file.field);
  const values = {
    maxMb: megabytes(PHOTO_MAX_BYTES),
    max: MAX_PHOTOS,
    maxMp: IMAGE_MAX_PIXELS / 1_000_000,
  };
  const problems: PhotoProblem[] = [];
  const alts = new Map<string, string | undefined>();
  for (const file of slotFiles) {
    const slot = photoSlots.find((candidate) => candidate.file === file.field)!;
    const alt = altSchema.safeParse(form.get(slot.alt) ?? undefined);
    if (alt.success) alts.set(file.field, alt.data);
    else
      problems.push({
        field: file.field,
        filename: "",
        message: alt.error.issues[0]!.message,
        values,
      });
  }
  const checked = await checkUploads(slotFiles, photoPolicy(free));
  if (checked.status === "refused") {
    for (const refusal of checked.refusals) {
      problems.push({
        field: refusal.field,
        filename: refusal.filename.slice(0, 80),
        message:
          refusal.reason !== "too-many-files"
            ? refusalMessageKey(refusal.reason, "image")
            : free < MAX_PHOTOS
              ? "photos.errors.noRoom"
              : "photos.errors.tooMany",
        values: { ...values, max: refusal.reason === "too-many-files" ? free : MAX_PHOTOS },
      });
    }
  }
  if (problems.length || checked.status === "refused") {
    return { status: "refused", photos: [], problems, received };
  }
  const photos = checked.files.flatMap((file) =>
    file.kind === "image" ? [{ image: file, alt: alts.get(file.field) }] : [],
  );
  return { status: "ok", photos, problems: [], received };
}

/**
 * For an answer that shows the form again: the problems, which slots carried a
 * file (also an urlencoded post, which sends only the file's name), and the
 * descriptions as typed.
 */
export function photoFormState(
  form: FormData,
  files: ReadonlyArray<FormFile>,
  problems: PhotoProblem[] = [],
): PhotoFieldsState {
  const received = photoSlots
    .filter(
      (slot) =>
        files.some((file) => file.field === slot.file) ||
        (typeof form.get(slot.file) === "string" && form.get(slot.file) !== ""),
    )
    .map((slot) => slot.file);
  const alts: Record<string, string> = {};
  for (const slot of photoSlots) {
    const value = form.get(slot.alt);
    if (typeof value === "string" && value) alts[slot.alt] = value;
  }
  return { problems, received, alts };
}

/**
 * Stores the photos' files, then runs `write` (the transaction that creates
 * their rows). When `write` refuses or fails, the files are deleted again:
 * nothing stays half-way.
 */
export async function withStoredPhotos<R extends { status: string }>(
  photos: ReadonlyArray<PhotoUpload>,
  write: (stored: StoredPhoto[]) => Promise<R>,
): Promise<R> {
  if (!photos.length) return write([]);
  const files = await storePrepared(photos.map((photo) => photo.image));
  const stored = files.flatMap((file, index) =>
    file.kind === "image" ? [{ file, alt: photos[index]!.alt }] : [],
  );
  const names = stored.flatMap(({ file }) => [file.large.name, file.small.name]);
  try {
    const result = await write(stored);
    if (result.status !== "ok") await deleteStoredFiles(names);
    return result;
  } catch (error) {
    await deleteStoredFiles(names);
    throw error;
  }
}

export type StoredPhoto = { file: StoredImageUpload; alt?: string };

/** Inside the caller's transaction: the rows of stored photos, after the existing ones. */
export async function createPhotoRows(
  tx: Prisma.TransactionClient,
  proposalId: string,
  stored: ReadonlyArray<StoredPhoto>,
) {
  if (!stored.length) return;
  const last = await tx.photo.aggregate({ where: { proposalId }, _max: { position: true } });
  const start = (last._max.position ?? -1) + 1;
  await tx.photo.createMany({
    data: stored.map(({ file, alt }, index) => ({
      proposalId,
      largeFile: file.large.name,
      smallFile: file.small.name,
      mediaType: file.mediaType,
      width: file.large.width,
      height: file.large.height,
      smallWidth: file.small.width,
      smallHeight: file.small.height,
      alt: alt ?? null,
      position: start + index,
    })),
  });
}

/**
 * Inside the caller's transaction: deletes an initiative's photo rows and
 * returns their file names, to be deleted once the transaction has committed.
 */
export async function deletePhotoRows(
  tx: Prisma.TransactionClient,
  proposalId: string,
): Promise<string[]> {
  const rows = await tx.photo.findMany({
    where: { proposalId },
    select: { largeFile: true, smallFile: true },
  });
  if (rows.length) await tx.photo.deleteMany({ where: { proposalId } });
  return rows.flatMap((row) => [row.largeFile, row.smallFile]);
}

export { deleteStoredFiles as deletePhotoFiles };

/** A photo is public while its initiative is public and staff have not hidden it. */
const publicPhotoWhere = {
  hiddenAt: null,
  proposal: publicProposalWhere,
} satisfies Prisma.PhotoWhereInput;

const shownSelect = {
  id: true,
  width: true,
  height: true,
  smallWidth: true,
  smallHeight: true,
  alt: true,
} as const satisfies Prisma.PhotoSelect;

type ShownRow = Prisma.PhotoGetPayload<{ select: typeof shownSelect }>;

/** What a page needs to show a photo: its id, sizes and the alt text (the title by default). */
export type ShownPhoto = Omit<ShownRow, "alt"> & { alt: string };

const shown = (row: ShownRow, title: string): ShownPhoto => ({ ...row, alt: row.alt ?? title });

/** The public photos of a public initiative, in order (the detail page). */
export async function listPublicPhotos(proposalId: string, title: string): Promise<ShownPhoto[]> {
  const rows = await prisma.photo.findMany({
    where: { ...publicPhotoWhere, proposalId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: shownSelect,
  });
  return rows.map((row) => shown(row, title));
}

/**
 * The first public photo of each of these initiatives (list cards, the map),
 * by initiative id; without a list, of every public initiative.
 */
export async function firstPublicPhotos(
  proposals: ReadonlyArray<{ id: string; title: string }> | "all",
  where: Prisma.PhotoWhereInput = {},
): Promise<Map<string, ShownPhoto>> {
  const rows = await prisma.photo.findMany({
    where: {
      ...publicPhotoWhere,
      ...where,
      ...(proposals === "all" ? {} : { proposalId: { in: proposals.map((p) => p.id) } }),
    },
    orderBy: [{ proposalId: "asc" }, { position: "asc" }, { createdAt: "asc" }],
    select: { ...shownSelect, proposalId: true, proposal: { select: { title: true } } },
  });
  const first = new Map<string, ShownPhoto>();
  for (const { proposalId, proposal, ...row } of rows) {
    if (!first.has(proposalId)) first.set(proposalId, shown(row, proposal.title));
  }
  return first;
}

/** All photos of an initiative for staff, hidden ones included. */
export async function listPhotosForStaff(proposalId: string) {
  return prisma.photo.findMany({
    where: { proposalId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: {
      ...shownSelect,
      hiddenAt: true,
      hiddenReason: true,
      hiddenBy: { select: { name: true } },
    },
  });
}

/** The photos behind a tracking link (the resident sees their own, hidden ones marked). */
export async function listPhotosForTracking(token: string) {
  if (!isWellFormedToken(token)) return [];
  return prisma.photo.findMany({
    where: { proposal: { trackingTokenHash: hashTrackingToken(token) } },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { ...shownSelect, hiddenAt: true },
  });
}

type ServedFile = { name: string; mediaType: string };

/**
 * Browsers keep a public photo for a year (its file never changes: a new
 * photo gets a new id); a shared cache asks again after an hour, so that a
 * photo that staff hide or a resident removes disappears from it too.
 */
export const PUBLIC_PHOTO_CACHE = "public, max-age=31536000, s-maxage=3600, immutable";

const fileOf = (
  row: { largeFile: string; smallFile: string; mediaType: string },
  size: PhotoSize,
) => ({
  name: size === "large" ? row.largeFile : row.smallFile,
  mediaType: row.mediaType,
});

const fileSelect = { largeFile: true, smallFile: true, mediaType: true } as const;

/** The file of a public photo, or null (unknown, hidden, initiative not public). */
export async function findPublicPhotoFile(id: string, size: PhotoSize): Promise<ServedFile | null> {
  const row = await prisma.photo.findFirst({
    where: { id, ...publicPhotoWhere },
    select: fileSelect,
  });
  return row ? fileOf(row, size) : null;
}

/** The file of any photo, for staff (hidden ones and those of unpublished initiatives). */
export async function findPhotoFileForStaff(
  id: string,
  size: PhotoSize,
): Promise<ServedFile | null> {
  const row = await prisma.photo.findUnique({ where: { id }, select: fileSelect });
  return row ? fileOf(row, size) : null;
}

/** The file of a photo of the initiative behind this tracking link. */
export async function findTrackingPhotoFile(
  token: string,
  id: string,
  size: PhotoSize,
): Promise<ServedFile | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await prisma.photo.findFirst({
    where: { id, proposal: { trackingTokenHash: hashTrackingToken(token) } },
    select: fileSelect,
  });
  return row ? fileOf(row, size) : null;
}

export type PhotoCommandResult =
  { status: "ok" } | { status: "refused"; reason: "not-found" | "not-allowed" | "no-room" };

/**
 * The resident adds photos on the tracking page (before publication, see
 * photoChangesAllowed). The room left is checked again in the transaction.
 */
export async function addPhotos(
  token: string,
  photos: ReadonlyArray<PhotoUpload>,
): Promise<PhotoCommandResult> {
  if (!isWellFormedToken(token)) return { status: "refused", reason: "not-found" };
  return withStoredPhotos(photos, (stored) =>
    prisma.$transaction(async (tx): Promise<PhotoCommandResult> => {
      const proposal = await tx.proposal.findUnique({
        where: { trackingTokenHash: hashTrackingToken(token) },
        select: { id: true, status: true, _count: { select: { photos: true } } },
      });
      if (!proposal) return { status: "refused", reason: "not-found" };
      if (!residentMay("add", proposal.status)) return { status: "refused", reason: "not-allowed" };
      if (proposal._count.photos + stored.length > MAX_PHOTOS) {
        return { status: "refused", reason: "no-room" };
      }
      await createPhotoRows(tx, proposal.id, stored);
      return { status: "ok" };
    }),
  );
}

/** Room for more photos on the initiative behind this tracking link (0 when none may be added). */
export async function photoRoom(token: string): Promise<number> {
  if (!isWellFormedToken(token)) return 0;
  const proposal = await prisma.proposal.findUnique({
    where: { trackingTokenHash: hashTrackingToken(token) },
    select: { status: true, _count: { select: { photos: true } } },
  });
  if (!proposal || !residentMay("add", proposal.status)) return 0;
  return Math.max(0, MAX_PHOTOS - proposal._count.photos);
}

/** The resident removes one of their photos; its files are deleted with it. */
export async function removePhoto(token: string, photoId: string): Promise<PhotoCommandResult> {
  if (!isWellFormedToken(token)) return { status: "refused", reason: "not-found" };
  const outcome = await prisma.$transaction(async (tx) => {
    const photo = await tx.photo.findFirst({
      where: { id: photoId, proposal: { trackingTokenHash: hashTrackingToken(token) } },
      select: {
        id: true,
        largeFile: true,
        smallFile: true,
        proposal: { select: { status: true } },
      },
    });
    if (!photo) return { status: "refused", reason: "not-found" } as const;
    if (!residentMay("remove", photo.proposal.status)) {
      return { status: "refused", reason: "not-allowed" } as const;
    }
    await tx.photo.delete({ where: { id: photo.id } });
    return { status: "ok", files: [photo.largeFile, photo.smallFile] } as const;
  });
  if (outcome.status === "refused") return outcome;
  await deleteStoredFiles(outcome.files);
  publicDataChanged();
  return { status: "ok" };
}

export type PhotoModerationResult =
  { status: "ok" } | { status: "refused"; reason: "not-found" | "unchanged" | "reason-required" };

/**
 * Staff hide a single photo with a reason (the initiative stays public), or
 * show it again; one transaction with the audit entry.
 */
export async function setPhotoHidden(input: {
  staffId: string;
  proposalId: string;
  photoId: string;
  hidden: boolean;
  reason?: string;
}): Promise<PhotoModerationResult> {
  const reason = input.reason?.trim() || undefined;
  if (input.hidden && !reason) return { status: "refused", reason: "reason-required" };
  const result = await prisma.$transaction(async (tx): Promise<PhotoModerationResult> => {
    const photo = await tx.photo.findFirst({
      where: { id: input.photoId, proposalId: input.proposalId },
      select: { id: true, hiddenAt: true, hiddenReason: true },
    });
    if (!photo) return { status: "refused", reason: "not-found" };
    if ((photo.hiddenAt !== null) === input.hidden)
      return { status: "refused", reason: "unchanged" };
    await tx.photo.update({
      where: { id: photo.id },
      data: input.hidden
        ? { hiddenAt: new Date(), hiddenReason: reason, hiddenById: input.staffId }
        : { hiddenAt: null, hiddenReason: null, hiddenById: null },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: input.hidden ? "photo.hide" : "photo.show",
      entityType: "proposal",
      entityId: input.proposalId,
      before: { photoId: photo.id, hidden: photo.hiddenAt !== null, reason: photo.hiddenReason },
      after: { photoId: photo.id, hidden: input.hidden, reason: reason ?? null },
    });
    return { status: "ok" };
  });
  if (result.status === "ok") publicDataChanged();
  return result;
}

/** Staff's reason for hiding a photo: the same limits as a status reason. */
export const hideReasonSchema = userText()
  .min(1, "photos.errors.reasonRequired")
  .max(2000, "errors.staff.reasonTooLong");

export const PhotoIdSchema = z.string().trim().min(1).max(40);
