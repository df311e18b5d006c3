import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { reportDueAt } from "~/modules/fund/report-due";
import { formatCents } from "~/modules/fund/money";
import { withdrawApplication } from "~/modules/fund/withdrawal.server";
import { acceptReport, askReportQuestions } from "~/modules/fund/reports.server";
import {
  decideApplication,
  recordAttendance,
  recordJuryVote,
  type SessionActor,
} from "~/modules/fund/sessions.server";
import { deliverDueMails } from "~/modules/mail/deliver.server";
import { subscribeFundApplicant } from "~/modules/mail/outbox.server";
import { sealToken } from "~/modules/mail/sealed-token.server";
import ApplyPage, {
  action as applyAction,
  loader as applyLoader,
} from "~/routes/fund.$roundId.apply";
import StaffMailPage, { loader as mailLoader } from "~/routes/staff.mail";
import { action as reviewAction } from "~/routes/staff.fund.applications.$id";
import { action as staffProjectAction } from "~/routes/staff.fund.projects.$applicationId";
import TrackingPage, { loader as trackLoader } from "~/routes/track.$token";
import { action as editAction } from "~/routes/track_.$token.application";
import { action as reportAction, loader as reportLoader } from "~/routes/track_.$token.report";
import UnsubscribePage, {
  action as unsubscribeAction,
  loader as unsubscribeLoader,
} from "~/routes/unsubscribe.$token";
import { formatBerlin } from "~/utils/berlin-time";
import { prisma } from "~/utils/db.server";
import type { ReceivedMail } from "../setup/smtp-test-server";
import { createFundRound, dayFromNow, moveRoundToPhase } from "./fund-apply-fixtures";
import { receiptPdf, setUpGrantedProject } from "./fund-report-fixtures";
import { callAction, callLoader, context, formRequest, inside } from "./helpers";
import { renderRoute } from "./render-route";
import { createStaffUser, staffForm, staffHeaders, type TestStaff } from "./staff-helpers";

/**
 * Mails to fund applicants, against a real SQLite file and a real SMTP server
 * started in this run: each trigger queues one mail in its command's
 * transaction (kind, language, the application), the worker writes it in the
 * form's language with the private link (sealed, not stored in plain text),
 * and refused or rolled-back commands queue nothing.
 */
const smtp = await vi.hoisted(async () => {
  const { startTestSmtpServer } = await import("../setup/smtp-test-server");
  const server = await startTestSmtpServer();
  process.env.SMTP_URL = server.url;
  process.env.MAIL_FROM = "Quartiersstimme Test <beteiligung@quartier.test>";
  process.env.PUBLIC_BASE_URL = "https://beteiligung.quartier.test";
  return server;
});

const BASE = "https://beteiligung.quartier.test";

afterAll(async () => {
  await smtp.close();
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  delete process.env.PUBLIC_BASE_URL;
});

let moderator: TestStaff;
let jurors: TestStaff[];

beforeAll(async () => {
  moderator = await createStaffUser("moderator");
  jurors = [];
  for (const name of ["Ayşe Demir", "Jonas Weber", "Marija Petrenko"]) {
    jurors.push(await createStaffUser("jury", { name }));
  }
});

beforeEach(() => {
  smtp.received.length = 0;
  // The worker logs each delivery; keep it off the test output.
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function multipart(url: string, fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const item of value) form.append(name, item);
    else form.append(name, value);
  }
  return new Request(`http://test.local${url}`, { method: "POST", body: form });
}

let counter = 0;

/** A complete application as the form sends it (whole euros: the same in every language). */
function applicationFields(change: Record<string, string | string[]> = {}) {
  const n = ++counter;
  return {
    applicantKind: "person",
    applicantName: "Aylin Demir",
    contactEmail: `applicant${n}@example.org`,
    contactPhone: "0341 1234567",
    contactAddress: "Eisenbahnstraße 1, 04315 Leipzig",
    title: `Hochbeete im Rabet ${n}`,
    description: "Wir bauen drei Hochbeete, die alle Nachbarn nutzen können.",
    lon: String(inside.lon),
    lat: String(inside.lat),
    startsOn: dayFromNow(45),
    endsOn: dayFromNow(120),
    targetGroups: ["neighbours"],
    expectedParticipants: "40",
    "costLines[0].id": "",
    "costLines[0].description": "Holz für drei Hochbeete",
    "costLines[0].amount": "380",
    "costLines[0].potKind": "investive",
    "costLines[1].id": "",
    "costLines[1].description": "Erde und Pflanzen",
    "costLines[1].amount": "220",
    "costLines[1].potKind": "non_investive",
    ownMoney: "50",
    volunteerHours: "20",
    requested: "390",
    ...change,
  };
}

type Applied = { id: string; token: string; email: string; title: string };

/** Applies through the form's action, as a browser in `language` does. */
async function apply(
  roundId: string,
  options: { intent?: "save" | "submit"; language?: "de" | "en" | "ar"; fields?: object } = {},
): Promise<Applied> {
  const language = options.language ?? "de";
  const fields = { ...applicationFields(), ...options.fields };
  const query = language === "de" ? "" : `?lng=${language}`;
  const response = await callAction(
    applyAction,
    multipart(`/fund/${roundId}/apply${query}`, { ...fields, intent: options.intent ?? "submit" }),
    { roundId },
    context(),
  );
  const location = response.headers.get("Location") ?? "";
  const token = /^\/track\/([A-Za-z0-9_-]{32})\?created=/.exec(location)?.[1];
  if (response.status !== 303 || !token) {
    throw new Error(`not saved: ${response.status} ${await response.text()}`);
  }
  const { id } = await prisma.fundApplication.findFirstOrThrow({
    where: { roundId, title: fields.title },
    select: { id: true },
  });
  return { id, token, email: fields.contactEmail, title: fields.title };
}

async function review(id: string, fields: Record<string, string>) {
  const request = formRequest(
    `/staff/fund/applications/${id}`,
    { csrf: moderator.csrf, ...fields },
    { Cookie: moderator.cookie },
  );
  return callAction(reviewAction, request, { id });
}

const outboxOf = (fundApplicationId: string) =>
  prisma.outboxMail.findMany({
    where: { fundApplicationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { kind: true, payload: true, proposalId: true, status: true },
  });

/** The one link on the line after `label` in the plain text. */
function linkAfter(mail: ReceivedMail, label: string): string {
  const lines = (mail.parsed.text ?? "").split("\n");
  const index = lines.findIndex((line) => line.includes(label));
  expect(index, `"${label}" in:\n${mail.parsed.text}`).toBeGreaterThanOrEqual(0);
  return lines[index + 1]!.trim();
}

const pathAndQuery = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/** The private link in a mail opens this application's tracking page. */
async function expectTrackingLinkOpens(mail: ReceivedMail, label: string, applied: Applied) {
  const url = linkAfter(mail, label);
  expect(url.startsWith(`${BASE}/track/${applied.token}`)).toBe(true);
  const page = await callLoader(trackLoader, pathAndQuery(url), { token: applied.token });
  expect(page.status).toBe(200);
  const data = await page.json();
  expect(data.kind).toBe("application");
  expect(data.application.title).toBe(applied.title);
  return url;
}

const isolated = (text: string) => `\u2068${text}\u2069`;

describe("submitting an application", () => {
  it("a draft queues nothing; submitting queues one confirmation with the private link, kept only sealed", async () => {
    const { roundId } = await createFundRound(prisma);
    const applied = await apply(roundId, { intent: "save" });
    expect(await outboxOf(applied.id)).toEqual([]);
    expect(await prisma.mailSubscription.count({ where: { fundApplicationId: applied.id } })).toBe(
      0,
    );

    const submitted = await callAction(
      editAction,
      multipart(`/track/${applied.token}/application`, {
        ...applicationFields({ title: applied.title, contactEmail: applied.email }),
        intent: "submit",
      }),
      { token: applied.token },
    );
    expect(submitted.status).toBe(303);
    const rows = await outboxOf(applied.id);
    expect(rows).toMatchObject([{ kind: "fund_submitted", proposalId: null, status: "pending" }]);
    expect(JSON.parse(rows[0]!.payload)).toEqual({ resubmitted: false });
    // The outbox row and the subscription hold neither the address nor the token in plain text.
    const subscription = await prisma.mailSubscription.findUniqueOrThrow({
      where: { fundApplicationId: applied.id },
    });
    expect(subscription.language).toBe("de");
    expect(subscription.sealedTrackingToken).toBeTruthy();
    expect(subscription.sealedTrackingToken).not.toContain(applied.token);
    expect(rows[0]!.payload).not.toContain(applied.email);

    expect(await deliverDueMails()).toMatchObject({ sent: 1, failed: 0 });
    const [mail, ...more] = smtp.for(applied.email);
    expect(more).toHaveLength(0);
    expect(mail!.parsed.subject).toBe(`Ihr Antrag ist eingegangen: ${isolated(applied.title)}`);
    expect(mail!.parsed.text).toContain(`Guten Tag ${isolated("Aylin Demir")},`);
    expect(mail!.parsed.text).toContain("prüft jetzt, ob alles vollständig ist");
    expect(mail!.parsed.html).toContain('<html lang="de" dir="ltr">');
    const url = await expectTrackingLinkOpens(mail!, "Ihr privater Link", applied);
    expect(url).toBe(`${BASE}/track/${applied.token}`);
    // The footer speaks of the application, not of an idea.
    expect(mail!.parsed.text).toContain("in Ihrem Antrag beim Verfügungsfonds angegeben");
    expect(mail!.parsed.text).not.toContain("Idee");
  });

  it("withdrawing the application cancels waiting mail and forgets the sealed link", async () => {
    const { roundId } = await createFundRound(prisma);
    const applied = await apply(roundId);
    expect(await outboxOf(applied.id)).toMatchObject([
      { kind: "fund_submitted", status: "pending" },
    ]);
    expect(await withdrawApplication({ token: applied.token })).toMatchObject({ status: "ok" });
    expect(await outboxOf(applied.id)).toMatchObject([{ status: "cancelled" }]);
    expect(await prisma.mailSubscription.count({ where: { fundApplicationId: applied.id } })).toBe(
      0,
    );
    expect(await deliverDueMails()).toMatchObject({ sent: 0 });
    expect(smtp.for(applied.email)).toHaveLength(0);
  });

  it("is written in the form's language (English, Arabic right to left) with links in that language", async () => {
    const { roundId } = await createFundRound(prisma);
    const english = await apply(roundId, { language: "en" });
    const arabic = await apply(roundId, {
      language: "ar",
      fields: { title: "أحواض زراعة مرتفعة", applicantName: "سلمى" },
    });
    expect(
      (await prisma.fundApplication.findUniqueOrThrow({ where: { id: arabic.id } })).language,
    ).toBe("ar");
    await deliverDueMails();

    const [en] = smtp.for(english.email);
    expect(en!.parsed.subject).toContain("Your application has been received");
    expect(en!.parsed.text).toContain("Thank you for your application");
    expect(en!.parsed.text).not.toContain("Antrag");
    const enUrl = await expectTrackingLinkOpens(en!, "Your private link", english);
    expect(enUrl).toBe(`${BASE}/track/${english.token}?lng=en`);

    const [ar] = smtp.for(arabic.email);
    expect(ar!.parsed.subject).toContain("وصلنا طلبكم");
    expect(ar!.parsed.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar!.parsed.html).toContain("<bdi>أحواض زراعة مرتفعة</bdi>");
    const arUrl = await expectTrackingLinkOpens(ar!, "رابطكم الخاص", arabic);
    expect(arUrl).toBe(`${BASE}/track/${arabic.token}?lng=ar`);
  });

  it("without an e-mail address nothing is queued, now or later", async () => {
    const { roundId } = await createFundRound(prisma);
    const applied = await apply(roundId, { fields: { contactEmail: "" } });
    expect(await outboxOf(applied.id)).toEqual([]);
    expect((await review(applied.id, { intent: "return", request: "Bitte Angebot." })).status).toBe(
      303,
    );
    expect(await outboxOf(applied.id)).toEqual([]);
    expect(await prisma.mailSubscription.count({ where: { fundApplicationId: applied.id } })).toBe(
      0,
    );
  });

  it("the form says that an address brings the link and news by e-mail", async () => {
    const { roundId } = await createFundRound(prisma);
    const form = await renderRoute(
      "/fund/:roundId/apply",
      `/fund/${roundId}/apply`,
      { loader: applyLoader, Component: ApplyPage },
      "de",
    );
    expect(form).toContain("schicken wir Ihnen Ihren persönlichen Link und Nachrichten");
  });

  it("the tracking page says honestly whether the link comes by e-mail", async () => {
    const { roundId } = await createFundRound(prisma);
    const submitted = await apply(roundId);
    const draft = await apply(roundId, { intent: "save" });
    const page = async (applied: Applied, created: string) =>
      renderRoute(
        "/track/:token",
        `/track/${applied.token}?created=${created}`,
        { loader: trackLoader, Component: TrackingPage },
        "de",
      );
    const afterSubmit = await page(submitted, "submit");
    expect(afterSubmit).toContain("Wir schicken Ihnen diesen Link auch per E-Mail.");
    expect(afterSubmit).not.toContain("Wir schicken diesen Link nicht per E-Mail.");
    expect(await page(draft, "save")).toContain(
      "Sobald Sie den Antrag einreichen, schicken wir Ihnen diesen Link auch per E-Mail.",
    );
  });
});

describe("staff review", () => {
  it("a request, the resubmission and 'not eligible' each reach the applicant; a refused review queues nothing", async () => {
    const { roundId } = await createFundRound(prisma);
    const applied = await apply(roundId);
    const other = await apply(roundId, { fields: { applicantName: "Jonas Privat" } });
    const request = "Bitte legen Sie ein Angebot für das Holz bei.\nDanke!";
    expect((await review(applied.id, { intent: "return", request })).status).toBe(303);
    // "complete" is refused for a returned application: nothing is queued.
    expect((await review(applied.id, { intent: "complete" })).status).toBe(409);
    expect((await outboxOf(applied.id)).map((row) => row.kind)).toEqual([
      "fund_submitted",
      "fund_returned",
    ]);
    await deliverDueMails();
    const returned = smtp.for(applied.email)[1]!;
    expect(returned.parsed.subject).toBe(
      `Bitte ändern Sie Ihren Antrag: ${isolated(applied.title)}`,
    );
    expect(returned.parsed.text).toContain(
      `> ${isolated("Bitte legen Sie ein Angebot für das Holz bei.")}\n> ${isolated("Danke!")}`,
    );
    expect(returned.parsed.text).toContain("reichen Sie ihn erneut ein");
    await expectTrackingLinkOpens(returned, "Ihr privater Link", applied);

    const resubmitted = await callAction(
      editAction,
      multipart(`/track/${applied.token}/application`, {
        ...applicationFields({ title: applied.title, contactEmail: applied.email }),
        intent: "submit",
      }),
      { token: applied.token },
    );
    expect(resubmitted.status).toBe(303);
    const reason = "Das Projekt liegt außerhalb des Fördergebiets.";
    expect((await review(applied.id, { intent: "ineligible", reason })).status).toBe(303);
    await deliverDueMails();
    const [, , again, ineligible, ...rest] = smtp.for(applied.email);
    expect(rest).toHaveLength(0);
    expect(again!.parsed.subject).toBe(
      `Ihr geänderter Antrag ist eingegangen: ${isolated(applied.title)}`,
    );
    expect(ineligible!.parsed.subject).toBe(
      `Ihr Antrag kann nicht gefördert werden: ${isolated(applied.title)}`,
    );
    expect(ineligible!.parsed.text).toContain(`> ${isolated(reason)}`);
    await expectTrackingLinkOpens(ineligible!, "Ihr privater Link", applied);

    // Never another application's data: the other applicant got only their own confirmation.
    for (const mail of smtp.for(applied.email)) {
      expect(mail.parsed.text).not.toContain(other.title);
      expect(mail.parsed.text).not.toContain("Jonas Privat");
      expect(mail.parsed.text).not.toContain(other.token);
    }
    expect(smtp.for(other.email)).toHaveLength(1);
    expect(smtp.for(other.email)[0]!.parsed.text).not.toContain(reason);
  });

  it("'complete' is the office's own step and sends nothing", async () => {
    const { roundId } = await createFundRound(prisma);
    const applied = await apply(roundId);
    expect((await review(applied.id, { intent: "complete" })).status).toBe(303);
    expect((await outboxOf(applied.id)).map((row) => row.kind)).toEqual(["fund_submitted"]);
  });
});

describe("the decision", () => {
  async function openSession(roundId: string, procedureId: string) {
    await moveRoundToPhase(prisma, procedureId, "decision");
    const members: string[] = [];
    for (const juror of jurors) {
      const member = await prisma.fundJuryMember.create({
        data: { roundId, staffId: juror.id },
        select: { id: true },
      });
      members.push(member.id);
    }
    const session = await prisma.fundSession.create({
      data: { roundId, heldAt: new Date(), place: "Stadtteilladen" },
      select: { id: true },
    });
    const actor: SessionActor = { staffId: moderator.id, roundId, procedureId, canRun: true };
    await recordAttendance({ actor, sessionId: session.id, presentMemberIds: members });
    const pots = await prisma.fundPot.findMany({
      where: { roundId },
      orderBy: { position: "asc" },
    });
    const vote = async (applicationId: string, choice: "yes" | "no") => {
      for (const memberId of members) {
        const result = await recordJuryVote({
          actor,
          sessionId: session.id,
          applicationId,
          memberId,
          choice,
        });
        expect(result.status).toBe("ok");
      }
    };
    return { actor, sessionId: session.id, investive: pots[0]!.id, other: pots[1]!.id, vote };
  }

  it("granted in full, reduced with the amount, refused: each with the team's reason, in the applicant's language", async () => {
    const round = await createFundRound(prisma);
    const full = await apply(round.roundId);
    const reduced = await apply(round.roundId, { language: "en" });
    const refused = await apply(round.roundId, { language: "ar" });
    for (const { id } of [full, reduced, refused]) {
      expect((await review(id, { intent: "complete" })).status).toBe(303);
    }
    const s = await openSession(round.roundId, round.procedureId);
    await s.vote(full.id, "yes");
    await s.vote(reduced.id, "yes");
    await s.vote(refused.id, "no");

    // A refusal (no reason) is no decision and no mail.
    const noReason = await decideApplication({
      actor: s.actor,
      sessionId: s.sessionId,
      applicationId: full.id,
      outcome: "granted",
      grantedCents: 0,
      allocations: [{ potId: s.other, amountCents: 39_000 }],
      reason: " ",
    });
    expect(noReason.status).toBe("refused");
    expect((await outboxOf(full.id)).map((row) => row.kind)).toEqual(["fund_submitted"]);

    const decide = (applicationId: string, input: object) =>
      decideApplication({
        actor: s.actor,
        sessionId: s.sessionId,
        applicationId,
        outcome: "granted",
        grantedCents: 0,
        allocations: [],
        reason: "",
        ...input,
      });
    expect(
      await decide(full.id, {
        allocations: [{ potId: s.other, amountCents: 39_000 }],
        reason: "Passt sehr gut zu den Zielen des Fonds.",
      }),
    ).toMatchObject({ status: "ok" });
    expect(
      await decide(reduced.id, {
        outcome: "reduced",
        grantedCents: 30_050,
        allocations: [{ potId: s.other, amountCents: 30_050 }],
        reason: "Pflanzen gibt es günstiger beim Grünflächenamt.",
      }),
    ).toMatchObject({ status: "ok" });
    expect(
      await decide(refused.id, {
        outcome: "refused",
        reason: "Ein ähnliches Projekt wurde schon gefördert.",
      }),
    ).toMatchObject({ status: "ok" });

    const payload = async (id: string) =>
      JSON.parse((await outboxOf(id)).find((row) => row.kind === "fund_decided")!.payload);
    const due = reportDueAt(new Date(`${dayFromNow(120)}T00:00:00.000Z`), 56).toISOString();
    expect(await payload(full.id)).toEqual({
      outcome: "granted",
      grantedCents: 39_000,
      requestedCents: 39_000,
      reason: "Passt sehr gut zu den Zielen des Fonds.",
      reportDueOn: due,
    });
    expect(await payload(refused.id)).toMatchObject({ outcome: "refused", grantedCents: 0 });

    await deliverDueMails();
    const fullMail = smtp.for(full.email).at(-1)!;
    expect(fullMail.parsed.subject).toBe(`Ihr Antrag ist bewilligt: ${isolated(full.title)}`);
    expect(fullMail.parsed.text).toContain(
      `Sie bekommen ${formatCents(39_000, "de")}, so viel wie beantragt.`,
    );
    expect(fullMail.parsed.text).toContain(
      `> ${isolated("Passt sehr gut zu den Zielen des Fonds.")}`,
    );
    expect(fullMail.parsed.text).toContain(
      `Der Verwendungsnachweis ist bis zum ${formatBerlin(due, "de", { dateStyle: "long" })} fällig.`,
    );
    await expectTrackingLinkOpens(fullMail, "Ihr privater Link", full);

    const reducedMail = smtp.for(reduced.email).at(-1)!;
    expect(reducedMail.parsed.subject).toContain("granted with a lower amount");
    expect(reducedMail.parsed.text).toContain(
      `you will receive ${formatCents(30_050, "en")} instead of the ${formatCents(39_000, "en")} you asked for`,
    );
    expect(formatCents(30_050, "en")).toBe("€300.50");
    expect(reducedMail.parsed.text).toContain("Pflanzen gibt es günstiger beim Grünflächenamt.");
    expect(reducedMail.parsed.text).toContain("before you spend any money");
    await expectTrackingLinkOpens(reducedMail, "Your private link", reduced);

    const refusedMail = smtp.for(refused.email).at(-1)!;
    expect(refusedMail.parsed.subject).toContain("قرار بشأن طلبكم");
    expect(refusedMail.parsed.text).toContain("Ein ähnliches Projekt wurde schon gefördert.");
    expect(refusedMail.parsed.text).not.toContain("تقرير الإنفاق حتى");
    await expectTrackingLinkOpens(refusedMail, "رابطكم الخاص", refused);

    // Each applicant reads only their own decision.
    const reasons = [
      "Passt sehr gut zu den Zielen des Fonds.",
      "Pflanzen gibt es günstiger beim Grünflächenamt.",
      "Ein ähnliches Projekt wurde schon gefördert.",
    ];
    const mails = [fullMail, reducedMail, refusedMail];
    const applications = [full, reduced, refused];
    mails.forEach((mail, i) => {
      applications.forEach((other, j) => {
        if (i === j) return;
        expect(mail.parsed.text).not.toContain(other.title);
        expect(mail.parsed.text).not.toContain(other.token);
        expect(mail.parsed.text).not.toContain(reasons[j]);
      });
    });
  });

  it("a decision rolled back because a pot is short queues nothing", async () => {
    const round = await createFundRound(prisma, { investiveFreeCents: 10_000 });
    const applied = await apply(round.roundId);
    expect((await review(applied.id, { intent: "complete" })).status).toBe(303);
    const s = await openSession(round.roundId, round.procedureId);
    await s.vote(applied.id, "yes");
    const result = await decideApplication({
      actor: s.actor,
      sessionId: s.sessionId,
      applicationId: applied.id,
      outcome: "granted",
      grantedCents: 0,
      // The first pot is raised, the second is short: all of it is undone.
      allocations: [
        { potId: s.other, amountCents: 20_000 },
        { potId: s.investive, amountCents: 19_000 },
      ],
      reason: "Gute Idee.",
    });
    expect(result).toMatchObject({ status: "refused", reason: "pot-short" });
    expect((await outboxOf(applied.id)).map((row) => row.kind)).toEqual(["fund_submitted"]);
    expect(await prisma.fundDecision.count({ where: { applicationId: applied.id } })).toBe(0);
  });
});

describe("the spending report", () => {
  /** A granted project whose applicant gave an address and submitted the form in `language`. */
  async function grantedWithAddress(title: string, language: "de" | "en" = "de") {
    const project = await setUpGrantedProject({ title });
    const email = `report${++counter}@example.org`;
    await prisma.fundApplication.update({
      where: { id: project.applicationId },
      data: { contactEmail: email, language },
    });
    // What the applicant's submission did (the fixture writes the application directly).
    const sealed = await sealToken(project.token);
    await prisma.$transaction((tx) =>
      subscribeFundApplicant(tx, project.applicationId, { language, sealedTrackingToken: sealed }),
    );
    return { ...project, email, title };
  }

  async function grantedWithSubscription() {
    const project = await grantedWithAddress("Hoffest in der Eisenbahnstraße");
    // Paid 500 €, spent 380 € + 100 € + 0 €; 100 € own money first: 380 € from the fund, 120 € back.
    await prisma.fundDecision.update({
      where: { applicationId: project.applicationId },
      data: { paidCents: 50_000, paidAt: new Date() },
    });
    for (const [index, actualCents] of [38_000, 10_000, 0].entries()) {
      await prisma.fundCostLine.update({
        where: { id: project.lineIds[index]! },
        data: { actualCents },
      });
    }
    const submitReport = () =>
      prisma.fundReport.upsert({
        where: { applicationId: project.applicationId },
        create: {
          applicationId: project.applicationId,
          status: "submitted",
          summary: "Ein schönes Fest mit 80 Gästen.",
          submittedAt: new Date(),
        },
        update: { status: "submitted" },
      });
    await submitReport();
    return { ...project, submitReport };
  }

  const recordPaymentAs = (project: { applicationId: string }, fields: Record<string, string>) =>
    callAction(
      staffProjectAction,
      staffForm(`/staff/fund/projects/${project.applicationId}`, moderator, {
        intent: "payment",
        ...fields,
      }),
      { applicationId: project.applicationId },
    );

  it("a recorded payment tells the applicant the total, to keep receipts and when the report is due; refused or unchanged payments queue nothing", async () => {
    const project = await grantedWithAddress("Nachbarschaftsfest am Rabet");
    // More than the grant (500 €) and a form error are refused: nothing is queued.
    expect(
      (await recordPaymentAs(project, { amount: "500,01", paidOn: "2026-11-20" })).status,
    ).toBe(409);
    expect((await recordPaymentAs(project, { amount: "viel", paidOn: "" })).status).toBe(400);
    expect(await outboxOf(project.applicationId)).toEqual([]);

    expect((await recordPaymentAs(project, { amount: "300", paidOn: "2026-11-20" })).status).toBe(
      303,
    );
    // Only the day corrected: bookkeeping, no second mail.
    expect((await recordPaymentAs(project, { amount: "300", paidOn: "2026-11-21" })).status).toBe(
      303,
    );
    const rows = await outboxOf(project.applicationId);
    expect(rows.map((row) => row.kind)).toEqual(["fund_paid"]);
    const { endsOn } = await prisma.fundApplication.findUniqueOrThrow({
      where: { id: project.applicationId },
      select: { endsOn: true },
    });
    const due = reportDueAt(endsOn!, 56).toISOString();
    expect(JSON.parse(rows[0]!.payload)).toEqual({
      paidCents: 30_000,
      paidOn: "2026-11-20T12:00:00.000Z",
      reportDueOn: due,
    });

    await deliverDueMails();
    const [mail, ...more] = smtp.for(project.email);
    expect(more).toHaveLength(0);
    expect(mail!.parsed.subject).toBe(
      `Geld für Ihr Projekt ist ausgezahlt: ${isolated(project.title)}`,
    );
    expect(mail!.parsed.text).toContain(
      `Bis zum 20. November 2026 haben Sie insgesamt ${formatCents(30_000, "de")} aus dem Verfügungsfonds bekommen.`,
    );
    expect(mail!.parsed.text).toContain("Heben Sie alle Rechnungen und Kassenbons auf");
    expect(mail!.parsed.text).toContain(
      `Der Verwendungsnachweis ist bis zum ${formatBerlin(due, "de", { dateStyle: "long" })} fällig.`,
    );
    expect(linkAfter(mail!, "Direkt zum Verwendungsnachweis")).toBe(
      `${BASE}/track/${project.token}/report`,
    );
    expect(linkAfter(mail!, "Ihr privater Link")).toBe(`${BASE}/track/${project.token}`);

    // A second payment raises the total: the applicant hears the new total.
    expect((await recordPaymentAs(project, { amount: "500", paidOn: "2026-12-01" })).status).toBe(
      303,
    );
    await deliverDueMails();
    expect(smtp.for(project.email).at(-1)!.parsed.text).toContain(
      `insgesamt ${formatCents(50_000, "de")}`,
    );
  });

  it("a submitted report is confirmed in the applicant's language; a draft, a refused or a second submission queues nothing", async () => {
    const project = await grantedWithAddress("Repair café in the courtyard", "en");
    const postReport = (fields: Record<string, string | File>) => {
      const form = new FormData();
      form.append("volunteerHours", "12");
      form.append("summary", "A good afternoon: 30 things repaired.");
      project.lineIds.forEach((id, i) => form.append(`actual-${id}`, ["380", "0", "0"][i]!));
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      return callAction(
        reportAction,
        new Request(`http://test.local/track/${project.token}/report?lng=en`, {
          method: "POST",
          body: form,
        }),
        { token: project.token },
        context(),
      );
    };
    expect((await postReport({ intent: "save" })).status).toBe(303);
    // Money spent but no receipt: refused.
    expect((await postReport({ intent: "submit" })).status).toBe(400);
    expect(await outboxOf(project.applicationId)).toEqual([]);

    const receipt = new File([new Uint8Array(await receiptPdf())], "invoice.pdf", {
      type: "application/pdf",
    });
    const submitted = await postReport({
      intent: "submit",
      receipt1: receipt,
      receipt1Line: project.lineIds[0]!,
    });
    expect(submitted.status, await submitted.clone().text()).toBe(303);
    // Submitted: staff are checking it, a second submission is refused.
    expect((await postReport({ intent: "submit" })).status).toBe(409);
    const rows = await outboxOf(project.applicationId);
    expect(rows.map((row) => row.kind)).toEqual(["fund_report_submitted"]);
    expect(JSON.parse(rows[0]!.payload)).toEqual({});

    await deliverDueMails();
    const [mail, ...more] = smtp.for(project.email);
    expect(more).toHaveLength(0);
    expect(mail!.parsed.subject).toBe(
      `Your spending report has been received: ${isolated(project.title)}`,
    );
    expect(mail!.parsed.text).toContain(
      `Thank you for the spending report for your project “${isolated(project.title)}”.`,
    );
    expect(mail!.parsed.text).toContain("The neighbourhood management office will now check it.");
    expect(mail!.parsed.text).not.toContain("Verwendungsnachweis");
    expect(mail!.parsed.html).toContain('<html lang="en" dir="ltr">');
    const url = linkAfter(mail!, "Your private link");
    expect(url).toBe(`${BASE}/track/${project.token}?lng=en`);
    const page = await callLoader(trackLoader, pathAndQuery(url), { token: project.token });
    expect(page.status).toBe(200);
  });

  it("questions go to the applicant with a link straight to the report; a second try is refused and queues nothing", async () => {
    const project = await grantedWithSubscription();
    const questions = "Bitte schicken Sie den Beleg für den Pavillon.";
    expect(
      await askReportQuestions({
        staffId: moderator.id,
        applicationId: project.applicationId,
        message: questions,
      }),
    ).toEqual({ status: "ok" });
    expect(
      await askReportQuestions({
        staffId: moderator.id,
        applicationId: project.applicationId,
        message: "Noch eine Frage.",
      }),
    ).toEqual({ status: "refused", reason: "not-submitted" });
    const rows = await outboxOf(project.applicationId);
    expect(rows.map((row) => row.kind)).toEqual(["fund_report_questions"]);
    expect(JSON.parse(rows[0]!.payload)).toEqual({ questions });

    await deliverDueMails();
    const [mail, ...more] = smtp.for(project.email);
    expect(more).toHaveLength(0);
    expect(mail!.parsed.subject).toBe(
      `Rückfragen zu Ihrem Verwendungsnachweis: ${isolated("Hoffest in der Eisenbahnstraße")}`,
    );
    expect(mail!.parsed.text).toContain(`> ${isolated(questions)}`);
    expect(mail!.parsed.text).not.toContain("Noch eine Frage.");
    const reportUrl = linkAfter(mail!, "Direkt zum Verwendungsnachweis");
    expect(reportUrl).toBe(`${BASE}/track/${project.token}/report`);
    const page = await callLoader(reportLoader, pathAndQuery(reportUrl), {
      token: project.token,
    });
    expect(page.status).toBe(200);
    expect(linkAfter(mail!, "Ihr privater Link")).toBe(`${BASE}/track/${project.token}`);
  });

  it("acceptance says what to pay back and where the project is now public; accepting twice sends one mail", async () => {
    const project = await grantedWithSubscription();
    expect(
      await acceptReport({ staffId: moderator.id, applicationId: project.applicationId }),
    ).toMatchObject({ status: "ok" });
    expect(
      await acceptReport({ staffId: moderator.id, applicationId: project.applicationId }),
    ).toMatchObject({ status: "refused", reason: "not-submitted" });
    const rows = await outboxOf(project.applicationId);
    expect(rows.map((row) => row.kind)).toEqual(["fund_report_accepted"]);
    expect(JSON.parse(rows[0]!.payload)).toEqual({ repayCents: 12_000 });

    await deliverDueMails();
    const [mail, ...more] = smtp.for(project.email);
    expect(more).toHaveLength(0);
    expect(mail!.parsed.subject).toContain("Ihr Verwendungsnachweis ist angenommen");
    expect(mail!.parsed.text).toContain(
      `Von dem ausgezahlten Geld haben Sie ${formatCents(12_000, "de")} nicht gebraucht.`,
    );
    expect(linkAfter(mail!, "Gefördert im Verfügungsfonds")).toBe(`${BASE}/fund`);
  });

  it("an application submitted before mail was set up gets its mails without the private link", async () => {
    const project = await setUpGrantedProject({ title: "Sommerkino im Hof" });
    await prisma.fundReport.create({
      data: { applicationId: project.applicationId, status: "submitted", summary: "Kino." },
    });
    await askReportQuestions({
      staffId: moderator.id,
      applicationId: project.applicationId,
      message: "Wie viele Gäste kamen?",
    });
    const subscription = await prisma.mailSubscription.findUniqueOrThrow({
      where: { fundApplicationId: project.applicationId },
    });
    expect(subscription.sealedTrackingToken).toBeNull();
    await deliverDueMails();
    const mail = smtp.for("olena@example.org").at(-1)!;
    expect(mail.parsed.text).toContain("Wie viele Gäste kamen?");
    expect(mail.parsed.text).toContain("über den privaten Link, den Sie beim ersten Speichern");
    expect(mail.parsed.text).not.toContain("/track/");
    // The unsubscribe link still works without the private link.
    expect(linkAfter(mail, "Keine E-Mails mehr zu diesem Antrag")).toMatch(
      new RegExp(`^${BASE}/unsubscribe/[A-Za-z0-9_-]{32}$`),
    );
  });
});

describe("unsubscribing and staff's delivery page", () => {
  it("the unsubscribe link of a fund mail speaks of the application and stops further mail", async () => {
    const { roundId } = await createFundRound(prisma);
    const applied = await apply(roundId);
    await deliverDueMails();
    const url = linkAfter(smtp.for(applied.email)[0]!, "Keine E-Mails mehr zu diesem Antrag");
    const token = new URL(url).pathname.split("/").pop()!;
    const shown = await callLoader(unsubscribeLoader, pathAndQuery(url), { token });
    expect(await shown.json()).toMatchObject({ state: "subscribed", subject: "fundApplication" });
    const html = await renderRoute(
      "/unsubscribe/:token",
      `/unsubscribe/${token}`,
      { loader: unsubscribeLoader, Component: UnsubscribePage },
      "de",
    );
    expect(html).toContain("zu Ihrem Antrag beim Verfügungsfonds");
    expect(html).not.toContain("Idee");

    // Staff ask for a change before the unsubscribe is sent: the waiting mail is cancelled.
    expect(
      (await review(applied.id, { intent: "return", request: "Bitte ergänzen." })).status,
    ).toBe(303);
    const posted = await callAction(
      unsubscribeAction,
      formRequest(pathAndQuery(url), { "List-Unsubscribe": "One-Click" }),
      { token },
    );
    expect(await posted.json()).toEqual({ state: "unsubscribed", changed: true });
    expect((await outboxOf(applied.id)).map((row) => row.status)).toEqual(["sent", "cancelled"]);
    const subscription = await prisma.mailSubscription.findUniqueOrThrow({
      where: { fundApplicationId: applied.id },
    });
    expect(subscription.sealedTrackingToken).toBeNull();

    // Resubmitting keeps the unsubscribe: no confirmation, no token sealed again.
    await callAction(
      editAction,
      multipart(`/track/${applied.token}/application`, {
        ...applicationFields({ title: applied.title, contactEmail: applied.email }),
        intent: "submit",
      }),
      { token: applied.token },
    );
    expect(await outboxOf(applied.id)).toHaveLength(2);
    expect(
      (
        await prisma.mailSubscription.findUniqueOrThrow({
          where: { fundApplicationId: applied.id },
        })
      ).sealedTrackingToken,
    ).toBeNull();
    await deliverDueMails();
    expect(smtp.for(applied.email)).toHaveLength(1);
  });

  it("a failed fund mail is listed with its title and a link to the application, the address shortened, no name", async () => {
    const { roundId } = await createFundRound(prisma);
    smtp.refuseNext(1, 550, "5.1.1 Recipient unknown");
    const applied = await apply(roundId, {
      fields: { applicantName: "Sichtbar Nie", contactEmail: "zora.fund@example.org" },
    });
    expect(await deliverDueMails()).toMatchObject({ failed: 1 });
    const page = await (
      await callLoader(mailLoader, "/staff/mail", {}, staffHeaders(moderator))
    ).json();
    const row = page.failed.find(
      (candidate: { about: { id: string } }) => candidate.about.id === applied.id,
    );
    expect(row).toMatchObject({
      kind: "fund_submitted",
      about: { kind: "fundApplication", id: applied.id, title: applied.title },
      recipient: "z…@example.org",
    });
    expect(JSON.stringify(page)).not.toContain("zora.fund@example.org");
    expect(JSON.stringify(page)).not.toContain("Sichtbar Nie");
    const html = await renderRoute(
      "/staff/mail",
      "/staff/mail",
      {
        loader: (args) =>
          mailLoader({
            ...args,
            request: new Request(args.request, { headers: staffHeaders(moderator) }),
          }),
        Component: StaffMailPage,
      },
      "de",
    );
    expect(html).toContain(`href="/staff/fund/applications/${applied.id}"`);
    expect(html).toContain("Verfügungsfonds: Eingangsbestätigung");
    expect(html).toContain("5.1.1 Recipient unknown");
    expect(html).not.toContain("Sichtbar Nie");
  });
});
