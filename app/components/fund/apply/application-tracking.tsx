import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatStoredPlace } from "~/modules/addresses/place";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { TrackingLinkBox } from "~/components/tracking-link-box";
import { UserText } from "~/components/user-text";
import { formatCents } from "~/modules/fund/money";
import { formatBerlin } from "~/utils/berlin-time";
import { dayFormatter } from "./application-form";
import { WithdrawApplication } from "./withdraw-application";

export type ApplicationTrackingView = {
  kind: "application";
  token: string;
  trackingUrl: string;
  /** "save" or "submit" right after the first save: the link stands out. */
  created: string | null;
  /** With `created`: whether the link also comes by e-mail, said honestly. */
  linkNotice: string | null;
  done: string | null;
  procedure: { id: string; title: string; titleLanguage: string };
  application: {
    status: string;
    title: string;
    description: string;
    district: string | null;
    placeLabel: string | null;
    startsOn: string;
    endsOn: string;
    requestedCents: number;
    ownCents: number;
    reviewRequest: string | null;
    ineligibleReason: string | null;
    editable: boolean;
    /** The applicant may withdraw it (app/modules/fund/withdrawal.server.ts). */
    canWithdraw: boolean;
    costLines: Array<{
      id: string;
      position: number;
      description: string;
      amountCents: number;
      potKind: string;
      quote: { id: string; kind: string } | null;
    }>;
    events: Array<{ id: string; kind: string; note: string | null; createdAt: string }>;
    decision: { outcome: string; grantedCents: number; reason: string; createdAt: string } | null;
    reportStatus: string | null;
  };
};

/** Notes that the applicant reads on the timeline: the staff request and the reason. */
const eventsWithNote = new Set(["returned", "ineligible", "report_questions"]);

/** The applicant's view of a fund application behind the private link. Never any contact data. */
export function ApplicationTracking({ view }: { view: ApplicationTrackingView }) {
  const { t, i18n } = useTranslation();
  const languageOf = useLanguageAttributes();
  const language = i18n.language;
  const euros = (cents: number) => formatCents(cents, language);
  const day = dayFormatter(language);
  const { application: app, token } = view;
  const granted = app.status === "granted" && app.decision !== null;
  return (
    <article className="narrow fund-tracking">
      {view.created ? (
        <div className="alert alert-ok" role="status">
          <h1>
            {t(
              view.created === "submit"
                ? "fund.tracking.createdSubmitted"
                : "fund.tracking.createdDraft",
            )}
          </h1>
          <p>{t("fund.tracking.keepLink")}</p>
        </div>
      ) : (
        <h1>{t("fund.tracking.title")}</h1>
      )}
      {view.done === "saved" || view.done === "submitted" || view.done === "withdrawn" ? (
        <p className="alert alert-ok" role="status">
          {t(`fund.tracking.done.${view.done}`)}
        </p>
      ) : null}

      <TrackingLinkBox
        url={view.trackingUrl}
        notice={view.linkNotice}
        prominent={Boolean(view.created)}
        text={t("fund.tracking.linkText")}
      />

      <section aria-labelledby="fund-app-heading">
        <h2 id="fund-app-heading" dir="auto">
          {app.title || t("fund.tracking.untitled")}
        </h2>
        <p className="meta">
          <span className={`badge fund-status fund-status-${app.status}`}>
            {t(`fund.status.${app.status}`)}
          </span>
        </p>
        <p>
          {t("fund.tracking.round")}{" "}
          <Link
            to={`/procedures/${view.procedure.id}`}
            {...languageOf(view.procedure.titleLanguage)}
          >
            {view.procedure.title}
          </Link>
        </p>
        <p>{t(`fund.tracking.statusText.${app.status}`)}</p>
        {app.editable ? (
          <p>
            <Link to={`/track/${token}/application`} className="button primary">
              {t(
                app.status === "returned"
                  ? "fund.tracking.editReturned"
                  : "fund.tracking.editDraft",
              )}
            </Link>
          </p>
        ) : null}
      </section>

      {app.status === "returned" && app.reviewRequest ? (
        <section aria-labelledby="fund-request-heading">
          <h2 id="fund-request-heading">{t("fund.tracking.requestTitle")}</h2>
          <blockquote className="alert alert-info">
            <UserText text={app.reviewRequest} />
          </blockquote>
        </section>
      ) : null}

      {app.status === "ineligible" && app.ineligibleReason ? (
        <section aria-labelledby="fund-ineligible-heading">
          <h2 id="fund-ineligible-heading">{t("fund.tracking.ineligibleTitle")}</h2>
          <UserText text={app.ineligibleReason} />
        </section>
      ) : null}

      {app.decision ? (
        <section aria-labelledby="fund-decision-heading">
          <h2 id="fund-decision-heading">{t("fund.tracking.decisionTitle")}</h2>
          <p>
            <strong>{t(`fund.decisionOutcome.${app.decision.outcome}`)}</strong>
            {app.decision.outcome !== "refused" ? (
              <>
                {" – "}
                <span className="fund-amount">
                  {t("fund.tracking.grantedAmount", { amount: euros(app.decision.grantedCents) })}
                </span>
              </>
            ) : null}
          </p>
          <h3>{t("fund.tracking.reason")}</h3>
          <UserText text={app.decision.reason} />
          {granted ? (
            <>
              <p>
                {t("fund.tracking.reportStatus")}{" "}
                <strong>{t(`fund.reportStatus.${app.reportStatus ?? "none"}`)}</strong>
              </p>
              <p>
                <Link to={`/track/${token}/report`}>{t("fund.tracking.reportLink")}</Link>
              </p>
            </>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="fund-summary-heading">
        <h2 id="fund-summary-heading">{t("fund.tracking.summaryTitle")}</h2>
        {app.description ? <UserText text={app.description} className="description" /> : null}
        <dl className="fund-totals">
          {app.placeLabel || app.district ? (
            <>
              <dt>{t("fund.form.place")}</dt>
              <dd>
                <bdi>{formatStoredPlace(app.placeLabel, t) ?? app.district}</bdi>
              </dd>
            </>
          ) : null}
          {app.startsOn ? (
            <>
              <dt>{t("fund.tracking.period")}</dt>
              <dd>
                {app.endsOn
                  ? t("fund.tracking.periodValue", { from: day(app.startsOn), to: day(app.endsOn) })
                  : day(app.startsOn)}
              </dd>
            </>
          ) : null}
          <dt>{t("fund.words.requested")}</dt>
          <dd className="fund-amount">{euros(app.requestedCents)}</dd>
          <dt>{t("fund.words.ownContribution")}</dt>
          <dd className="fund-amount">{euros(app.ownCents)}</dd>
        </dl>
        {app.costLines.length ? (
          <div className="table-wrap">
            <table>
              <caption>{t("fund.form.costLegend")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("fund.costLine.description")}</th>
                  <th scope="col">{t("fund.costLine.potKind")}</th>
                  <th scope="col">{t("fund.costLine.amount")}</th>
                </tr>
              </thead>
              <tbody>
                {app.costLines.map((line) => (
                  <tr key={line.id}>
                    <td>
                      <bdi>{line.description}</bdi>
                      {line.quote ? (
                        <>
                          {" "}
                          <a href={`/track/${token}/files/${line.quote.id}`}>
                            {t("fund.tracking.quote")}
                          </a>
                        </>
                      ) : null}
                    </td>
                    <td>{t(`fund.potKindShort.${line.potKind}`)}</td>
                    <td className="fund-amount">{euros(line.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="fund-timeline-heading">
        <h2 id="fund-timeline-heading">{t("fund.tracking.timelineTitle")}</h2>
        <ol className="fund-timeline">
          {app.events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.createdAt}>
                {formatBerlin(event.createdAt, language, {
                  dateStyle: "medium",
                  timeStyle: "short",
                })}
              </time>{" "}
              – {t(`fund.event.${event.kind}`)}
              {event.note && eventsWithNote.has(event.kind) ? <UserText text={event.note} /> : null}
            </li>
          ))}
        </ol>
      </section>

      <WithdrawApplication canWithdraw={app.canWithdraw} />
    </article>
  );
}
