import type { ActionFunctionArgs } from "@remix-run/node";
import { getT } from "~/i18n/i18n.server";
import { isPlainRecord } from "~/modules/votes/methods";
import { castBallot, getVoterBrowserKey, type CastRefusal } from "~/modules/votes/votes.server";
import { readJson } from "~/utils/form.server";
import { clientAddress, consume } from "~/utils/rate-limit.server";

/**
 * POST /api/votes/:voteId/ballots — cast or change a ballot as JSON, for apps
 * and for the load benchmark. The same command as the ballot page.
 *
 * Body: `{ "code"?: "K7M4-XH3P-QR", "choices": …, "eligible": true }`.
 * With `code` the ballot goes to the code channel; without, to the open
 * channel, counted per browser by the signed `qs_supporter` cookie (a client
 * without it gets one in the answer and must send it back to change its
 * ballot). `choices` has the shape of the vote's method: yes_no
 * `{ "<optionId>": "yes" | "no" | "abstain" }`, approval and budget
 * `["<optionId>", …]`, dot `{ "<optionId>": points }`.
 *
 * 200 `{ status: "ok", changed }` (changed: a ballot of this code/browser was replaced)
 * 400 invalid_input | 404 not_found | 409 closed, phase, channel_off
 * 422 code_unknown, code_voided, not_eligible, invalid_ballot (with `detail`) | 429 rate_limited
 * Messages follow the language of `?lng=` or the language cookie.
 */
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const read = await readJson(request);
  // The messages are for refusals only: language detection is not paid for by every ballot.
  const t = () => getT(request);
  const noStore = { "Cache-Control": "no-store" };
  const body = read.ok ? read.value : undefined;
  if (
    !isPlainRecord(body) ||
    !("choices" in body) ||
    (body.code !== undefined && typeof body.code !== "string")
  ) {
    return Response.json(
      { error: { code: "invalid_input", message: (await t())("votes.refusals.invalid-input") } },
      { status: 400, headers: noStore },
    );
  }

  const limit = await consume("ballot", clientAddress(context));
  if (!limit.allowed) {
    return Response.json(
      {
        error: {
          code: "rate_limited",
          retryAfterSeconds: limit.retryAfterSeconds,
          message: (await t())("votes.refusals.rate-limited"),
        },
      },
      { status: 429, headers: { ...noStore, "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }

  const voteId = params.voteId ?? "";
  const headers = new Headers(noStore);
  const common = { voteId, choices: body.choices, eligible: body.eligible === true };
  let result;
  if (typeof body.code === "string") {
    result = await castBallot({ ...common, channel: "code", code: body.code });
  } else {
    const browser = await getVoterBrowserKey(request, { create: true });
    if (browser.setCookie) headers.append("Set-Cookie", browser.setCookie);
    result = await castBallot({ ...common, channel: "open", browserKey: browser.key ?? "" });
  }

  if (result.status === "ok") {
    return Response.json({ status: "ok", changed: result.changed }, { headers });
  }
  const { reason, detail } = result;
  const translate = await t();
  let message = translate(`votes.refusals.${reason}`);
  if (reason === "invalid-ballot" && detail) message = translate(`votes.ballotRefusals.${detail}`);
  if (reason === "code-unknown" && detail) {
    const [problem, characters] = detail.split(":");
    message = translate(`votes.codeProblems.${problem}`, {
      characters: [...(characters ?? "")].join(" "),
    });
  }
  return Response.json(
    { error: { code: reason.replace(/-/g, "_"), ...(detail ? { detail } : {}), message } },
    { status: statusOf[reason], headers },
  );
}

export async function loader() {
  return Response.json(
    { error: { code: "method_not_allowed", message: "Use POST." } },
    { status: 405, headers: { Allow: "POST" } },
  );
}
