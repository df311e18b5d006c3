import type { ActionFunctionArgs } from "@remix-run/node";
import { getT } from "~/i18n/i18n.server";
import { answerBallotApi } from "~/modules/votes/ballot-api.server";
import { readJson } from "~/utils/form.server";
import { clientAddress } from "~/utils/rate-limit.server";

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
 *
 * The production server answers a JSON body of a declared length without
 * Remix (`ballotApi` in app/modules/votes/ballot-api.server.ts, mounted in
 * server.mjs); both ways give the answers of `answerBallotApi`.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const answer = await answerBallotApi({
    voteId: params.voteId ?? "",
    body: await readJson(request),
    cookieHeader: request.headers.get("Cookie"),
    clientAddress: clientAddress(context),
    translator: () => getT(request),
  });
  return Response.json(answer.json, { status: answer.status, headers: answer.headers });
}

export async function loader() {
  return Response.json(
    { error: { code: "method_not_allowed", message: "Use POST." } },
    { status: 405, headers: { Allow: "POST" } },
  );
}
