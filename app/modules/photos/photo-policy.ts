import type { UploadPolicy } from "~/modules/uploads/upload-policy";
import type { Status } from "~/modules/proposals/statuses";

/** Photos per initiative, at most. */
export const MAX_PHOTOS = 3;
/** Per photo as sent (phones save 2–8 MB; a few high-resolution ones more). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** The resident's description of a photo (its alt text). */
export const PHOTO_ALT_MAX = 200;

/** Images only; `free` is what the initiative still has room for. */
export function photoPolicy(free: number = MAX_PHOTOS): UploadPolicy {
  return { kinds: "image", maxBytes: PHOTO_MAX_BYTES, maxFiles: free };
}

/** The form's photo slots: file field `photo1` with its description `photo1Alt`, and so on. */
export const photoSlots = Array.from({ length: MAX_PHOTOS }, (_, i) => ({
  file: `photo${i + 1}`,
  alt: `photo${i + 1}Alt`,
}));

/**
 * What the resident may do with photos on the tracking page, per status.
 * Photos are added before staff publish (they review them with the text);
 * removing is always possible (a photo may show people).
 */
export const photoChangesAllowed = {
  add: ["submitted", "in_review", "changes_requested"],
  remove: ["submitted", "in_review", "changes_requested", "published", "rejected", "duplicate"],
} as const satisfies Record<"add" | "remove", ReadonlyArray<Status>>;

export function residentMay(change: "add" | "remove", status: string): boolean {
  return (photoChangesAllowed[change] as ReadonlyArray<string>).includes(status);
}

export const photoSizes = ["small", "large"] as const;
export type PhotoSize = (typeof photoSizes)[number];

export function isPhotoSize(value: unknown): value is PhotoSize {
  return value === "small" || value === "large";
}

/** Public address of a photo (the route checks that it is public). */
export const photoUrl = (id: string, size: PhotoSize) => `/photos/${id}/${size}`;

/** A problem with a photo, for the form: a catalogue key and its values. */
export type PhotoProblem = {
  /** The slot's file field ("photo2"), or "" for the set (too many). */
  field: string;
  /** The sender's file name (user text; shown isolated), "" when not about the file. */
  filename: string;
  message: string;
  values: { maxMb: number; max: number; maxMp: number };
};

/** What an answer that shows the form again says about its photos. */
export type PhotoFieldsState = {
  problems: PhotoProblem[];
  /** Slots that carried a file (without JavaScript, the browser does not keep it). */
  received: string[];
  /** The descriptions as typed. */
  alts: Record<string, string>;
};
