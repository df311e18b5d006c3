import type { TFunction } from "i18next";
import { textDirection, type Language } from "~/i18n/config";
import { getI18nInstance } from "~/i18n/i18n.server";
import { formatCents } from "~/modules/fund/money";
import { formatBerlin } from "~/utils/berlin-time";
import type { FundMailMessage, MailMessage } from "./mail-message.server";

/**
 * Writes a mail in the resident's (or fund applicant's) language: a subject,
 * plain text, and simple HTML with the same content. Everything people wrote
 * (title, reason, reply, note) is escaped and isolated for bidirectional
 * text, never taken as HTML.
 */

export type MailContext = {
  language: Language;
  /** What the mail is about: an initiative (its id, for public links) or a fund application. */
  about: { kind: "proposal"; proposalId: string } | { kind: "fundApplication" };
  title: string;
  name: string | null;
  /** The private tracking link; null when it cannot be recovered (see sealed-token.server.ts). */
  trackingUrl: string | null;
  /** A fund application's spending report behind the private link (null like trackingUrl). */
  reportUrl?: string | null;
  unsubscribeUrl: string;
  baseUrl: string;
};

export type RenderedMail = { subject: string; text: string; html: string };

/** A piece of a sentence: our own text, or a value written by a person (isolated). */
type Part = string | { user: string };

type Block =
  | { kind: "paragraph"; parts: Part[] }
  /** A person's text of several lines (a reason, a reply, a note). */
  | { kind: "quote"; text: string }
  | { kind: "link"; label: string; url: string };

// Markers for values written by people, as in the IsolatedT component.
const OPEN = "\uE000";
const CLOSE = "\uE001";
// First Strong Isolate … Pop Directional Isolate: a Latin title inside Arabic text (and the
// reverse) keeps its own direction in plain text, as <bdi> does in HTML.
const FSI = "\u2068";
const PDI = "\u2069";

function sentence(
  t: TFunction,
  key: string,
  user: Record<string, string> = {},
  values: Record<string, string> = {},
): Part[] {
  const names = Object.keys(user);
  const markers = Object.fromEntries(names.map((name, i) => [name, `${OPEN}${i}${CLOSE}`]));
  const text = t(key, { ...values, ...markers });
  return text
    .split(new RegExp(`${OPEN}(\\d+)${CLOSE}`))
    .map((piece, index) => (index % 2 === 1 ? { user: user[names[Number(piece)]!]! } : piece))
    .filter((piece) => piece !== "");
}

const plain = (parts: Part[]) =>
  parts.map((part) => (typeof part === "string" ? part : `${FSI}${part.user}${PDI}`)).join("");

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const lines = (text: string) => escapeHtml(text).replace(/\r?\n/g, "<br>");

const html = (parts: Part[]) =>
  parts
    .map((part) => (typeof part === "string" ? lines(part) : `<bdi>${lines(part.user)}</bdi>`))
    .join("");

/** Links in a mail open the page in the mail's language (German needs no parameter). */
export function inLanguage(url: string, language: Language): string {
  if (language === "de") return url;
  return `${url}${url.includes("?") ? "&" : "?"}lng=${language}`;
}

function bodyBlocks(t: TFunction, message: MailMessage, ctx: MailContext): Block[] {
  const title = { title: ctx.title };
  const url = (path: string) => inLanguage(`${ctx.baseUrl}${path}`, ctx.language);
  const publicPage = url(
    ctx.about.kind === "proposal" ? `/proposals/${ctx.about.proposalId}` : "/fund",
  );
  const paragraph = (key: string): Block => ({ kind: "paragraph", parts: sentence(t, key, title) });
  const quote = (text: string | undefined): Block[] =>
    text?.trim() ? [{ kind: "quote", text: text.trim() }] : [];
  const link = (key: string, target: string): Block => ({
    kind: "link",
    label: t(key),
    url: target,
  });

  switch (message.kind) {
    case "confirmation":
      return [
        paragraph("mail.message.confirmation.intro"),
        paragraph("mail.message.confirmation.next"),
      ];
    case "status": {
      const base = `mail.message.status.${message.status}`;
      switch (message.status) {
        case "published":
          return [paragraph(`${base}.intro`), link("mail.message.publicLink", publicPage)];
        case "changes_requested":
          return [paragraph(`${base}.intro`), ...quote(message.reason), paragraph(`${base}.after`)];
        case "duplicate":
          return [
            paragraph(`${base}.intro`),
            ...(message.originalId
              ? [link(`${base}.link`, url(`/proposals/${message.originalId}`))]
              : []),
          ];
        default:
          return [paragraph(`${base}.intro`), ...quote(message.reason)];
      }
    }
    case "outcome": {
      const variant =
        message.state === "accepted" && message.byVote ? "acceptedByVote" : message.state;
      const blocks: Block[] = [paragraph(`mail.message.outcome.${variant}.intro`)];
      if (message.note?.trim()) {
        const date = message.date
          ? formatBerlin(message.date, ctx.language, { dateStyle: "long" })
          : "";
        blocks.push(
          { kind: "paragraph", parts: sentence(t, "mail.message.outcome.note", {}, { date }) },
          ...quote(message.note),
        );
      }
      blocks.push(
        link("mail.message.publicLink", publicPage),
        link("mail.message.outcome.overview", url("/outcomes")),
      );
      return blocks;
    }
    case "reply":
      return [
        paragraph("mail.message.reply.intro"),
        ...quote(message.body),
        link("mail.message.reply.link", `${publicPage}#comments`),
      ];
    default:
      return fundBlocks(t, message, ctx, { paragraph, quote, link, url });
  }
}

/** A fund applicant's mail: what happened, the staff's or team's words, what to do next. */
function fundBlocks(
  t: TFunction,
  message: FundMailMessage,
  ctx: MailContext,
  blocks: {
    paragraph: (key: string) => Block;
    quote: (text: string | undefined) => Block[];
    link: (key: string, target: string) => Block;
    url: (path: string) => string;
  },
): Block[] {
  const { paragraph, quote, link, url } = blocks;
  const money = (cents: number) => formatCents(cents, ctx.language);
  const withValues = (key: string, values: Record<string, string>): Block => ({
    kind: "paragraph",
    parts: sentence(t, key, { title: ctx.title }, values),
  });
  const day = (iso: string) => formatBerlin(iso, ctx.language, { dateStyle: "long" });
  const reportDue = (iso: string | undefined): Block[] =>
    iso ? [withValues("mail.fund.decided.reportDue", { date: day(iso) })] : [];
  switch (message.kind) {
    case "fund_submitted": {
      const base = message.resubmitted ? "mail.fund.resubmitted" : "mail.fund.submitted";
      return [paragraph(`${base}.intro`), paragraph(`${base}.next`)];
    }
    case "fund_returned":
      return [
        paragraph("mail.fund.returned.intro"),
        ...quote(message.request),
        paragraph("mail.fund.returned.next"),
      ];
    case "fund_ineligible":
      return [
        paragraph("mail.fund.ineligible.intro"),
        ...quote(message.reason),
        paragraph("mail.fund.ineligible.next"),
      ];
    case "fund_decided": {
      const base = `mail.fund.decided.${message.outcome}`;
      const intro = withValues(`${base}.intro`, {
        amount: money(message.grantedCents),
        requested: money(message.requestedCents),
      });
      const reason = [paragraph("mail.fund.decided.reason"), ...quote(message.reason)];
      if (message.outcome === "refused") return [intro, ...reason, paragraph(`${base}.next`)];
      return [
        intro,
        ...reason,
        ...(message.outcome === "reduced" ? [paragraph(`${base}.check`)] : []),
        paragraph("mail.fund.decided.next"),
        ...reportDue(message.reportDueOn),
      ];
    }
    case "fund_paid":
      return [
        withValues("mail.fund.paid.intro", {
          amount: money(message.paidCents),
          date: day(message.paidOn),
        }),
        paragraph("mail.fund.paid.receipts"),
        ...reportDue(message.reportDueOn),
        ...(ctx.reportUrl ? [link("mail.fund.reportLink", ctx.reportUrl)] : []),
      ];
    case "fund_report_submitted":
      return [
        paragraph("mail.fund.reportSubmitted.intro"),
        paragraph("mail.fund.reportSubmitted.next"),
      ];
    case "fund_report_questions":
      return [
        paragraph("mail.fund.reportQuestions.intro"),
        ...quote(message.questions),
        paragraph("mail.fund.reportQuestions.next"),
        ...(ctx.reportUrl ? [link("mail.fund.reportLink", ctx.reportUrl)] : []),
      ];
    case "fund_report_accepted":
      return [
        paragraph("mail.fund.reportAccepted.intro"),
        ...(message.repayCents > 0
          ? [withValues("mail.fund.reportAccepted.repay", { amount: money(message.repayCents) })]
          : []),
        link("mail.fund.reportAccepted.public", url("/fund")),
      ];
  }
}

function subjectKey(message: MailMessage): string {
  switch (message.kind) {
    case "confirmation":
      return "mail.message.confirmation.subject";
    case "status":
      return `mail.message.status.${message.status}.subject`;
    case "outcome":
      return `mail.message.outcome.${
        message.state === "accepted" && message.byVote ? "acceptedByVote" : message.state
      }.subject`;
    case "reply":
      return "mail.message.reply.subject";
    case "fund_submitted":
      return message.resubmitted ? "mail.fund.resubmitted.subject" : "mail.fund.submitted.subject";
    case "fund_returned":
      return "mail.fund.returned.subject";
    case "fund_ineligible":
      return "mail.fund.ineligible.subject";
    case "fund_decided":
      return `mail.fund.decided.${message.outcome}.subject`;
    case "fund_paid":
      return "mail.fund.paid.subject";
    case "fund_report_submitted":
      return "mail.fund.reportSubmitted.subject";
    case "fund_report_questions":
      return "mail.fund.reportQuestions.subject";
    case "fund_report_accepted":
      return "mail.fund.reportAccepted.subject";
  }
}

export function renderMail(message: MailMessage, ctx: MailContext): RenderedMail {
  const t = getI18nInstance(ctx.language).t;
  const greeting: Block = {
    kind: "paragraph",
    parts: ctx.name
      ? sentence(t, "mail.message.greeting", { name: ctx.name })
      : [t("mail.message.greetingAnonymous")],
  };
  // The footer's words name what the mail is about: the idea, or the fund application.
  const own = ctx.about.kind === "proposal" ? "mail.message" : "mail.fund";
  const tracking: Block = ctx.trackingUrl
    ? { kind: "link", label: t(`${own}.trackingLink`), url: ctx.trackingUrl }
    : { kind: "paragraph", parts: [t(`${own}.trackingLinkMissing`)] };
  const blocks: Block[] = [
    greeting,
    ...bodyBlocks(t, message, ctx),
    tracking,
    { kind: "paragraph", parts: [t("mail.message.closing")] },
  ];
  const footer: Block[] = [
    { kind: "paragraph", parts: [t(`${own}.why`)] },
    { kind: "link", label: t(`${own}.unsubscribe`), url: ctx.unsubscribeUrl },
  ];
  const subject = plain(sentence(t, subjectKey(message), { title: ctx.title }))
    // A subject is one line, whatever the title holds.
    .replace(/\s+/g, " ")
    .trim();
  return {
    subject,
    // "-- " on its own line: mail programs know what follows is the footer.
    text: `${blocks.map(textBlock).join("\n\n")}\n\n-- \n${footer.map(textBlock).join("\n\n")}\n`,
    html: htmlDocument(subject, ctx.language, blocks, footer),
  };
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case "paragraph":
      return plain(block.parts);
    case "quote":
      return block.text
        .split(/\r?\n/)
        .map((line) => `> ${FSI}${line}${PDI}`)
        .join("\n");
    case "link":
      return `${block.label}\n${block.url}`;
  }
}

function htmlBlock(block: Block, rtl: boolean): string {
  switch (block.kind) {
    case "paragraph":
      return `<p style="margin:0 0 16px">${html(block.parts)}</p>`;
    case "quote":
      return `<blockquote dir="auto" style="margin:0 0 16px;padding:8px 12px;background:#e8f0fa;border-${
        rtl ? "right" : "left"
      }:4px solid #0b4f8a">${lines(block.text)}</blockquote>`;
    case "link":
      return `<p style="margin:0 0 16px">${lines(block.label)}<br><a href="${escapeHtml(
        block.url,
      )}" dir="ltr" style="color:#0b4f8a;word-break:break-all">${escapeHtml(block.url)}</a></p>`;
  }
}

function htmlDocument(subject: string, language: Language, blocks: Block[], footer: Block[]) {
  const dir = textDirection(language);
  const rtl = dir === "rtl";
  return [
    "<!DOCTYPE html>",
    `<html lang="${language}" dir="${dir}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body dir="${dir}" style="margin:0;padding:16px;background:#ffffff;color:#1b1b1b;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic',Tahoma,sans-serif;font-size:16px;line-height:1.5">`,
    '<div style="max-width:600px;margin:0 auto">',
    ...blocks.map((block) => htmlBlock(block, rtl)),
    '<hr style="border:0;border-top:1px solid #d0d0d0;margin:24px 0">',
    '<div style="font-size:13px;color:#555555">',
    ...footer.map((block) => htmlBlock(block, rtl)),
    "</div></div></body></html>",
  ].join("\n");
}
