/**
 * What an upload may be, and how a file's real type is told from its bytes.
 * Pure (no Node, no sharp): shared by the server module (uploads.server.ts),
 * the forms (hints, the accept attribute) and the unit tests.
 *
 * Users of the module: initiative photos (images only, app/modules/photos/),
 * and the neighbourhood fund (quotes, receipts, report photos: images or PDF).
 */

/** "image": JPEG, PNG, WebP (and HEIF/AVIF where sharp decodes it); "image+pdf" also takes PDF. */
export type UploadKinds = "image" | "image+pdf";

export type UploadPolicy = {
  kinds: UploadKinds;
  /** Per file, as sent. */
  maxBytes: number;
  /** Per form (or per initiative: the caller passes what is still free). */
  maxFiles: number;
};

/**
 * Decoded pixels per image at most: 40 megapixels is more than any phone
 * camera (a 48 MP sensor saves 12 MP unless the user picks ProRAW/"48 MP",
 * which saves HEIC/DNG anyway). A PNG of 20,000 × 20,000 pixels is a few
 * kilobytes but would take 1.2 GB to decode: it is refused from its header.
 */
export const IMAGE_MAX_PIXELS = 40_000_000;

/** Widths of the stored versions (never enlarged; the height follows). */
export const imageWidths = { small: 480, large: 1600 } as const;
export type ImageSize = keyof typeof imageWidths;

/**
 * What the bytes say. "jpeg" … "heif" can be decoded (HEIF only where sharp's
 * libvips has the decoder, see uploads.server.ts); "other-image" is an image
 * format that is not taken (GIF, TIFF, BMP, SVG); null is not an image or PDF.
 */
export type SniffedType = "jpeg" | "png" | "webp" | "heif" | "pdf" | "other-image";

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, end));

/** HEIF family brands (ISO/IEC 23008-12): HEIC from phones, AVIF, and the generic ones. */
const heifBrands = new Set([
  "heic",
  "heix",
  "heim",
  "heis",
  "hevc",
  "hevx",
  "mif1",
  "msf1",
  "avif",
  "avis",
]);

/** The brands that say HEVC (HEIC as iPhones write it), for a precise message. */
export const hevcBrands = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx"]);

/** The ftyp major brand of an ISO media file (HEIF, AVIF, MP4), or null. */
export function isoBrand(bytes: Uint8Array): string | null {
  return bytes.length >= 12 && ascii(bytes, 4, 8) === "ftyp" ? ascii(bytes, 8, 12) : null;
}

/** The file's type from its first bytes (magic numbers); never from its name. */
export function sniffType(bytes: Uint8Array): SniffedType | null {
  const starts = (...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") {
    return "webp";
  }
  const brand = isoBrand(bytes);
  if (brand && heifBrands.has(brand)) return "heif";
  if (ascii(bytes, 0, 5) === "%PDF-") return "pdf";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "other-image";
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return "other-image";
  // BMP: "BM", then four reserved bytes that are zero.
  if (starts(0x42, 0x4d) && bytes.length > 14 && [6, 7, 8, 9].every((i) => bytes[i] === 0)) {
    return "other-image";
  }
  const head = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  if (head.startsWith("<") && head.includes("<svg")) return "other-image";
  return null;
}

/** Whether the policy takes files of this (sniffed) type. */
export function policyTakes(kinds: UploadKinds, type: SniffedType): boolean {
  if (type === "pdf") return kinds === "image+pdf";
  return type !== "other-image";
}

const imageExtensions = ["jpg", "jpeg", "jpe", "jfif", "png", "webp", "heic", "heif", "avif"];
const imageMediaTypes = [
  "image/jpeg",
  "image/pjpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "image/heif",
  "image/avif",
];

/**
 * Whether the name or the browser's type says "an accepted file" — used only
 * to word the refusal ("a wrong type behind a right extension") when the bytes
 * say otherwise, never to accept anything.
 */
export function claimsAccepted(
  kinds: UploadKinds,
  file: { filename: string; declaredType: string },
): boolean {
  const extension = file.filename.toLowerCase().split(".").pop() ?? "";
  const declared = file.declaredType.toLowerCase().split(";")[0]!.trim();
  const pdf = kinds === "image+pdf";
  return (
    imageExtensions.includes(extension) ||
    imageMediaTypes.includes(declared) ||
    (pdf && (extension === "pdf" || declared === "application/pdf"))
  );
}

/** Why a file (or the set of files) was refused. Catalogue keys: `uploads.errors.<reason>`. */
export const uploadRefusals = [
  /** More files than the policy's maxFiles. */
  "too-many-files",
  "too-big",
  "empty",
  /** Neither the bytes nor the name say an accepted type (e.g. a text file, a video). */
  "not-accepted",
  /** The name or claimed type says image/PDF, the bytes say something else. */
  "disguised",
  /** A real image in a format that is not taken (GIF, TIFF, BMP, SVG). */
  "unsupported-image",
  /** HEIC (HEVC-coded HEIF) that this server's image library cannot decode. */
  "heic-unsupported",
  /** More decoded pixels than IMAGE_MAX_PIXELS (a "decompression bomb"). */
  "too-many-pixels",
  /** Truncated or otherwise broken: it does not decode completely. */
  "damaged",
  "pdf-encrypted",
] as const;
export type UploadRefusal = (typeof uploadRefusals)[number];

/** The catalogue key of a refusal; "not-accepted" is worded after what the policy takes. */
export function refusalMessageKey(reason: UploadRefusal, kinds: UploadKinds): string {
  if (reason === "not-accepted" || reason === "disguised") {
    return `uploads.errors.${reason}.${kinds === "image" ? "image" : "imageOrPdf"}`;
  }
  return `uploads.errors.${reason}`;
}

/** The accept attribute of a file input: JPEG/PNG/WebP (and PDF). */
export function acceptAttribute(kinds: UploadKinds): string {
  // HEIC is left out on purpose: iPhones then hand the page a JPEG copy of a
  // HEIC photo (Safari converts it), which every server can read.
  const images = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp";
  return kinds === "image+pdf" ? `${images},application/pdf,.pdf` : images;
}

/** Megabytes for messages ("höchstens 10 MB"). */
export function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
