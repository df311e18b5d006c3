import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { renderToStaticMarkup, renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { getI18nInstance } from "~/i18n/i18n.server";
import type { Language } from "~/i18n/config";
import type { Phase } from "~/modules/procedures/phases";
import { createProcedure, setProcedureState } from "~/modules/procedures/procedures.server";
import {
  addVoteOption,
  closeVote,
  createVote,
  generateCodeSheet,
  publishResults,
  type VoteSettingsInput,
} from "~/modules/votes/votes.server";
import ProcedurePage, { loader as procedureLoader } from "~/routes/procedures.$id";
import ProcedureList, { loader as listLoader } from "~/routes/procedures._index";
import BallotPage, { action as ballotAction, loader as ballotLoader } from "~/routes/votes.$voteId";
import { loader as csvLoader } from "~/routes/votes.$voteId.results[.]csv";
import { toResultsView } from "~/components/procedures/results-view";
import { VoteResults } from "~/components/procedures/vote-results";
import { tally, type TieBreak } from "~/modules/votes/tally";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, context } from "./helpers";
import {
  cookiePair,
  createStaffUser,
  publishDirectly,
  resetData,
  submitProposal,
  type TestStaff,
} from "./staff-helpers";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const at = (offset: number) => new Date(Date.now() + offset);

let staff: TestStaff;

beforeEach(async () => {
  resetRateLimits();
  await prisma.implementationRecord.deleteMany();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
  staff = await createStaffUser("admin");
});

const phasePlans = {
  votingNow: [
    { kind: "collection", startsAt: at(-20 * DAY), endsAt: at(-10 * DAY) },
    { kind: "voting", startsAt: at(-HOUR), endsAt: at(2 * DAY) },
    { kind: "results", startsAt: at(3 * DAY), endsAt: at(30 * DAY) },
  ],
  votingLater: [
    { kind: "collection", startsAt: at(-HOUR), endsAt: at(2 * DAY) },
    { kind: "voting", startsAt: at(3 * DAY), endsAt: at(5 * DAY) },
  ],
  over: [
    { kind: "collection", startsAt: at(-30 * DAY), endsAt: at(-20 * DAY) },
    { kind: "review", startsAt: at(-20 * DAY), endsAt: at(-10 * DAY) },
  ],
} satisfies Record<string, Phase[]>;

async function procedure(
  options: {
    kind?: "idea_call" | "resident_vote";
    title?: string;
    phases?: Phase[];
    publish?: boolean;
  } = {},
) {
  const created = await createProcedure(
    {
      kind: options.kind ?? "resident_vote",
      title: options.title ?? "Bürgerhaushalt Rabet",
      description: "Wofür sollen 5.000 € im Rabet ausgegeben werden? Stimmen Sie ab.",
      translations: { en: { title: `${options.title ?? "Bürgerhaushalt Rabet"} (EN)` } },
      phases: options.phases ?? phasePlans.votingNow,
    },
    staff.id,
  );
  if (created.status !== "ok") throw new Error(`procedure: ${JSON.stringify(created)}`);
  if (options.publish !== false) {
    const published = await setProcedureState(created.id, "published", staff.id);
    if (published.status !== "ok") throw new Error(`publish: ${published.reason}`);
  }
  return created.id;
}

const budgetSettings: VoteSettingsInput = {
  method: "budget",
  config: { method: "budget", budgetCents: 500_000 },
  channels: ["code", "open"],
  eligibilityNote: "Abstimmen dürfen alle, die im Leipziger Osten wohnen oder arbeiten.",
  eligibilityTranslations: {},
  liveResults: false,
};

/** A budget vote (5.000 €) on three initiatives costing 3.000, 1.500 and 2.000 €, with codes. */
async function budgetVote(procedureId: string, settings: Partial<VoteSettingsInput> = {}) {
  const vote = await createVote(procedureId, { ...budgetSettings, ...settings }, staff.id);
  if (vote.status !== "ok") throw new Error(`vote: ${vote.reason}`);
  const options: string[] = [];
  for (const [title, cost] of [
    ["Sitzbänke im Rabet", 300_000],
    ["Trinkbrunnen am Spielplatz", 150_000],
    ["Blumenbeete an der Eisenbahnstraße", 200_000],
  ] as const) {
    const { id } = await submitProposal({ title });
    await publishDirectly(id);
    const option = await addVoteOption({
      voteId: vote.id,
      proposalId: id,
      estimatedCostCents: cost,
      staffId: staff.id,
    });
    if (option.status !== "ok") throw new Error(`option: ${option.reason}`);
    options.push(option.id);
  }
  const sheet = await generateCodeSheet({
    voteId: vote.id,
    count: 3,
    label: "Test",
    staffId: staff.id,
  });
  const codes = sheet.status === "ok" ? sheet.codes : [];
  return { voteId: vote.id, options, codes };
}

/** A ballot form post; repeated fields (several ticked checkboxes) as pairs. */
function castForm(
  voteId: string,
  fields: Array<[string, string]>,
  options: { cookie?: string; search?: string } = {},
) {
  return callAction(
    ballotAction,
    new Request(`http://test.local/votes/${voteId}${options.search ?? ""}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...(options.cookie ? { Cookie: options.cookie } : {}),
      },
    }),
    { voteId },
    context(),
  );
}

async function ballotPage(voteId: string, search = "", headers: HeadersInit = {}) {
  const response = await callLoader(ballotLoader, `/votes/${voteId}${search}`, { voteId }, headers);
  expect(response.status).toBe(200);
  return response.json();
}

async function procedurePage(id: string, search = "") {
  const response = await callLoader(procedureLoader, `/procedures/${id}${search}`, { id });
  expect(response.status).toBe(200);
  return response.json();
}

type RouteModule = {
  loader: (args: LoaderFunctionArgs) => Promise<Response | object>;
  Component: () => React.ReactNode;
};

/** Server-renders one route (loader + component) as the browser would get it. */
async function render(path: string, url: string, route: RouteModule, language: Language) {
  const routes = [
    {
      id: "route",
      path,
      loader: ({ request, params }: Pick<LoaderFunctionArgs, "request" | "params">) =>
        route.loader({ request, params, context: {} }),
      Component: route.Component,
    },
  ];
  const handler = createStaticHandler(routes);
  const routing = await handler.query(
    new Request(`http://test.local${url}${url.includes("?") ? "&" : "?"}lng=${language}`),
  );
  if (routing instanceof Response) throw new Error(`unexpected response ${routing.status}`);
  const router = createStaticRouter(handler.dataRoutes, routing);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n: getI18nInstance(language) },
      createElement(StaticRouterProvider, { router, context: routing, hydrate: false }),
    ),
  );
}

const renderBallot = (voteId: string, language: Language) =>
  render(
    "/votes/:voteId",
    `/votes/${voteId}`,
    { loader: ballotLoader, Component: BallotPage },
    language,
  );

const renderProcedure = (id: string, language: Language) =>
  render(
    "/procedures/:id",
    `/procedures/${id}`,
    { loader: procedureLoader, Component: ProcedurePage },
    language,
  );

describe("the list of procedures", () => {
  it("shows current and past procedures, not drafts", async () => {
    const current = await procedure({ title: "Bürgerhaushalt Rabet" });
    const past = await procedure({
      kind: "idea_call",
      title: "Ideen für den Stadtteilpark",
      phases: phasePlans.over,
    });
    await procedure({ title: "Noch ein Entwurf", publish: false });

    const response = await callLoader(listLoader, "/procedures");
    expect(response.status).toBe(200);
    const page = await response.json();
    expect(page.current.map((row: { id: string }) => row.id)).toEqual([current]);
    expect(page.past.map((row: { id: string }) => row.id)).toEqual([past]);
    const row = page.current[0];
    expect(row.title).toBe("Bürgerhaushalt Rabet");
    expect(row.titleLanguage).toBe("de");
    expect(row.currentPhase.kind).toBe("voting");
    expect(row.canVote).toBe(true);
    expect(row.canSubmit).toBe(false);
    expect(JSON.stringify(page)).not.toContain("Noch ein Entwurf");

    const html = await render(
      "/procedures",
      "/procedures",
      { loader: listLoader, Component: ProcedureList },
      "de",
    );
    const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toMatch(/jetzt: Abstimmung bis \d+\. \p{L}+, \d+(:\d\d)? Uhr/u);
    expect(text).toMatch(/beendet am \d+\. \p{L}+/u);
    expect(text).toContain("Jetzt abstimmen");

    // An English page shows the English title where there is one.
    const english = await (await callLoader(listLoader, "/procedures?lng=en")).json();
    expect(english.current[0].title).toBe("Bürgerhaushalt Rabet (EN)");
    expect(english.current[0].titleLanguage).toBe("en");
  });

  it("offers 'Idee einreichen' only while the procedure collects ideas", async () => {
    const collecting = await procedure({ phases: phasePlans.votingLater });
    const page = await procedurePage(collecting);
    const html = await renderProcedure(collecting, "de");
    expect(html).toContain(`href="/proposals/new?procedure=${collecting}"`);
    expect(html).toMatch(/jetzt: Ideen sammeln bis/);
    expect(page.canSubmit).toBe(true);
    expect(page.canVote).toBe(false);
    expect(page.procedure.currentPhase.kind).toBe("collection");
  });
});

describe("a procedure's page", () => {
  it("is 404 for a draft, and so is its ballot", async () => {
    const draft = await procedure({ publish: false });
    const { voteId } = await budgetVote(draft);
    expect((await callLoader(procedureLoader, `/procedures/${draft}`, { id: draft })).status).toBe(
      404,
    );
    expect((await callLoader(ballotLoader, `/votes/${voteId}`, { voteId })).status).toBe(404);
    expect((await callLoader(csvLoader, `/votes/${voteId}/results.csv`, { voteId })).status).toBe(
      404,
    );
  });

  it("lists its ideas and offers the vote while it runs", async () => {
    const id = await procedure();
    const { voteId } = await budgetVote(id);
    const page = await procedurePage(id);
    expect(page.proposals.map((p: { title: string }) => p.title).sort()).toEqual([
      "Blumenbeete an der Eisenbahnstraße",
      "Sitzbänke im Rabet",
      "Trinkbrunnen am Spielplatz",
    ]);
    expect(page.canVote).toBe(true);
    expect(page.votes).toEqual([
      { id: voteId, isOpen: true, results: null, hiddenReason: "hidden-while-open" },
    ]);
  });
});

describe("the ballot", () => {
  it("refuses a ballot outside the voting phase with a clear message and stores nothing", async () => {
    const later = await procedure({ phases: phasePlans.votingLater });
    const upcoming = await budgetVote(later);
    const early = await castForm(upcoming.voteId, [
      ["channel", "code"],
      ["code", upcoming.codes[0]!],
      ["option", upcoming.options[0]!],
      ["eligible", "yes"],
    ]);
    expect(early.status).toBe(409);
    const earlyBody = await early.json();
    expect(earlyBody.error.message).toMatch(
      /^Die Abstimmung hat noch nicht begonnen\. Sie beginnt am /,
    );
    // The choice stays in the form.
    expect(earlyBody.values.selected).toEqual([upcoming.options[0]]);

    const page = await ballotPage(upcoming.voteId);
    expect(page.isOpen).toBe(false);
    expect(page.timing.state).toBe("not-started");

    const now = await procedure();
    const running = await budgetVote(now);
    await closeVote(running.voteId, staff.id);
    const late = await castForm(
      running.voteId,
      [
        ["channel", "open"],
        ["option", running.options[1]!],
        ["eligible", "yes"],
      ],
      { search: "?lng=en" },
    );
    expect(late.status).toBe(409);
    expect((await late.json()).error.message).toBe("The vote has ended. Your vote was not saved.");
    expect(late.headers.get("Set-Cookie")).toBeNull();
    expect(await prisma.ballot.count()).toBe(0);
  });

  it("refuses an over-budget ballot and keeps the choices", async () => {
    const { voteId, options, codes } = await budgetVote(await procedure());
    const response = await castForm(voteId, [
      ["channel", "code"],
      ["code", codes[0]!],
      ...options.map((id): [string, string] => ["option", id]),
      ["eligible", "yes"],
    ]);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.key).toBe("ballot.errors.choices.over-budget");
    expect(body.error.message).toBe(
      // Intl puts a no-break space before the euro sign.
      "Ihre Auswahl kostet 6.500\u00a0€. Das Budget ist 5.000\u00a0€. Bitte entfernen Sie ein Häkchen.",
    );
    expect([...body.values.selected].sort()).toEqual([...options].sort());
    expect(body.values.code).toBe(codes[0]);
    expect(await prisma.ballot.count()).toBe(0);
  });

  it("requires the eligibility confirmation", async () => {
    const { voteId, options, codes } = await budgetVote(await procedure());
    const response = await castForm(voteId, [
      ["channel", "code"],
      ["code", codes[0]!],
      ["option", options[0]!],
    ]);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(
      "Bitte bestätigen Sie, dass Sie an dieser Abstimmung teilnehmen dürfen.",
    );
    expect(await prisma.ballot.count()).toBe(0);
  });

  it("explains a mistyped code", async () => {
    const { voteId, options } = await budgetVote(await procedure());
    const response = await castForm(voteId, [
      ["channel", "code"],
      ["code", "K0M4-XH3P-QR"],
      ["option", options[0]!],
      ["eligible", "yes"],
    ]);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("0");
  });

  it("takes a code ballot, lets it be changed, and keeps one ballot per code", async () => {
    const { voteId, options, codes } = await budgetVote(await procedure());
    const code = codes[0]!;
    // Typed in lower case with spaces: normalising is the backend's job.
    const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4).toLowerCase()}`;
    const first = await castForm(voteId, [
      ["channel", "code"],
      ["code", typed],
      ["option", options[0]!],
      ["eligible", "yes"],
    ]);
    expect(first.status).toBe(303);
    const location = new URL(first.headers.get("Location")!, "http://test.local");
    expect(location.pathname).toBe(`/votes/${voteId}`);
    expect(location.searchParams.get("done")).toBe("1");
    // A code ballot sets no cookie.
    expect(first.headers.get("Set-Cookie")).toBeNull();

    // The page after the redirect shows the ballot, pre-filled, ready to be changed.
    const page = await ballotPage(voteId, location.search);
    expect(page.done).toBe(true);
    expect(page.voted).toBe(true);
    expect(page.values.channel).toBe("code");
    expect(page.values.selected).toEqual([options[0]]);

    const second = await castForm(voteId, [
      ["channel", "code"],
      ["code", location.searchParams.get("code")!],
      ["option", options[0]!],
      ["option", options[1]!],
      ["eligible", "yes"],
    ]);
    expect(second.status).toBe(303);
    const ballots = await prisma.ballot.findMany();
    expect(ballots).toHaveLength(1);
    expect(ballots[0]!.channel).toBe("code");
    expect(JSON.parse(ballots[0]!.choices)).toEqual([...options.slice(0, 2)].sort());
  });

  it("counts an open ballot by a cookie and pre-fills it for the same browser", async () => {
    const { voteId, options } = await budgetVote(await procedure(), { channels: ["open"] });
    const before = await ballotPage(voteId);
    expect(before.channels).toEqual(["open"]);
    expect(before.values.channel).toBe("open");
    expect(before.voted).toBe(false);

    const response = await castForm(voteId, [
      ["channel", "open"],
      ["option", options[2]!],
      ["eligible", "yes"],
    ]);
    expect(response.status).toBe(303);
    const setCookie = response.headers.get("Set-Cookie");
    expect(setCookie).toMatch(/^qs_supporter=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    const cookie = cookiePair(setCookie!);

    const after = await ballotPage(voteId, "?done=1", { Cookie: cookie });
    expect(after.voted).toBe(true);
    expect(after.values.selected).toEqual([options[2]]);
    // Another browser starts with an empty ballot.
    expect((await ballotPage(voteId)).voted).toBe(false);

    // The same browser changes its ballot: still one row.
    const change = await castForm(
      voteId,
      [
        ["channel", "open"],
        ["option", options[1]!],
        ["eligible", "yes"],
      ],
      { cookie },
    );
    expect(change.status).toBe(303);
    expect(await prisma.ballot.count()).toBe(1);
  });

  it("is never kept by a shared cache", async () => {
    const { voteId, codes } = await budgetVote(await procedure());
    const response = await callLoader(ballotLoader, `/votes/${voteId}?code=${codes[0]}`, {
      voteId,
    });
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("renders in Arabic, with the German title marked as German", async () => {
    const { voteId } = await budgetVote(await procedure());
    const html = await renderBallot(voteId, "ar");
    expect(html).toContain("أؤكد: يحق لي المشاركة في هذا التصويت.");
    expect(html).toContain('lang="de" dir="ltr"');
    expect(html).toContain("Bürgerhaushalt Rabet");
    expect(html).toContain("يجب ألّا تتجاوز تكلفتها معًا \u200f5,000\u00a0€.");
    // The live bar and counters come with JavaScript: a static page could not follow the ticks.
    expect(html).not.toContain("<meter");
    expect(html).toContain('name="option"');
    expect(html).toContain('name="eligible"');
    expect(html).toMatch(
      /<input[^>]*name="code"[^>]*dir="ltr"|<input[^>]*dir="ltr"[^>]*name="code"/,
    );
    // Both channels: the person chooses.
    expect(html).toContain('name="channel"');
    expect(html).toContain("بدون رمز");
  });
});

describe("the other methods", () => {
  async function voteWith(settings: Partial<VoteSettingsInput>) {
    const id = await procedure();
    const vote = await createVote(
      id,
      { ...budgetSettings, channels: ["open"], ...settings },
      staff.id,
    );
    if (vote.status !== "ok") throw new Error(`vote: ${vote.reason}`);
    const options: string[] = [];
    for (const title of ["Sitzbänke im Rabet", "Trinkbrunnen am Spielplatz"]) {
      const { id: proposalId } = await submitProposal({ title });
      await publishDirectly(proposalId);
      const option = await addVoteOption({
        voteId: vote.id,
        proposalId,
        estimatedCostCents: null,
        staffId: staff.id,
      });
      if (option.status !== "ok") throw new Error(`option: ${option.reason}`);
      options.push(option.id);
    }
    return { voteId: vote.id, options };
  }

  it("yes/no: one radio group per initiative", async () => {
    const { voteId, options } = await voteWith({
      method: "yes_no",
      config: { method: "yes_no", minTurnout: null, winners: null },
    });
    const html = await renderBallot(voteId, "de");
    expect(html.match(/<fieldset/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain(`name="answer.${options[0]}"`);
    expect(html).toContain(">Enthaltung<");
    const response = await castForm(voteId, [
      ["channel", "open"],
      [`answer.${options[0]}`, "yes"],
      [`answer.${options[1]}`, "abstain"],
      ["eligible", "yes"],
    ]);
    expect(response.status).toBe(303);
    const ballot = await prisma.ballot.findFirstOrThrow();
    expect(JSON.parse(ballot.choices)).toEqual({ [options[0]!]: "yes", [options[1]!]: "abstain" });
  });

  it("approval: at most N ticks, more are refused by the server", async () => {
    const { voteId, options } = await voteWith({
      method: "approval",
      config: { method: "approval", maxChoices: 1, winners: 1 },
    });
    const html = await renderBallot(voteId, "en");
    expect(html).toContain("At most 1 idea.");
    expect(html).not.toContain("Chosen:");
    const response = await castForm(voteId, [
      ["channel", "open"],
      ["option", options[0]!],
      ["option", options[1]!],
      ["eligible", "yes"],
    ]);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.message).toBe("Sie haben zu viele Ideen gewählt. Erlaubt sind höchstens 1.");
    expect(body.values.selected).toEqual(options);
  });

  it("dot voting: points per initiative, counted on the server", async () => {
    const { voteId, options } = await voteWith({
      method: "dot",
      config: { method: "dot", points: 5, maxPerOption: 3, winners: 1 },
    });
    const html = await renderBallot(voteId, "de");
    expect(html).toContain("Sie haben 5 Punkte, höchstens 3 pro Idee.");
    expect(html).not.toContain("Vergeben:");
    expect(html).toMatch(/type="number"[^>]*name="points\./);
    const tooMany = await castForm(voteId, [
      ["channel", "open"],
      [`points.${options[0]}`, "3"],
      [`points.${options[1]}`, "3"],
      ["eligible", "yes"],
    ]);
    expect(tooMany.status).toBe(400);
    const body = await tooMany.json();
    expect(body.error.key).toBe("ballot.errors.choices.too-many-points");
    expect(body.values.points).toEqual({ [options[0]!]: "3", [options[1]!]: "3" });
    const notANumber = await castForm(voteId, [
      ["channel", "open"],
      [`points.${options[0]}`, "zwei"],
      ["eligible", "yes"],
    ]);
    expect(notANumber.status).toBe(400);
    expect((await notANumber.json()).error.key).toBe("ballot.errors.points");
    const valid = await castForm(voteId, [
      ["channel", "open"],
      [`points.${options[0]}`, "3"],
      [`points.${options[1]}`, ""],
      ["eligible", "yes"],
    ]);
    expect(valid.status).toBe(303);
    const ballot = await prisma.ballot.findFirstOrThrow();
    expect(JSON.parse(ballot.choices)).toEqual({ [options[0]!]: 3 });
  });
});

describe("results", () => {
  it("are hidden before publication and shown after, per channel, with a CSV without codes", async () => {
    const id = await procedure();
    const { voteId, options, codes } = await budgetVote(id);
    const cast = (fields: Array<[string, string]>) =>
      castForm(voteId, [...fields, ["eligible", "yes"]]);
    expect(
      (
        await cast([
          ["channel", "code"],
          ["code", codes[0]!],
          ["option", options[0]!],
          ["option", options[1]!],
        ])
      ).status,
    ).toBe(303);
    expect(
      (
        await cast([
          ["channel", "open"],
          ["option", options[0]!],
        ])
      ).status,
    ).toBe(303);

    const csvUrl = `/votes/${voteId}/results.csv`;
    const running = await procedurePage(id);
    expect(running.votes[0].results).toBeNull();
    expect(running.votes[0].hiddenReason).toBe("hidden-while-open");
    expect((await callLoader(csvLoader, csvUrl, { voteId })).status).toBe(404);

    expect((await closeVote(voteId, staff.id)).status).toBe("ok");
    const closed = await procedurePage(id);
    expect(closed.votes[0].results).toBeNull();
    expect(closed.votes[0].hiddenReason).toBe("not-published");
    expect(closed.canVote).toBe(true); // the phase still runs, but the vote is closed:
    expect(closed.votes[0].isOpen).toBe(false);
    expect((await callLoader(csvLoader, csvUrl, { voteId })).status).toBe(404);

    expect((await publishResults(voteId, staff.id)).status).toBe("ok");
    const published = await procedurePage(id);
    const results = published.votes[0].results;
    expect(results.final).toBe(true);
    expect(results.turnout).toEqual({
      total: 2,
      byChannel: [
        { channel: "code", count: 1 },
        { channel: "open", count: 1 },
      ],
    });
    expect(results.channels).toEqual(["code", "open"]);
    const [first, second, third] = results.rows;
    expect(first).toMatchObject({
      optionId: options[0],
      title: "Sitzbänke im Rabet",
      total: { points: 2 },
      selected: true,
      reason: "fits-budget",
      byChannel: [
        { channel: "code", score: { points: 1 } },
        { channel: "open", score: { points: 1 } },
      ],
    });
    expect(second).toMatchObject({ optionId: options[1], selected: true });
    expect(third).toMatchObject({ optionId: options[2], selected: false, reason: "no-votes" });
    expect(results.budget).toEqual({
      budgetCents: 500_000,
      usedCents: 450_000,
      remainingCents: 50_000,
    });
    expect(results.rule.key).toBe("votes.rules.budget");

    const html = await renderProcedure(id, "de");
    expect(html).toContain("Ergebnis der Abstimmung");
    expect(html).toContain("Abgegebene Stimmzettel: 2.");
    expect(html).toContain("Davon mit Code: 1 und ohne Code: 1.");
    expect(html).toContain("4.500\u00a0€ von 5.000\u00a0€ verplant");
    expect(html).toContain("passt ins Budget und wird umgesetzt");
    expect(html).toContain("mit Code: 1 · ohne Code: 1");
    expect(html).toMatch(/<svg class="result-bar" aria-hidden="true"/);
    expect(html).toContain(`href="/votes/${voteId}/results.csv"`);
    // No "vote now" once the vote is closed.
    expect(html).not.toContain(`href="/votes/${voteId}"`);
    const arabic = await renderProcedure(id, "ar");
    expect(arabic).toContain("نتيجة التصويت");
    expect(arabic).toContain('lang="de" dir="ltr"');

    const csv = await callLoader(csvLoader, csvUrl, { voteId });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="/);
    const text = await csv.text();
    expect(text).toContain("Sitzbänke im Rabet");
    for (const code of codes) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(`${code.slice(0, 4)}-${code.slice(4, 8)}`);
    }
    expect(text).not.toContain("Olena");
    expect(text).not.toContain("olena@example.org");
    expect(text).not.toMatch(/qs_supporter|open:|code:/);
  });

  it("show live numbers while the vote runs when the vote allows it", async () => {
    const id = await procedure();
    const { voteId, options } = await budgetVote(id, { liveResults: true, channels: ["open"] });
    await castForm(voteId, [
      ["channel", "open"],
      ["option", options[1]!],
      ["eligible", "yes"],
    ]);
    const page = await procedurePage(id);
    const results = page.votes[0].results;
    expect(results.final).toBe(false);
    expect(results.turnout.total).toBe(1);
    expect(results.rows[0]).toMatchObject({ optionId: options[1], total: { points: 1 } });
  });
});

describe("ties", () => {
  const config = { method: "approval", maxChoices: 1, winners: 1 } as const;
  const options = [
    { id: "a", proposalId: "pa", title: "Sitzbänke", costCents: null },
    { id: "b", proposalId: "pb", title: "Trinkbrunnen", costCents: null },
    { id: "c", proposalId: "pc", title: "Blumen", costCents: null },
  ];
  const aggregates = {
    open: { ballots: 4, options: { a: { points: 1 }, b: { points: 2 }, c: { points: 1 } } },
    paper: { ballots: 1, options: { a: { points: 1 }, b: { points: 0 }, c: { points: 0 } } },
  };
  const html = (tieBreak: TieBreak | undefined, language: Language = "de") =>
    renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: getI18nInstance(language) },
        createElement(VoteResults, {
          now: new Date().toISOString(),
          results: toResultsView("v1", {
            method: "approval",
            config,
            tally: tally(config, options, aggregates, tieBreak),
            options,
            publishedAt: new Date(),
            closed: true,
          }),
        }),
      ),
    );

  it("declares a tie settled by lot, with its seed", () => {
    const text = html({ kind: "lot", seed: "5eed" }).replace(/<[^>]+>/g, "");
    expect(text).toContain(
      "Platz 1 ist geteilt (Sitzbänke und Trinkbrunnen); entschieden durch Los (Startwert 5eed)",
    );
    expect(text).toContain("Platz 1 (geteilt):");
    // Every channel with votes, paper included.
    expect(text).toContain("Stimmen: 2ohne Code: 1 · auf Papier: 1");
    expect(text).toContain("Davon ohne Code: 4 und auf Papier: 1.");
  });

  it("declares a tie settled by decision, with the reason", () => {
    const text = html({
      kind: "decision",
      order: ["b", "a"],
      reason: "Der Quartiersrat hat am 3. März entschieden.",
    }).replace(/<[^>]+>/g, "");
    expect(text).toContain(
      "entschieden durch Beschluss: Der Quartiersrat hat am 3. März entschieden.",
    );
  });

  it("says when a tie is still open", () => {
    const text = html(undefined, "en").replace(/<[^>]+>/g, "");
    expect(text).toContain(
      "Place 1 is shared (Sitzbänke and Trinkbrunnen); this has not been decided yet.",
    );
    expect(text).toContain("There is a tie that still has to be decided.");
  });
});
