import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { normaliseText } from "./text-normalise";

/**
 * Reading request bodies, in one place for every route with an action.
 *
 * A form post that is not what a form sends (another method, a JSON or
 * text/plain body, broken multipart, an oversized body) is answered with a
 * thrown 4xx Response, which the error boundary renders in the visitor's
 * language; the route's own code never sees it. Bodies are read as a stream
 * with a byte counter, so an oversized body costs at most the limit in memory.
 */

/** Text forms: a comment (2,000 characters) or a description (5,000) in Arabic fits many times. */
export const TEXT_FORM_MAX_BYTES = 64 * 1024;
/** The JSON API takes the same fields as the form. */
export const JSON_API_MAX_BYTES = 64 * 1024;
/** Funding-area uploads (GeoJSON file plus a few text fields). */
export const AREA_UPLOAD_MAX_BYTES = 6 * 1024 * 1024;
/**
 * Forms that take photos (the submit form, the tracking page): three files of
 * at most 10 MB each (the photo policy, app/modules/photos/photo-policy.ts)
 * plus the text fields. Read as a stream: a file over its own limit is counted,
 * not kept, and named in the answer; only a body over this limit as a whole is
 * refused with 413.
 */
export const PHOTO_FORM_MAX_BYTES = 3 * 10 * 1024 * 1024 + 1024 * 1024;
/**
 * Neighbourhood fund forms with files (the application with its quotes, the
 * spending report with receipts and photos): up to 10 files of at most 10 MB
 * (the fund's upload policy) plus the text fields.
 */
export const FUND_FORM_MAX_BYTES = 10 * 10 * 1024 * 1024 + 1024 * 1024;
/** More file parts than any form of ours has is not a form of ours. */
const MAX_FILE_PARTS = 12;
/**
 * A single text field longer than this is refused as a whole (413) instead of
 * being validated and echoed back into the form: every field limit is below it.
 */
export const FIELD_MAX_CHARS = 8_000;

/** Body limits per path; the server refuses larger Content-Length values before reading. */
const bodyLimits: Array<{ path: RegExp; maxBytes: number }> = [
  { path: /^\/staff\/areas\/?$/, maxBytes: AREA_UPLOAD_MAX_BYTES },
  { path: /^\/proposals\/new\/?$/, maxBytes: PHOTO_FORM_MAX_BYTES },
  { path: /^\/track\/[^/]+\/?$/, maxBytes: PHOTO_FORM_MAX_BYTES },
  { path: /^\/fund\/[^/]+\/apply\/?$/, maxBytes: FUND_FORM_MAX_BYTES },
  { path: /^\/track\/[^/]+\/(application|report)\/?$/, maxBytes: FUND_FORM_MAX_BYTES },
];

export function bodyLimitFor(pathname: string): number {
  return bodyLimits.find(({ path }) => path.test(pathname))?.maxBytes ?? TEXT_FORM_MAX_BYTES;
}

export const ALLOWED_FORM_METHODS = "GET, HEAD, POST";

function refuse(status: 400 | 405 | 413 | 415, message: string, headers: HeadersInit = {}) {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
  });
}

function mediaType(request: Request) {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** A Content-Type the JSON API reads: application/json or any "+json" type. */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

/**
 * Reads the body as bytes, refusing with 413 as soon as it grows over maxBytes
 * (a declared Content-Length over the limit is refused before reading anything).
 */
export async function readBodyBytes(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw refuse(413, "Request body too large.", { Connection: "close" });
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      throw refuse(400, "The request body could not be read.");
    }
    if (step.done) break;
    size += step.value.byteLength;
    if (size > maxBytes) {
      // Not awaited: a cancelled branch of a tee()d body settles only when both are cancelled.
      void reader.cancel().catch(() => {});
      throw refuse(413, "Request body too large.", { Connection: "close" });
    }
    chunks.push(step.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

type ReadFormOptions = {
  maxBytes?: number;
  /** Accept multipart/form-data (file uploads) besides urlencoded forms. */
  multipart?: boolean;
  /** Fields exempt from FIELD_MAX_CHARS (e.g. pasted GeoJSON); the body limit still applies. */
  longFields?: string[];
};

/**
 * The body of a form post, with every text value normalised
 * (`normaliseText`: unpaired surrogates, control characters, NFC, invisible-only text).
 * Throws 405 for another method than POST, 415 for a body that is not a form,
 * 413 for one over the limit, 400 for one that cannot be parsed.
 */
export async function readForm(request: Request, options: ReadFormOptions = {}): Promise<FormData> {
  if (request.method !== "POST") {
    throw refuse(405, "Method not allowed.", { Allow: ALLOWED_FORM_METHODS });
  }
  const type = mediaType(request);
  const multipart = type === "multipart/form-data";
  if (type !== "application/x-www-form-urlencoded" && !(multipart && options.multipart)) {
    throw refuse(415, "Send the form as application/x-www-form-urlencoded.");
  }
  const maxBytes = options.maxBytes ?? bodyLimitFor(new URL(request.url).pathname);
  const bytes = await readBodyBytes(request, maxBytes);

  let parsed: FormData;
  if (multipart) {
    try {
      parsed = await new Response(bytes, {
        headers: { "Content-Type": request.headers.get("Content-Type") ?? "" },
      }).formData();
    } catch {
      throw refuse(400, "The form data could not be read.");
    }
  } else {
    parsed = new FormData();
    // TextDecoder replaces invalid UTF-8 with U+FFFD instead of failing.
    for (const [name, value] of new URLSearchParams(new TextDecoder().decode(bytes))) {
      parsed.append(name, value);
    }
  }

  return normalisedForm(parsed, options.longFields);
}

/** Text values normalised; a field over FIELD_MAX_CHARS (unless exempt) refuses the whole form. */
function normalisedForm(parsed: FormData, longFields: string[] = []): FormData {
  const form = new FormData();
  for (const [name, value] of parsed) {
    if (typeof value !== "string") {
      form.append(name, value);
      continue;
    }
    if (value.length > FIELD_MAX_CHARS && !longFields.includes(name)) {
      throw refuse(413, "A form field is too long.");
    }
    // Passwords are compared as typed: normalising them could lock out an
    // account whose password was set before normalisation existed.
    form.append(name, /password/i.test(name) ? value : normaliseText(value));
  }
  return form;
}

/** A file from a multipart form, as the browser sent it: nothing about it is trusted yet. */
export type FormFile = {
  /** The form field it came in. */
  field: string;
  /** The file name the browser sent (base name only): user text. */
  filename: string;
  /** The type the browser claims; never decides anything (the bytes do). */
  declaredType: string;
  /** Its size in bytes as sent, also when it was too big to keep. */
  size: number;
  /** The bytes; null when the file was over `maxFileBytes` (counted, not kept). */
  bytes: Buffer | null;
};

/**
 * A form with file uploads (multipart/form-data; an urlencoded post of the
 * same page is read as by readForm). The body is read as a stream: the whole
 * body may not grow over the path's limit (413), and each file is kept only
 * up to `maxFileBytes`, so that a single oversized photo comes back as a
 * message in the form instead of an error page. Empty file inputs are left
 * out. Text fields are normalised as by readForm; files are returned apart.
 */
export async function readUploadForm(
  request: Request,
  options: { maxFileBytes: number; maxBytes?: number },
): Promise<{ form: FormData; files: FormFile[] }> {
  if (request.method !== "POST") {
    throw refuse(405, "Method not allowed.", { Allow: ALLOWED_FORM_METHODS });
  }
  const maxBytes = options.maxBytes ?? bodyLimitFor(new URL(request.url).pathname);
  const type = mediaType(request);
  if (type === "application/x-www-form-urlencoded") {
    return { form: await readForm(request, { maxBytes }), files: [] };
  }
  if (type !== "multipart/form-data") {
    throw refuse(415, "Send the form as multipart/form-data.");
  }
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw refuse(413, "Request body too large.", { Connection: "close" });
  }
  if (!request.body) throw refuse(400, "The form data could not be read.");

  let received = 0;
  let problem: Response | null = null;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) {
          problem = refuse(413, "Request body too large.", { Connection: "close" });
          controller.error(new Error("body over the limit"));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );

  const files: FormFile[] = [];
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const isFile = typeof filename === "string";
    // A text field longer than any field limit (in UTF-8, up to 4 bytes a character).
    const keep = isFile ? options.maxFileBytes : FIELD_MAX_CHARS * 4;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= keep) chunks.push(chunk);
    }
    if (!isFile) {
      if (size > keep) problem ??= refuse(413, "A form field is too long.");
      // TextDecoder replaces invalid UTF-8 with U+FFFD instead of failing.
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    if (filename === "" && size === 0) return undefined;
    if (files.length >= MAX_FILE_PARTS) {
      problem ??= refuse(400, "Too many files.");
      return undefined;
    }
    files.push({
      field: name,
      filename,
      declaredType: contentType,
      size,
      bytes: size <= keep ? Buffer.concat(chunks) : null,
    });
    return undefined;
  };

  let parsed: FormData;
  try {
    parsed = await unstable_parseMultipartFormData(
      new Request(request.url, {
        method: "POST",
        headers: request.headers,
        body: counted,
        // Node's fetch needs duplex for a streamed request body.
        duplex: "half",
      }),
      handler,
    );
  } catch {
    throw problem ?? refuse(400, "The form data could not be read.");
  }
  if (problem) throw problem;
  return { form: normalisedForm(parsed), files };
}

export type JsonBody = { ok: true; value: unknown } | { ok: false };

/**
 * A JSON API body. Method and size problems throw a JSON Response (405/413/415);
 * a body that is not valid JSON comes back as `{ ok: false }` for the route's
 * own 400 answer.
 */
export async function readJson(request: Request, maxBytes = JSON_API_MAX_BYTES): Promise<JsonBody> {
  const jsonError = (status: number, code: string, message: string, headers: HeadersInit = {}) =>
    Response.json({ error: { code, message } }, { status, headers });
  if (request.method !== "POST") {
    throw jsonError(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
  }
  if (!isJsonContentType(request.headers.get("Content-Type"))) {
    throw jsonError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, maxBytes);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 413) {
      throw jsonError(413, "payload_too_large", `The body may have at most ${maxBytes} bytes.`, {
        Connection: "close",
      });
    }
    throw jsonError(400, "invalid_input", "The request body could not be read.");
  }
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { ok: false };
  }
}
