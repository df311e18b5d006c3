import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FormFile } from "~/utils/form.server";
import { dataDirectory } from "~/utils/env.server";
import {
  IMAGE_MAX_PIXELS,
  claimsAccepted,
  hevcBrands,
  imageWidths,
  isoBrand,
  policyTakes,
  sniffType,
  type UploadPolicy,
  type UploadRefusal,
} from "./upload-policy";

/**
 * Uploaded files: checked from their bytes, images decoded and re-encoded,
 * stored outside the database under the data directory (`<DATA_DIR>/uploads/`)
 * with random names. One module for every upload of the platform: initiative
 * photos (policy "image") and the neighbourhood fund's quotes, receipts and
 * report photos (policy "image+pdf").
 *
 * Images: every image is decoded and encoded anew with sharp (libvips), so
 * that what is stored and served is pixels we wrote, never the sender's file:
 * - the real type comes from the bytes (JPEG, PNG, WebP; HEIF/AVIF below);
 *   the file name and the browser's Content-Type only word the refusal;
 * - at most IMAGE_MAX_PIXELS decoded pixels (sharp's limitInputPixels, also
 *   checked from the header): a decompression bomb is refused before decoding;
 * - a truncated file is refused (failOn "truncated"), not stored half grey;
 * - the EXIF orientation is applied (rotate()), then ALL metadata is dropped:
 *   sharp writes none unless asked (withMetadata/withExif/keepExif are never
 *   called here), so GPS position, camera serial numbers and XMP are gone;
 *   colours are converted to sRGB;
 * - two WebP versions are stored: large (≤ 1600 px) and small (≤ 480 px).
 *
 * HEIC: sharp's prebuilt libvips (the binaries that npm installs) reads HEIF
 * with AV1 (AVIF), but has no HEVC decoder (patents), so iPhone HEIC photos
 * cannot be decoded here (`sharp.format.heif` lists only ".avif"). iPhones
 * rarely send HEIC to a web form: Safari hands the page a JPEG copy when the
 * file input's accept list does not name HEIC (acceptAttribute). A HEIC file
 * that still arrives is refused with its own message ("heic-unsupported":
 * save it as JPEG, or set the camera to "Most Compatible"). A libvips built
 * with libde265 would decode it without a change here.
 *
 * PDF (policy "image+pdf"): the %PDF- magic, and pdf-lib must load it
 * (encrypted or broken files are refused); stored as sent, under a random name.
 *
 * Nothing is written while files are checked (checkUploads); storing
 * (storePrepared) writes each file to a temporary name and renames it, so a
 * reader never sees half a file, and removes what it wrote if a write fails.
 */

type EncodedImage = { bytes: Buffer; width: number; height: number };

export type PreparedUpload =
  | { kind: "image"; field: string; filename: string; large: EncodedImage; small: EncodedImage }
  | { kind: "pdf"; field: string; filename: string; bytes: Buffer; pages: number };

export type StoredImage = { name: string; width: number; height: number; bytes: number };

export type StoredUpload =
  | {
      kind: "image";
      field: string;
      mediaType: "image/webp";
      large: StoredImage;
      small: StoredImage;
    }
  | {
      kind: "pdf";
      field: string;
      mediaType: "application/pdf";
      name: string;
      bytes: number;
      pages: number;
    };

export type UploadRefused = {
  /** The form field and the sender's file name ("" for a refusal of the whole set). */
  field: string;
  filename: string;
  reason: UploadRefusal;
};

export type CheckUploadsResult =
  { status: "ok"; files: PreparedUpload[] } | { status: "refused"; refusals: UploadRefused[] };

export type StoreUploadsResult =
  { status: "ok"; files: StoredUpload[] } | { status: "refused"; refusals: UploadRefused[] };

/** The one call for a form with uploads: check every file, then store them all, or none. */
export async function storeUploads(
  files: ReadonlyArray<FormFile>,
  policy: UploadPolicy,
): Promise<StoreUploadsResult> {
  const checked = await checkUploads(files, policy);
  if (checked.status === "refused") return checked;
  return { status: "ok", files: await storePrepared(checked.files) };
}

/**
 * Checks and (for images) re-encodes every file in memory; writes nothing.
 * Every file is looked at, so that one answer names all problems.
 */
export async function checkUploads(
  files: ReadonlyArray<FormFile>,
  policy: UploadPolicy,
): Promise<CheckUploadsResult> {
  const refusals: UploadRefused[] = [];
  if (files.length > policy.maxFiles) {
    refusals.push({ field: "", filename: "", reason: "too-many-files" });
  }
  const prepared: PreparedUpload[] = [];
  for (const file of files) {
    const outcome = await prepareFile(file, policy);
    if ("reason" in outcome) refusals.push(outcome);
    else prepared.push(outcome);
  }
  return refusals.length ? { status: "refused", refusals } : { status: "ok", files: prepared };
}

async function prepareFile(
  file: FormFile,
  policy: UploadPolicy,
): Promise<PreparedUpload | UploadRefused> {
  const refuse = (reason: UploadRefusal): UploadRefused => ({
    field: file.field,
    filename: file.filename,
    reason,
  });
  if (file.bytes === null || file.size > policy.maxBytes) return refuse("too-big");
  if (file.size === 0) return refuse("empty");
  const type = sniffType(file.bytes);
  if (type === "other-image") return refuse("unsupported-image");
  if (type === null || !policyTakes(policy.kinds, type)) {
    return refuse(claimsAccepted(policy.kinds, file) ? "disguised" : "not-accepted");
  }
  if (type === "pdf") {
    const pdf = await checkPdf(file.bytes);
    return "reason" in pdf
      ? refuse(pdf.reason)
      : { kind: "pdf", field: file.field, filename: file.filename, bytes: file.bytes, ...pdf };
  }
  const image = await withImageSlot(() => encodeImage(file.bytes!, type));
  return "reason" in image
    ? refuse(image.reason)
    : { kind: "image", field: file.field, filename: file.filename, ...image };
}

const decodableFormats: Record<string, ReadonlyArray<string>> = {
  jpeg: ["jpeg"],
  png: ["png"],
  webp: ["webp"],
  heif: ["heif"],
};

async function encodeImage(
  bytes: Buffer,
  type: "jpeg" | "png" | "webp" | "heif",
): Promise<{ large: EncodedImage; small: EncodedImage } | { reason: UploadRefusal }> {
  // Loaded on the first upload: the native library stays out of every other request's start-up.
  const { default: sharp } = await import("sharp");
  const hevc = type === "heif" && hevcBrands.has(isoBrand(bytes) ?? "");
  const options = { limitInputPixels: IMAGE_MAX_PIXELS, failOn: "truncated" } as const;
  try {
    const meta = await sharp(bytes, options).metadata();
    // libvips finds its loader by the bytes too; it must be the one we sniffed.
    if (!decodableFormats[type]?.includes(meta.format ?? "")) return { reason: "damaged" };
    if (hevc || meta.compression === "hevc") return { reason: "heic-unsupported" };
    if (!meta.width || !meta.height) return { reason: "damaged" };
    if (meta.width * meta.height > IMAGE_MAX_PIXELS) return { reason: "too-many-pixels" };

    // Orientation applied, then resized; sharp keeps no metadata in its output.
    const large = await sharp(bytes, options)
      .rotate()
      .resize({ width: imageWidths.large, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    const small = await sharp(large.data)
      .resize({ width: imageWidths.small, withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer({ resolveWithObject: true });
    return {
      large: { bytes: large.data, width: large.info.width, height: large.info.height },
      small: { bytes: small.data, width: small.info.width, height: small.info.height },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/pixel limit/i.test(message)) return { reason: "too-many-pixels" };
    if (type === "heif" && (hevc || /decod|plugin|compression format/i.test(message))) {
      return { reason: "heic-unsupported" };
    }
    return { reason: "damaged" };
  }
}

async function checkPdf(bytes: Buffer): Promise<{ pages: number } | { reason: UploadRefusal }> {
  const { PDFDocument } = await import("pdf-lib");
  try {
    // Loaded even when encrypted, to tell that case apart from a broken file.
    const document = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
    });
    if (document.isEncrypted) return { reason: "pdf-encrypted" };
    const pages = document.getPageCount();
    return pages > 0 ? { pages } : { reason: "damaged" };
  } catch {
    return { reason: "damaged" };
  }
}

/**
 * At most two images are decoded at a time (a 40-megapixel photo takes about
 * 120 MB while it is decoded): more uploads at once wait for their turn.
 */
const IMAGE_SLOTS = 2;
let busySlots = 0;
const waiting: Array<() => void> = [];

async function withImageSlot<T>(work: () => Promise<T>): Promise<T> {
  if (busySlots >= IMAGE_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else busySlots++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else busySlots--;
  }
}

/** `<DATA_DIR>/uploads`: every stored upload, flat, under random names. */
export function uploadDirectory(): string {
  return path.join(dataDirectory(), "uploads");
}

/** Stored names: 32 hex characters from crypto, a size suffix for images, the extension. */
const storedName = /^[0-9a-f]{32}(?:-(?:s|l))?\.(?:webp|pdf)$/;

export function isStoredName(name: string): boolean {
  return storedName.test(name);
}

const randomId = () => randomBytes(16).toString("hex");

/** Writes the checked files (each atomically); on a failed write, nothing stays. */
export async function storePrepared(
  prepared: ReadonlyArray<PreparedUpload>,
): Promise<StoredUpload[]> {
  const directory = uploadDirectory();
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, bytes: Buffer) => {
    const temporary = path.join(directory, `.${name}.${randomId()}.tmp`);
    try {
      await writeFile(temporary, bytes, { flag: "wx" });
      await rename(temporary, path.join(directory, name));
    } catch (error) {
      await unlink(temporary).catch(() => {});
      throw error;
    }
    written.push(name);
  };
  try {
    const stored: StoredUpload[] = [];
    for (const file of prepared) {
      const id = randomId();
      if (file.kind === "pdf") {
        const name = `${id}.pdf`;
        await write(name, file.bytes);
        stored.push({
          kind: "pdf",
          field: file.field,
          mediaType: "application/pdf",
          name,
          bytes: file.bytes.byteLength,
          pages: file.pages,
        });
        continue;
      }
      const large = { ...file.large, name: `${id}-l.webp` };
      const small = { ...file.small, name: `${id}-s.webp` };
      await write(large.name, large.bytes);
      await write(small.name, small.bytes);
      const describe = ({ name, width, height, bytes }: typeof large) => ({
        name,
        width,
        height,
        bytes: bytes.byteLength,
      });
      stored.push({
        kind: "image",
        field: file.field,
        mediaType: "image/webp",
        large: describe(large),
        small: describe(small),
      });
    }
    return stored;
  } catch (error) {
    await deleteStoredFiles(written);
    throw error;
  }
}

/** Every file name of stored uploads (for deleting them). */
export function storedFileNames(stored: ReadonlyArray<StoredUpload>): string[] {
  return stored.flatMap((file) =>
    file.kind === "image" ? [file.large.name, file.small.name] : [file.name],
  );
}

/** Deletes stored files; names that are not ours or are already gone are skipped. */
export async function deleteStoredFiles(names: ReadonlyArray<string>): Promise<void> {
  const directory = uploadDirectory();
  await Promise.all(
    names
      .filter(isStoredName)
      .map((name) => unlink(path.join(directory, name)).catch(() => undefined)),
  );
}

/** A stored file's bytes, or null (unknown name, gone). */
export async function readStoredFile(name: string): Promise<Buffer | null> {
  if (!isStoredName(name)) return null;
  try {
    return await readFile(path.join(uploadDirectory(), name));
  } catch {
    return null;
  }
}

/**
 * A stored file as an HTTP answer: its own type, never sniffed by the browser,
 * and no active content even if someone got a file past the checks (sandbox).
 * 404 when the file is gone.
 */
export async function storedFileResponse(
  file: { name: string; mediaType: string },
  cacheControl: string,
): Promise<Response> {
  const bytes = await readStoredFile(file.name);
  if (!bytes)
    return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": cacheControl,
    },
  });
}
