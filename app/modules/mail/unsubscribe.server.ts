import { prisma } from "~/utils/db.server";

/**
 * The unsubscribe link in every mail: /unsubscribe/<token>. Looking at it
 * (GET, also by a mail scanner that follows links) changes nothing; only the
 * button's POST (or a mail program's one-click POST, RFC 8058) unsubscribes.
 */

const wellFormed = (token: string) => /^[A-Za-z0-9_-]{32}$/.test(token);

export type UnsubscribeState = "subscribed" | "unsubscribed" | "unknown";

/** What the mails are about: an initiative, or a fund application (the page says which). */
export type UnsubscribeSubject = "proposal" | "fundApplication";

export async function getUnsubscribeState(
  token: string,
): Promise<{ state: UnsubscribeState; subject: UnsubscribeSubject }> {
  if (!wellFormed(token)) return { state: "unknown", subject: "proposal" };
  const subscription = await prisma.mailSubscription.findUnique({
    where: { unsubscribeToken: token },
    select: { unsubscribedAt: true, fundApplicationId: true },
  });
  if (!subscription) return { state: "unknown", subject: "proposal" };
  return {
    state: subscription.unsubscribedAt ? "unsubscribed" : "subscribed",
    subject: subscription.fundApplicationId ? "fundApplication" : "proposal",
  };
}

/** The outbox rows of a subscription's initiative or fund application (never a null match). */
function mailsOf(subscription: { proposalId: string | null; fundApplicationId: string | null }) {
  if (subscription.fundApplicationId) return { fundApplicationId: subscription.fundApplicationId };
  return { proposalId: subscription.proposalId ?? "-" };
}

/** Stops every mail of this subscription, also those still waiting in the outbox. */
export async function unsubscribe(token: string, now = new Date()): Promise<UnsubscribeState> {
  if (!wellFormed(token)) return "unknown";
  return prisma.$transaction(async (tx) => {
    const subscription = await tx.mailSubscription.findUnique({
      where: { unsubscribeToken: token },
      select: { id: true, proposalId: true, fundApplicationId: true, unsubscribedAt: true },
    });
    if (!subscription) return "unknown";
    if (subscription.unsubscribedAt) return "unsubscribed";
    await tx.mailSubscription.update({
      where: { id: subscription.id },
      // The tracking token is no longer needed for mail: its sealed copy goes.
      data: { unsubscribedAt: now, sealedTrackingToken: null },
    });
    await tx.outboxMail.updateMany({
      where: { ...mailsOf(subscription), status: { in: ["pending", "failed"] } },
      data: { status: "cancelled", lastError: "unsubscribed", claimToken: null },
    });
    return "unsubscribed";
  });
}

/**
 * Whether this initiative's submitter gets mail: "subscribed", "unsubscribed",
 * or "none" (no mail server when they submitted, no address, or deleted).
 */
export async function getMailState(
  proposalId: string,
): Promise<"subscribed" | "unsubscribed" | "none"> {
  const subscription = await prisma.mailSubscription.findUnique({
    where: { proposalId },
    select: { unsubscribedAt: true },
  });
  if (!subscription) return "none";
  return subscription.unsubscribedAt ? "unsubscribed" : "subscribed";
}
