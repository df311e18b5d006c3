import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deliverDueMails, RETRY_DELAYS_MINUTES } from "~/modules/mail/deliver.server";
import { startMailWorker, stopMailWorker } from "~/modules/mail/mail-worker.server";
import { recordImplementation } from "~/modules/outcomes/implementation.server";
import { castBallot } from "~/modules/votes/cast-ballot.server";
import { closeVote, getVoteForBallot, publishResults } from "~/modules/votes/votes.server";
import PrivacyPage, { loader as privacyLoader } from "~/routes/privacy";
import NewProposalPage, {
  action as submitAction,
  loader as newLoader,
} from "~/routes/proposals.new";
import StaffMailPage, { action as mailAction, loader as mailLoader } from "~/routes/staff.mail";
import { action as staffProposalAction } from "~/routes/staff.proposals.$id";
import TrackingPage, {
  action as trackingAction,
  loader as trackingLoader,
} from "~/routes/track.$token";
import {
  action as unsubscribeAction,
  loader as unsubscribeLoader,
} from "~/routes/unsubscribe.$token";
import { berlinLocalToDate, dateToBerlinLocal } from "~/utils/berlin-time";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import type { ReceivedMail } from "../setup/smtp-test-server";
import { callAction, callLoader, formRequest, inside, validProposal } from "./helpers";
import { renderRoute } from "./render-route";
import { setUpVote } from "./votes-fixtures";
import {
  auditEntries,
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
  type TestStaff,
} from "./staff-helpers";

/**
 * E-mail against a real SMTP server started in this test run: the app is
 * configured with its SMTP_URL before any app module reads the environment.
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
  // The next test file in this process starts without mail.
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  delete process.env.PUBLIC_BASE_URL;
});

let moderator: TestStaff;
let admin: TestStaff;
/** What the worker logged (kept off the test output). */
let logged: string[] = [];

beforeEach(async () => {
  resetRateLimits();
  await prisma.vote.deleteMany();
  await resetData();
  await prisma.procedure.deleteMany();
  smtp.received.length = 0;
  logged = [];
  const keep = (...args: unknown[]) => void logged.push(args.join(" "));
  vi.spyOn(console, "info").mockImplementation(keep);
  vi.spyOn(console, "warn").mockImplementation(keep);
  moderator = await createStaffUser("moderator");
  admin = await createStaffUser("admin");
});

afterEach(() => {
  vi.restoreAllMocks();
});

let counter = 0;

/** Submits through the form's action, as a browser in `language` does. */
async function submit(
  options: {
    language?: "de" | "en" | "ar";
    email?: string;
    name?: string;
    title?: string;
    notifyReplies?: boolean;
  } = {},
) {
  const language = options.language ?? "de";
  const email = options.email ?? `resident${++counter}@example.org`;
  const fields: Record<string, string> = {
    ...validProposal,
    title: options.title ?? validProposal.title,
    lon: String(inside.lon),
    lat: String(inside.lat),
    name: options.name ?? "Olena",
    email,
    consent: "on",
    language,
    intent: "submit",
  };
  if (options.notifyReplies) fields.notifyReplies = "on";
  const response = await callAction(
    submitAction,
    formRequest(`/proposals/new${language === "de" ? "" : `?lng=${language}`}`, fields),
  );
  expect(response.status).toBe(303);
  const token = (response.headers.get("Location") ?? "").split("/")[2]!.split("?")[0]!;
  const proposal = await prisma.proposal.findFirstOrThrow({
    where: { submitterEmail: email },
    select: { id: true },
  });
  return { id: proposal.id, token, email };
}

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

async function staffAction(staff: TestStaff, id: string, fields: Record<string, string>) {
  return callAction(staffProposalAction, staffForm(`/staff/proposals/${id}`, staff, fields), {
    id,
  });
}

describe("the confirmation mail", () => {
  it("arrives once, in German, with the tracking link and an unsubscribe link that works", async () => {
    const { id, token, email } = await submit({ title: "Sitzbänke im Rabet" });
    // Written in the submission's transaction, sent only by the worker.
    expect(await prisma.outboxMail.count({ where: { proposalId: id, status: "pending" } })).toBe(1);
    expect(smtp.received).toHaveLength(0);

    expect(await deliverDueMails()).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
    const [mail, ...more] = smtp.for(email);
    expect(more).toHaveLength(0);
    expect(mail!.parsed.from?.text).toBe('"Quartiersstimme Test" <beteiligung@quartier.test>');
    expect(mail!.parsed.subject).toContain("Ihre Idee ist eingegangen");
    expect(mail!.parsed.subject).toContain("Sitzbänke im Rabet");
    expect(mail!.parsed.text).toContain("Guten Tag \u2068Olena\u2069,");
    expect(mail!.parsed.html).toContain('<html lang="de" dir="ltr">');

    // The tracking link opens this initiative's private page.
    const trackingUrl = linkAfter(mail!, "Ihr persönlicher Link");
    expect(trackingUrl).toBe(`${BASE}/track/${token}`);
    const page = await callLoader(trackingLoader, pathAndQuery(trackingUrl), { token });
    expect(page.status).toBe(200);
    expect((await page.json()).proposal).toMatchObject({ id, title: "Sitzbänke im Rabet" });

    // List-Unsubscribe (RFC 2369) and one-click (RFC 8058) point at the same link as the text.
    const unsubscribeUrl = linkAfter(mail!, "Keine E-Mails mehr");
    const header = mail!.parsed.headerLines.find((line) => line.key === "list-unsubscribe");
    // (A long header is folded onto a second line.)
    expect(header?.line.replace(/\r\n\s+/g, " ")).toBe(`List-Unsubscribe: <${unsubscribeUrl}>`);
    expect(
      mail!.parsed.headerLines.find((line) => line.key === "list-unsubscribe-post")?.line,
    ).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const unsubscribeToken = new URL(unsubscribeUrl).pathname.split("/").pop()!;

    // Looking at the link (what a mail scanner does) changes nothing.
    const shown = await callLoader(unsubscribeLoader, pathAndQuery(unsubscribeUrl), {
      token: unsubscribeToken,
    });
    expect(shown.status).toBe(200);
    expect(shown.headers.get("Cache-Control")).toBe("no-store");
    expect((await shown.json()).state).toBe("subscribed");
    expect(
      (await prisma.mailSubscription.findUniqueOrThrow({ where: { proposalId: id } }))
        .unsubscribedAt,
    ).toBeNull();

    // The button's POST unsubscribes; a second one says so again.
    const posted = await callAction(
      unsubscribeAction,
      formRequest(pathAndQuery(unsubscribeUrl), { "List-Unsubscribe": "One-Click" }),
      { token: unsubscribeToken },
    );
    expect(await posted.json()).toEqual({ state: "unsubscribed", changed: true });
    const again = await callAction(
      unsubscribeAction,
      formRequest(pathAndQuery(unsubscribeUrl), { "List-Unsubscribe": "One-Click" }),
      { token: unsubscribeToken },
    );
    expect(await again.json()).toEqual({ state: "unsubscribed", changed: false });

    // No more mail: publishing queues none, and the worker sends none.
    expect((await staffAction(moderator, id, { intent: "status", to: "published" })).status).toBe(
      303,
    );
    expect(await prisma.outboxMail.count({ where: { proposalId: id } })).toBe(1);
    await deliverDueMails();
    expect(smtp.for(email)).toHaveLength(1);
  });

  it("a mail program's one-click POST (multipart, no page) unsubscribes too", async () => {
    const { id, email } = await submit();
    await deliverDueMails();
    const url = linkAfter(smtp.for(email)[0]!, "Keine E-Mails mehr");
    const token = new URL(url).pathname.split("/").pop()!;
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const response = await callAction(
      unsubscribeAction,
      new Request(url, { method: "POST", body }),
      { token },
    );
    expect(response.status).toBe(200);
    const subscription = await prisma.mailSubscription.findUniqueOrThrow({
      where: { proposalId: id },
    });
    expect(subscription.unsubscribedAt).not.toBeNull();
    // The sealed tracking token is no longer kept.
    expect(subscription.sealedTrackingToken).toBeNull();
  });

  it("is written in Arabic, right to left, when the form was in Arabic, and its links open Arabic pages", async () => {
    const { id, token, email } = await submit({
      language: "ar",
      name: "سلمى",
      title: "مقاعد في حديقة رابيت",
    });
    await deliverDueMails();
    const [mail] = smtp.for(email);
    expect(mail!.parsed.subject).toContain("وصلتنا فكرتكم");
    expect(mail!.parsed.subject).toContain("مقاعد في حديقة رابيت");
    expect(mail!.parsed.text).toContain("شكرًا لكم على فكرتكم");
    expect(mail!.parsed.text).not.toContain("Ihre Idee");
    expect(mail!.parsed.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail!.parsed.html).toContain("<bdi>مقاعد في حديقة رابيت</bdi>");

    const trackingUrl = linkAfter(mail!, "رابطكم الشخصي");
    expect(trackingUrl).toBe(`${BASE}/track/${token}?lng=ar`);
    const page = await (
      await callLoader(trackingLoader, pathAndQuery(trackingUrl), { token })
    ).json();
    expect(page.proposal.id).toBe(id);
    expect(page.pageTitle).toContain("فكرتكم");

    // The subscription keeps the form's language, not the text's language.
    expect(
      (await prisma.mailSubscription.findUniqueOrThrow({ where: { proposalId: id } })).language,
    ).toBe("ar");
  });

  it("uses the form's interface language, not the language the idea is written in", async () => {
    const response = await callAction(
      submitAction,
      formRequest("/proposals/new?lng=en", {
        ...validProposal,
        lon: String(inside.lon),
        lat: String(inside.lat),
        email: "writes-german@example.org",
        consent: "on",
        language: "de",
        intent: "submit",
      }),
    );
    expect(response.status).toBe(303);
    await deliverDueMails();
    const [mail] = smtp.for("writes-german@example.org");
    expect(mail!.parsed.subject).toContain("Your idea has been received");
    // Without a name: a greeting without one.
    expect(mail!.parsed.text).toMatch(/^Hello,\n/);
  });

  it("never takes what residents wrote as HTML", async () => {
    const { email } = await submit({
      name: '<img src=x onerror="alert(1)">',
      title: "Bänke & <b>Tische</b> im Rabet",
    });
    await deliverDueMails();
    const html = smtp.for(email)[0]!.parsed.html;
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>Tische</b>");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("Bänke &amp; &lt;b&gt;Tische&lt;/b&gt; im Rabet");
  });

  it("the tracking page after submitting says that the link also comes by e-mail", async () => {
    const { token } = await submit();
    const html = await renderRoute(
      "/track/:token",
      `/track/${token}?submitted=1`,
      { loader: trackingLoader, Component: TrackingPage },
      "de",
    );
    expect(html).toContain("Wir schicken Ihnen diesen Link auch per E-Mail.");
    expect(html).toContain("tracking-link-prominent");
  });
});

describe("the submit form with mail configured", () => {
  it("promises e-mail honestly and offers reply notifications", async () => {
    const html = await renderRoute(
      "/proposals/new",
      "/proposals/new",
      { loader: newLoader, Component: NewProposalPage },
      "de",
    );
    expect(html).toContain("schicken wir Ihnen eine Bestätigung mit Ihrem persönlichen Link");
    expect(html).toContain('name="notifyReplies"');
    expect(html).not.toContain("Diese Plattform verschickt keine E-Mails.");
  });

  it("the privacy notice says which mails come and how to stop them", async () => {
    const html = await renderRoute(
      "/privacy",
      "/privacy",
      { loader: privacyLoader, Component: PrivacyPage },
      "de",
    );
    expect(html).toContain("schicken wir Ihnen E-Mails");
    expect(html).toContain("Jede E-Mail hat einen Link zum Abbestellen.");
    expect(html).not.toContain("Diese Seite verschickt zurzeit keine E-Mails.");
  });

  it("without an address, nothing is queued", async () => {
    const response = await callAction(
      submitAction,
      formRequest("/proposals/new", {
        ...validProposal,
        lon: String(inside.lon),
        lat: String(inside.lat),
        intent: "submit",
      }),
    );
    expect(response.status).toBe(303);
    expect(await prisma.outboxMail.count()).toBe(0);
    expect(await prisma.mailSubscription.count()).toBe(0);
  });
});

describe("the worker", () => {
  it("started by the server, sends right after the commit (no waiting for its poll)", async () => {
    // Started with a one-hour poll: only the wake-up after the commit can send within seconds.
    startMailWorker({ pollMs: 3_600_000 });
    try {
      const { email } = await submit();
      await vi.waitFor(() => expect(smtp.for(email)).toHaveLength(1), { timeout: 5_000 });
      // Starting it again (a second import of the build) does not start a second worker.
      startMailWorker({ pollMs: 3_600_000 });
      const second = await submit();
      await vi.waitFor(() => expect(smtp.for(second.email)).toHaveLength(1), { timeout: 5_000 });
      expect(smtp.received).toHaveLength(2);
    } finally {
      stopMailWorker();
    }
  });
});

describe("retries", () => {
  it("a server that refuses for the time being: retried with backoff, delivered exactly once", async () => {
    smtp.refuseNext(2, 451);
    const { id, email } = await submit();
    const start = Date.now();

    expect(await deliverDueMails({ now: new Date(start) })).toMatchObject({ retrying: 1 });
    let row = await prisma.outboxMail.findFirstOrThrow({ where: { proposalId: id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("451");
    // The error shown to staff and written to the log never holds the address.
    expect(row.lastError).not.toContain(email);
    expect(row.nextAttemptAt.getTime() - start).toBe(RETRY_DELAYS_MINUTES[0] * 60_000);

    // Not due yet: nothing happens.
    expect(await deliverDueMails({ now: new Date(start + 30_000) })).toMatchObject({
      sent: 0,
      retrying: 0,
    });

    // Staff see it waiting, with the address shortened.
    const page = await (
      await callLoader(mailLoader, "/staff/mail", {}, staffHeaders(moderator))
    ).json();
    expect(page.retrying).toHaveLength(1);
    expect(page.retrying[0]).toMatchObject({ kind: "confirmation", attempts: 1 });
    expect(page.retrying[0].recipient).toBe(`r…@example.org`);
    expect(JSON.stringify(page)).not.toContain(email);

    const second = start + 61_000;
    expect(await deliverDueMails({ now: new Date(second) })).toMatchObject({ retrying: 1 });
    row = await prisma.outboxMail.findFirstOrThrow({ where: { proposalId: id } });
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    expect(row.nextAttemptAt.getTime() - second).toBe(RETRY_DELAYS_MINUTES[1] * 60_000);

    expect(await deliverDueMails({ now: new Date(second + 5 * 60_000) })).toMatchObject({
      sent: 1,
    });
    expect(smtp.for(email)).toHaveLength(1);
    row = await prisma.outboxMail.findFirstOrThrow({ where: { proposalId: id } });
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    // Two refusals and one delivery were logged, with the address shortened only.
    expect(logged).toHaveLength(3);
    expect(logged.join("\n")).not.toContain(email);
    expect(logged[2]).toContain("sent to r…@example.org");

    // Nothing left to send, however late.
    expect(await deliverDueMails({ now: new Date(start + 86_400_000) })).toMatchObject({
      sent: 0,
    });
    expect(smtp.for(email)).toHaveLength(1);
  });

  it("gives up after the last attempt", async () => {
    smtp.refuseNext(RETRY_DELAYS_MINUTES.length + 1, 421, "4.4.2 Too busy");
    const { id, email } = await submit();
    let now = Date.now();
    for (const delay of RETRY_DELAYS_MINUTES) {
      expect(await deliverDueMails({ now: new Date(now) })).toMatchObject({ retrying: 1 });
      now += delay * 60_000;
    }
    expect(await deliverDueMails({ now: new Date(now) })).toMatchObject({ failed: 1 });
    expect(await prisma.outboxMail.findFirstOrThrow({ where: { proposalId: id } })).toMatchObject({
      status: "failed",
      attempts: RETRY_DELAYS_MINUTES.length + 1,
    });
    expect(smtp.for(email)).toHaveLength(0);
  });

  it("a permanent refusal fails at once; staff see it, an admin sends it again (logged)", async () => {
    smtp.refuseNext(1, 550, "5.1.1 Recipient unknown");
    const { id, email } = await submit();
    expect(await deliverDueMails()).toMatchObject({ failed: 1 });
    const row = await prisma.outboxMail.findFirstOrThrow({ where: { proposalId: id } });
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toContain("550");

    const page = await (
      await callLoader(mailLoader, "/staff/mail", {}, staffHeaders(moderator))
    ).json();
    expect(page.failed.map((r: { id: string }) => r.id)).toEqual([row.id]);
    expect(page.canRetry).toBe(false);
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
    expect(html).toContain("5.1.1 Recipient unknown");
    expect(html).not.toContain("Erneut senden");

    // A moderator may not send it again; an admin may.
    const refused = await callAction(
      mailAction,
      staffForm("/staff/mail", moderator, { intent: "retry", id: row.id }),
    );
    expect(refused.status).toBe(403);
    const retried = await callAction(
      mailAction,
      staffForm("/staff/mail", admin, { intent: "retry", id: row.id }),
    );
    expect(retried.status).toBe(303);
    expect(await auditEntries("mail.retried")).toMatchObject([
      { staffId: admin.id, entityId: row.id },
    ]);
    // Only a failed mail can be sent again.
    const twice = await callAction(
      mailAction,
      staffForm("/staff/mail", admin, { intent: "retry", id: row.id }),
    );
    expect(twice.status).toBe(409);

    expect(await deliverDueMails()).toMatchObject({ sent: 1 });
    expect(smtp.for(email)).toHaveLength(1);
  });

  it("two workers at once never send the same mail", async () => {
    const emails: string[] = [];
    for (let i = 0; i < 6; i++) emails.push((await submit()).email);
    const reports = await Promise.all([deliverDueMails(), deliverDueMails(), deliverDueMails()]);
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(6);
    for (const email of emails) expect(smtp.for(email)).toHaveLength(1);
    expect(smtp.received).toHaveLength(6);
  });

  it("a mail claimed by a worker that stopped is taken over after the lease", async () => {
    const { id, email } = await submit();
    // A worker claimed it and then the process ended.
    await prisma.outboxMail.updateMany({
      where: { proposalId: id },
      data: { status: "sending", claimToken: "gone", claimedAt: new Date(), attempts: 1 },
    });
    expect(await deliverDueMails()).toMatchObject({ sent: 0 });
    expect(await deliverDueMails({ now: new Date(Date.now() + 11 * 60_000) })).toMatchObject({
      sent: 1,
    });
    expect(smtp.for(email)).toHaveLength(1);
  });
});

describe("mails about what staff do", () => {
  it("publish, then reject with the public reason: each arrives with a working tracking link", async () => {
    const { id, token, email } = await submit({ title: "Trinkbrunnen am Rabet" });
    await deliverDueMails();

    expect((await staffAction(moderator, id, { intent: "status", to: "published" })).status).toBe(
      303,
    );
    await deliverDueMails();
    const published = smtp.for(email)[1]!;
    expect(published.parsed.subject).toBe(
      "Ihre Idee ist jetzt öffentlich: \u2068Trinkbrunnen am Rabet\u2069",
    );
    expect(linkAfter(published, "Die öffentliche Seite Ihrer Idee")).toBe(
      `${BASE}/proposals/${id}`,
    );

    const reason = "Ein Trinkbrunnen braucht einen Wasseranschluss,\nden es dort nicht gibt.";
    expect(
      (await staffAction(moderator, id, { intent: "status", to: "rejected", reason })).status,
    ).toBe(303);
    await deliverDueMails();
    const rejected = smtp.for(email)[2]!;
    expect(rejected.parsed.subject).toContain("Entscheidung zu Ihrer Idee");
    expect(rejected.parsed.text).toContain("leider abgelehnt. Die Begründung:");
    expect(rejected.parsed.text).toContain(
      "> \u2068Ein Trinkbrunnen braucht einen Wasseranschluss,\u2069\n> \u2068den es dort nicht gibt.\u2069",
    );
    expect(rejected.parsed.html).toContain(
      "Ein Trinkbrunnen braucht einen Wasseranschluss,<br>den es dort nicht gibt.",
    );
    // Weeks later, the link still opens the private page (the token is kept sealed, not in plain text).
    const trackingUrl = linkAfter(rejected, "Ihr persönlicher Link");
    expect(trackingUrl).toBe(`${BASE}/track/${token}`);
    const subscription = await prisma.mailSubscription.findUniqueOrThrow({
      where: { proposalId: id },
    });
    expect(subscription.sealedTrackingToken).not.toContain(token);
    const page = await (await callLoader(trackingLoader, `/track/${token}`, { token })).json();
    expect(page.proposal.status).toBe("rejected");
    expect(smtp.for(email)).toHaveLength(3);
  });

  it("a change request carries the request; an internal step (in review) sends nothing", async () => {
    const { id, email } = await submit();
    await deliverDueMails();
    await staffAction(moderator, id, { intent: "status", to: "in_review" });
    await staffAction(moderator, id, {
      intent: "status",
      to: "changes_requested",
      reason: "Wo genau soll die Bank stehen?",
    });
    await deliverDueMails();
    const mails = smtp.for(email);
    expect(mails.map((mail) => mail.parsed.subject?.split(":")[0])).toEqual([
      "Ihre Idee ist eingegangen",
      "Bitte ergänzen Sie Ihre Idee",
    ]);
    expect(mails[1]!.parsed.text).toContain("Wo genau soll die Bank stehen?");
    expect(mails[1]!.parsed.text).toContain("senden Sie sie erneut ab");
  });

  it("an outcome: accepted, then in progress, with the note and its date in the resident's language", async () => {
    const { id, email } = await submit({ language: "en" });
    await staffAction(moderator, id, { intent: "status", to: "published" });
    const today = dateToBerlinLocal(new Date()).slice(0, 10);
    const accepted = await recordImplementation({
      proposalId: id,
      state: "accepted",
      note: "The office agreed today.",
      date: today,
      staffId: moderator.id,
    });
    expect(accepted.status).toBe("ok");
    // A note in the same state is no news by mail.
    await recordImplementation({
      proposalId: id,
      state: "accepted",
      note: "Still planning.",
      date: today,
      staffId: moderator.id,
    });
    await deliverDueMails();
    const subjects = smtp.for(email).map((mail) => mail.parsed.subject);
    expect(subjects).toHaveLength(3);
    const outcome = smtp.for(email)[2]!;
    expect(outcome.parsed.subject).toContain("Your idea has been accepted");
    const longDate = new Intl.DateTimeFormat("en", {
      dateStyle: "long",
      timeZone: "Europe/Berlin",
    }).format(berlinLocalToDate(`${today}T00:00`)!);
    expect(longDate).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(outcome.parsed.text).toContain(
      `Message from the neighbourhood management office of ${longDate}:`,
    );
    expect(outcome.parsed.text).toContain("The office agreed today.");
    expect(linkAfter(outcome, "What became of all accepted ideas")).toBe(`${BASE}/outcomes?lng=en`);

    // Staff use the form on the initiative's page for the next step.
    const next = await staffAction(moderator, id, {
      intent: "implementation",
      state: "in_progress",
      note: "The benches are ordered.",
      date: today,
    });
    expect(next.status).toBe(303);
    await deliverDueMails();
    const progress = smtp.for(email)[3]!;
    expect(progress.parsed.subject).toContain("Your idea is being put into practice");
    expect(progress.parsed.text).toContain("The benches are ordered.");
    expect(smtp.for(email)).toHaveLength(4);
  });

  it("a vote's published result tells the submitter of the chosen initiative only", async () => {
    const { voteId, proposalIds } = await setUpVote(admin.id, {
      channels: ["open"],
      optionCount: 2,
      config: { method: "approval", maxChoices: 1, winners: 1 },
    });
    await prisma.proposal.update({
      where: { id: proposalIds[1] },
      data: { submitterEmail: "not-chosen@example.org" },
    });
    const options = (await getVoteForBallot(voteId, "de"))!.options;
    const chosen = options.find((option) => option.proposalId === proposalIds[0])!;
    const cast = await castBallot({
      voteId,
      channel: "open",
      browserKey: "browser-key-000000000001",
      choices: [chosen.id],
      eligible: true,
    });
    expect(cast.status).toBe("ok");
    expect((await closeVote(voteId, admin.id)).status).toBe("ok");
    expect((await publishResults(voteId, admin.id)).status).toBe("ok");
    await deliverDueMails();
    const chosenMails = smtp
      .for("olena@example.org")
      .filter((mail) => mail.parsed.subject?.startsWith("Ihre Idee wurde ausgewählt"));
    expect(chosenMails).toHaveLength(1);
    expect(chosenMails[0]!.parsed.text).toContain("wurde in der Abstimmung ausgewählt");
    expect(
      smtp
        .for("not-chosen@example.org")
        .filter((mail) => mail.parsed.subject?.includes("ausgewählt")),
    ).toHaveLength(0);
  });

  it("an official reply reaches only a resident who asked for replies", async () => {
    const asked = await submit({ notifyReplies: true });
    const silent = await submit();
    for (const { id } of [asked, silent]) {
      await staffAction(moderator, id, { intent: "status", to: "published" });
      expect(
        (
          await staffAction(moderator, id, {
            intent: "reply",
            body: "Danke! Wir prüfen das mit dem Grünflächenamt.",
          })
        ).status,
      ).toBe(303);
    }
    await deliverDueMails();
    const replyTo = (email: string) =>
      smtp.for(email).filter((mail) => mail.parsed.subject?.startsWith("Antwort zu Ihrer Idee"));
    expect(replyTo(asked.email)).toHaveLength(1);
    expect(replyTo(silent.email)).toHaveLength(0);
    const reply = replyTo(asked.email)[0]!;
    expect(reply.parsed.text).toContain("Wir prüfen das mit dem Grünflächenamt.");
    expect(linkAfter(reply, "Die Antwort auf der öffentlichen Seite")).toBe(
      `${BASE}/proposals/${asked.id}#comments`,
    );
  });

  it("deleting the contact data stops mail that is still waiting", async () => {
    const { id, token, email } = await submit();
    await staffAction(moderator, id, { intent: "status", to: "published" });
    const erased = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, { intent: "erase-personal-data" }),
      { token },
    );
    expect(erased.status).toBe(303);
    expect(await prisma.mailSubscription.count({ where: { proposalId: id } })).toBe(0);
    expect(await deliverDueMails()).toMatchObject({ sent: 0 });
    expect(smtp.for(email)).toHaveLength(0);
    expect(
      (await prisma.outboxMail.findMany({ where: { proposalId: id } })).map((row) => row.status),
    ).toEqual(["cancelled", "cancelled"]);
  });
});
