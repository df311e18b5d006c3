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
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, formRequest, inside, validProposal } from "./helpers";
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
});
