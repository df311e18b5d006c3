import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { getI18nInstance } from "~/i18n/i18n.server";
import { createMeeting, getMeeting } from "~/modules/meetings/meetings.server";
import { countVote, createVote } from "~/modules/votes/votes.server";
import type { MethodConfig } from "~/modules/votes/methods";
import RemotePage, {
  action as remoteAction,
  loader as remoteLoader,
} from "~/routes/staff.meetings.$id";
import ProjectionPage, {
  action as projectionAction,
  loader as projectionLoader,
} from "~/routes/staff_.meetings.$id.projection";
import { action as voteAction, loader as voteLoader } from "~/routes/staff.votes.$voteId";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, formRequest } from "./helpers";
import { renderRoute } from "./render-route";
import {
  auditEntries,
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
  type TestStaff,
} from "./staff-helpers";
import { createPublishedProcedure, settings, setUpVote } from "./votes-fixtures";

/**
 * The staff side of a meeting through its routes: opening a meeting on the
 * vote page, the projection (loader, keys → action) and the remote (plain
 * forms, hand counts). What the room sees must never carry personal data,
 * and every change needs the role and the CSRF token.
 */

const yesNo: MethodConfig = { method: "yes_no", minTurnout: null, winners: null };

let admin: TestStaff;
let moderator: TestStaff;

beforeEach(async () => {
  resetRateLimits();
  await prisma.meeting.deleteMany();
  await prisma.ballot.deleteMany();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
  admin = await createStaffUser("admin", { name: "Ali Admin" });
  moderator = await createStaffUser("moderator", { name: "Mira Moderatorin" });
});

async function openMeeting(config: MethodConfig = yesNo, languages = ["de"]) {
  const vote = await setUpVote(admin.id, { config, optionCount: 3 });
  const created = await createMeeting({ voteId: vote.voteId, staffId: admin.id, languages });
  if (created.status !== "ok") throw new Error(`meeting: ${JSON.stringify(created)}`);
  return { ...vote, meetingId: created.id, code: created.code };
}

const projectionUrl = (id: string) => `/staff/meetings/${id}/projection`;
const remoteUrl = (id: string) => `/staff/meetings/${id}`;

function projectionPost(id: string, staff: TestStaff, fields: Record<string, string>) {
  return callAction(projectionAction, staffForm(projectionUrl(id), staff, fields), { id });
}

function remotePost(id: string, staff: TestStaff, fields: Record<string, string>) {
  return callAction(remoteAction, staffForm(remoteUrl(id), staff, fields), { id });
}

/** Everything a command could change, to compare before and after a refused request. */
async function meetingRow(id: string) {
  const { updatedAt: _updatedAt, ...row } = await prisma.meeting.findUniqueOrThrow({
    where: { id },
  });
  return row;
}

async function meetingAudit() {
  return prisma.auditEntry.findMany({ where: { entityType: "meeting" } });
}

describe("who may open the projection and the remote", () => {
  it("sends anonymous visitors to the login and refuses their commands, changing nothing", async () => {
    const { meetingId } = await openMeeting();
    const before = await meetingRow(meetingId);

    for (const [loader, url] of [
      [projectionLoader, projectionUrl(meetingId)],
      [remoteLoader, remoteUrl(meetingId)],
    ] as const) {
      const response = await callLoader(loader, url, { id: meetingId });
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(
        `/staff/login?redirectTo=${encodeURIComponent(url)}`,
      );
    }
    for (const [action, url] of [
      [projectionAction, projectionUrl(meetingId)],
      [remoteAction, remoteUrl(meetingId)],
    ] as const) {
      for (const intent of ["next", "open-all", "reveal", "end"]) {
        const response = await callAction(action, formRequest(url, { intent, csrf: "x" }), {
          id: meetingId,
        });
        expect(response.status).toBe(401);
        // The wall keeps its view: the key is refused with a reason, not an error page.
        if (action === projectionAction) {
          expect(await response.json()).toEqual({ status: "refused", reason: "session" });
        }
      }
    }
    const handCount = await callAction(
      remoteAction,
      formRequest(remoteUrl(meetingId), {
        intent: "hand-count",
        optionId: before.spotlightOptionId ?? "x",
        yes: "1",
        no: "0",
        abstain: "0",
        people: "1",
      }),
      { id: meetingId },
    );
    expect(handCount.status).toBe(401);
    expect(await meetingRow(meetingId)).toEqual(before);
    expect(await meetingAudit()).toEqual([]);
  });

  it("refuses a staff account whose role lacks the permission (403), changing nothing", async () => {
    const { meetingId, optionIds } = await openMeeting();
    // Both roles of today may run meetings; an account with any other role may not.
    await prisma.staff.update({ where: { id: moderator.id }, data: { role: "guest" } });
    const before = await meetingRow(meetingId);

    for (const [loader, url] of [
      [projectionLoader, projectionUrl(meetingId)],
      [remoteLoader, remoteUrl(meetingId)],
    ] as const) {
      const response = await callLoader(loader, url, { id: meetingId }, staffHeaders(moderator));
      expect(response.status).toBe(403);
    }
    for (const intent of ["next", "open-all", "reveal", "end"]) {
      expect((await projectionPost(meetingId, moderator, { intent })).status).toBe(403);
      expect((await remotePost(meetingId, moderator, { intent })).status).toBe(403);
    }
    const hands = await remotePost(meetingId, moderator, {
      intent: "hand-count",
      optionId: optionIds[0]!,
      yes: "1",
      no: "0",
      abstain: "0",
      people: "1",
    });
    expect(hands.status).toBe(403);
    const opened = await callAction(
      voteAction,
      staffForm(`/staff/votes/x`, moderator, { intent: "open-meeting", languages: "de" }),
      { voteId: "x" },
    );
    expect(opened.status).toBe(403);

    expect(await meetingRow(meetingId)).toEqual(before);
    expect(await meetingAudit()).toEqual([]);
    expect(await prisma.meeting.count()).toBe(1);
  });

  it("needs the session's CSRF token and this site's origin for every command", async () => {
    const { meetingId } = await openMeeting();
    const before = await meetingRow(meetingId);
    const forged = [
      { ...admin, csrf: "" },
      { ...admin, csrf: "not-the-token" },
      { ...admin, csrf: moderator.csrf },
    ];
    for (const staff of forged) {
      expect((await projectionPost(meetingId, staff, { intent: "next" })).status).toBe(403);
      expect((await remotePost(meetingId, staff, { intent: "open-all" })).status).toBe(403);
    }
    const crossSite = await callAction(
      projectionAction,
      staffForm(
        projectionUrl(meetingId),
        admin,
        { intent: "next" },
        {
          Origin: "https://evil.example",
        },
      ),
      { id: meetingId },
    );
    expect(crossSite.status).toBe(403);
    expect(await meetingRow(meetingId)).toEqual(before);
    expect(await meetingAudit()).toEqual([]);
  });
});

describe("the projection", () => {
  it("loads the room's state, the join link as a QR code, labels per wall language and nothing personal", async () => {
    const { meetingId, code, optionIds } = await openMeeting(yesNo, ["de", "ar"]);
    const response = await callLoader(
      projectionLoader,
      projectionUrl(meetingId),
      { id: meetingId },
      staffHeaders(admin),
    );
    expect(response.status).toBe(200);
    const text = await response.clone().text();
    const { data } = await response.json();
    expect(data.meeting).toMatchObject({
      code,
      joinUrl: `http://test.local/m/${code}`,
      shortUrl: `test.local/m/${code}`,
      languages: ["de", "ar"],
    });
    expect(data.qr.size).toBeGreaterThanOrEqual(21);
    expect(data.qr.path).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
    expect(data.labels.de.hidden).toBe("Ergebnisse verborgen – sie werden gemeinsam aufgedeckt.");
    expect(data.labels.ar.hidden).toBe("النتائج مخفية، وستُعرض على الجميع في وقت واحد.");
    expect(data.labels.ar.channel_phone).toBeTruthy();
    expect(data.options.map((option: { id: string }) => option.id)).toEqual(optionIds);
    // Hidden until the reveal: no counts in the page's data.
    expect(data.snapshot).toMatchObject({ code, talliesVisible: false, tally: null });
    // The initiatives' submitter (staff-helpers submits as Olena Kowalenko) never reaches the wall.
    expect(text).not.toContain("Olena");
    expect(text).not.toContain("olena@example.org");
  });

  it("renders bilingual halves with their own language and direction, and testable hooks", async () => {
    const { meetingId, optionIds } = await openMeeting(yesNo, ["de", "ar"]);
    const route = { loader: projectionLoader, Component: ProjectionPage };
    const render = () =>
      renderRoute(
        "/staff/meetings/:id/projection",
        projectionUrl(meetingId),
        {
          loader: (args) =>
            route.loader({
              ...args,
              request: new Request(args.request.url, { headers: staffHeaders(admin) }),
            }),
          Component: route.Component,
        },
        "de",
      );
    const hidden = await render();
    expect(hidden).toContain('data-tallies="hidden"');
    expect(hidden).toContain('data-connection="reconnecting"');
    expect(hidden).toMatch(/class="pj-half" lang="de" dir="ltr"/);
    expect(hidden).toMatch(/class="pj-half" lang="ar" dir="rtl"/);
    for (const id of optionIds) expect(hidden).toContain(`data-option-id="${id}"`);
    expect(hidden).not.toContain("data-total=");
    expect(hidden).toContain("<svg");
    expect(hidden).toContain('class="pj-qr"');

    await projectionPost(meetingId, admin, { intent: "next" });
    await projectionPost(meetingId, admin, { intent: "reveal" });
    const shown = await render();
    expect(shown).toContain('data-tallies="visible"');
    expect(shown).toContain(`data-spotlight-option-id="${optionIds[0]}"`);
    for (const id of optionIds) {
      expect(shown).toMatch(new RegExp(`data-option-id="${id}" data-total="0"`));
    }
  });

  it("runs the presenter's keys as commands, writes the audit and answers refusals with a reason", async () => {
    const { meetingId, optionIds } = await openMeeting();

    // Space in the overview of a yes/no vote: there is no question to open yet.
    const noQuestion = await projectionPost(meetingId, admin, { intent: "open-question" });
    expect(noQuestion.status).toBe(409);
    expect(await noQuestion.json()).toEqual({ status: "refused", reason: "no-question" });

    expect((await projectionPost(meetingId, admin, { intent: "next" })).status).toBe(200);
    expect((await projectionPost(meetingId, admin, { intent: "next" })).status).toBe(200);
    expect((await getMeeting(meetingId))!.state.spotlightOptionId).toBe(optionIds[1]);
    expect((await projectionPost(meetingId, admin, { intent: "previous" })).status).toBe(200);
    expect((await getMeeting(meetingId))!.state.spotlightOptionId).toBe(optionIds[0]);

    const opened = await projectionPost(meetingId, admin, { intent: "open-question" });
    expect(await opened.json()).toEqual({ status: "ok" });
    let state = (await getMeeting(meetingId))!.state;
    expect(state).toMatchObject({
      votingScope: "question",
      votingOptionId: optionIds[0],
      votingRound: 1,
      votingEndsAt: null,
    });

    const countdown = await projectionPost(meetingId, admin, {
      intent: "countdown",
      seconds: "90",
    });
    expect(countdown.status).toBe(200);
    state = (await getMeeting(meetingId))!.state;
    const left = (state.votingEndsAt!.getTime() - Date.now()) / 1000;
    expect(left).toBeGreaterThan(85);
    expect(left).toBeLessThanOrEqual(90);

    const tooShort = await projectionPost(meetingId, admin, { intent: "countdown", seconds: "2" });
    expect(await tooShort.json()).toEqual({ status: "refused", reason: "seconds" });

    expect((await projectionPost(meetingId, admin, { intent: "close" })).status).toBe(200);
    const closeAgain = await projectionPost(meetingId, admin, { intent: "close" });
    expect(await closeAgain.json()).toEqual({ status: "refused", reason: "not-voting" });

    // H toggles what the meeting does now: hidden by default, so the first press shows.
    await projectionPost(meetingId, admin, { intent: "toggle-hide" });
    expect((await getMeeting(meetingId))!.state.hideTallies).toBe(false);
    await projectionPost(meetingId, admin, { intent: "toggle-hide" });
    expect((await getMeeting(meetingId))!.state.hideTallies).toBe(true);
    await projectionPost(meetingId, admin, { intent: "reveal" });
    expect((await getMeeting(meetingId))!.state.revealed).toBe(true);
    await projectionPost(meetingId, admin, { intent: "overview" });
    expect((await getMeeting(meetingId))!.state.spotlightOptionId).toBeNull();

    const unknown = await projectionPost(meetingId, admin, { intent: "explode" });
    expect(await unknown.json()).toEqual({ status: "refused", reason: "invalid" });

    const audit = await meetingAudit();
    expect(audit.map((entry) => entry.action).sort()).toEqual(
      [
        "meeting.open",
        "meeting.countdown",
        "meeting.close",
        "meeting.hide",
        "meeting.hide",
        "meeting.reveal",
      ].sort(),
    );
    expect(audit.every((entry) => entry.staffId === admin.id && entry.entityId === meetingId)).toBe(
      true,
    );
  });

  it("refuses voting on one initiative in a vote that is not yes/no", async () => {
    const { meetingId } = await openMeeting({ method: "approval", maxChoices: 2, winners: 1 });
    await projectionPost(meetingId, admin, { intent: "next" });
    const refused = await projectionPost(meetingId, admin, { intent: "open-question" });
    expect(await refused.json()).toEqual({ status: "refused", reason: "question-method" });
    expect((await projectionPost(meetingId, admin, { intent: "open-all" })).status).toBe(200);
    expect((await getMeeting(meetingId))!.state.votingScope).toBe("all");
  });
});

describe("the remote", () => {
  it("steers the meeting with plain forms: redirect after each command, refusals stay on the page", async () => {
    const { meetingId } = await openMeeting();
    const page = await callLoader(
      remoteLoader,
      remoteUrl(meetingId),
      { id: meetingId },
      staffHeaders(moderator),
    );
    expect(page.status).toBe(200);

    const opened = await remotePost(meetingId, moderator, { intent: "open-all", seconds: "" });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("Location")).toBe(`/staff/meetings/${meetingId}?done=open-all`);
    expect((await getMeeting(meetingId))!.state).toMatchObject({
      votingScope: "all",
      votingEndsAt: null,
    });

    const languages = await callAction(
      remoteAction,
      new Request(`http://test.local${remoteUrl(meetingId)}`, {
        method: "POST",
        body: new URLSearchParams([
          ["csrf", moderator.csrf],
          ["intent", "languages"],
          ["languages", "ar"],
          ["languages", "de"],
        ]),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Cookie: moderator.cookie,
        },
      }),
      { id: meetingId },
    );
    expect(languages.status).toBe(303);
    expect((await getMeeting(meetingId))!.languages).toEqual(["ar", "de"]);

    const badSeconds = await remotePost(meetingId, moderator, {
      intent: "countdown",
      seconds: "zehn",
    });
    expect(badSeconds.status).toBe(409);
    expect(await badSeconds.json()).toEqual({ intent: "countdown", error: "seconds" });

    expect((await remotePost(meetingId, moderator, { intent: "end" })).status).toBe(303);
    const ended = await getMeeting(meetingId);
    expect(ended!.state.endedAt).not.toBeNull();
    expect(ended!.state.votingScope).toBe("closed");
    const afterEnd = await remotePost(meetingId, moderator, { intent: "next" });
    expect(await afterEnd.json()).toEqual({ intent: "next", error: "ended" });
    expect((await auditEntries("meeting.end"))[0]).toMatchObject({ staffId: moderator.id });
  });

  it("stores a show of hands as its own channel, and keeps implausible or broken numbers in the form", async () => {
    const { meetingId, voteId, optionIds } = await openMeeting();
    await remotePost(meetingId, admin, { intent: "next" });
    const hands = (fields: Record<string, string>) =>
      remotePost(meetingId, admin, { intent: "hand-count", optionId: optionIds[0]!, ...fields });

    // 30 hands for yes from 10 people cannot be.
    const implausible = await hands({ yes: "30", no: "5", abstain: "0", people: "10" });
    expect(implausible.status).toBe(409);
    expect(await implausible.json()).toEqual({
      intent: "hand-count",
      error: "implausible",
      values: { yes: "30", no: "5", abstain: "0", points: "", people: "10" },
      fields: ["people"],
      optionId: optionIds[0],
    });
    const broken = await hands({ yes: "drei", no: "5", abstain: "0", people: "10" });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({
      error: "counts",
      fields: ["yes"],
      values: { yes: "drei", no: "5" },
    });
    expect(await auditEntries("meeting.handCount")).toEqual([]);
    expect((await countVote(voteId))!.turnout.byChannel.hand ?? 0).toBe(0);

    // The page shows what was typed, the reason, and marks the field.
    const html = await renderAfterPost(meetingId, {
      yes: "30",
      no: "5",
      abstain: "0",
      people: "10",
    });
    expect(html).toContain("Die Zahlen passen nicht zusammen");
    expect(html).toMatch(/name="yes"[^>]*value="30"/);
    expect(html).toMatch(/name="people"[^>]*value="10"/);
    expect(html).toMatch(/name="people"[^>]*aria-invalid="true"/);

    const saved = await hands({ yes: "6", no: "3", abstain: "1", people: "12" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`/staff/meetings/${meetingId}?done=hand-count`);
    const counted = await countVote(voteId);
    expect(counted!.channels).toContain("hand");
    expect(counted!.turnout.byChannel.hand).toBe(12);
    const row = counted!.rows.find((candidate) => candidate.optionId === optionIds[0]);
    expect(row!.byChannel.hand).toEqual({ yes: 6, no: 3, abstain: 1 });
    expect(await auditEntries("meeting.handCount")).toEqual([
      expect.objectContaining({
        staffId: admin.id,
        entityId: meetingId,
        after: expect.objectContaining({ ballots: 12 }),
      }),
    ]);
  });
});

/** The remote page as the server renders it after a hand-count POST (no JavaScript). */
async function renderAfterPost(meetingId: string, fields: Record<string, string>) {
  const meeting = await getMeeting(meetingId);
  const handler = createStaticHandler([
    {
      id: "remote",
      path: "/staff/meetings/:id",
      loader: (args) =>
        remoteLoader({
          request: new Request(args.request.url, { headers: staffHeaders(admin) }),
          params: args.params,
          context: {},
        }),
      action: (args) =>
        remoteAction({
          request: staffForm(remoteUrl(meetingId), admin, {
            intent: "hand-count",
            optionId: meeting!.state.spotlightOptionId!,
            ...fields,
          }),
          params: args.params,
          context: {},
        }),
      Component: RemotePage,
    },
  ]);
  const routing = await handler.query(
    new Request(`http://test.local${remoteUrl(meetingId)}?lng=de`, {
      method: "POST",
      body: new URLSearchParams({ intent: "hand-count" }),
    }),
  );
  if (routing instanceof Response) throw new Error(`unexpected response ${routing.status}`);
  const router = createStaticRouter(handler.dataRoutes, routing);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n: getI18nInstance("de") },
      createElement(StaticRouterProvider, { router, context: routing, hydrate: false }),
    ),
  );
}

describe("opening a meeting on the staff vote page", () => {
  it("opens a meeting with one or two languages, redirects to its remote and lists it", async () => {
    const { voteId } = await setUpVote(admin.id, { config: yesNo, optionCount: 2 });
    const open = (pairs: Array<[string, string]>) =>
      callAction(
        voteAction,
        new Request(`http://test.local/staff/votes/${voteId}`, {
          method: "POST",
          body: new URLSearchParams([
            ["csrf", moderator.csrf],
            ["intent", "open-meeting"],
            ...pairs,
          ]),
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Cookie: moderator.cookie,
          },
        }),
        { voteId },
      );

    const response = await open([
      ["languages", "de"],
      ["languages", "ar"],
    ]);
    expect(response.status).toBe(303);
    const id = response.headers.get("Location")!.match(/^\/staff\/meetings\/([^/?]+)$/)![1]!;
    const meeting = await getMeeting(id);
    expect(meeting).toMatchObject({ languages: ["de", "ar"], vote: { id: voteId } });
    expect(meeting!.code).toMatch(/^[A-Z0-9]{4}$/);
    expect(await auditEntries("meeting.created")).toEqual([
      expect.objectContaining({ staffId: moderator.id, entityId: voteId }),
    ]);

    // The same language twice is one; no second language is fine.
    const twice = await open([
      ["languages", "ar"],
      ["languages", "ar"],
    ]);
    expect(twice.status).toBe(303);
    const single = await open([
      ["languages", "en"],
      ["languages", ""],
    ]);
    expect(single.status).toBe(303);
    const invalid = await open([["languages", "xx"]]);
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      intent: "open-meeting",
      errors: ["staff.meetings.vote.invalidLanguages"],
    });

    const page = await callLoader(
      voteLoader,
      `/staff/votes/${voteId}`,
      { voteId },
      staffHeaders(moderator),
    );
    const { meetings } = (await page.json()) as {
      meetings: Array<{ id: string; code: string; endedAt: string | null }>;
    };
    expect(meetings).toHaveLength(3);
    expect(meetings.map((listed) => listed.id)).toContain(id);
    expect(meetings.every((listed) => listed.endedAt === null)).toBe(true);
    const languages = await prisma.meeting.findMany({ select: { languages: true } });
    expect(languages.map((row) => JSON.parse(row.languages)).sort()).toEqual(
      [["ar"], ["de", "ar"], ["en"]].sort(),
    );
  });

  it("refuses a meeting for a procedure that is not published", async () => {
    const procedureId = await createPublishedProcedure(admin.id, { publish: false });
    const vote = await createVote(procedureId, settings(yesNo), admin.id);
    if (vote.status !== "ok") throw new Error(`vote: ${JSON.stringify(vote)}`);
    const response = await callAction(
      voteAction,
      staffForm(`/staff/votes/${vote.id}`, moderator, {
        intent: "open-meeting",
        languages: "de",
      }),
      { voteId: vote.id },
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      errors: ["staff.meetings.vote.refusals.not-published"],
    });
    expect(await prisma.meeting.count()).toBe(0);
  });
});
