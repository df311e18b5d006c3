import type { Prisma } from "~/db/generated/client";
import {
  checkUploads,
  deleteStoredFiles,
  storePrepared,
  storedFileNames,
  storedFileResponse,
  type PreparedUpload,
  type StoredUpload,
} from "~/modules/uploads/uploads.server";
import { megabytes, refusalMessageKey, type UploadPolicy } from "~/modules/uploads/upload-policy";
import type { FormFile } from "~/utils/form.server";

/**
 * Quotes (Angebote) of an application's cost plan: one optional file per line,
 * a PDF or an image, through the platform's upload module (policy "image+pdf").
 * Checked before anything is written; stored with the application or not at all.
 */
export const QUOTE_MAX_BYTES = 10 * 1024 * 1024;

export function quotePolicy(rows: number): UploadPolicy {
  return { kinds: "image+pdf", maxBytes: QUOTE_MAX_BYTES, maxFiles: rows };
}

export type QuoteUpload = { row: number; prepared: PreparedUpload };
export type QuoteProblem = { field: string; message: string; values: Record<string, number> };

const quoteRow = (field: string): number | null => {
  const match = /^costLines\[(\d{1,2})\]\.quote$/.exec(field);
  return match ? Number(match[1]) : null;
};

/** Checks the quote files of the form (other file fields are ignored). Writes nothing. */
export async function checkQuoteFiles(
  files: ReadonlyArray<FormFile>,
  rows: number,
): Promise<
  { status: "ok"; quotes: QuoteUpload[] } | { status: "refused"; problems: QuoteProblem[] }
> {
  const quoteFiles = files.filter((file) => {
    const row = quoteRow(file.field);
    return row !== null && row < rows;
  });
  if (!quoteFiles.length) return { status: "ok", quotes: [] };
  const checked = await checkUploads(quoteFiles, quotePolicy(rows));
  const values = { maxMb: megabytes(QUOTE_MAX_BYTES) };
  if (checked.status === "refused") {
    return {
      status: "refused",
      problems: checked.refusals.map((refusal) => ({
        field: refusal.field || "costLines",
        message: refusalMessageKey(refusal.reason, "image+pdf"),
        values,
      })),
    };
  }
  return {
    status: "ok",
    quotes: checked.files.map((prepared) => ({ row: quoteRow(prepared.field)!, prepared })),
  };
}

export type StoredQuote = { row: number; file: StoredUpload };

/**
 * Writes the checked quotes, runs `write` (the database transaction), and
 * removes the written files again when `write` refuses or fails.
 */
export async function withStoredQuotes<R extends { status: string }>(
  quotes: ReadonlyArray<QuoteUpload>,
  write: (stored: StoredQuote[]) => Promise<R>,
): Promise<R> {
  if (!quotes.length) return write([]);
  const files = await storePrepared(quotes.map((quote) => quote.prepared));
  const stored = files.map((file, index) => ({ row: quotes[index]!.row, file }));
  const names = storedFileNames(files);
  try {
    const result = await write(stored);
    if (result.status !== "ok") await deleteStoredFiles(names);
    return result;
  } catch (error) {
    await deleteStoredFiles(names);
    throw error;
  }
}

/** The row of a stored upload for the FundFile table. */
export function fundFileData(
  file: StoredUpload,
  purpose: "quote" | "receipt" | "report_photo",
): Omit<Prisma.FundFileUncheckedCreateInput, "applicationId"> {
  return file.kind === "pdf"
    ? {
        purpose,
        kind: "pdf",
        mediaType: file.mediaType,
        file: file.name,
        bytes: file.bytes,
        pages: file.pages,
      }
    : {
        purpose,
        kind: "image",
        mediaType: file.mediaType,
        file: file.large.name,
        smallFile: file.small.name,
        width: file.large.width,
        height: file.large.height,
        bytes: file.large.bytes,
      };
}

/** The stored names of FundFile rows (to delete them from disk after the rows are gone). */
export function namesOfFileRows(rows: ReadonlyArray<{ file: string; smallFile: string | null }>) {
  return rows.flatMap((row) => (row.smallFile ? [row.file, row.smallFile] : [row.file]));
}

/**
 * A fund file as a download: PDFs always as an attachment (never rendered in
 * the site's origin), images inline; nosniff and a sandbox from the upload module.
 */
export async function fundFileResponse(
  row: { id: string; kind: string; mediaType: string; file: string; smallFile: string | null },
  size: "large" | "small" = "large",
): Promise<Response> {
  const name = size === "small" && row.smallFile ? row.smallFile : row.file;
  const response = await storedFileResponse(
    { name, mediaType: row.mediaType },
    "private, no-store",
  );
  if (response.ok) {
    const extension = row.kind === "pdf" ? "pdf" : "webp";
    response.headers.set(
      "Content-Disposition",
      `${row.kind === "pdf" ? "attachment" : "inline"}; filename="antrag-datei-${row.id}.${extension}"`,
    );
    response.headers.set("X-Content-Type-Options", "nosniff");
    response.headers.set("Referrer-Policy", "no-referrer");
  }
  return response;
}
