import type { TFunction } from "i18next";
import { formatBerlin } from "~/utils/berlin-time";
import { getSessionView, type SessionView } from "./sessions.server";
import { formatCents } from "./money";

/**
 * The minutes (Protokoll) of a decision session, as a list of blocks that the
 * printable page and the PDF both render: date, place, attendance, quorum,
 * and per application the recusals, each member's vote by name, the decision
 * with amount, per-pot split and reason. Members' names belong in minutes;
 * applicants appear by project title (and an association's name) only.
 */

export type MinutesBlock =
  | { kind: "title"; text: string }
  | { kind: "heading"; text: string }
  | { kind: "text"; text: string }
  | { kind: "field"; label: string; value: string };

export type Minutes = { title: string; final: boolean; blocks: MinutesBlock[] };

export function buildMinutes(view: SessionView, t: TFunction, language: string): Minutes {
  const euro = (cents: number) => formatCents(cents, language);
  const blocks: MinutesBlock[] = [];
  const title = t("fundSession.minutes.title");
  blocks.push({ kind: "title", text: title });
  blocks.push({ kind: "field", label: t("fundSession.minutes.round"), value: view.round.title });
  blocks.push({
    kind: "field",
    label: t("fundSession.minutes.date"),
    value: formatBerlin(view.session.heldAt, language),
  });
  blocks.push({ kind: "field", label: t("fundSession.minutes.place"), value: view.session.place });
  blocks.push({
    kind: "text",
    text: view.session.closedAt
      ? t("fundSession.minutes.closedAt", { date: formatBerlin(view.session.closedAt, language) })
      : t("fundSession.minutes.draft"),
  });

  blocks.push({ kind: "heading", text: t("fundSession.attendance.title") });
  const names = (present: boolean | null) =>
    view.members.filter((member) => member.present === present).map((member) => member.name);
  const none = t("fundSession.minutes.none");
  blocks.push({
    kind: "field",
    label: t("fundSession.attendance.present"),
    value: names(true).join(", ") || none,
  });
  blocks.push({
    kind: "field",
    label: t("fundSession.attendance.absent"),
    value: [...names(false), ...names(null)].join(", ") || none,
  });
  blocks.push({
    kind: "field",
    label: t("fundSession.quorum.title"),
    value: `${t(view.quorum.reached ? "fundSession.quorum.reached" : "fundSession.quorum.notReached")} (${t(
      "fundSession.quorum.counts",
      { present: view.quorum.present, members: view.quorum.members, needed: view.quorum.needed },
    )}; ${t(`fundSession.quorum.rule.${view.quorum.rule}`)})`,
  });

  view.applications.forEach((application, index) => {
    blocks.push({
      kind: "heading",
      text: `${index + 1}. ${application.title}${application.organisation ? ` (${application.organisation})` : ""}`,
    });
    blocks.push({
      kind: "field",
      label: t("fundSession.application.requested"),
      value: euro(application.requestedCents),
    });
    blocks.push({
      kind: "field",
      label: t("fundSession.recusal.title"),
      value: application.recusals.map((recusal) => recusal.name).join(", ") || none,
    });
    blocks.push({
      kind: "field",
      label: t("fundSession.votes.title"),
      value: `${t("fundSession.votes.tally", application.tally)}${
        application.votes.length
          ? ` — ${application.votes
              .map((vote) => `${vote.name}: ${t(`fundSession.choice.${vote.choice}`)}`)
              .join(", ")}`
          : ""
      }`,
    });
    const decision = application.decision;
    if (!decision) {
      blocks.push({
        kind: "field",
        label: t("fundSession.decision.title"),
        value: t("fundSession.decision.none"),
      });
      return;
    }
    blocks.push({
      kind: "field",
      label: t("fundSession.decision.title"),
      value:
        decision.outcome === "refused"
          ? t("fundSession.outcome.refused")
          : `${t(`fundSession.outcome.${decision.outcome}`)}: ${euro(decision.grantedCents)}`,
    });
    if (decision.allocations.length > 0) {
      blocks.push({
        kind: "field",
        label: t("fundSession.decision.split"),
        value: decision.allocations
          .map((part) => `${part.potName}: ${euro(part.amountCents)}`)
          .join(", "),
      });
    }
    blocks.push({ kind: "field", label: t("fundSession.decision.reason"), value: decision.reason });
  });

  blocks.push({ kind: "heading", text: t("fundSession.pots.title") });
  for (const pot of view.pots) {
    blocks.push({
      kind: "field",
      label: pot.name,
      value: t("fundSession.pots.line", {
        amount: euro(pot.amountCents),
        granted: euro(pot.grantedCents - pot.returnedCents),
        available: euro(pot.availableCents),
      }),
    });
  }
  return { title, final: view.session.closedAt !== null, blocks };
}

export async function getMinutes(sessionId: string, t: TFunction, language: string) {
  const view = await getSessionView(sessionId);
  return view ? buildMinutes(view, t, language) : null;
}
