import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Prisma } from "~/db/generated/client";
import { defaultLanguage, isLanguage } from "~/i18n/config";
import { getMailConfig } from "./mail-config.server";
import { messageToRow, type MailMessage } from "./mail-message.server";
import { sealToken } from "./sealed-token.server";

/**
 * The transactional outbox: a command writes its mail into OutboxMail inside
 * the transaction of its change, so the mail exists exactly when the change
 * does. The worker (mail-worker.server.ts) sends it after the commit; a mail
 * server that is down delays mail, never a request, and loses nothing.
 */

type Tx = Prisma.TransactionClient;

declare global {
  // One emitter per process, also across dev-server rebuilds.
  var __qsMailEvents: EventEmitter | undefined;
}
const events = (globalThis.__qsMailEvents ??= new EventEmitter());

/** Call after the commit of a transaction that may have queued mail: wakes the worker. */
export function mailQueued(): void {
  events.emit("queued");
}

export function onMailQueued(listener: () => void): () => void {
  events.on("queued", listener);
  return () => events.off("queued", listener);
}

export type PreparedSubscription = {
  language: string;
  notifyReplies: boolean;
  sealedTrackingToken: string;
  unsubscribeToken: string;
};

/**
 * Before a submission's transaction (sealing reads the app secret): what the
 * subscription will hold, or null when no mail goes out (no mail server, or no address).
 */
export async function prepareSubscription(input: {
  email?: string | null;
  trackingToken: string;
  /** The interface language of the form. */
  language: string;
  notifyReplies?: boolean;
}): Promise<PreparedSubscription | null> {
  if (!getMailConfig() || !input.email) return null;
  return {
    language: isLanguage(input.language) ? input.language : defaultLanguage,
    notifyReplies: input.notifyReplies === true,
    sealedTrackingToken: await sealToken(input.trackingToken),
    unsubscribeToken: randomBytes(24).toString("base64url"),
  };
}

/** In the submission's transaction: the subscription and the confirmation mail. */
export async function subscribeWithConfirmation(
  tx: Tx,
  proposalId: string,
  prepared: PreparedSubscription,
): Promise<void> {
  await tx.mailSubscription.create({ data: { proposalId, ...prepared } });
  await tx.outboxMail.create({ data: { proposalId, ...messageToRow({ kind: "confirmation" }) } });
}

/**
 * In a command's transaction: queues a mail to the initiative's submitter,
 * if mail is configured and they get mail (an address, not unsubscribed;
 * replies only when asked for). Returns whether a mail was queued.
 */
export async function queueMail(
  tx: Tx,
  proposalId: string,
  message: MailMessage,
): Promise<boolean> {
  if (!getMailConfig()) return false;
  const subscription = await tx.mailSubscription.findUnique({
    where: { proposalId },
    select: {
      unsubscribedAt: true,
      notifyReplies: true,
      proposal: { select: { submitterEmail: true } },
    },
  });
  if (!subscription || subscription.unsubscribedAt || !subscription.proposal.submitterEmail) {
    return false;
  }
  if (message.kind === "reply" && !subscription.notifyReplies) return false;
  await tx.outboxMail.create({ data: { proposalId, ...messageToRow(message) } });
  return true;
}

/** When the resident deletes their contact data: no subscription, and nothing still waiting goes out. */
export async function forgetMailRecipient(tx: Tx, proposalId: string): Promise<void> {
  await tx.mailSubscription.deleteMany({ where: { proposalId } });
  await tx.outboxMail.updateMany({
    where: { proposalId, status: { in: ["pending", "failed"] } },
    data: { status: "cancelled", lastError: "contact data deleted", claimToken: null },
  });
}
