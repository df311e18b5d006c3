import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import type { Language } from "~/i18n/config";
import { getI18nInstance } from "~/i18n/i18n.server";
import { publicDataVersion } from "~/modules/events/events.server";
import { changeStatus, markDuplicate } from "~/modules/moderation/moderation.server";
import {
  getImplementation,
  listImplementations,
  parseNoteDate,
  recordImplementation,
  type RecordImplementationInput,
} from "~/modules/outcomes/implementation.server";
import OutcomesPage, { loader as outcomesLoader } from "~/routes/outcomes";
import { loader as detailLoader } from "~/routes/proposals.$id";
import StaffProposalPage, {
  action as staffProposalAction,
  loader as staffProposalLoader,
} from "~/routes/staff.proposals.$id";
import StaffProposalList, { loader as staffListLoader } from "~/routes/staff.proposals._index";
import TrackingPage, {
  action as trackingAction,
  loader as trackingLoader,
} from "~/routes/track.$token";
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
import { renderRoute } from "./render-route";

/**
 * What became of accepted initiatives: the implementation record (accepted →
 * in progress → done, with dated public notes) that staff keep, the public
 * page "Was ist daraus geworden?", and the rules that keep an outcome.
 */
const DAY = 24 * 60 * 60 * 1000;

let moderator: TestStaff;

beforeEach(async () => {
  resetRateLimits();
  await prisma.implementationRecord.deleteMany();
  await prisma.vote.deleteMany();
  await prisma.proposal.updateMany({ data: { procedureId: null } });
  await prisma.procedure.deleteMany();
  await resetData();
  moderator = await createStaffUser("moderator", { name: "Mira Moderatorin" });
});

/** A published initiative (with the submitter's contact data), and its tracking token. */
async function published(title = "Sitzbänke im Rabet") {
  const { id, token } = await submitProposal({ title });
  await publishDirectly(id);
  return { id, token };
}

const record = (input: Omit<RecordImplementationInput, "staffId"> & { staffId?: string }) =>
  recordImplementation({ staffId: moderator.id, ...input });

/** Today in Berlin as the staff form sends it. */
const today = () =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());

async function procedureWithVote(options: { state?: string; title?: string } = {}) {
  const area = await prisma.fundingArea.findFirstOrThrow({ where: { status: "active" } });
  const procedure = await prisma.procedure.create({
    data: {
      kind: "resident_vote",
      state: options.state ?? "published",
      title: options.title ?? "Quartiersbudget Rabet",
      description: "Sie entscheiden mit.",
      translations: JSON.stringify({ ar: { title: "ميزانية الحي رابيت" } }),
      fundingAreaId: area.id,
      phases: {
        create: [
          {
            kind: "voting",
            startsAt: new Date(Date.now() - 9 * DAY),
            endsAt: new Date(Date.now() - 2 * DAY),
          },
        ],
      },
    },
  });
  const vote = await prisma.vote.create({
    data: {
      procedureId: procedure.id,
      method: "approval",
      config: JSON.stringify({ maxChoices: 2, winners: 1 }),
      channels: JSON.stringify(["open"]),
      eligibilityNote: "Wer im Gebiet wohnt, arbeitet oder zur Schule geht, ab 14 Jahren",
    },
  });
  return { procedureId: procedure.id, voteId: vote.id };
}

describe("recordImplementation", () => {
  it("creates the record, moves it along accepted → in progress → done with dated notes, and audits every change", async () => {
    const { id } = await published();
    const version = publicDataVersion();

    const accepted = await record({
      proposalId: id,
      state: "accepted",
      note: "  Der Stadtbezirksbeirat hat zugestimmt.  ",
      date: today(),
    });
    expect(accepted).toMatchObject({ status: "ok", created: true, stateChanged: true });
    expect(publicDataVersion()).toBeGreaterThan(version);

    expect(
      await record({
        proposalId: id,
        state: "in_progress",
        note: "Bänke bestellt.",
        date: today(),
      }),
    ).toMatchObject({ status: "ok", created: false, stateChanged: true });
    // A note without a change of state.
    expect(
      await record({
        proposalId: id,
        state: "in_progress",
        note: "Lieferung verzögert sich um zwei Wochen.",
        date: new Date(),
      }),
    ).toMatchObject({ status: "ok", created: false, stateChanged: false });
    expect(
      await record({ proposalId: id, state: "done", note: "Drei Bänke stehen.", date: today() }),
    ).toMatchObject({ status: "ok", stateChanged: true });
    // Done is final, but news can still be added.
    expect(
      await record({
        proposalId: id,
        state: "done",
        note: "Eine Bank wurde repariert.",
        date: today(),
      }),
    ).toMatchObject({ status: "ok", stateChanged: false });

    const stored = await prisma.implementationRecord.findUniqueOrThrow({
      where: { proposalId: id },
      include: { notes: { orderBy: { createdAt: "asc" } } },
    });
    expect(stored.state).toBe("done");
    expect(stored.voteId).toBeNull();
    expect(stored.notes.map((note) => [note.state, note.body, note.staffId])).toEqual([
      ["accepted", "Der Stadtbezirksbeirat hat zugestimmt.", moderator.id],
      ["in_progress", "Bänke bestellt.", moderator.id],
      ["in_progress", "Lieferung verzögert sich um zwei Wochen.", moderator.id],
      ["done", "Drei Bänke stehen.", moderator.id],
      ["done", "Eine Bank wurde repariert.", moderator.id],
    ]);
    // The initiative's status is not touched: outcomes are no statuses.
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id } })).status).toBe("published");

    expect((await auditEntries("implementation.created")).map((e) => e.after.state)).toEqual([
      "accepted",
    ]);
    const [created] = await auditEntries("implementation.created");
    expect(created).toMatchObject({
      staffId: moderator.id,
      entityType: "proposal",
      entityId: id,
      before: null,
      after: {
        recordId: stored.id,
        state: "accepted",
        note: { body: "Der Stadtbezirksbeirat hat zugestimmt." },
      },
    });
    expect(
      (await auditEntries("implementation.advanced")).map((e) => [e.before.state, e.after.state]),
    ).toEqual([
      ["accepted", "in_progress"],
      ["in_progress", "done"],
    ]);
    expect(
      (await auditEntries("implementation.noted")).map((e) => [e.before.state, e.after.note.body]),
    ).toEqual([
      ["in_progress", "Lieferung verzögert sich um zwei Wochen."],
      ["done", "Eine Bank wurde repariert."],
    ]);
  });

  it("only moves forward; a step may be skipped", async () => {
    const { id } = await published();
    await record({ proposalId: id, state: "in_progress", note: "Gleich begonnen.", date: today() });
    const before = await prisma.implementationNote.count();
    const audit = await prisma.auditEntry.count();
    expect(
      await record({ proposalId: id, state: "accepted", note: "Zurück?", date: today() }),
    ).toEqual({ status: "refused", reason: "backwards" });
    expect(await prisma.implementationNote.count()).toBe(before);
    expect(await prisma.auditEntry.count()).toBe(audit);

    const { id: quick } = await published("Tauschregal an der Ludwigstraße");
    expect(
      await record({ proposalId: quick, state: "done", note: "Steht schon.", date: today() }),
    ).toMatchObject({ status: "ok", created: true });
    for (const state of ["accepted", "in_progress"] as const) {
      expect(await record({ proposalId: quick, state, note: "Zurück?", date: today() })).toEqual({
        status: "refused",
        reason: "backwards",
      });
    }
  });

  it("refuses what cannot be an outcome and stores nothing", async () => {
    const { id } = await published();
    const { id: submitted } = await submitProposal({ title: "Noch nicht geprüft" });
    const { id: rejected } = await published("Abgelehnte Idee");
    await prisma.proposal.update({ where: { id: rejected }, data: { status: "rejected" } });
    const cases: Array<[Omit<RecordImplementationInput, "staffId">, string]> = [
      [{ proposalId: "nope", state: "accepted", note: "x", date: today() }, "not-found"],
      [{ proposalId: submitted, state: "accepted", note: "x", date: today() }, "not-published"],
      [{ proposalId: rejected, state: "accepted", note: "x", date: today() }, "not-published"],
      [{ proposalId: id, state: "accepted", note: "   ", date: today() }, "note-required"],
      [{ proposalId: id, state: "accepted", note: "x", date: "2026-02-30" }, "invalid-date"],
      [{ proposalId: id, state: "accepted", note: "x", date: "gestern" }, "invalid-date"],
      [
        { proposalId: id, state: "accepted", note: "x", date: new Date(Date.now() + 2 * DAY) },
        "date-in-future",
      ],
      [
        { proposalId: id, state: "accepted", note: "x", date: "2020-01-01" },
        "date-before-submission",
      ],
    ];
    for (const [input, reason] of cases) {
      expect(await record(input), reason).toEqual({ status: "refused", reason });
    }
    expect(await prisma.implementationRecord.count()).toBe(0);
    expect(await prisma.implementationNote.count()).toBe(0);
    expect(await auditEntries("implementation.created")).toEqual([]);
  });

  it("reads dates as Leipzig time: a day from its midnight, a date-time as the wall clock says", () => {
    expect(parseNoteDate("2027-03-12")?.toISOString()).toBe("2027-03-11T23:00:00.000Z");
    expect(parseNoteDate("2027-07-12T18:00")?.toISOString()).toBe("2027-07-12T16:00:00.000Z");
    expect(parseNoteDate("12.03.2027")).toBeNull();
  });

  it("takes over a record that a vote's result created (state accepted, the vote, no note)", async () => {
    const { id } = await published();
    const { procedureId, voteId } = await procedureWithVote();
    // As publishResults writes it (app/modules/votes/votes.server.ts); the initiative
    // was a free idea put on the ballot by its procedure.
    await prisma.implementationRecord.create({
      data: { proposalId: id, state: "accepted", voteId },
    });

    const shown = await getImplementation(id, "de");
    expect(shown).toMatchObject({
      state: "accepted",
      byVote: true,
      notes: [],
      procedure: { id: procedureId, title: "Quartiersbudget Rabet", titleLanguage: "de" },
    });
    expect((await getImplementation(id, "ar"))!.procedure).toMatchObject({
      title: "ميزانية الحي رابيت",
      titleLanguage: "ar",
    });

    expect(
      await record({ proposalId: id, state: "accepted", note: "Bänke ausgesucht.", date: today() }),
    ).toMatchObject({ status: "ok", created: false, stateChanged: false });
    expect(
      await record({
        proposalId: id,
        state: "in_progress",
        note: "Bänke bestellt.",
        date: today(),
      }),
    ).toMatchObject({ status: "ok", stateChanged: true });
    const [noted] = await auditEntries("implementation.noted");
    expect(noted.before).toEqual({ state: "accepted", voteId });
    const stored = await prisma.implementationRecord.findUniqueOrThrow({
      where: { proposalId: id },
    });
    expect(stored).toMatchObject({ state: "in_progress", voteId });
  });
});

describe("an outcome is kept", () => {
  it("an accepted initiative keeps its status and cannot be withdrawn; the tracking page shows what became of it", async () => {
    const { id, token } = await published();
    await record({ proposalId: id, state: "accepted", note: "Zugestimmt.", date: today() });

    for (const to of ["rejected", "withdrawn"] as const) {
      expect(
        await changeStatus({ staffId: moderator.id, proposalId: id, to, reason: "Begründung" }),
      ).toEqual({ status: "refused", reason: "has-outcome" });
    }
    const { id: other } = await published("Andere Idee");
    expect(
      await markDuplicate({ staffId: moderator.id, proposalId: id, originalId: other }),
    ).toEqual({ status: "refused", reason: "has-outcome" });
    const response = await callAction(
      staffProposalAction,
      staffForm(`/staff/proposals/${id}`, moderator, {
        intent: "status",
        to: "rejected",
        reason: "Doch nicht.",
      }),
      { id },
    );
    expect(response.status).toBe(409);
    expect((await response.json()).errors).toEqual(["outcomes.statusLock.has-outcome"]);

    const page = await (await callLoader(trackingLoader, `/track/${token}`, { token })).json();
    expect(page.proposal.canWithdraw).toBe(false);
    expect(page.implementation).toMatchObject({
      state: "accepted",
      notes: [{ body: "Zugestimmt." }],
    });
    const withdraw = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, { intent: "withdraw" }),
      { token },
    );
    expect(withdraw.status).toBe(409);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id } })).status).toBe("published");

    const html = await renderRoute(
      "/track/:token",
      `/track/${token}`,
      { loader: trackingLoader, Component: TrackingPage },
      "de",
    );
    expect(html).toContain("Was ist daraus geworden?");
    expect(html).toContain("Zugestimmt.");
    expect(html).not.toContain('value="withdraw"');
  });

  it("an initiative on the ballot of an undecided vote stays public until the result is out", async () => {
    const { id, token } = await published();
    const { voteId } = await procedureWithVote();
    await prisma.voteOption.create({
      data: { voteId, proposalId: id, estimatedCostCents: 250_000 },
    });
    expect(
      await changeStatus({ staffId: moderator.id, proposalId: id, to: "rejected", reason: "x" }),
    ).toEqual({ status: "refused", reason: "on-ballot" });
    const page = await (await callLoader(trackingLoader, `/track/${token}`, { token })).json();
    expect(page.proposal.canWithdraw).toBe(false);
    // The vote decides, not the office.
    expect(
      await record({ proposalId: id, state: "accepted", note: "Vorab zugestimmt.", date: today() }),
    ).toEqual({ status: "refused", reason: "on-ballot" });
    const staffPage = await (
      await callLoader(
        staffProposalLoader,
        `/staff/proposals/${id}`,
        { id },
        staffHeaders(moderator),
      )
    ).json();
    expect(staffPage.proposal.voteOptions).toMatchObject([
      { vote: { id: voteId, resultsPublishedAt: null } },
    ]);

    // Once the result is published and the initiative lost, it is an ordinary initiative again.
    await prisma.vote.update({ where: { id: voteId }, data: { resultsPublishedAt: new Date() } });
    expect(
      await changeStatus({ staffId: moderator.id, proposalId: id, to: "rejected", reason: "x" }),
    ).toEqual({ status: "ok" });
  });
});

describe("the staff page (permission manage:outcome)", () => {
  const post = (id: string, fields: Record<string, string>, staff: TestStaff = moderator) =>
    callAction(staffProposalAction, staffForm(`/staff/proposals/${id}`, staff, fields), { id });

  it("records a step with a public note, and says why when it refuses", async () => {
    const { id } = await published();
    const page = await (
      await callLoader(
        staffProposalLoader,
        `/staff/proposals/${id}`,
        { id },
        staffHeaders(moderator),
      )
    ).json();
    expect(page.outcome).toMatchObject({
      canManage: true,
      canRecord: true,
      record: null,
      nextStates: ["accepted", "in_progress", "done"],
      today: today(),
    });
    expect(page.nextStatuses).toEqual(["rejected", "duplicate", "withdrawn"]);

    const saved = await post(id, {
      intent: "implementation",
      state: "accepted",
      date: today(),
      note: "Das Quartiersmanagement bezahlt die Bänke aus dem Verfügungsfonds.",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`/staff/proposals/${id}?done=implementation`);

    const after = await (
      await callLoader(
        staffProposalLoader,
        `/staff/proposals/${id}`,
        { id },
        staffHeaders(moderator),
      )
    ).json();
    expect(after.outcome.record).toMatchObject({
      state: "accepted",
      voteId: null,
      notes: [{ state: "accepted", staff: { name: "Mira Moderatorin" } }],
    });
    expect(after.outcome.nextStates).toEqual(["accepted", "in_progress", "done"]);

    const missing = await post(id, {
      intent: "implementation",
      state: "in_progress",
      date: today(),
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors).toEqual(["outcomes.errors.noteRequired"]);
    const badDate = await post(id, {
      intent: "implementation",
      state: "in_progress",
      date: "morgen",
      note: "x",
    });
    expect(badDate.status).toBe(400);
    expect((await badDate.json()).errors).toEqual(["outcomes.errors.invalid-date"]);

    await post(id, { intent: "implementation", state: "done", date: today(), note: "Fertig." });
    const back = await post(id, {
      intent: "implementation",
      state: "in_progress",
      date: today(),
      note: "Doch nicht fertig.",
    });
    expect(back.status).toBe(409);
    expect((await back.json()).errors).toEqual(["outcomes.errors.backwards"]);

    // Without the session's CSRF token nothing happens.
    const forged = await callAction(
      staffProposalAction,
      staffForm(
        `/staff/proposals/${id}`,
        { ...moderator, csrf: "forged" },
        {
          intent: "implementation",
          state: "done",
          date: today(),
          note: "Gefälscht.",
        },
      ),
      { id },
    );
    expect(forged.status).toBe(403);
    expect(await prisma.implementationNote.count()).toBe(2);
  });

  it("renders the implementation section, the vote hint and the ballots, in German and Arabic, without raw keys", async () => {
    const { id } = await published();
    const german = await renderStaff(
      `/staff/proposals/:id`,
      `/staff/proposals/${id}`,
      StaffProposalPage,
      staffProposalLoader,
      "de",
    );
    expect(german).toContain("Umsetzung");
    expect(german).toContain('href="/staff/procedures"');
    expect(german).toContain('value="implementation"');
    expect(german).toContain(`name="csrf" value="${moderator.csrf}"`);
    expect(german).not.toMatch(/outcomes\.|phaseRefusal\.|procedureChoice\./);

    await record({
      proposalId: id,
      state: "accepted",
      note: "Zugestimmt im Quartiersrat.",
      date: today(),
    });
    const { voteId } = await procedureWithVote();
    const { id: onBallot } = await published("Auf dem Stimmzettel");
    await prisma.voteOption.create({
      data: { voteId, proposalId: onBallot, estimatedCostCents: 100_000 },
    });
    const arabic = await renderStaff(
      `/staff/proposals/:id`,
      `/staff/proposals/${id}`,
      StaffProposalPage,
      staffProposalLoader,
      "ar",
    );
    expect(arabic).toContain("التنفيذ");
    expect(arabic).toContain("Zugestimmt im Quartiersrat.");
    expect(arabic).toContain("Mira Moderatorin");
    expect(arabic).not.toMatch(/outcomes\.|phaseRefusal\.|procedureChoice\./);
    const ballot = await renderStaff(
      `/staff/proposals/:id`,
      `/staff/proposals/${onBallot}`,
      StaffProposalPage,
      staffProposalLoader,
      "de",
    );
    expect(ballot).toContain(`href="/staff/votes/${voteId}"`);
    expect(ballot).toContain("Das Ergebnis der Abstimmung entscheidet.");
    expect(ballot).not.toContain('value="implementation"');

    const list = await renderStaff(
      `/staff/proposals`,
      `/staff/proposals`,
      StaffProposalList,
      staffListLoader,
      "de",
    );
    expect(list).toContain("angenommen");
    expect(list).not.toContain("in Abstimmung");
  });

  it("an unpublished initiative cannot be accepted (409, not a server error)", async () => {
    const { id } = await submitProposal();
    const page = await (
      await callLoader(
        staffProposalLoader,
        `/staff/proposals/${id}`,
        { id },
        staffHeaders(moderator),
      )
    ).json();
    expect(page.outcome.canRecord).toBe(false);
    const response = await post(id, {
      intent: "implementation",
      state: "accepted",
      date: today(),
      note: "Zugestimmt.",
    });
    expect(response.status).toBe(409);
    expect((await response.json()).errors).toEqual(["outcomes.errors.not-published"]);
    const missing = await post("nope", {
      intent: "implementation",
      state: "accepted",
      date: today(),
      note: "Zugestimmt.",
    });
    expect(missing.status).toBe(404);
  });
});

/** Server-renders a staff page inside a stand-in staff layout (which provides the CSRF token). */
async function renderStaff(
  path: string,
  url: string,
  Component: ComponentType,
  loader: (args: LoaderFunctionArgs) => Promise<unknown>,
  language: Language,
) {
  const handler = createStaticHandler([
    {
      id: "routes/staff",
      path: "/staff",
      loader: () => ({ csrf: moderator.csrf }),
      children: [
        {
          id: "page",
          path: path.replace(/^\/staff\//, ""),
          loader: (args) => loader({ request: args.request, params: args.params, context: {} }),
          Component,
        },
      ],
    },
  ]);
  const routing = await handler.query(
    new Request(`http://test.local${url}?lng=${language}`, { headers: staffHeaders(moderator) }),
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

describe('"Was ist daraus geworden?" (/outcomes)', () => {
  async function scenario() {
    const done = await published("Sprachcafé im Stadtteilladen");
    await record({ proposalId: done.id, state: "accepted", note: "Raum gefunden.", date: today() });
    await record({
      proposalId: done.id,
      state: "done",
      note: "Jeden Dienstag, 16 Uhr.",
      date: today(),
    });
    const byVote = await published("Mehr Sitzbänke am Otto-Runki-Platz");
    const { procedureId, voteId } = await procedureWithVote();
    await prisma.implementationRecord.create({
      data: { proposalId: byVote.id, state: "accepted", voteId },
    });
    const draftVote = await procedureWithVote({ state: "draft", title: "Geheimer Entwurf" });
    const inDraft = await published("Tischtennisplatte an der Stünzer Straße");
    await prisma.proposal.update({
      where: { id: inDraft.id },
      data: { procedureId: draftVote.procedureId },
    });
    await record({
      proposalId: inDraft.id,
      state: "in_progress",
      note: "Bestellt.",
      date: today(),
    });
    // Published but not accepted, and not public at all: not listed.
    const plain = await published("Repair-Café einmal im Monat");
    const hidden = await published("Später zurückgezogen");
    await record({ proposalId: hidden.id, state: "accepted", note: "x", date: today() });
    await prisma.proposal.update({ where: { id: hidden.id }, data: { status: "withdrawn" } });
    return { done, byVote, inDraft, plain, hidden, procedureId };
  }

  it("lists only accepted public initiatives with their state, procedure and notes; filters by state", async () => {
    const { done, byVote, inDraft, procedureId } = await scenario();
    const page = await (await callLoader(outcomesLoader, "/outcomes")).json();
    expect(page.list.counts).toEqual({ all: 3, accepted: 1, in_progress: 1, done: 1 });
    expect(page.list.total).toBe(3);
    const byId = new Map(
      page.list.items.map((item: { proposal: { id: string } }) => [item.proposal.id, item]),
    );
    expect([...byId.keys()].sort()).toEqual([done.id, byVote.id, inDraft.id].sort());
    expect(byId.get(done.id)).toMatchObject({
      state: "done",
      byVote: false,
      procedure: null,
      notes: [
        { state: "accepted", body: "Raum gefunden." },
        { state: "done", body: "Jeden Dienstag, 16 Uhr." },
      ],
    });
    expect(byId.get(byVote.id)).toMatchObject({
      state: "accepted",
      byVote: true,
      procedure: { id: procedureId, title: "Quartiersbudget Rabet" },
      notes: [],
    });
    // A draft procedure is not named in public.
    expect(byId.get(inDraft.id)).toMatchObject({ state: "in_progress", procedure: null });

    const filtered = await (await callLoader(outcomesLoader, "/outcomes?state=done")).json();
    expect(filtered.filter.state).toBe("done");
    expect(
      filtered.list.items.map((item: { proposal: { id: string } }) => item.proposal.id),
    ).toEqual([done.id]);
    // A broken filter is no filter.
    const broken = await callLoader(outcomesLoader, "/outcomes?state=implemented&page=-3");
    expect(broken.status).toBe(200);
    expect((await broken.json()).list.total).toBe(3);
  });

  it("shows nothing personal: no names, e-mail addresses, staff or tokens", async () => {
    await scenario();
    const text = await (await callLoader(outcomesLoader, "/outcomes")).text();
    for (const secret of [
      "Olena Kowalenko",
      "olena@example.org",
      "Mira Moderatorin",
      moderator.id,
      moderator.email,
      "trackingTokenHash",
      "submitter",
      "staffId",
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    const html = await renderRoute(
      "/outcomes",
      "/outcomes",
      { loader: outcomesLoader, Component: OutcomesPage },
      "de",
    );
    expect(html).not.toContain("Olena");
    expect(html).not.toContain("Mira");
  });

  it("renders in German and Arabic, with state badges, the procedure link and the dated notes", async () => {
    const { done, byVote, procedureId } = await scenario();
    const route = { loader: outcomesLoader, Component: OutcomesPage };
    const german = await renderRoute("/outcomes", "/outcomes", route, "de");
    expect(german).toContain("Was ist daraus geworden?");
    expect(german).toContain(`href="/proposals/${done.id}"`);
    expect(german).toContain(`href="/proposals/${byVote.id}"`);
    expect(german).toContain(`href="/procedures/${procedureId}"`);
    expect(german).toContain("umgesetzt");
    expect(german).toContain("Jeden Dienstag, 16 Uhr.");
    // A record from a vote's result starts with its acceptance, dated from the record.
    expect(german).toContain("Die Idee hat in der Abstimmung gewonnen.");
    const berlinDay = new Intl.DateTimeFormat("de", {
      dateStyle: "long",
      timeZone: "Europe/Berlin",
    }).format(new Date());
    expect(german).toContain(berlinDay);

    const arabic = await renderRoute("/outcomes", "/outcomes", route, "ar");
    expect(arabic).toContain("ماذا حدث للأفكار؟");
    expect(arabic).toContain("ميزانية الحي رابيت");
    expect(arabic).toContain("نُفِّذت");

    const acceptedOnly = await renderRoute("/outcomes", "/outcomes?state=accepted", route, "de");
    expect(acceptedOnly).toContain("Mehr Sitzbänke am Otto-Runki-Platz");
    expect(acceptedOnly).not.toContain("Sprachcafé im Stadtteilladen");
    expect(german).not.toMatch(/outcomes\.|procedureChoice\./);
  });

  it("the initiative's public page shows what became of it", async () => {
    const { done, plain } = await scenario();
    const page = await (
      await callLoader(detailLoader, `/proposals/${done.id}`, { id: done.id })
    ).json();
    expect(page.implementation).toMatchObject({ state: "done", notes: [{}, {}] });
    expect(JSON.stringify(page.implementation)).not.toContain("Mira");
    const other = await (
      await callLoader(detailLoader, `/proposals/${plain.id}`, { id: plain.id })
    ).json();
    expect(other.implementation).toBeNull();
  });

  it("pages through many accepted initiatives, newest news first", async () => {
    for (let n = 0; n < 22; n++) {
      const { id } = await published(`Initiative Nummer ${n}`);
      await record({ proposalId: id, state: "accepted", note: `Zugestimmt ${n}.`, date: today() });
    }
    const first = await listImplementations({ page: 1, language: "de" });
    const second = await listImplementations({ page: 2, language: "de" });
    expect(first).toMatchObject({ total: 22, pageCount: 2 });
    expect(first.items).toHaveLength(20);
    expect(second.items).toHaveLength(2);
    expect(first.items[0]!.proposal.title).toBe("Initiative Nummer 21");
    expect(second.items.at(-1)!.proposal.title).toBe("Initiative Nummer 0");
  });
});
