import type { UploadPolicy } from "~/modules/uploads/upload-policy";

/**
 * The spending report's form: its limits and field names, shared by the page
 * (browser) and the server. Pure.
 */

/** Receipt slots per submission (more in a later save). */
export const RECEIPT_SLOTS = 3;
/** Receipts per report, at most. */
export const MAX_RECEIPTS = 30;
/** Photos per report (public once the report is accepted). */
export const MAX_REPORT_PHOTOS = 3;
/** Per file as sent. */
export const FUND_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** The short public report. */
export const SUMMARY_MAX = 1500;
/** Volunteer hours, at most (a sanity limit). */
export const MAX_VOLUNTEER_HOURS = 100_000;

export const receiptPolicy = (free: number): UploadPolicy => ({
  kinds: "image+pdf",
  maxBytes: FUND_FILE_MAX_BYTES,
  maxFiles: free,
});

export const reportPhotoPolicy = (free: number): UploadPolicy => ({
  kinds: "image",
  maxBytes: FUND_FILE_MAX_BYTES,
  maxFiles: free,
});

/** The form field of a cost line's actual amount. */
export const actualField = (lineId: string) => `actual-${lineId}`;

/** Receipt slots: file field `receipt1` with the cost line it belongs to in `receipt1Line`. */
export const receiptSlots = Array.from({ length: RECEIPT_SLOTS }, (_, i) => ({
  file: `receipt${i + 1}`,
  line: `receipt${i + 1}Line`,
}));

export const reportPhotoSlots = Array.from(
  { length: MAX_REPORT_PHOTOS },
  (_, i) => `reportPhoto${i + 1}`,
);

export const reportStatuses = ["draft", "submitted", "questions", "accepted"] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** The applicant may change the report while it is a draft or staff asked questions. */
export function reportEditable(status: string | null | undefined): boolean {
  return !status || status === "draft" || status === "questions";
}

/** Public address of a report photo (the route checks that the report is accepted). */
export const reportPhotoUrl = (fileId: string, size: "small" | "large") =>
  `/fund/photos/${fileId}/${size}`;
