import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Language } from "~/i18n/config";
import { getI18nInstance } from "~/i18n/i18n.server";
import { getDeviceKey } from "~/modules/meetings/device-token.server";
import type { MeetingSnapshot } from "~/modules/meetings/meeting-state";
import { meetingStream } from "~/modules/meetings/meeting-stream.server";
import {
  createMeeting,
  getMeetingByCode,
  presenterCommand,
  type PresenterCommand,
} from "~/modules/meetings/meetings.server";
import { CODE_ALPHABET } from "~/modules/votes/codes";
import type { MethodConfig } from "~/modules/votes/methods";
import * as ballotRoute from "~/routes/m.$code_.ballot";
import * as phoneRoute from "~/routes/m.$code";
import * as joinRoute from "~/routes/m._index";
import { prisma } from "~/utils/db.server";
import { callAction, callLoader } from "./helpers";
import { cookiePair, createStaffUser, type TestStaff } from "./staff-helpers";
import { approval2, setUpVote } from "./votes-fixtures";

/**
 * The phones in the room, through the routes they use (on a real SQLite
 * file): joining by code, the page per meeting state, ballots as a form post
 * (without JavaScript) and as JSON (the page's script, the benchmark), one
 * ballot per device token, refusals in the visitor's language.
 */

const yesNo: MethodConfig = { method: "yes_no", minTurnout: null, winners: null };
let staff: TestStaff;

beforeAll(async () => {
  staff = await createStaffUser("moderator");
});

async function meetingFor(config: MethodConfig = yesNo) {
  const vote = await setUpVote(staff.id, { config, optionCount: 3 });
  const created = await createMeeting({ voteId: vote.voteId, staffId: staff.id });
  if (created.status !== "ok") throw new Error(`meeting: ${JSON.stringify(created)}`);
  return { ...vote, meetingId: created.id, code: created.code };
}

async function command(meetingId: string, cmd: PresenterCommand) {
  const result = await presenterCommand(meetingId, staff.id, cmd);
  if (result.status !== "ok") throw new Error(`${cmd.kind}: ${JSON.stringify(result)}`);
  return result.state;
}

/** Puts one initiative to the vote; returns the voting round. */
async function openQuestion(meetingId: string, optionId: string, seconds?: number) {
  await command(meetingId, { kind: "spotlight", optionId });
  return (await command(meetingId, { kind: "open", scope: "question", seconds })).votingRound;
}

/**
 * The phone page as a browser without JavaScript gets it: the route's loader
 * (and action, for a POST) and its component, server-rendered.
 */
async function renderPage(request: Request, language: Language = "de") {
  const handler = createStaticHandler([
    {
      id: "routes/m.$code",
      path: "/m/:code",
      loader: (args) =>
        phoneRoute.loader({ request: args.request, params: args.params, context: {} }),
      action: (args) =>
        phoneRoute.action({ request: args.request, params: args.params, context: {} }),
      Component: phoneRoute.default,
    },
  ]);
  const context = await handler.query(request);
  if (context instanceof Response) return { status: context.status, response: context, html: "" };
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    createElement(
      I18nextProvider,
      { i18n: getI18nInstance(language) },
      createElement(StaticRouterProvider, { router, context, hydrate: false }),
    ),
  );
  return { status: context.statusCode, response: null, html };
}

const page = (code: string, cookie = "", query = "") =>
  new Request(`http://test.local/m/${code}${query}`, { headers: cookie ? { Cookie: cookie } : {} });

function post(path: string, fields: Record<string, string | string[]>, headers = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return new Request(`http://test.local${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

/** A ballot as the page's script sends it: JSON answer, device cookie if the phone has one. */
async function postJson(
  code: string,
  fields: Record<string, string | string[]>,
  options: { cookie?: string; lng?: Language } = {},
) {
  const query = options.lng ? `?lng=${options.lng}` : "";
  const request = post(`/m/${code}/ballot${query}`, fields, {
    Accept: "application/json",
    ...(options.cookie ? { Cookie: options.cookie } : {}),
  });
  const response = await callAction(ballotRoute.action, request, { code });
  const setCookie = response.headers.get("Set-Cookie");
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    cookie: setCookie ? cookiePair(setCookie) : null,
  };
}

/** The page tells this device "gezählt ✓" (the status line next to the button, not the script's text). */
const shownAsCounted = (html: string) => /data-status="true">gezählt ✓<\/p>/.test(html);

async function phoneBallots(voteId: string) {
  return prisma.ballot.findMany({ where: { voteId, channel: "phone" } });
}

/** A join code that no meeting has. */
async function unusedCode(): Promise<string> {
  for (;;) {
    const code = Array.from(
      { length: 4 },
      () => CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)],
    ).join("");
    if (!(await getMeetingByCode(code))) return code;
  }
}

describe("joining a meeting", () => {
  it("finds a meeting by its code, typed in upper or lower case", async () => {
    const { code } = await meetingFor();
    for (const typed of [code, code.toLowerCase(), ` ${code.slice(0, 2)}-${code.slice(2)} `]) {
      const response = await callLoader(joinRoute.loader, `/m?code=${encodeURIComponent(typed)}`);
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe(`/m/${code}`);
    }
    // A scanned or typed address in lower case goes to the one the device cookie belongs to.
    const lower = await renderPage(page(code.toLowerCase(), "", "?lng=en"));
    expect(lower.status).toBe(302);
    expect(lower.response?.headers.get("Location")).toBe(`/m/${code}?lng=en`);
  });

  it("a wrong code gets a message and keeps what was typed", async () => {
    await meetingFor();
    const unknown = await unusedCode();
    const response = await callLoader(joinRoute.loader, `/m?code=${unknown.toLowerCase()}&lng=en`);
    expect(response.status).toBe(404);
    const data = (await response.json()) as { error: string; typed: string };
    expect(data.error).toBe("There is no meeting with this code. Please check the code.");
    expect(data.typed).toBe(unknown.toLowerCase());

    const malformed = await callLoader(joinRoute.loader, "/m?code=K7M");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/4 Zeichen/);
  });

  it("an unknown code in the address is a 404 page with a form to type the code", async () => {
    const unknown = await unusedCode();
    const { status, html } = await renderPage(page(unknown));
    expect(status).toBe(404);
    expect(html).toContain("Versammlung nicht gefunden");
    expect(html).toMatch(/<form method="get" action="\/m"/);
    expect(html).toContain(`value="${unknown}"`);
  });
});

describe("the phone page", () => {
  it("follows the meeting: waiting, the open question, voting closed, the result, the end", async () => {
    const { meetingId, code, optionIds } = await meetingFor();
    await command(meetingId, { kind: "hide", hide: true });
    const waiting = await renderPage(page(code));
    expect(waiting.status).toBe(200);
    expect(waiting.html).toContain("Gleich geht es los");
    expect(waiting.html).not.toContain('name="answer"');

    const round = await openQuestion(meetingId, optionIds[1]!, 90);
    const open = (await renderPage(page(code))).html;
    expect(open).toContain("Idee 2");
    expect(open).toMatch(/Abstimmen bis \d{1,2}:\d{2}:\d{2} Uhr/);
    expect(open).toContain(`name="round" value="${round}"`);
    expect(open).toContain(`name="optionId" value="${optionIds[1]}"`);
    for (const label of ["Ja", "Nein", "Enthaltung"])
      expect(open).toContain(`<span>${label}</span>`);
    expect(open).toContain('data-json="/m/' + code + '/ballot?lng=de"');
    // Hidden tallies are not on the page.
    expect(open).not.toContain("data-results");

    const { cookie } = await postJson(code, {
      round: String(round),
      optionId: optionIds[1]!,
      answer: "no",
    });
    await command(meetingId, { kind: "close" });
    const closed = (await renderPage(page(code, cookie!))).html;
    expect(closed).toContain("Abstimmung geschlossen");
    expect(closed).toContain("Ihre Antwort: Nein");
    expect(closed).toContain("Das Ergebnis wird gleich gezeigt.");
    expect(closed).not.toContain("data-results");

    await command(meetingId, { kind: "reveal" });
    const revealed = (await renderPage(page(code, cookie!))).html;
    expect(revealed).toContain("data-results");
    // One bar for the question only: Ja 0 · Nein 1 · Enthaltung 0, numbers the script can update.
    expect(revealed).toContain(`data-option="${optionIds[1]}"`);
    expect(revealed).not.toContain(`data-option="${optionIds[0]}"`);
    expect(revealed).toMatch(/Nein <span data-n="no">1<\/span>/);

    await command(meetingId, { kind: "end" });
    const ended = (await renderPage(page(code, cookie!, "?lng=ar"), "ar")).html;
    expect(ended).toContain("انتهى الاجتماع");
    // At the end, the whole vote's result.
    for (const id of optionIds) expect(ended).toContain(`data-option="${id}"`);
  });

  it("shows the whole ballot of the vote's method when all initiatives are open", async () => {
    const { meetingId, code, optionIds } = await meetingFor(approval2);
    await command(meetingId, { kind: "open", scope: "all" });
    const { html } = await renderPage(page(code));
    expect(html).toContain("Abstimmung über alle Ideen");
    for (const id of optionIds) expect(html).toContain(`name="option" value="${id}"`);
    expect(html).not.toContain('name="optionId"');
  });

  it("is plain HTML with one small script of our own and nothing personal", async () => {
    expect(phoneRoute.handle).toEqual({ scripts: false });
    expect(joinRoute.handle).toEqual({ scripts: false });
    const { meetingId, code, optionIds } = await meetingFor();
    const round = await openQuestion(meetingId, optionIds[0]!);
    const { cookie } = await postJson(code, {
      round: String(round),
      optionId: optionIds[0]!,
      answer: "yes",
    });
    const meeting = (await getMeetingByCode(code))!;
    const { voterKey } = await getDeviceKey(page(code, cookie!), meeting, { create: false });
    const { html } = await renderPage(page(code, cookie!));
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/meeting/phone.js" defer="">']);
    expect(html).not.toContain("/build/");
    // The fixtures' initiatives were submitted by "Olena Kowalenko <olena@example.org>".
    expect(html).not.toContain("Olena");
    expect(html).not.toContain("@");
    expect(html).not.toContain(cookie!.split("=")[1]!.slice(0, 20));
    expect(html).not.toContain(voterKey!.slice(6, 26));
  });
});

describe("a ballot from a phone", () => {
  it("without JavaScript: stored as a phone ballot, then the page says it was counted", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor();
    const round = await openQuestion(meetingId, optionIds[0]!);
    const sent = await renderPage(
      post(`/m/${code}`, { round: String(round), optionId: optionIds[0]!, answer: "yes" }),
    );
    expect(sent.status).toBe(303);
    expect(sent.response?.headers.get("Location")).toBe(`/m/${code}?counted=1`);
    const setCookie = sent.response?.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^qs_device_${code}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toContain(`Path=/m/${code}`);

    const rows = await phoneBallots(voteId);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.choices)).toEqual({ [optionIds[0]!]: "yes" });

    const cookie = cookiePair(setCookie);
    const after = (await renderPage(page(code, cookie, "?counted=1"))).html;
    expect(shownAsCounted(after)).toBe(true);
    expect(after).toContain("Ihre Stimme ist gezählt.");
    expect(after).toMatch(/<input type="radio" name="answer" required="" checked="" value="yes"/);
    expect(after).toContain("Stimme ändern");
    // Another phone (no cookie) sees an empty ballot.
    const other = (await renderPage(page(code))).html;
    expect(shownAsCounted(other)).toBe(false);
    expect(other).not.toContain('checked=""');
  });

  it("a changed answer replaces the device's ballot: still one row", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor();
    const round = await openQuestion(meetingId, optionIds[0]!);
    const fields = { round: String(round), optionId: optionIds[0]! };
    const first = await postJson(code, { ...fields, answer: "yes" });
    expect(first.body).toMatchObject({ status: "counted", changed: false });
    const second = await postJson(code, { ...fields, answer: "no" }, { cookie: first.cookie! });
    expect(second.body).toMatchObject({ status: "counted", changed: true });
    // The token stays: no new cookie for a phone that has one.
    expect(second.cookie).toBeNull();
    const rows = await phoneBallots(voteId);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.choices)).toEqual({ [optionIds[0]!]: "no" });

    // The next question's answer joins the same ballot.
    const next = await openQuestion(meetingId, optionIds[2]!);
    await postJson(
      code,
      { round: String(next), optionId: optionIds[2]!, answer: "abstain" },
      { cookie: first.cookie! },
    );
    const joined = await phoneBallots(voteId);
    expect(joined).toHaveLength(1);
    expect(JSON.parse(joined[0]!.choices)).toEqual({
      [optionIds[0]!]: "no",
      [optionIds[2]!]: "abstain",
    });
  });

  it("20 parallel posts with the same device cookie leave exactly one ballot", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor();
    const round = await openQuestion(meetingId, optionIds[0]!);
    const fields = { round: String(round), optionId: optionIds[0]! };
    const { cookie } = await postJson(code, { ...fields, answer: "abstain" });
    const answers = ["yes", "no"] as const;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postJson(code, { ...fields, answer: answers[i % 2]! }, { cookie: cookie! }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(Array(20).fill(200));
    const rows = await phoneBallots(voteId);
    expect(rows).toHaveLength(1);
    expect(["yes", "no"]).toContain(JSON.parse(rows[0]!.choices)[optionIds[0]!]);
  });

  it("a device cookie of another meeting, or a forged one, is not this meeting's device", async () => {
    const a = await meetingFor();
    const b = await meetingFor();
    const roundA = await openQuestion(a.meetingId, a.optionIds[0]!);
    const roundB = await openQuestion(b.meetingId, b.optionIds[0]!);
    const fromA = await postJson(a.code, {
      round: String(roundA),
      optionId: a.optionIds[0]!,
      answer: "yes",
    });
    const tokenA = fromA.cookie!.split("=").slice(1).join("=");
    const meetingB = (await getMeetingByCode(b.code))!;

    // A's signed token under B's cookie name: signed, but for another meeting.
    const copied = `qs_device_${b.code}=${tokenA}`;
    expect(
      (await getDeviceKey(page(b.code, copied), meetingB, { create: false })).voterKey,
    ).toBeNull();
    // An unsigned token that claims to be B's.
    const forgedValue = Buffer.from(
      JSON.stringify({ meetingId: b.meetingId, id: "x".repeat(22) }),
    ).toString("base64");
    const forged = `qs_device_${b.code}=${encodeURIComponent(forgedValue)}`;
    expect(
      (await getDeviceKey(page(b.code, forged), meetingB, { create: false })).voterKey,
    ).toBeNull();

    const fields = { round: String(roundB), optionId: b.optionIds[0]!, answer: "no" };
    const first = await postJson(b.code, fields, { cookie: copied });
    const second = await postJson(b.code, fields, { cookie: forged });
    // Each got a fresh token of its own: two separate ballots in B.
    expect(first.cookie).not.toBeNull();
    expect(second.cookie).not.toBeNull();
    expect(first.cookie).not.toBe(second.cookie);
    expect(await phoneBallots(b.voteId)).toHaveLength(2);
    // Neither shows A's ballot, or any ballot, as counted on B's page.
    expect(shownAsCounted((await renderPage(page(b.code, copied))).html)).toBe(false);
    expect(shownAsCounted((await renderPage(page(b.code, forged))).html)).toBe(false);
    expect(shownAsCounted((await renderPage(page(b.code, first.cookie!))).html)).toBe(true);
    expect(await phoneBallots(a.voteId)).toHaveLength(1);
  });

  it("a whole ballot (approval) with the online ballot's fields; a wrong one is refused with its reason", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor(approval2);
    const { votingRound } = await command(meetingId, { kind: "open", scope: "all" });
    const tooMany = await postJson(
      code,
      { round: String(votingRound), option: optionIds },
      { lng: "en" },
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({
      status: "refused",
      reason: "invalid-ballot",
      message: "You chose too many ideas. At most 2 are allowed.",
    });
    expect(await phoneBallots(voteId)).toHaveLength(0);

    // Without JavaScript: the same message, and the ticks are kept.
    const refused = await renderPage(
      post(`/m/${code}?lng=en`, { round: String(votingRound), option: optionIds }),
      "en",
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("You chose too many ideas. At most 2 are allowed.");
    for (const id of optionIds) {
      expect(refused.html).toContain(`name="option" checked="" value="${id}"`);
    }

    const ok = await postJson(code, { round: String(votingRound), option: optionIds.slice(0, 2) });
    expect(ok.body).toMatchObject({ status: "counted" });
    const rows = await phoneBallots(voteId);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.choices)).toEqual(optionIds.slice(0, 2).sort());
  });
});

describe("refusals", () => {
  it("a ballot for an earlier round: 409 in Arabic, nothing stored", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor();
    const first = await openQuestion(meetingId, optionIds[0]!);
    await openQuestion(meetingId, optionIds[1]!);
    const stale = { round: String(first), optionId: optionIds[0]!, answer: "yes" };

    const json = await postJson(code, stale, { lng: "ar" });
    expect(json.status).toBe(409);
    expect(json.body).toEqual({
      status: "refused",
      reason: "meeting-closed",
      message: "طُرح في هذه الأثناء سؤال جديد للتصويت. لم يُحفظ صوتكم. يرجى تحديث الصفحة.",
    });

    const form = await renderPage(post(`/m/${code}?lng=ar`, stale), "ar");
    expect(form.status).toBe(409);
    expect(form.html).toContain("لم يُحفظ صوتكم");
    expect(await phoneBallots(voteId)).toHaveLength(0);
  });

  it("a ballot after voting closed: 409 in Arabic, nothing stored", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor();
    const round = await openQuestion(meetingId, optionIds[0]!);
    await command(meetingId, { kind: "close" });
    const fields = { round: String(round), optionId: optionIds[0]!, answer: "no" };
    const json = await postJson(code, fields, { lng: "ar" });
    expect(json.status).toBe(409);
    expect(json.body).toEqual({
      status: "refused",
      reason: "meeting-closed",
      message: "أُغلق التصويت على هذا السؤال. لم يُحفظ صوتكم.",
    });
    expect(json.cookie).toBeNull();
    const form = await renderPage(post(`/m/${code}?lng=ar`, fields), "ar");
    expect(form.status).toBe(409);
    expect(form.html).toContain("أُغلق التصويت على هذا السؤال. لم يُحفظ صوتكم.");
    expect(await phoneBallots(voteId)).toHaveLength(0);
  });

  it("another initiative than the open question, or no answer: refused, nothing stored", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor();
    const round = await openQuestion(meetingId, optionIds[0]!);
    const wrong = await postJson(code, {
      round: String(round),
      optionId: optionIds[1]!,
      answer: "yes",
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ status: "refused", reason: "wrong-question" });

    const noAnswer = await renderPage(
      post(`/m/${code}`, { round: String(round), optionId: optionIds[0]! }),
    );
    expect(noAnswer.status).toBe(400);
    expect(noAnswer.html).toContain("Bitte wählen Sie Ja, Nein oder Enthaltung.");

    // Without JavaScript the chosen answer stays ticked next to the message.
    const unreadable = await renderPage(
      post(`/m/${code}`, { round: "zwei", optionId: optionIds[0]!, answer: "no" }),
    );
    expect(unreadable.status).toBe(400);
    expect(unreadable.html).toContain("Ihre Stimme konnte nicht gelesen werden.");
    expect(unreadable.html).toContain('name="answer" required="" checked="" value="no"');

    const nonsense = await postJson(code, {
      round: "zwei",
      optionId: optionIds[0]!,
      answer: "vielleicht",
    });
    expect(nonsense.status).toBe(400);
    expect(nonsense.body).toMatchObject({ status: "refused", reason: "invalid" });
    expect(await phoneBallots(voteId)).toHaveLength(0);
  });

  it("an unknown meeting: 404", async () => {
    const unknown = await unusedCode();
    const response = await postJson(unknown, { round: "1", optionId: "x", answer: "yes" });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ status: "refused", reason: "not-found" });
  });
});

describe("the JSON contract (the page's script and bench/meeting.ts)", () => {
  it("answers exactly {status, changed, update}; the snapshot covering `update` includes the ballot", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor();
    await command(meetingId, { kind: "hide", hide: false });
    const round = await openQuestion(meetingId, optionIds[0]!);

    // A client in the room: the stream counts update requests from here on.
    const abort = new AbortController();
    const stream = meetingStream({ id: meetingId, voteId }, abort.signal);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    const snapshots: MeetingSnapshot[] = [];
    let buffer = "";
    const nextSnapshot = async () => {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const line = message.split("\n").find((l) => l.startsWith("data: "));
          if (line) return JSON.parse(line.slice(6)) as MeetingSnapshot;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += value;
      }
    };
    snapshots.push(await nextSnapshot());

    const sent = await postJson(code, {
      round: String(round),
      optionId: optionIds[0]!,
      answer: "yes",
    });
    expect(sent.status).toBe(200);
    expect(Object.keys(sent.body).sort()).toEqual(["changed", "status", "update"]);
    expect(sent.body.status).toBe("counted");
    expect(sent.body.changed).toBe(false);
    expect(typeof sent.body.update).toBe("number");
    expect(sent.body.update).toBeGreaterThan(0);

    let covering = snapshots[0]!;
    while (covering.covers < (sent.body.update as number)) covering = await nextSnapshot();
    expect(covering.ballots.phone).toBe(1);
    const row = covering.tally?.rows.find((r) => r.optionId === optionIds[0]);
    expect(row?.byChannel.phone).toEqual({ yes: 1, no: 0, abstain: 0 });
    abort.abort();

    const refused = await postJson(code, {
      round: String(round + 1),
      optionId: optionIds[0]!,
      answer: "no",
    });
    expect(refused.status).toBe(409);
    expect(Object.keys(refused.body).sort()).toEqual(["message", "reason", "status"]);
  });

  it("reads the body like every form: another media type is refused (in JSON) before anything is stored", async () => {
    const { meetingId, code, voteId, optionIds } = await meetingFor();
    const round = await openQuestion(meetingId, optionIds[0]!);
    const request = new Request(`http://test.local/m/${code}/ballot`, {
      method: "POST",
      body: JSON.stringify({ round, optionId: optionIds[0], answer: "yes" }),
      headers: { "Content-Type": "application/json", Accept: "application/json" },
    });
    const response = await callAction(ballotRoute.action, request, { code });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      status: "refused",
      reason: "unreadable",
      message: expect.stringContaining("Es wurde nichts gespeichert."),
    });
    expect(await phoneBallots(voteId)).toHaveLength(0);
  });
});
