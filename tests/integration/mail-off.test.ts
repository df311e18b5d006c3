import { beforeEach, describe, expect, it } from "vitest";
import { deliverDueMails } from "~/modules/mail/deliver.server";
import NewProposalPage, {
  action as submitAction,
  loader as newLoader,
} from "~/routes/proposals.new";
import { loader as staffLayoutLoader } from "~/routes/staff";
import StaffMailPage, { loader as mailLoader } from "~/routes/staff.mail";
import { action as staffProposalAction } from "~/routes/staff.proposals.$id";
import TrackingPage, { loader as trackingLoader } from "~/routes/track.$token";
import UnsubscribePage, {
  action as unsubscribeAction,
  loader as unsubscribeLoader,
} from "~/routes/unsubscribe.$token";
import ApplyPage, {
  action as applyAction,
  loader as applyLoader,
} from "~/routes/fund.$roundId.apply";
import { action as fundReviewAction } from "~/routes/staff.fund.applications.$id";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { createFundRound, dayFromNow } from "./fund-apply-fixtures";
import { callAction, callLoader, context, formRequest, inside, validProposal } from "./helpers";
import { renderRoute } from "./render-route";
import { createStaffUser, resetData, staffForm, staffHeaders } from "./staff-helpers";

/** Without SMTP_URL (the default): no mail is queued, and nothing promises any. */

beforeEach(async () => {
  resetRateLimits();
  await resetData();
});

async function submitWithAddress() {
  const response = await callAction(
    submitAction,
    formRequest("/proposals/new", {
      ...validProposal,
      lon: String(inside.lon),
      lat: String(inside.lat),
      name: "Olena",
      email: "olena@example.org",
      consent: "on",
      notifyReplies: "on",
      intent: "submit",
    }),
  );
  expect(response.status).toBe(303);
  const location = response.headers.get("Location") ?? "";
  const token = location.split("/")[2]!.split("?")[0]!;
  const { id } = await prisma.proposal.findFirstOrThrow({ select: { id: true } });
  return { id, token, location };
}

describe("without a mail server", () => {
  it("the form promises no e-mail and offers no reply notifications", async () => {
    const html = await renderRoute(
      "/proposals/new",
      "/proposals/new",
      { loader: newLoader, Component: NewProposalPage },
      "de",
    );
    expect(html).toContain("Diese Plattform verschickt keine E-Mails.");
    expect(html).not.toContain("informieren wir Sie");
    expect(html).not.toContain("schicken wir Ihnen");
    expect(html).not.toContain('name="notifyReplies"');
    // The address stays possible: staff may contact the resident themselves.
    expect(html).toContain('name="email"');
  });

  it("a submission with an address queues no mail, and the page shows the link instead", async () => {
    const { id, token, location } = await submitWithAddress();
    expect(await prisma.outboxMail.count()).toBe(0);
    expect(await prisma.mailSubscription.count()).toBe(0);

    const html = await renderRoute(
      "/track/:token",
      location,
      { loader: trackingLoader, Component: TrackingPage },
      "de",
    );
    expect(html).toContain("tracking-link-prominent");
    expect(html).toContain(`href="http://test.local/track/${token}"`);
    expect(html).toContain("Wir schicken Ihnen keine E-Mail. Speichern Sie den Link jetzt");
    expect(html).not.toContain("auch per E-Mail");
    // Shown for printing only: what the printout is for.
    expect(html).toContain('class="print-only"');

    // Staff actions queue nothing either, and the worker has nothing to do.
    const moderator = await createStaffUser("moderator");
    const published = await callAction(
      staffProposalAction,
      staffForm(`/staff/proposals/${id}`, moderator, { intent: "status", to: "published" }),
      { id },
    );
    expect(published.status).toBe(303);
    expect(await prisma.outboxMail.count()).toBe(0);
    expect(await deliverDueMails()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
  });

  it("in Arabic, the tracking page says so in Arabic", async () => {
    const { location } = await submitWithAddress();
    const html = await renderRoute(
      "/track/:token",
      location,
      { loader: trackingLoader, Component: TrackingPage },
      "ar",
    );
    expect(html).toContain("لن نرسل إليكم رسالة بريد إلكتروني");
  });

  it("staff see that no mail server is configured, and no mail entry in the navigation", async () => {
    const moderator = await createStaffUser("moderator");
    const layout = await (
      await callLoader(staffLayoutLoader, "/staff", {}, staffHeaders(moderator))
    ).json();
    expect(layout.mail).toEqual({ enabled: false, failed: 0 });
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
    expect(html).toContain("Es ist kein Mailserver eingerichtet");
  });

  it("an unknown unsubscribe link answers 404 with an explanation, and changes nothing", async () => {
    const token = "x".repeat(32);
    const shown = await callLoader(unsubscribeLoader, `/unsubscribe/${token}`, { token });
    expect(shown.status).toBe(404);
    const posted = await callAction(unsubscribeAction, formRequest(`/unsubscribe/${token}`, {}), {
      token,
    });
    expect(posted.status).toBe(404);
    const html = await renderRoute(
      "/unsubscribe/:token",
      `/unsubscribe/${token}`,
      { loader: unsubscribeLoader, Component: UnsubscribePage },
      "de",
    ).catch((error: Error) => error.message);
    expect(html).toContain("Dieser Link zum Abbestellen gilt nicht");
  });

  it("the fund form does not promise mail", async () => {
    const { roundId } = await createFundRound(prisma);
    const form = await renderRoute(
      "/fund/:roundId/apply",
      `/fund/${roundId}/apply`,
      { loader: applyLoader, Component: ApplyPage },
      "de",
    );
    expect(form).toContain("damit wir Sie bei Fragen erreichen");
    expect(form).not.toContain("schicken wir Ihnen Ihren persönlichen Link");
  });

  it("a fund application with an address queues no mail, and the page says the link does not come by e-mail", async () => {
    const { roundId } = await createFundRound(prisma);
    const form = new FormData();
    const fields: Record<string, string> = {
      applicantKind: "person",
      applicantName: "Aylin Demir",
      contactEmail: "aylin@example.org",
      title: "Hochbeete im Rabet",
      description: "Wir bauen drei Hochbeete, die alle Nachbarn nutzen können.",
      lon: String(inside.lon),
      lat: String(inside.lat),
      startsOn: dayFromNow(45),
      endsOn: dayFromNow(120),
      targetGroups: "neighbours",
      "costLines[0].id": "",
      "costLines[0].description": "Holz",
      "costLines[0].amount": "380",
      "costLines[0].potKind": "investive",
      ownMoney: "50",
      requested: "330",
      intent: "submit",
    };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await callAction(
      applyAction,
      new Request(`http://test.local/fund/${roundId}/apply`, { method: "POST", body: form }),
      { roundId },
      context(),
    );
    expect(response.status).toBe(303);
    const location = response.headers.get("Location") ?? "";
    const { id } = await prisma.fundApplication.findFirstOrThrow({
      where: { roundId },
      select: { id: true },
    });
    const moderator = await createStaffUser("moderator");
    const returned = await callAction(
      fundReviewAction,
      staffForm(`/staff/fund/applications/${id}`, moderator, {
        intent: "return",
        request: "Bitte ein Angebot beilegen.",
      }),
      { id },
    );
    expect(returned.status).toBe(303);
    expect(await prisma.outboxMail.count()).toBe(0);
    expect(await prisma.mailSubscription.count()).toBe(0);
    const html = await renderRoute(
      "/track/:token",
      location,
      { loader: trackingLoader, Component: TrackingPage },
      "de",
    );
    expect(html).toContain("Wir schicken diesen Link nicht per E-Mail.");
  });
});
