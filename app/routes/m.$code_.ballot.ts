import type { ActionFunctionArgs } from "@remix-run/node";
import {
  phoneRefusal,
  readPhoneBallotForm,
  type PhoneRefusalReason,
} from "~/components/meetings/phone-ballot-form.server";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { getDeviceKey } from "~/modules/meetings/device-token.server";
import { isVotingOpen } from "~/modules/meetings/meeting-state";
import { updatesRequested } from "~/modules/meetings/meeting-stream.server";
import { castPhoneBallot, getMeetingByCode } from "~/modules/meetings/meetings.server";
import pLimit from "p-limit";
import type { Language } from "~/i18n/config";
import { readForm } from "~/utils/form.server";

/**
 * POST /m/:code/ballot — a phone's ballot, answered in JSON: what the phone
 * page's script (public/meeting/phone.js) and the meeting benchmark
 * (bench/meeting.ts) send. The same form fields, checks and messages as the
 * page's own form post (app/routes/m.$code.tsx), which answers with a page.
 *
 *   200 {"status":"counted","changed":boolean,"update":number}
 *   400|404|405|409|413|415 {"status":"refused","reason":string,"message":string}
 *
 * Reasons: 409 meeting-closed (voting closed, or another round than the
 * phone's), wrong-question, closed, phase (the vote is over); 400
 * choose-answer, invalid (fields), invalid-ballot (the method's rules),
 * unreadable; 404 not-found; 405 method; 413 too-large.
 * `update` is the meeting stream's update count that includes this ballot:
 * the first snapshot whose `covers` reaches it shows it. `message` is in the
 * visitor's language (`?lng=`, else the language cookie). Nothing is stored
 * on a refusal. The device token comes and goes as a cookie (path /m/CODE).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  // No rate limit per address here: the phones in a room share one Wi-Fi address,
  // and one device token holds one ballot; the body limit and the checks below apply.
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const headers = { "Cache-Control": "no-store" };
  let form: FormData;
  try {
    form = await readForm(request);
  } catch (thrown) {
    // readForm's refusals (method, media type, size, unreadable body), in the same JSON shape.
    if (!(thrown instanceof Response)) throw thrown;
    const known = unreadable[thrown.status] ?? unreadable[400]!;
    const answerHeaders = new Headers(headers);
    for (const name of ["Allow", "Connection"]) {
      const value = thrown.headers.get(name);
      if (value) answerHeaders.set(name, value);
    }
    return Response.json(
      { status: "refused", reason: known.reason, message: t(known.key) },
      { status: thrown.status, headers: answerHeaders },
    );
  }
  return ballotGate(() => countBallot(request, params.code ?? "", form, { t, language, headers }));
}

/**
 * At most a few phone ballots are worked on at the same time; the others wait
 * their turn, costing nothing meanwhile. When a whole room taps at once, the
 * ballots are then stored one after another, each with its event, and the
 * projection's counts follow them, instead of hundreds of ballots advancing
 * step by step together and all being stored (and acknowledged) only at the
 * end, seconds later: a server working through that many requests in promise
 * jobs does not get to its timers (bench/README.md, "Meetings: live updates").
 */
const ballotGate = pLimit(4);

async function countBallot(
  request: Request,
  code: string,
  form: FormData,
  {
    t,
    language,
    headers,
  }: {
    t: Awaited<ReturnType<typeof getTFor>>;
    language: Language;
    headers: Record<string, string>;
  },
) {
  const meeting = await getMeetingByCode(code);
  if (!meeting) {
    return Response.json(
      { status: "refused", reason: "not-found", message: t("meetingPhone.errors.notFound") },
      { status: 404, headers },
    );
  }

  const optionIds = meeting.options.map((option) => option.id);
  const reading = readPhoneBallotForm(form, { config: meeting.vote.config, optionIds });
  const refuse = (refusal: { reason: PhoneRefusalReason; detail?: string }) => {
    const { status, message } = phoneRefusal(refusal, {
      t,
      language,
      config: meeting.vote.config,
      options: meeting.options,
      selected: reading.values.ballot.selected,
      votingOpenNow: isVotingOpen(meeting.state, new Date()),
    });
    return Response.json(
      { status: "refused", reason: refusal.reason, message },
      { status, headers },
    );
  };
  if (!reading.ok) return refuse({ reason: reading.reason });

  const device = await getDeviceKey(request, meeting, { create: true });
  const outcome = await castPhoneBallot({
    meeting,
    round: reading.round,
    voterKey: device.voterKey ?? "",
    ballot: reading.ballot,
  });
  if (outcome.status === "refused") return refuse(outcome);
  // Read right after the ballot: its "vote-counted" event has just asked the room for an update.
  const update = updatesRequested(meeting.id);
  return Response.json(
    { status: "counted", changed: outcome.changed, update },
    {
      status: 200,
      headers: device.setCookie ? { ...headers, "Set-Cookie": device.setCookie } : headers,
    },
  );
}

/** readForm's refusals, by HTTP status: the reason and message the JSON answer gives. */
const unreadable: Record<number, { reason: string; key: string }> = {
  400: { reason: "unreadable", key: "errors.page.badRequest.text" },
  405: { reason: "method", key: "errors.page.methodNotAllowed.text" },
  413: { reason: "too-large", key: "errors.page.tooLarge.text" },
  415: { reason: "unreadable", key: "errors.page.badRequest.text" },
};
