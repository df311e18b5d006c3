import type { IncomingMessage, ServerResponse } from "node:http";
import type { TFunction } from "i18next";
import { getT } from "~/i18n/i18n.server";
import { isPlainRecord } from "~/modules/votes/methods";
import { castBallot, type CastRefusal } from "~/modules/votes/votes.server";
import { voterBrowserKeyFromCookie } from "~/modules/votes/vote-keys.server";
import { isJsonContentType, JSON_API_MAX_BYTES } from "~/utils/form.server";
import { consume } from "~/utils/rate-limit.server";

/**
 * The ballot API (`POST /api/votes/:voteId/ballots`, documented in the route
 * module `app/routes/api.votes.$voteId.ballots.ts`): one answer, two ways in.
 *
 * - `answerBallotApi` decides the answer from what a request carried. The
 *   Remix route calls it (development server, tests, any request the fast
 *   path passes on).
 * - `ballotApi` is the production server's fast path (server.mjs, ahead of
 *   compression and Remix): it reads a JSON body of a declared length straight
 *   from Node's request and writes the answer to Node's response. Half of a
 *   ballot's CPU went to the Remix request cycle — creating a Fetch Request
 *   and ranking all routes twice per request — none of which a ballot needs
 *   (bench/README.md, "Ballots"). Anything else (no JSON type, no or too large
 *   Content-Length) is passed on to the route, which answers 413/415 as before.
 */

export type BallotApiRequest = {
  voteId: string;
  /** The body as parsed JSON, or `{ ok: false }` when it was not JSON. */
  body: { ok: true; value: unknown } | { ok: false };
  cookieHeader: string | null;
  clientAddress: string;
  /** The visitor's words, looked up only for a refusal. */
  translator: () => Promise<TFunction>;
};

export type BallotApiAnswer = {
  status: number;
  headers: [name: string, value: string][];
  json: unknown;
};

const statusOf: Record<CastRefusal, number> = {
  "not-found": 404,
  closed: 409,
  phase: 409,
  "channel-off": 409,
  "code-unknown": 422,
  "code-voided": 422,
  "not-eligible": 422,
  "invalid-ballot": 422,
  // Only phones in a meeting get this; the API has no phone channel.
  "meeting-closed": 409,
};

const NO_STORE: [string, string] = ["Cache-Control", "no-store"];

export async function answerBallotApi(input: BallotApiRequest): Promise<BallotApiAnswer> {
  const body = input.body.ok ? input.body.value : undefined;
  if (
    !isPlainRecord(body) ||
    !("choices" in body) ||
    (body.code !== undefined && typeof body.code !== "string")
  ) {
    const t = await input.translator();
    return {
      status: 400,
      headers: [NO_STORE],
      json: { error: { code: "invalid_input", message: t("votes.refusals.invalid-input") } },
    };
  }

  const limit = await consume("ballot", input.clientAddress);
  if (!limit.allowed) {
    const t = await input.translator();
    return {
      status: 429,
      headers: [NO_STORE, ["Retry-After", String(limit.retryAfterSeconds)]],
      json: {
        error: {
          code: "rate_limited",
          retryAfterSeconds: limit.retryAfterSeconds,
          message: t("votes.refusals.rate-limited"),
        },
      },
    };
  }

  const headers: [string, string][] = [NO_STORE];
  const common = { voteId: input.voteId, choices: body.choices, eligible: body.eligible === true };
  let result;
  if (typeof body.code === "string") {
    result = await castBallot({ ...common, channel: "code", code: body.code });
  } else {
    const browser = await voterBrowserKeyFromCookie(input.cookieHeader, { create: true });
    if (browser.setCookie) headers.push(["Set-Cookie", browser.setCookie]);
    result = await castBallot({ ...common, channel: "open", browserKey: browser.key ?? "" });
  }

  if (result.status === "ok") {
    return { status: 200, headers, json: { status: "ok", changed: result.changed } };
  }
  const { reason, detail } = result;
  const t = await input.translator();
  let message = t(`votes.refusals.${reason}`);
  if (reason === "invalid-ballot" && detail) message = t(`votes.ballotRefusals.${detail}`);
  if (reason === "code-unknown" && detail) {
    const [problem, characters] = detail.split(":");
    message = t(`votes.codeProblems.${problem}`, {
      characters: [...(characters ?? "")].join(" "),
    });
  }
  return {
    status: statusOf[reason],
    headers,
    json: { error: { code: reason.replace(/-/g, "_"), ...(detail ? { detail } : {}), message } },
  };
}

type NodeRequest = IncomingMessage & {
  params: Record<string, string | undefined>;
  /** Express's client address (honours TRUST_PROXY). */
  ip?: string;
  originalUrl?: string;
};

/** Reads a body whose length Node's parser already holds to the declared Content-Length. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("aborted")));
  });
}

/**
 * Express handler for `POST /api/votes/:voteId/ballots` in the production
 * server: the same answers as the route, without the Remix request cycle.
 */
export async function ballotApi(
  req: NodeRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) {
  const declared = Number(req.headers["content-length"] ?? "");
  if (
    !isJsonContentType(req.headers["content-type"]) ||
    req.headers["content-length"] === undefined ||
    !Number.isInteger(declared) ||
    declared > JSON_API_MAX_BYTES
  ) {
    next();
    return;
  }
  try {
    let bytes: Buffer;
    try {
      bytes = await readBody(req);
    } catch {
      // The client went away or sent a broken body: nobody may be left to answer.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(400, { "Content-Type": "application/json", "Cache-Control": "no-store" });
        res.end(
          JSON.stringify({
            error: { code: "invalid_input", message: "The request body could not be read." },
          }),
        );
      }
      return;
    }
    let body: BallotApiRequest["body"];
    try {
      body = { ok: true, value: JSON.parse(bytes.toString("utf8")) };
    } catch {
      body = { ok: false };
    }
    const cookieHeader = req.headers.cookie ?? null;
    const answer = await answerBallotApi({
      voteId: req.params.voteId ?? "",
      body,
      cookieHeader,
      clientAddress: req.ip || "unknown",
      // Language as every page finds it (?lng=, then the cookie), from a small Request.
      translator: () =>
        getT(
          new Request(new URL(req.originalUrl ?? req.url ?? "/", "http://localhost"), {
            headers: cookieHeader ? { Cookie: cookieHeader } : {},
          }),
        ),
    });
    const payload = JSON.stringify(answer.json);
    res.statusCode = answer.status;
    res.setHeader("Content-Type", "application/json");
    for (const [name, value] of answer.headers) res.appendHeader(name, value);
    res.setHeader("Content-Length", Buffer.byteLength(payload));
    res.end(payload);
  } catch (error) {
    next(error);
  }
}
