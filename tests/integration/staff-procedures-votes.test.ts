import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import type { LoaderFunctionArgs } from "react-router-dom";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import type { Language } from "~/i18n/config";
import { getI18nInstance } from "~/i18n/i18n.server";
import { generateCodeSheet } from "~/modules/votes/votes.server";
import StaffProcedurePage, {
  action as procedureAction,
  loader as procedureLoader,
} from "~/routes/staff.procedures.$id";
import StaffProceduresPage, { loader as listLoader } from "~/routes/staff.procedures._index";
import NewProcedurePage, {
  action as newAction,
  loader as newLoader,
} from "~/routes/staff.procedures.new";
import StaffVotePage, {
  action as voteAction,
  loader as voteLoader,
} from "~/routes/staff.votes.$voteId";
import { dateToBerlinLocal } from "~/utils/berlin-time";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, formRequest } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  publishDirectly,
  resetData,
  staffForm,
  staffHeaders,
  submitProposal,
  type TestStaff,
} from "./staff-helpers";

const DAY = 24 * 60 * 60 * 1000;
const local = (days: number) =>
  `${dateToBerlinLocal(new Date(Date.now() + days * DAY)).slice(0, 13)}:00`;

let moderator: TestStaff;
let admin: TestStaff;

beforeEach(async () => {
  resetRateLimits();
  await prisma.implementationRecord.deleteMany();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
  moderator = await createStaffUser("moderator", { name: "Mira Moderatorin" });
  admin = await createStaffUser("admin", { name: "Ali Admin" });
});

/** A POST with repeated fields (ticked checkboxes) by a logged-in staff member. */
function staffPairs(url: string, staff: TestStaff, pairs: Array<[string, string]>) {
  return new Request(`http://test.local${url}`, {
    method: "POST",
    body: new URLSearchParams([["csrf", staff.csrf], ...pairs]),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: staff.cookie },
  });
}

const idFrom = (response: Response, pattern: RegExp) => {
  const match = response.headers.get("Location")?.match(pattern);
  if (!match)
    throw new Error(`unexpected answer ${response.status} ${response.headers.get("Location")}`);
  return match[1]!;
};

/** A published resident vote whose voting phase runs now (counting follows). */
async function voteProcedure(kind = "resident_vote") {
  const created = await callAction(
    newAction,
    staffForm("/staff/procedures/new", moderator, {
      kind,
      title: "Bürgerhaushalt Rabet",
      description: "Wofür sollen 5.000 € im Rabet ausgegeben werden?",
      "phases.collection.start": local(-10),
      "phases.collection.end": local(-6),
      "phases.review.start": local(-6),
      "phases.review.end": local(-4),
      ...(kind === "resident_vote"
        ? {
            "phases.voting.start": local(-1),
            "phases.voting.end": local(1),
            "phases.counting.start": local(1),
            "phases.counting.end": local(2),
          }
        : {}),
    }),
  );
  const id = idFrom(created, /^\/staff\/procedures\/([^?]+)/);
  const published = await procedureForm(id, [["intent", "publish"]]);
  expect(published.status).toBe(303);
  return id;
}

function procedureForm(id: string, pairs: Array<[string, string]>, staff = moderator) {
  return callAction(procedureAction, staffPairs(`/staff/procedures/${id}`, staff, pairs), { id });
}

function voteForm(voteId: string, fields: Record<string, string>, staff = moderator) {
  return callAction(voteAction, staffForm(`/staff/votes/${voteId}`, staff, fields), { voteId });
}

async function votePage(voteId: string, staff = moderator) {
  const response = await callLoader(
    voteLoader,
    `/staff/votes/${voteId}`,
    { voteId },
    staffHeaders(staff),
  );
  expect(response.status).toBe(200);
  return response.json();
}

const eligibility: Array<[string, string]> = [
  ["eligibilityNote", "Ich wohne, arbeite oder lerne im Leipziger Osten."],
];

async function createVote(procedureId: string, pairs: Array<[string, string]>) {
  const response = await procedureForm(procedureId, [
    ["intent", "create-vote"],
    ...eligibility,
    ...pairs,
  ]);
  return { response, voteId: idFrom(response, /^\/staff\/votes\/([^?]+)\?done=created$/) };
}

async function publishedIdea(title: string) {
  const { id } = await submitProposal({ title });
  await publishDirectly(id);
  return id;
}

async function addOption(voteId: string, proposalId: string, cost = "") {
  const response = await voteForm(voteId, { intent: "add-option", proposalId, cost });
  expect(response.status).toBe(303);
  return prisma.voteOption.findFirstOrThrow({ where: { voteId, proposalId } });
}

type Reply = {
  intent: string;
  errors?: string[];
  result?: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
};
const reply = async (response: Response) => (await response.json()) as Reply;

describe("setting up a vote", () => {
  it("creates votes with each method's settings from the procedure page", async () => {
    const procedureId = await voteProcedure();
    const { response, voteId } = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "3"],
      ["winners", "2"],
      ["channels", "code"],
      ["channels", "paper"],
      ["eligibilityEn", "I live, work or study in Leipzig's east."],
      // Fields of other methods are ignored.
      ["points", "viele"],
    ]);
    expect(response.status).toBe(303);
    const stored = await prisma.vote.findUniqueOrThrow({ where: { id: voteId } });
    expect(stored).toMatchObject({ procedureId, method: "approval", liveResults: false });
    expect(JSON.parse(stored.config)).toEqual({ maxChoices: 3, winners: 2 });
    expect(JSON.parse(stored.channels)).toEqual(["code", "paper"]);
    expect(JSON.parse(stored.eligibilityTranslations)).toEqual({
      en: "I live, work or study in Leipzig's east.",
    });
    expect(await auditEntries("vote.created")).toEqual([
      expect.objectContaining({ staffId: moderator.id, entityId: voteId }),
    ]);

    const others: Array<[Array<[string, string]>, string, unknown]> = [
      [
        [
          ["method", "yes_no"],
          ["minTurnout", "50"],
          ["channels", "open"],
          ["liveResults", "on"],
        ],
        "yes_no",
        { minTurnout: 50, winners: null },
      ],
      [
        [
          ["method", "dot"],
          ["points", "10"],
          ["maxPerOption", "3"],
          ["channels", "paper"],
        ],
        "dot",
        { points: 10, maxPerOption: 3, winners: null },
      ],
      [
        [
          ["method", "budget"],
          ["budget", "12.500,50"],
          ["channels", "code"],
        ],
        "budget",
        { budgetCents: 1_250_050 },
      ],
    ];
    for (const [pairs, method, config] of others) {
      const created = await createVote(procedureId, pairs);
      const vote = await prisma.vote.findUniqueOrThrow({ where: { id: created.voteId } });
      expect(vote.method).toBe(method);
      expect(JSON.parse(vote.config)).toEqual(config);
    }
    const live = await prisma.vote.findFirstOrThrow({ where: { method: "yes_no" } });
    expect(live.liveResults).toBe(true);

    // The vote page shows the settings as they were typed.
    const page = await votePage(voteId);
    expect(page.settingsDefault).toMatchObject({
      method: "approval",
      maxChoices: "3",
      winners: "2",
      channels: ["code", "paper"],
    });
    const budgetVote = await prisma.vote.findFirstOrThrow({ where: { method: "budget" } });
    expect((await votePage(budgetVote.id)).settingsDefault.budget).toBe("12500,50");

    // The procedure page lists the votes with links.
    const procedurePage = await (
      await callLoader(
        procedureLoader,
        `/staff/procedures/${procedureId}`,
        { id: procedureId },
        staffHeaders(moderator),
      )
    ).json();
    expect(procedurePage.votes.map((vote: { id: string }) => vote.id)).toContain(voteId);
  });

  it("refuses bad settings with messages on the fields, keeps what was typed and creates nothing", async () => {
    const procedureId = await voteProcedure();
    const cases: Array<[Array<[string, string]>, string, string]> = [
      [
        [
          ["method", "budget"],
          ["budget", "zwölf Euro"],
          ["channels", "code"],
        ],
        "budget",
        "staff.votes.errors.money",
      ],
      [
        [
          ["method", "approval"],
          ["channels", "code"],
        ],
        "maxChoices",
        "staff.votes.errors.required",
      ],
      [
        [
          ["method", "dot"],
          ["points", "5"],
          ["maxPerOption", "6"],
          ["channels", "code"],
        ],
        "maxPerOption",
        "staff.votes.errors.maxPerOption",
      ],
      [
        [
          ["method", "approval"],
          ["maxChoices", "2"],
        ],
        "channels",
        "staff.votes.errors.channelsRequired",
      ],
      [
        [
          ["maxChoices", "2"],
          ["channels", "code"],
        ],
        "method",
        "staff.votes.errors.methodRequired",
      ],
    ];
    for (const [pairs, field, message] of cases) {
      const response = await procedureForm(procedureId, [
        ["intent", "create-vote"],
        ...eligibility,
        ...pairs,
      ]);
      expect(response.status, JSON.stringify(pairs)).toBe(400);
      const body = await reply(response);
      expect(body.intent).toBe("create-vote");
      expect(body.result?.error?.[field]).toContain(message);
      expect(body.result?.initialValue?.eligibilityNote).toBe(eligibility[0]![1]);
    }
    expect(await prisma.vote.count()).toBe(0);

    // An idea call has no votes.
    const ideaCall = await voteProcedure("idea_call");
    const refused = await procedureForm(ideaCall, [
      ["intent", "create-vote"],
      ...eligibility,
      ["method", "approval"],
      ["maxChoices", "1"],
      ["channels", "code"],
    ]);
    expect(refused.status).toBe(409);
    expect((await reply(refused)).result?.error?.[""]).toEqual([
      "staff.votes.refusals.not-a-vote-procedure",
    ]);
    expect(await prisma.vote.count()).toBe(0);
  });

  it("changes settings on the vote page and locks the method once ballots exist", async () => {
    const procedureId = await voteProcedure();
    const { voteId } = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "1"],
      ["channels", "paper"],
    ]);
    const settings = {
      intent: "settings",
      ...Object.fromEntries(eligibility),
      method: "approval",
      channels: "paper",
    };
    const changed = await voteForm(voteId, { ...settings, maxChoices: "2" });
    expect(changed.headers.get("Location")).toBe(`/staff/votes/${voteId}?done=settings#settings`);
    expect(
      JSON.parse((await prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).config),
    ).toEqual({
      maxChoices: 2,
      winners: null,
    });
    expect(await auditEntries("vote.updated")).toHaveLength(1);

    // A paper count makes the method and numbers final; the note can still change.
    const option = await addOption(voteId, await publishedIdea("Sitzbänke im Rabet"));
    await voteForm(voteId, { intent: "paper-batch", label: "Urne 1" });
    const batch = await prisma.paperBatch.findFirstOrThrow({ where: { voteId } });
    await voteForm(voteId, {
      intent: "paper-entry",
      batchId: batch.id,
      ballots: "3",
      [`options.${option.id}.points`]: "2",
    });
    expect((await votePage(voteId)).hasBallots).toBe(true);
    const locked = await voteForm(voteId, { ...settings, maxChoices: "3" });
    expect(locked.status).toBe(409);
    expect((await reply(locked)).result?.error?.[""]).toEqual(["staff.votes.refusals.has-ballots"]);
    const note = await voteForm(voteId, {
      ...settings,
      maxChoices: "2",
      eligibilityNote: "Alle ab 14 Jahren.",
    });
    expect(note.status).toBe(303);
    expect((await prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).eligibilityNote).toBe(
      "Alle ab 14 Jahren.",
    );
  });
});

describe("the ballot's initiatives", () => {
  it("adds an initiative with its cost in cents and moves it into the procedure", async () => {
    const procedureId = await voteProcedure();
    const { voteId } = await createVote(procedureId, [
      ["method", "budget"],
      ["budget", "5.000"],
      ["channels", "code"],
    ]);
    const bench = await publishedIdea("Sitzbänke im Rabet");
    const { id: unpublished } = await submitProposal({ title: "Noch nicht geprüft" });

    const page = await votePage(voteId);
    expect(page.eligible.map((proposal: { id: string }) => proposal.id)).toEqual([bench]);

    // A budget vote needs a cost.
    const noCost = await voteForm(voteId, { intent: "add-option", proposalId: bench, cost: "" });
    expect(noCost.status).toBe(409);
    expect((await reply(noCost)).result?.error?.[""]).toEqual([
      "staff.votes.refusals.cost-required",
    ]);
    const badCost = await voteForm(voteId, {
      intent: "add-option",
      proposalId: bench,
      cost: "1,2,3",
    });
    expect(badCost.status).toBe(400);
    expect((await reply(badCost)).result?.error?.cost).toEqual(["staff.votes.errors.money"]);
    expect(await prisma.voteOption.count()).toBe(0);

    const option = await addOption(voteId, bench, "1.250,50");
    expect(option.estimatedCostCents).toBe(125_050);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: bench } })).procedureId).toBe(
      procedureId,
    );
    expect(await auditEntries("vote.optionAdded")).toEqual([
      expect.objectContaining({
        staffId: moderator.id,
        before: { procedureId: null },
        after: expect.objectContaining({
          proposalId: bench,
          estimatedCostCents: 125_050,
          procedureId,
        }),
      }),
    ]);
    const after = await votePage(voteId);
    expect(after.eligible).toEqual([]);
    expect(after.options).toEqual([
      expect.objectContaining({
        id: option.id,
        proposalId: bench,
        costCents: 125_050,
        costInput: "1250,50",
      }),
    ]);
    const procedurePage = await (
      await callLoader(
        procedureLoader,
        `/staff/procedures/${procedureId}`,
        { id: procedureId },
        staffHeaders(moderator),
      )
    ).json();
    expect(procedurePage.procedure.proposals.map((p: { id: string }) => p.id)).toEqual([bench]);

    const refused = await voteForm(voteId, {
      intent: "add-option",
      proposalId: unpublished,
      cost: "10",
    });
    expect((await reply(refused)).result?.error?.[""]).toEqual([
      "staff.votes.refusals.not-published",
    ]);

    const updated = await voteForm(voteId, {
      intent: "update-option",
      optionId: option.id,
      cost: "2000",
    });
    expect(updated.status).toBe(303);
    expect(
      (await prisma.voteOption.findUniqueOrThrow({ where: { id: option.id } })).estimatedCostCents,
    ).toBe(200_000);
    const typo = await voteForm(voteId, {
      intent: "update-option",
      optionId: option.id,
      cost: "zwei",
    });
    expect(typo.status).toBe(400);
    const typoBody = await reply(typo);
    expect(typoBody).toMatchObject({ intent: "update-option", optionId: option.id });
    expect(typoBody.result?.error?.cost).toEqual(["staff.votes.errors.money"]);
    expect(typoBody.result?.initialValue?.cost).toBe("zwei");

    // An option of another vote cannot be changed through this page.
    const other = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "1"],
      ["channels", "code"],
    ]);
    const foreign = await voteForm(other.voteId, { intent: "remove-option", optionId: option.id });
    expect(foreign.status).toBe(404);

    const removed = await voteForm(voteId, { intent: "remove-option", optionId: option.id });
    expect(removed.status).toBe(303);
    expect(await prisma.voteOption.count({ where: { voteId } })).toBe(0);
    expect(await auditEntries("vote.optionRemoved")).toHaveLength(1);
  });
});

describe("paper ballots", () => {
  it("counts a batch only when two staff members' independent entries agree", async () => {
    const procedureId = await voteProcedure();
    const { voteId } = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "2"],
      ["channels", "paper"],
    ]);
    const first = await addOption(voteId, await publishedIdea("Sitzbänke im Rabet"));
    const second = await addOption(voteId, await publishedIdea("Trinkbrunnen am Spielplatz"));
    const counts = (a: number, b: number, ballots = 10) => ({
      ballots: String(ballots),
      [`options.${first.id}.points`]: String(a),
      [`options.${second.id}.points`]: String(b),
    });

    const created = await voteForm(voteId, {
      intent: "paper-batch",
      label: "Stadtteilfest, Urne 2",
    });
    const batchId = idFrom(created, /#batch-(.+)$/);
    const taken = await voteForm(voteId, { intent: "paper-batch", label: "Stadtteilfest, Urne 2" });
    expect((await reply(taken)).result?.error?.[""]).toEqual(["staff.votes.refusals.label-taken"]);

    const entered = await voteForm(voteId, { intent: "paper-entry", batchId, ...counts(6, 4) });
    expect(entered.headers.get("Location")).toBe(
      `/staff/votes/${voteId}?done=paper-waiting#batch-${batchId}`,
    );

    // The second person sees who counted, not the numbers: their count stays independent.
    let adminView = (await votePage(voteId, admin)).batches[0];
    expect(adminView).toMatchObject({
      id: batchId,
      state: "waiting",
      entries: null,
      mine: null,
      entrants: [expect.objectContaining({ name: "Mira Moderatorin", mine: false })],
    });
    const moderatorView = (await votePage(voteId, moderator)).batches[0];
    expect(moderatorView.entries).toHaveLength(1);
    expect(moderatorView.mine).toMatchObject({ ballots: 10 });

    const disagree = await voteForm(
      voteId,
      { intent: "paper-entry", batchId, ...counts(6, 5) },
      admin,
    );
    expect(disagree.headers.get("Location")).toContain("done=paper-disagree");
    const page = await votePage(voteId, admin);
    adminView = page.batches[0];
    expect(adminView.state).toBe("disagree");
    expect(
      adminView.entries.map(
        (entry: {
          name: string;
          mine: boolean;
          counts: { options: Record<string, { points: number }> };
        }) => [entry.name, entry.mine, entry.counts.options[second.id]!.points],
      ),
    ).toEqual([
      ["Mira Moderatorin", false, 4],
      ["Ali Admin", true, 5],
    ]);
    // Disagreeing batches do not count.
    expect(page.results.tally.turnout.byChannel.paper).toBe(0);

    // Impossible numbers are refused, keeping what was typed.
    const implausible = await voteForm(
      voteId,
      { intent: "paper-entry", batchId, ...counts(11, 4) },
      admin,
    );
    expect(implausible.status).toBe(409);
    const body = await reply(implausible);
    expect(body).toMatchObject({ intent: "paper-entry", batchId });
    expect(body.result?.error?.[""]).toEqual(["staff.votes.refusals.invalid-counts"]);
    const notANumber = await voteForm(
      voteId,
      { intent: "paper-entry", batchId, ...counts(6, 4), ballots: "zehn" },
      admin,
    );
    expect(notANumber.status).toBe(400);
    expect((await reply(notANumber)).result?.error?.ballots).toEqual([
      "staff.votes.errors.wholeNumber",
    ]);

    const agreed = await voteForm(
      voteId,
      { intent: "paper-entry", batchId, ...counts(6, 4) },
      admin,
    );
    expect(agreed.headers.get("Location")).toContain("done=paper-agreed");
    const counted = await votePage(voteId, moderator);
    expect(counted.batches[0].state).toBe("agreed");
    expect(counted.results.tally.turnout.byChannel.paper).toBe(10);
    expect(
      counted.results.tally.rows.map((row: { optionId: string; total: { points: number } }) => [
        row.optionId,
        row.total.points,
      ]),
    ).toEqual([
      [first.id, 6],
      [second.id, 4],
    ]);
    expect((await auditEntries("paper.entered")).map((entry) => entry.staffId)).toEqual([
      moderator.id,
      admin.id,
    ]);
    expect(await auditEntries("paper.entryCorrected")).toHaveLength(1);

    // Only the vote's own batches can be entered through its page; non-staff posts are refused.
    const other = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "1"],
      ["channels", "paper"],
    ]);
    expect(
      (await voteForm(other.voteId, { intent: "paper-entry", batchId, ...counts(1, 1) })).status,
    ).toBe(404);
    const anonymous = await callAction(
      voteAction,
      formRequest(`/staff/votes/${voteId}`, { intent: "paper-entry", batchId, ...counts(1, 1) }),
      { voteId },
    );
    expect(anonymous.status).toBe(401);
    const forged = await voteForm(
      voteId,
      { intent: "paper-entry", batchId, ...counts(1, 1) },
      { ...admin, csrf: "x" },
    );
    expect(forged.status).toBe(403);
    expect(await prisma.paperEntry.count()).toBe(2);
  });
});

describe("paper batches that do not count block publishing", () => {
  it("refuses to publish, names the batches, and lets staff discard one with a reason", async () => {
    const procedureId = await voteProcedure();
    const { voteId } = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "1"],
      ["winners", "1"],
      ["channels", "paper"],
    ]);
    const bench = await addOption(voteId, await publishedIdea("Sitzbänke im Rabet"));
    const fountain = await addOption(voteId, await publishedIdea("Trinkbrunnen am Spielplatz"));
    const counts = (batchId: string, a: number, b: number) => ({
      intent: "paper-entry",
      batchId,
      ballots: String(a + b),
      [`options.${bench.id}.points`]: String(a),
      [`options.${fountain.id}.points`]: String(b),
    });
    const batch = async (label: string) =>
      idFrom(await voteForm(voteId, { intent: "paper-batch", label }), /#batch-(.+)$/);
    const agreed = await batch("Urne 1");
    await voteForm(voteId, counts(agreed, 6, 3), moderator);
    await voteForm(voteId, counts(agreed, 6, 3), admin);
    const disputed = await batch("Urne 3");
    await voteForm(voteId, counts(disputed, 4, 4), moderator);
    await voteForm(voteId, counts(disputed, 4, 3), admin);
    await voteForm(voteId, { intent: "close" });

    // The page says why publishing is blocked and which batch to resolve.
    const page = await votePage(voteId);
    expect(page.unresolved).toEqual([{ id: disputed, label: "Urne 3", state: "disagree" }]);
    const refused = await voteForm(voteId, { intent: "publish" }, admin);
    expect(refused.status).toBe(409);
    expect(await reply(refused)).toEqual({
      intent: "publish",
      unresolved: [{ id: disputed, label: "Urne 3", state: "disagree" }],
    });
    expect(
      (await prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).resultsPublishedAt,
    ).toBe(null);

    // Without a reason, nothing is discarded.
    const noReason = await voteForm(voteId, {
      intent: "paper-discard",
      batchId: disputed,
      reason: " ",
    });
    expect(noReason.status).toBe(400);
    expect(await reply(noReason)).toMatchObject({
      intent: "paper-discard",
      batchId: disputed,
      result: { error: { reason: ["votes.paperCheck.errors.reasonRequired"] } },
    });
    // An agreed batch counts and stays.
    const agreedRefused = await voteForm(voteId, {
      intent: "paper-discard",
      batchId: agreed,
      reason: "Versehen",
    });
    expect(agreedRefused.status).toBe(409);
    expect((await reply(agreedRefused)).result?.error?.[""]).toEqual([
      "votes.paperCheck.refusals.agreed",
    ]);
    const reason = "Zweimal gezählt, zweimal verschieden; die Urne wird neu ausgezählt.";
    const discard = { intent: "paper-discard", batchId: disputed, reason };
    // No session, a forged form, an account without the permission, another vote's page: refused.
    const anonymous = await callAction(voteAction, formRequest(`/staff/votes/${voteId}`, discard), {
      voteId,
    });
    expect(anonymous.status).toBe(401);
    expect((await voteForm(voteId, discard, { ...moderator, csrf: "x" })).status).toBe(403);
    const missingCsrf = await callAction(
      voteAction,
      new Request(`http://test.local/staff/votes/${voteId}`, {
        method: "POST",
        body: new URLSearchParams(discard),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Cookie: moderator.cookie,
        },
      }),
      { voteId },
    );
    expect(missingCsrf.status).toBe(403);
    const jury = await createStaffUser("jury", { name: "Jana Jury" });
    expect((await voteForm(voteId, discard, jury)).status).toBe(403);
    const other = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "1"],
      ["channels", "paper"],
    ]);
    expect((await voteForm(other.voteId, discard)).status).toBe(404);
    expect(await prisma.paperBatch.count({ where: { id: disputed } })).toBe(1);
    expect(await auditEntries("paper.batchDiscarded")).toHaveLength(0);

    const discarded = await voteForm(voteId, discard);
    expect(discarded.headers.get("Location")).toBe(
      `/staff/votes/${voteId}?done=batch-discarded#paper`,
    );
    expect(await prisma.paperBatch.count({ where: { id: disputed } })).toBe(0);
    expect(await prisma.paperEntry.count({ where: { batchId: disputed } })).toBe(0);
    const [entry] = await auditEntries("paper.batchDiscarded");
    expect(entry).toMatchObject({
      staffId: moderator.id,
      entityId: voteId,
      before: {
        label: "Urne 3",
        state: "disagree",
        entries: [
          {
            staffId: moderator.id,
            counts: {
              ballots: 8,
              options: { [bench.id]: { points: 4 }, [fountain.id]: { points: 4 } },
            },
          },
          {
            staffId: admin.id,
            counts: {
              ballots: 7,
              options: { [bench.id]: { points: 4 }, [fountain.id]: { points: 3 } },
            },
          },
        ],
      },
      after: { reason },
    });
    expect((await votePage(voteId)).unresolved).toEqual([]);

    const published = await voteForm(voteId, { intent: "publish" }, admin);
    expect(published.headers.get("Location")).toContain("done=published");
    const results = (await votePage(voteId)).results;
    expect(results.tally.turnout.byChannel.paper).toBe(9);
    expect(results.tally.selectedIds).toEqual([bench.id]);
  });
});

describe("closing, ties and results", () => {
  async function tiedVote() {
    const procedureId = await voteProcedure();
    const { voteId } = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "1"],
      ["winners", "1"],
      ["channels", "paper"],
    ]);
    const benchIdea = await publishedIdea("Sitzbänke im Rabet");
    const fountainIdea = await publishedIdea("Trinkbrunnen am Spielplatz");
    const bench = await addOption(voteId, benchIdea);
    const fountain = await addOption(voteId, fountainIdea);
    const created = await voteForm(voteId, { intent: "paper-batch", label: "Urne 1" });
    const batchId = idFrom(created, /#batch-(.+)$/);
    const counts = {
      intent: "paper-entry",
      batchId,
      ballots: "10",
      [`options.${bench.id}.points`]: "5",
      [`options.${fountain.id}.points`]: "5",
    };
    await voteForm(voteId, counts, moderator);
    await voteForm(voteId, counts, admin);
    return { voteId, bench, fountain, fountainIdea };
  }

  it("closes the vote, settles a tie by a decision with a reason, and publishes", async () => {
    const { voteId, bench, fountain, fountainIdea } = await tiedVote();
    const open = await voteForm(voteId, { intent: "publish" });
    expect(open.status).toBe(409);
    expect((await reply(open)).errors).toEqual(["staff.votes.refusals.open"]);

    const closed = await voteForm(voteId, { intent: "close" });
    expect(closed.headers.get("Location")).toBe(`/staff/votes/${voteId}?done=closed#results`);
    expect(await auditEntries("vote.closed")).toHaveLength(1);
    expect((await reply(await voteForm(voteId, { intent: "close" }))).errors).toEqual([
      "staff.votes.refusals.already-closed",
    ]);

    const page = await votePage(voteId);
    expect(page.isOver).toBe(true);
    expect(page.results.tally.needsTieBreak).toBe(true);
    expect([...page.ties[0]].sort()).toEqual([bench.id, fountain.id].sort());
    expect((await reply(await voteForm(voteId, { intent: "publish" }))).errors).toEqual([
      "staff.votes.refusals.needs-tie-break",
    ]);

    const places = { [`place.${bench.id}`]: "2", [`place.${fountain.id}`]: "1" };
    const noReason = await voteForm(voteId, { intent: "tie-break", kind: "decision", ...places });
    expect(noReason.status).toBe(400);
    expect((await reply(noReason)).result?.error?.reason).toEqual([
      "staff.votes.errors.tieReasonRequired",
    ]);
    const samePlace = await voteForm(voteId, {
      intent: "tie-break",
      kind: "decision",
      reason: "Der Quartiersrat hat entschieden.",
      [`place.${bench.id}`]: "1",
      [`place.${fountain.id}`]: "1",
    });
    expect((await reply(samePlace)).result?.error?.[`place.${bench.id}`]).toEqual([
      "staff.votes.errors.placeDistinct",
    ]);

    const decided = await voteForm(voteId, {
      intent: "tie-break",
      kind: "decision",
      reason: "Der Quartiersrat hat am 14. März entschieden: zuerst der Trinkbrunnen.",
      ...places,
    });
    expect(decided.headers.get("Location")).toContain("done=tie-decision");
    const settled = await votePage(voteId);
    expect(settled.ties).toEqual([]);
    expect(settled.results.tally.selectedIds).toEqual([fountain.id]);

    const published = await voteForm(voteId, { intent: "publish" }, admin);
    expect(published.headers.get("Location")).toContain("done=published");
    expect(
      (await prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).resultsPublishedAt,
    ).not.toBeNull();
    expect(
      await prisma.implementationRecord.findMany({ select: { proposalId: true, voteId: true } }),
    ).toEqual([{ proposalId: fountainIdea, voteId }]);
    expect((await votePage(voteId)).paperBlocked).toBe("staff.votes.paper.published");
  });

  it("draws lots on the server and shows the seed", async () => {
    const { voteId } = await tiedVote();
    await voteForm(voteId, { intent: "close" });
    const drawn = await voteForm(voteId, { intent: "tie-break", kind: "lot" });
    expect(drawn.headers.get("Location")).toContain("done=tie-lot");
    const stored = JSON.parse(
      (await prisma.vote.findUniqueOrThrow({ where: { id: voteId } })).tieBreak!,
    );
    expect(stored).toEqual({ kind: "lot", seed: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const page = await votePage(voteId);
    expect(page.results.tally.ties[0]).toMatchObject({ brokenBy: "lot", seed: stored.seed });
    expect(page.results.tally.selectedIds).toHaveLength(1);
    // A lot is drawn once.
    expect((await voteForm(voteId, { intent: "tie-break", kind: "lot" })).status).toBe(409);
  });
});

describe("codes", () => {
  it("lists code sheets and voids a lost code typed in any way", async () => {
    const procedureId = await voteProcedure();
    const { voteId } = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "1"],
      ["channels", "code"],
    ]);
    const sheet = await generateCodeSheet({
      voteId,
      count: 3,
      label: "Briefe Eisenbahnstraße",
      staffId: moderator.id,
    });
    if (sheet.status !== "ok") throw new Error(sheet.reason);
    const page = await votePage(voteId);
    expect(page.codesBlocked).toBeNull();
    expect(page.sheets).toEqual([
      expect.objectContaining({ label: "Briefe Eisenbahnstraße", count: 3, used: 0, voided: 0 }),
    ]);

    const code = sheet.codes[0]!;
    const typed = `${code.slice(0, 4)}-${code.slice(4, 8)} ${code.slice(8)}`.toLowerCase();
    const voided = await voteForm(voteId, { intent: "void-code", code: typed });
    expect(voided.headers.get("Location")).toBe(`/staff/votes/${voteId}?done=code-voided#codes`);
    expect(await prisma.voteCode.count({ where: { voteId, voidedAt: { not: null } } })).toBe(1);
    expect(await auditEntries("vote.codeVoided")).toHaveLength(1);
    expect((await votePage(voteId)).sheets[0].voided).toBe(1);

    const again = await voteForm(voteId, { intent: "void-code", code });
    expect(again.status).toBe(409);
    expect((await reply(again)).result?.error?.code).toEqual([
      "staff.votes.refusals.already-voided",
    ]);
    const malformed = await voteForm(voteId, { intent: "void-code", code: "K7M4-XH3P-Q0" });
    expect(malformed.status).toBe(400);
    expect((await reply(malformed)).result?.error?.code).toEqual([
      "staff.votes.errors.codeInvalid",
    ]);
    const unknown = await voteForm(voteId, { intent: "void-code", code: "AAAA-AAAA-AA" });
    expect((await reply(unknown)).result?.error?.code).toEqual([
      "staff.votes.refusals.code-unknown",
    ]);

    // The PDF download cannot answer with a page: a refused sheet comes back as a parameter.
    const refusedSheet = await callLoader(
      voteLoader,
      `/staff/votes/${voteId}?codeSheet=count`,
      { voteId },
      staffHeaders(moderator),
    );
    expect((await refusedSheet.json()).codeSheetError).toBe("staff.votes.codes.errors.count");
    expect((await votePage(voteId)).codeSheetError).toBeNull();

    // Without the code channel the page says so instead of offering a sheet.
    const paperOnly = await createVote(procedureId, [
      ["method", "approval"],
      ["maxChoices", "1"],
      ["channels", "paper"],
    ]);
    expect((await votePage(paperOnly.voteId)).codesBlocked).toBe("staff.votes.codes.channelOff");
  });
});

describe("the pages render", () => {
  /** Server-renders a staff page inside a stand-in staff layout (which provides the CSRF token). */
  async function render(
    path: string,
    url: string,
    route: {
      loader: (args: LoaderFunctionArgs & { context: object }) => Promise<object>;
      Component: () => React.ReactNode;
    },
    staff: TestStaff,
    language: Language,
  ) {
    const routes = [
      {
        id: "routes/staff",
        path: "/staff",
        loader: () => ({ csrf: staff.csrf }),
        children: [
          {
            id: "page",
            path: path.replace(/^\/staff\//, ""),
            loader: ({ request, params }: LoaderFunctionArgs) =>
              route.loader({ request, params, context: {} }),
            Component: route.Component,
          },
        ],
      },
    ];
    const handler = createStaticHandler(routes);
    const routing = await handler.query(
      new Request(`http://test.local${url}?lng=${language}`, { headers: staffHeaders(staff) }),
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

  it("shows every section in German and Arabic, with labels, table headers and no raw keys", async () => {
    const procedureId = await voteProcedure();
    const { voteId } = await createVote(procedureId, [
      ["method", "yes_no"],
      ["channels", "code"],
      ["channels", "paper"],
    ]);
    const option = await addOption(voteId, await publishedIdea("Sitzbänke im Rabet"));
    await generateCodeSheet({ voteId, count: 2, label: "Briefe", staffId: moderator.id });
    const created = await voteForm(voteId, { intent: "paper-batch", label: "Urne 2" });
    const batchId = idFrom(created, /#batch-(.+)$/);
    const yesNo = (yes: string) => ({
      intent: "paper-entry",
      batchId,
      ballots: "5",
      [`options.${option.id}.yes`]: yes,
      [`options.${option.id}.no`]: "1",
    });
    await voteForm(voteId, yesNo("3"), moderator);
    await voteForm(voteId, yesNo("4"), admin);

    const pages = [
      {
        path: "/staff/votes/:voteId",
        url: `/staff/votes/${voteId}`,
        route: { loader: voteLoader, Component: StaffVotePage },
      },
      {
        path: "/staff/procedures/:id",
        url: `/staff/procedures/${procedureId}`,
        route: { loader: procedureLoader, Component: StaffProcedurePage },
      },
      {
        path: "/staff/procedures",
        url: "/staff/procedures",
        route: { loader: listLoader, Component: StaffProceduresPage },
      },
      {
        path: "/staff/procedures/new",
        url: "/staff/procedures/new",
        route: { loader: newLoader, Component: NewProcedurePage },
      },
    ];
    for (const language of ["de", "ar"] as const) {
      for (const page of pages) {
        const html = await render(page.path, page.url, page.route, admin, language);
        expect(html, page.url).not.toMatch(
          /(staff\.(procedures|votes)|votes\.paperCheck)\.[a-zA-Z]/,
        );
        expect(html).toContain("<h1");
        // Every visible input has a label.
        const inputIds = [
          ...html.matchAll(/<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g),
        ].map((m) => m[1]);
        for (const id of inputIds)
          expect(html, `${page.url} label for ${id}`).toContain(`for="${id}"`);
        if (html.includes("<form")) expect(html).toContain(`name="csrf" value="${admin.csrf}"`);
      }
    }
    const vote = await render(pages[0]!.path, pages[0]!.url, pages[0]!.route, admin, "de");
    expect(vote).toContain("nur dieses eine Mal");
    expect(vote).toContain(`action="/staff/votes/${voteId}/codes"`);
    expect(vote).toContain('scope="col"');
    // The disagreement is marked in words and with a sign, not by colour alone.
    expect(vote).toContain("weicht ab");
    expect(vote).toContain("<mark>");
    expect(vote).toContain("Die Zählungen weichen ab");
    // A batch that does not count can be discarded, with a reason.
    expect(vote).toContain("Stapel verwerfen");
    expect(vote).toContain('value="paper-discard"');

    // Once the vote is over, the page says which batches keep the result from being published.
    await voteForm(voteId, { intent: "close" });
    for (const language of ["de", "ar"] as const) {
      const closed = await render(pages[0]!.path, pages[0]!.url, pages[0]!.route, admin, language);
      expect(closed).not.toMatch(/votes\.paperCheck\.[a-zA-Z]/);
      expect(closed).toContain(`href="#batch-${batchId}"`);
      if (language === "de") {
        expect(closed).toContain("Das Ergebnis kann erst veröffentlicht werden");
        expect(closed).toMatch(/<bdi>Urne 2<\/bdi> \(Zählungen weichen ab\)/);
      }
    }
  });
});
