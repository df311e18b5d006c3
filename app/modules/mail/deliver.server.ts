import { randomBytes } from "node:crypto";
import { createTransport, type Transporter } from "nodemailer";
import { defaultLanguage, isLanguage } from "~/i18n/config";
import { prisma } from "~/utils/db.server";
import { getMailConfig, type MailConfig } from "./mail-config.server";
import { isFundMessage, messageFromRow } from "./mail-message.server";
import { maskEmail, redactEmail } from "./mask-email";
import { inLanguage, renderMail, type MailContext } from "./render-mail.server";
import { unsealToken } from "./sealed-token.server";

/**
 * Sends due outbox rows. Each row is claimed with one conditional UPDATE
 * (only a pending, due row, or one whose sender vanished, can be claimed), so
 * two workers never send the same row. A refusal for the time being (4xx, no
 * connection, a timeout) is tried again later; a permanent refusal (5xx) gives
 * up at once, and so does the last attempt. Staff see both on /staff/mail.
 */

/** Minutes to wait after attempt n (1-based) before the next one. */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 360, 720] as const;
/** The first attempt and one after each delay (about 21 hours in all). */
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
/**
 * A row claimed longer ago than this belongs to a worker that stopped (a
 * restart in the middle of sending): it is claimed again. Longer than a
 * send can take with the transport's timeouts below.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

const ERROR_MAX_CHARS = 500;

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(config: MailConfig): Transporter {
  if (transport?.url !== config.smtpUrl) {
    transport = {
      url: config.smtpUrl,
      // Short timeouts: a hanging server must not hold the worker for the library's 10-minute default.
      transporter: createTransport({
        url: config.smtpUrl,
        connectionTimeout: 20_000,
        greetingTimeout: 20_000,
        socketTimeout: 60_000,
      }),
    };
  }
  return transport.transporter;
}

const subscriptionSelect = {
  language: true,
  notifyReplies: true,
  unsubscribeToken: true,
  sealedTrackingToken: true,
  unsubscribedAt: true,
} as const;

type SubscriptionRow = {
  language: string;
  notifyReplies: boolean;
  unsubscribeToken: string;
  sealedTrackingToken: string | null;
  unsubscribedAt: Date | null;
};

type Recipient = {
  about: MailContext["about"];
  address: string | null;
  name: string | null;
  title: string;
  language: string;
  subscription: SubscriptionRow | null;
};

/**
 * Whom a row is for: an initiative's submitter (in the language of their
 * subscription) or a fund applicant (in the language the application form was
 * filled in). Null when the row names neither (cannot happen: a CHECK constraint).
 */
function recipientOf(row: {
  proposal: {
    id: string;
    title: string;
    submitterName: string | null;
    submitterEmail: string | null;
    mailSubscription: SubscriptionRow | null;
  } | null;
  fundApplication: {
    title: string;
    applicantName: string;
    contactEmail: string | null;
    language: string;
    mailSubscription: SubscriptionRow | null;
  } | null;
}): Recipient | null {
  if (row.proposal) {
    const { proposal } = row;
    return {
      about: { kind: "proposal", proposalId: proposal.id },
      address: proposal.submitterEmail,
      name: proposal.submitterName,
      title: proposal.title,
      language: proposal.mailSubscription?.language ?? defaultLanguage,
      subscription: proposal.mailSubscription,
    };
  }
  if (row.fundApplication) {
    const application = row.fundApplication;
    return {
      about: { kind: "fundApplication" },
      address: application.contactEmail,
      name: application.applicantName.trim() || null,
      title: application.title,
      language: application.language,
      subscription: application.mailSubscription,
    };
  }
  return null;
}

export type DeliveryReport = { sent: number; retrying: number; failed: number; cancelled: number };

/**
 * Sends every due mail (up to `limit`) and returns what happened. Safe to run
 * in several processes at once. `now` lets tests move time forward.
 */
export async function deliverDueMails(
  options: { now?: Date; limit?: number } = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  const config = getMailConfig();
  if (!config) return report;
  const now = options.now ?? new Date();
  const due = await prisma.outboxMail.findMany({
    where: dueWhere(now),
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 50,
    select: { id: true },
  });
  for (const { id } of due) {
    const claimToken = await claim(id, now);
    if (!claimToken) continue;
    const outcome = await deliverClaimed(id, claimToken, config, now);
    report[outcome]++;
  }
  return report;
}

function dueWhere(now: Date) {
  return {
    OR: [
      { status: "pending" as const, nextAttemptAt: { lte: now } },
      { status: "sending" as const, claimedAt: { lt: new Date(now.getTime() - CLAIM_LEASE_MS) } },
    ],
  };
}

/** One conditional UPDATE: it changes the row only while it is still claimable. */
async function claim(id: string, now: Date): Promise<string | null> {
  const claimToken = randomBytes(16).toString("hex");
  const { count } = await prisma.outboxMail.updateMany({
    where: { id, ...dueWhere(now) },
    data: { status: "sending", claimToken, claimedAt: now, attempts: { increment: 1 } },
  });
  return count === 1 ? claimToken : null;
}

type Outcome = keyof DeliveryReport;

async function deliverClaimed(
  id: string,
  claimToken: string,
  config: MailConfig,
  now: Date,
): Promise<Outcome> {
  const row = await prisma.outboxMail.findUniqueOrThrow({
    where: { id },
    select: {
      kind: true,
      payload: true,
      attempts: true,
      proposal: {
        select: {
          id: true,
          title: true,
          submitterName: true,
          submitterEmail: true,
          mailSubscription: { select: subscriptionSelect },
        },
      },
      fundApplication: {
        select: {
          title: true,
          applicantName: true,
          contactEmail: true,
          language: true,
          mailSubscription: { select: subscriptionSelect },
        },
      },
    },
  });
  const mine = { id, claimToken };
  const recipient = recipientOf(row);
  const message = messageFromRow(row);

  // A fund message belongs to a fund application, every other one to an initiative.
  if (!message || !recipient || isFundMessage(message) !== (recipient.about.kind !== "proposal")) {
    await prisma.outboxMail.updateMany({
      where: mine,
      data: { status: "failed", lastError: "unreadable payload", claimToken: null },
    });
    return "failed";
  }
  const { address, subscription } = recipient;
  // Decided when sending, not when queueing: an address deleted or a mail
  // unsubscribed in between stops the mail.
  const stop =
    !address || !subscription
      ? "no address"
      : subscription.unsubscribedAt
        ? "unsubscribed"
        : message.kind === "reply" && !subscription.notifyReplies
          ? "replies not requested"
          : null;
  if (stop || !address || !subscription) {
    await prisma.outboxMail.updateMany({
      where: mine,
      data: { status: "cancelled", lastError: stop, claimToken: null },
    });
    return "cancelled";
  }

  const language = isLanguage(recipient.language) ? recipient.language : defaultLanguage;
  const token = subscription.sealedTrackingToken
    ? await unsealToken(subscription.sealedTrackingToken)
    : null;
  const unsubscribeUrl = `${config.baseUrl}/unsubscribe/${subscription.unsubscribeToken}`;
  const tracking = (path = "") =>
    token ? inLanguage(`${config.baseUrl}/track/${token}${path}`, language) : null;
  const mail = renderMail(message, {
    language,
    about: recipient.about,
    title: recipient.title,
    name: recipient.name,
    trackingUrl: tracking(),
    reportUrl: tracking("/report"),
    unsubscribeUrl: inLanguage(unsubscribeUrl, language),
    baseUrl: config.baseUrl,
  });

  try {
    await transporterFor(config).sendMail({
      from: config.from,
      to: address,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // RFC 2369 and RFC 8058: mail programs offer "unsubscribe" and may POST to it in one click.
      headers: {
        "List-Unsubscribe": `<${unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
      },
    });
  } catch (error) {
    const permanent = isPermanent(error);
    const giveUp = permanent || row.attempts >= MAX_ATTEMPTS;
    const delay = RETRY_DELAYS_MINUTES[row.attempts - 1] ?? 0;
    const lastError = describe(error, address);
    await prisma.outboxMail.updateMany({
      where: mine,
      data: giveUp
        ? { status: "failed", lastError, claimToken: null }
        : {
            status: "pending",
            lastError,
            claimToken: null,
            nextAttemptAt: new Date(now.getTime() + delay * 60_000),
          },
    });
    console.warn(
      `mail ${id} (${row.kind}) to ${maskEmail(address)}: ${giveUp ? "failed" : "will retry"} after attempt ${row.attempts}: ${lastError}`,
    );
    return giveUp ? "failed" : "retrying";
  }
  await prisma.outboxMail.updateMany({
    where: mine,
    data: { status: "sent", sentAt: new Date(), lastError: null, claimToken: null },
  });
  console.info(`mail ${id} (${row.kind}) sent to ${maskEmail(address)}`);
  return "sent";
}

/** An SMTP reply code 5xx: the server refuses for good (unknown address, relaying denied, …). */
function isPermanent(error: unknown): boolean {
  const code = errorField(error, "responseCode");
  return typeof code === "number" && code >= 500 && code < 600;
}

function errorField(error: unknown, field: string): unknown {
  return typeof error === "object" && error !== null ? Reflect.get(error, field) : undefined;
}

/** The error for staff and logs: the server's answer or the error code, never the address. */
function describe(error: unknown, address: string): string {
  const response = errorField(error, "response");
  const code = errorField(error, "code");
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof response === "string" && response ? response : message;
  const prefixed = typeof code === "string" && !text.includes(code) ? `${code}: ${text}` : text;
  return redactEmail(prefixed, address).replace(/\s+/g, " ").trim().slice(0, ERROR_MAX_CHARS);
}
