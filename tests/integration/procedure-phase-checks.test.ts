import { beforeEach, describe, expect, it } from "vitest";
import type { Language } from "~/i18n/config";
import { postComment } from "~/modules/comments/comments.server";
import type { PhaseKind } from "~/modules/procedures/phases";
import { supportProposal, withdrawSupport } from "~/modules/supports/supports.server";
import { action as apiSubmit } from "~/routes/api.proposals";
import ProposalPage, {
  action as detailAction,
  loader as detailLoader,
} from "~/routes/proposals.$id";
import { action as formSubmit, loader as formLoader } from "~/routes/proposals.new";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, formRequest, inside, jsonRequest, validProposal } from "./helpers";
import { cookiePair, publishDirectly, resetData, submitProposal } from "./staff-helpers";
import { renderRoute } from "./render-route";

/**
 * "Every command asks the phase table on the server, the pages use it to show
 * or hide actions": submitting into a procedure, commenting on and supporting
 * an initiative inside one. Refusals are typed and shown in the visitor's
 * language, never a server error; free ideas behave as before.
 */
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const at = (offset: number) => new Date(Date.now() + offset);

type Plan = Array<{ kind: PhaseKind; from: number; to: number }>;

/** Resident-vote phase plans with `now` inside the named phase. */
const plans = {
  collection: [
    { kind: "collection", from: -2 * DAY, to: 5 * DAY },
    { kind: "review", from: 5 * DAY, to: 8 * DAY },
    { kind: "voting", from: 8 * DAY, to: 12 * DAY },
  ],
  review: [
    { kind: "collection", from: -9 * DAY, to: -2 * DAY },
    { kind: "review", from: -2 * DAY, to: 3 * DAY },
    { kind: "voting", from: 3 * DAY, to: 9 * DAY },
  ],
  voting: [
    { kind: "collection", from: -20 * DAY, to: -10 * DAY },
    { kind: "voting", from: -HOUR, to: 4 * DAY },
    { kind: "counting", from: 4 * DAY, to: 6 * DAY },
  ],
  counting: [
    { kind: "collection", from: -20 * DAY, to: -10 * DAY },
    { kind: "voting", from: -5 * DAY, to: -HOUR },
    { kind: "counting", from: -HOUR, to: 2 * DAY },
  ],
} satisfies Record<string, Plan>;

async function procedure(
  plan: Plan,
  options: { state?: string; translations?: object; title?: string } = {},
) {
  const area = await prisma.fundingArea.findFirstOrThrow({ where: { status: "active" } });
  const created = await prisma.procedure.create({
    data: {
      kind: "resident_vote",
      state: options.state ?? "published",
      title: options.title ?? "Quartiersbudget Rabet",
      description: "Sie entscheiden mit.",
      translations: JSON.stringify(options.translations ?? {}),
      fundingAreaId: area.id,
      publishedAt: options.state === "draft" ? null : at(-30 * DAY),
      phases: {
        create: plan.map((phase) => ({
          kind: phase.kind,
          startsAt: at(phase.from),
          endsAt: at(phase.to),
        })),
      },
    },
    select: { id: true },
  });
  return created.id;
}

/** Moves a procedure's phases so that `now` lies in another phase. */
async function movePhases(procedureId: string, plan: Plan) {
  await prisma.procedurePhase.deleteMany({ where: { procedureId } });
  await prisma.procedurePhase.createMany({
    data: plan.map((phase) => ({
      procedureId,
      kind: phase.kind,
      startsAt: at(phase.from),
      endsAt: at(phase.to),
    })),
  });
}

/** A published initiative inside the procedure (or a free idea without one). */
async function publishedIdea(procedureId: string | null, title = "Sitzbänke im Rabet") {
  const { id } = await submitProposal({ title });
  await prisma.proposal.update({ where: { id }, data: { procedureId } });
  await publishDirectly(id);
  return id;
}

beforeEach(async () => {
  resetRateLimits();
  await prisma.implementationRecord.deleteMany();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
});

const formFields = (procedureId?: string) => ({
  ...validProposal,
  lon: String(inside.lon),
  lat: String(inside.lat),
  name: "Ayşe K.",
  intent: "submit",
  ...(procedureId === undefined ? {} : { procedureId }),
});

describe("submitting into a procedure", () => {
  it("the form offers the procedures collecting ideas now, pre-selected from ?procedure=, in the visitor's language", async () => {
    const open = await procedure(plans.collection, {
      translations: { en: { title: "Neighbourhood budget Rabet" } },
    });
    const closed = await procedure(plans.review, { title: "Schon in Prüfung" });
    await procedure(plans.collection, { state: "draft", title: "Entwurf" });

    const page = await (await callLoader(formLoader, `/proposals/new?procedure=${open}`)).json();
    expect(page.procedures.map((p: { id: string }) => p.id)).toEqual([open]);
    expect(page.procedures[0]).toMatchObject({
      title: "Quartiersbudget Rabet",
      titleLanguage: "de",
    });
    expect(page.preselected).toBe(open);
    expect(page.requestedClosed).toBe(false);

    const english = await (
      await callLoader(formLoader, `/proposals/new?procedure=${open}&lng=en`)
    ).json();
    expect(english.procedures[0]).toMatchObject({
      title: "Neighbourhood budget Rabet",
      titleLanguage: "en",
    });

    // A link to a procedure that takes no ideas now: nothing is pre-selected, and the page says so.
    const late = await (await callLoader(formLoader, `/proposals/new?procedure=${closed}`)).json();
    expect(late.preselected).toBeNull();
    expect(late.requestedClosed).toBe(true);
    const plain = await (await callLoader(formLoader, "/proposals/new")).json();
    expect(plain).toMatchObject({ preselected: null, requestedClosed: false });
  });

  it("stores an initiative submitted into a procedure in its collection phase; a free idea stays possible", async () => {
    const open = await procedure(plans.collection);
    const response = await callAction(formSubmit, formRequest("/proposals/new", formFields(open)));
    expect(response.status).toBe(303);
    const free = await callAction(formSubmit, formRequest("/proposals/new", formFields("")));
    expect(free.status).toBe(303);
    const stored = await prisma.proposal.findMany({
      orderBy: { createdAt: "asc" },
      select: { procedureId: true, status: true },
    });
    expect(stored).toEqual([
      { procedureId: open, status: "submitted" },
      { procedureId: null, status: "submitted" },
    ]);
  });

  it("the form refuses a procedure outside its collection phase with a clear message, keeps everything typed, stores nothing", async () => {
    for (const procedureId of [
      await procedure(plans.review),
      await procedure(plans.collection, { state: "draft" }),
      await procedure(plans.collection, { state: "archived" }),
    ]) {
      const response = await callAction(
        formSubmit,
        formRequest("/proposals/new", formFields(procedureId)),
      );
      expect(response.status).toBe(409);
      const { result, location } = await response.json();
      expect(result.error[""]).toEqual(["phaseRefusal.submit"]);
      expect(result.error.procedureId).toEqual(["phaseRefusal.chooseAgain"]);
      expect(result.initialValue).toMatchObject({
        title: validProposal.title,
        description: validProposal.description,
        name: "Ayşe K.",
      });
      expect(location).toEqual(inside);
    }
    const unknown = await callAction(
      formSubmit,
      formRequest("/proposals/new", formFields("no-such-procedure")),
    );
    expect(unknown.status).toBe(409);
    expect((await unknown.json()).result.error[""]).toEqual(["phaseRefusal.unknownProcedure"]);
    expect(await prisma.proposal.count()).toBe(0);
  });

  it("the API answers 400 phase_closed in the submitter's language, 400 invalid_input for an unknown procedure, 201 in the collection phase", async () => {
    const closed = await procedure(plans.voting);
    const body = { ...validProposal, ...inside };

    const german = await callAction(
      apiSubmit,
      jsonRequest("/api/proposals", { ...body, procedureId: closed }),
    );
    expect(german.status).toBe(400);
    const refusal = await german.json();
    expect(refusal.error.code).toBe("phase_closed");
    expect(refusal.error.message).toMatch(/nimmt gerade keine Ideen an/);

    const english = await callAction(
      apiSubmit,
      jsonRequest("/api/proposals", { ...body, procedureId: closed, language: "en" }),
    );
    expect(english.status).toBe(400);
    expect((await english.json()).error.message).toMatch(/not taking ideas right now/);

    const unknown = await callAction(
      apiSubmit,
      jsonRequest("/api/proposals", { ...body, procedureId: "no-such-procedure" }),
    );
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatchObject({
      code: "invalid_input",
      fields: { procedureId: "Dieses Verfahren gibt es nicht." },
    });
    expect(await prisma.proposal.count()).toBe(0);

    const open = await procedure(plans.collection);
    const created = await callAction(
      apiSubmit,
      jsonRequest("/api/proposals", { ...body, procedureId: open }),
    );
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id } })).procedureId).toBe(open);
    // null means a free idea, as leaving the field out does.
    const free = await callAction(
      apiSubmit,
      jsonRequest("/api/proposals", { ...body, procedureId: null }),
    );
    expect(free.status).toBe(201);
  });
});

describe("comments and supports on an initiative inside a procedure", () => {
  async function participate(
    id: string,
    fields: Record<string, string>,
    cookie?: string,
  ): Promise<Response> {
    return callAction(
      detailAction,
      formRequest(`/proposals/${id}`, fields, cookie ? { Cookie: cookie } : {}),
      { id },
    );
  }

  async function detail(id: string) {
    const response = await callLoader(detailLoader, `/proposals/${id}`, { id });
    expect(response.status).toBe(200);
    return response.json();
  }

  it("follow the phase table: collection allows both, voting comments only, counting neither", async () => {
    const procedureId = await procedure(plans.collection);
    const id = await publishedIdea(procedureId);
    expect((await detail(id)).participation).toEqual({ comment: true, support: true });

    // Collection: supported and commented.
    const supported = await participate(id, { intent: "support" });
    expect(supported.status).toBe(303);
    const cookie = cookiePair(supported.headers.get("Set-Cookie")!);
    expect((await participate(id, { intent: "comment", body: "Gute Idee!" })).status).toBe(303);

    // Voting: comments yes, supports frozen (neither given nor withdrawn).
    await movePhases(procedureId, plans.voting);
    expect((await detail(id)).participation).toEqual({ comment: true, support: false });
    for (const [intent, who] of [
      ["support", undefined],
      ["unsupport", cookie],
    ] as const) {
      const response = await participate(id, { intent }, who);
      expect(response.status, intent).toBe(409);
      expect((await response.json()).supportError).toBe("phaseRefusal.support");
    }
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id } })).supportCount).toBe(1);
    expect((await participate(id, { intent: "comment", body: "Noch ein Gedanke." })).status).toBe(
      303,
    );

    // Counting: no comments; the typed text comes back with the message.
    await movePhases(procedureId, plans.counting);
    expect((await detail(id)).participation).toEqual({ comment: false, support: false });
    const refused = await participate(id, {
      intent: "comment",
      body: "Wann gibt es das Ergebnis?",
      authorName: "Jonas",
    });
    expect(refused.status).toBe(409);
    const { result } = await refused.json();
    expect(result.error[""]).toEqual(["phaseRefusal.comment"]);
    expect(result.initialValue).toMatchObject({
      body: "Wann gibt es das Ergebnis?",
      authorName: "Jonas",
    });
    expect(await prisma.comment.count({ where: { proposalId: id } })).toBe(2);
    // Reporting a comment is not participation in the procedure: still possible.
    const comment = await prisma.comment.findFirstOrThrow({ where: { proposalId: id } });
    await prisma.comment.update({ where: { id: comment.id }, data: { status: "published" } });
    expect((await participate(id, { intent: "report", commentId: comment.id })).status).toBe(303);
  });

  it("the commands return typed refusals with the situation; a draft procedure allows nothing", async () => {
    const counting = await procedure(plans.counting);
    const id = await publishedIdea(counting);
    expect(await postComment({ proposalId: id, body: "Hallo" })).toEqual({
      status: "refused",
      reason: "phase",
      situation: "counting",
    });
    expect(await supportProposal(id, "browser-key-1")).toEqual({
      status: "refused",
      reason: "phase",
      situation: "counting",
    });
    // Nothing to withdraw: nothing changes, nothing to refuse.
    expect(await withdrawSupport(id, "browser-key-1")).toEqual({ status: "ok" });

    const draft = await procedure(plans.collection, { state: "draft" });
    const inDraft = await publishedIdea(draft, "Tischtennisplatte an der Stünzer Straße");
    expect((await postComment({ proposalId: inDraft, body: "Hallo" })).status).toBe("refused");
    expect((await supportProposal(inDraft, "browser-key-2")).status).toBe("refused");

    // The moment can be given: in five days the procedure in review is voting.
    const later = await procedure(plans.review);
    const reviewIdea = await publishedIdea(later, "Bücherbank im Rabet");
    expect(await supportProposal(reviewIdea, "browser-key-3")).toEqual({ status: "ok" });
    expect(await supportProposal(reviewIdea, "browser-key-4", at(5 * DAY))).toEqual({
      status: "refused",
      reason: "phase",
      situation: "voting",
    });
    expect(await postComment({ proposalId: reviewIdea, body: "Hallo", now: at(5 * DAY) })).toEqual({
      status: "ok",
      visible: false,
    });
  });

  it("free ideas take comments and supports as before", async () => {
    const id = await publishedIdea(null);
    expect((await detail(id)).participation).toEqual({ comment: true, support: true });
    expect((await detail(id)).procedure).toBeNull();
    expect((await participate(id, { intent: "support" })).status).toBe(303);
    expect((await participate(id, { intent: "comment", body: "Gute Idee!" })).status).toBe(303);
    expect(await prisma.comment.count({ where: { proposalId: id } })).toBe(1);
  });

  it("no refusal through the routes is a server error", async () => {
    const statuses: number[] = [];
    const counting = await procedure(plans.counting);
    const id = await publishedIdea(counting);
    const attempts: Array<Record<string, string>> = [
      { intent: "support" },
      { intent: "unsupport" },
      { intent: "comment", body: "Hallo" },
    ];
    for (const fields of attempts) {
      statuses.push((await participate(id, fields)).status);
    }
    const closed = await procedure(plans.voting);
    statuses.push(
      (await callAction(formSubmit, formRequest("/proposals/new", formFields(closed)))).status,
    );
    statuses.push(
      (
        await callAction(
          apiSubmit,
          jsonRequest("/api/proposals", { ...validProposal, ...inside, procedureId: closed }),
        )
      ).status,
    );
    statuses.push(
      (
        await callAction(
          apiSubmit,
          jsonRequest("/api/proposals", { ...validProposal, ...inside, procedureId: 42 }),
        )
      ).status,
    );
    // Withdrawing a support that was never given changes nothing and is no refusal.
    expect(statuses).toEqual([409, 303, 409, 409, 400, 400]);
  });
});

describe("the initiative's page", () => {
  const page = (id: string, language: Language) =>
    renderRoute(
      "/proposals/:id",
      `/proposals/${id}`,
      { loader: detailLoader, Component: ProposalPage },
      language,
    );

  it("hides the forms with an explanation when the phase does not allow them, and names the procedure", async () => {
    const counting = await procedure(plans.counting, {
      translations: { ar: { title: "ميزانية الحي" } },
    });
    const id = await publishedIdea(counting);
    const html = await page(id, "de");
    expect(html).toContain("Kommentare sind in dieser Phase geschlossen.");
    expect(html).toContain("Unterstützen ist in dieser Phase geschlossen.");
    expect(html).not.toContain('value="comment"');
    expect(html).not.toContain('value="support"');
    expect(html).toContain(`href="/procedures/${counting}"`);
    expect(html).toContain("Quartiersbudget Rabet");

    const arabic = await page(id, "ar");
    expect(arabic).toContain("التعليقات مغلقة في هذه المرحلة.");
    expect(arabic).toContain("ميزانية الحي");

    await movePhases(counting, plans.collection);
    const open = await page(id, "de");
    expect(open).not.toContain("in dieser Phase geschlossen");
    expect(open).toContain('value="comment"');
    expect(open).toContain('value="support"');
  });

  it("does not name a draft procedure", async () => {
    const draft = await procedure(plans.collection, { state: "draft", title: "Geheimer Entwurf" });
    const id = await publishedIdea(draft);
    expect((await detail(id)).procedure).toBeNull();
    expect(await page(id, "de")).not.toContain("Geheimer Entwurf");
  });
});

async function detail(id: string) {
  const response = await callLoader(detailLoader, `/proposals/${id}`, { id });
  expect(response.status).toBe(200);
  return response.json();
}
