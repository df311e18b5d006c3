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
  if (!subscription || subscription.unsubscribedAt || !subscription.proposal?.submitterEmail) {
    return false;
  }
  if (message.kind === "reply" && !subscription.notifyReplies) return false;
  await tx.outboxMail.create({ data: { proposalId, ...messageToRow(message) } });
  return true;
}

/**
 * In a fund applicant's submission (the private token is known only then):
 * the subscription, with the token sealed afresh. An earlier unsubscribe
 * stays in force (and its sealed token stays deleted); without an address
 * (`prepared` null) the subscription goes.
 */
export async function subscribeFundApplicant(
  tx: Tx,
  fundApplicationId: string,
  prepared: { language: string; sealedTrackingToken: string } | null,
): Promise<void> {
  if (!prepared) {
    await tx.mailSubscription.deleteMany({ where: { fundApplicationId } });
    return;
  }
  const language = isLanguage(prepared.language) ? prepared.language : defaultLanguage;
  const existing = await tx.mailSubscription.findUnique({
    where: { fundApplicationId },
    select: { id: true, unsubscribedAt: true },
  });
  if (!existing) {
    await tx.mailSubscription.create({
      data: {
        fundApplicationId,
        language,
        sealedTrackingToken: prepared.sealedTrackingToken,
        unsubscribeToken: randomBytes(24).toString("base64url"),
      },
    });
  } else if (!existing.unsubscribedAt) {
    await tx.mailSubscription.update({
      where: { id: existing.id },
      data: { language, sealedTrackingToken: prepared.sealedTrackingToken },
    });
  }
}

/**
 * In a command's transaction: queues a mail to a fund applicant, if mail is
 * configured, the application has an address and the applicant has not
 * unsubscribed. An application submitted before mail was configured has no
 * subscription yet: it gets one without the sealed token, so its mails go out
 * without the private link (and still with an unsubscribe link).
 */
export async function queueFundMail(
  tx: Tx,
  fundApplicationId: string,
  message: MailMessage,
): Promise<boolean> {
  if (!getMailConfig()) return false;
  const application = await tx.fundApplication.findUnique({
    where: { id: fundApplicationId },
    select: {
      contactEmail: true,
      language: true,
      mailSubscription: { select: { unsubscribedAt: true } },
    },
  });
  if (!application?.contactEmail || application.mailSubscription?.unsubscribedAt) return false;
  if (!application.mailSubscription) {
    await tx.mailSubscription.create({
      data: {
        fundApplicationId,
        language: isLanguage(application.language) ? application.language : defaultLanguage,
        unsubscribeToken: randomBytes(24).toString("base64url"),
      },
    });
  }
  await tx.outboxMail.create({ data: { fundApplicationId, ...messageToRow(message) } });
  return true;
}

/** When the resident deletes their contact data: no subscription, and nothing still waiting goes out. */
export async function forgetMailRecipient(tx: Tx, proposalId: string): Promise<void> {
  await forget(tx, { proposalId });
}

/** The same for a fund applicant (their application withdrawn and their data erased). */
export async function forgetFundMailRecipient(tx: Tx, fundApplicationId: string): Promise<void> {
  await forget(tx, { fundApplicationId });
}

async function forget(
  tx: Tx,
  subject: { proposalId: string } | { fundApplicationId: string },
): Promise<void> {
  await tx.mailSubscription.deleteMany({ where: subject });
  await tx.outboxMail.updateMany({
    where: { ...subject, status: { in: ["pending", "failed"] } },
    data: { status: "cancelled", lastError: "contact data deleted", claimToken: null },
  });
}
