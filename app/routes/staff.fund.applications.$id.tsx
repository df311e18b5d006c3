import { parseWithZod } from "@conform-to/zod/v4";
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatStoredPlace } from "~/modules/addresses/place";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { dayFormatter } from "~/components/fund/apply/application-form";
import { LazyMap } from "~/components/lazy-map";
import { UserText } from "~/components/user-text";
import { getT } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { ReviewActionSchema } from "~/modules/fund/application.schema.server";
import {
  dateToDay,
  getApplicationForStaff,
  reviewApplication,
  viewApplicationContact,
  type ApplicationContact,
} from "~/modules/fund/applications.server";
import { formatCents } from "~/modules/fund/money";
import { reviewActionsFor } from "~/modules/fund/statuses";
import { can } from "~/modules/staff/permissions";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { formatBerlin } from "~/utils/berlin-time";
import { getEnv } from "~/utils/env.server";
import { errorKeys } from "~/utils/submission";
import fundStyles from "~/styles/fund-apply.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: mapAssets.css },
  { rel: "stylesheet", href: fundStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:fund");
  const t = await getT(request);
  const application = await getApplicationForStaff(params.id ?? "");
  if (!application) throw new Response("Not found", { status: 404 });
  return {
    pageTitle: `${application.title || t("fund.tracking.untitled")} – ${t("app.name")}`,
    application: {
      ...application,
      startsOn: dateToDay(application.startsOn),
      endsOn: dateToDay(application.endsOn),
    },
    actions: reviewActionsFor(application.status),
    canViewContact: can(user.role, "view:contact"),
    done: new URL(request.url).searchParams.get("done"),
    attributions: await listAttributions(),
    styleUrl: getEnv().MAP_STYLE_URL,
  };
}

type ActionData = { errors: string[]; contact?: ApplicationContact };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:fund");
  const id = params.id ?? "";
  const submission = parseWithZod(formData, { schema: ReviewActionSchema });
  if (submission.status !== "success") {
    return Response.json({ errors: errorKeys(submission.reply()) } satisfies ActionData, {
      status: 400,
    });
  }
  const value = submission.value;
  if (value.intent === "contact") {
    if (!can(user.role, "view:contact")) throw new Response("Forbidden", { status: 403 });
    const shown = await viewApplicationContact({ staffId: user.id, applicationId: id });
    if (shown.status === "refused") throw new Response("Not found", { status: 404 });
    return Response.json({ errors: [], contact: shown.contact } satisfies ActionData, {
      headers: { "Cache-Control": "no-store" },
    });
  }
  const outcome = await reviewApplication({
    staffId: user.id,
    applicationId: id,
    intent: value.intent,
    note:
      value.intent === "return"
        ? value.request
        : value.intent === "ineligible"
          ? value.reason
          : undefined,
  });
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return Response.json({ errors: ["fund.review.errors.wrongStatus"] } satisfies ActionData, {
      status: 409,
    });
  }
  return redirect(`/staff/fund/applications/${id}?done=${value.intent}`, 303);
}

export default function StaffFundApplication() {
  const { t, i18n } = useTranslation();
  const {
    application: app,
    actions,
    canViewContact,
    done,
    attributions,
    styleUrl,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const language = i18n.language;
  const euros = (cents: number) => formatCents(cents, language);
  const day = dayFormatter(language);
  const when = (date: string) =>
    formatBerlin(date, language, { dateStyle: "medium", timeStyle: "short" });
  const total = app.costLines.reduce((sum, line) => sum + line.amountCents, 0);
  const volunteerCents = app.volunteerHours * app.round.volunteerRateCents;
  const quoteOf = (lineId: string) =>
    app.files.find((file) => file.purpose === "quote" && file.costLineId === lineId);
  return (
    <>
      <p>
        <Link to={`/staff/fund/${app.roundId}/applications`}>{t("fund.review.backToQueue")}</Link>
      </p>
      <h1 dir="auto">{app.title || t("fund.tracking.untitled")}</h1>
      <p className="meta">
        <span className={`badge fund-status fund-status-${app.status}`}>
          {t(`fund.status.${app.status}`)}
        </span>{" "}
        <span dir="auto">{app.round.procedure.title}</span>
      </p>
      {done ? (
        <p className="alert alert-ok" role="status">
          {t(`fund.review.done.${done}`)}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.errors} />

      <section aria-labelledby="fund-project-heading">
        <h2 id="fund-project-heading">{t("fund.form.projectLegend")}</h2>
        <UserText text={app.description} className="description" />
        <dl className="fund-totals">
          <dt>{t("fund.form.applicantKind")}</dt>
          <dd>
            {t(`fund.form.applicantKinds.${app.applicantKind}`)}
            {app.applicantKind === "association" && app.organisationRegistered !== null
              ? ` (${t(`fund.review.registered.${app.organisationRegistered ? "yes" : "no"}`)})`
              : null}
          </dd>
          <dt>{t("fund.form.place")}</dt>
          <dd>
            {app.placeLabel || app.district ? (
              <bdi>{formatStoredPlace(app.placeLabel, t) ?? app.district}</bdi>
            ) : (
              "–"
            )}
            {app.lon !== null && !app.fundingAreaId ? ` – ${t("fund.review.outsideArea")}` : null}
          </dd>
          <dt>{t("fund.tracking.period")}</dt>
          <dd>
            {app.startsOn ? day(app.startsOn) : "–"} – {app.endsOn ? day(app.endsOn) : "–"}
          </dd>
          <dt>{t("fund.form.targetGroups")}</dt>
          <dd>
            {app.targetGroups.length
              ? app.targetGroups.map((group) => t(`fund.targetGroup.${group}`)).join(", ")
              : "–"}
          </dd>
          <dt>{t("fund.form.participants")}</dt>
          <dd>{app.expectedParticipants ?? "–"}</dd>
        </dl>
        {app.lon !== null && app.lat !== null ? (
          <LazyMap
            mode="single"
            className="map"
            point={{ lon: app.lon, lat: app.lat }}
            styleUrl={styleUrl}
            attributions={attributions}
          />
        ) : null}
      </section>

      <section aria-labelledby="fund-costs-heading">
        <h2 id="fund-costs-heading">{t("fund.form.costLegend")}</h2>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("fund.form.costLegend")}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("fund.costLine.description")}</th>
                <th scope="col">{t("fund.costLine.potKind")}</th>
                <th scope="col">{t("fund.costLine.amount")}</th>
                <th scope="col">{t("fund.review.quote")}</th>
              </tr>
            </thead>
            <tbody>
              {app.costLines.map((line) => {
                const quote = quoteOf(line.id);
                return (
                  <tr key={line.id}>
                    <td>{line.position}</td>
                    <td>
                      <bdi>{line.description}</bdi>
                    </td>
                    <td>{t(`fund.potKindShort.${line.potKind}`)}</td>
                    <td className="fund-amount">{euros(line.amountCents)}</td>
                    <td>
                      {quote ? (
                        <a href={`/staff/fund/files/${quote.id}`}>
                          {t(
                            quote.kind === "pdf"
                              ? "fund.review.quotePdf"
                              : "fund.review.quoteImage",
                          )}
                        </a>
                      ) : (
                        "–"
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <dl className="fund-totals">
          <dt>{t("fund.words.totalCost")}</dt>
          <dd className="fund-amount">{euros(total)}</dd>
          <dt>{t("fund.form.ownMoney")}</dt>
          <dd className="fund-amount">{euros(app.ownMoneyCents)}</dd>
          <dt>
            {t("fund.review.volunteer", {
              hours: app.volunteerHours,
              rate: euros(app.round.volunteerRateCents),
            })}
          </dt>
          <dd className="fund-amount">{euros(volunteerCents)}</dd>
          <dt>{t("fund.words.requested")}</dt>
          <dd className="fund-amount">{euros(app.requestedCents)}</dd>
        </dl>
      </section>

      <section aria-labelledby="fund-contact-heading">
        <h2 id="fund-contact-heading">{t("fund.review.contactTitle")}</h2>
        {actionData?.contact ? (
          <dl>
            <dt>{t("fund.form.name")}</dt>
            <dd>
              <bdi>{actionData.contact.applicantName || "–"}</bdi>
            </dd>
            {actionData.contact.organisation ? (
              <>
                <dt>{t("fund.form.organisation")}</dt>
                <dd>
                  <bdi>{actionData.contact.organisation}</bdi>
                </dd>
              </>
            ) : null}
            <dt>{t("fund.form.email")}</dt>
            <dd>
              {actionData.contact.contactEmail ? (
                <a href={`mailto:${actionData.contact.contactEmail}`} dir="ltr">
                  {actionData.contact.contactEmail}
                </a>
              ) : (
                "–"
              )}
            </dd>
            <dt>{t("fund.form.phone")}</dt>
            <dd dir="ltr">{actionData.contact.contactPhone || "–"}</dd>
            <dt>{t("fund.form.address")}</dt>
            <dd>
              <bdi>{actionData.contact.contactAddress || "–"}</bdi>
            </dd>
          </dl>
        ) : app.status === "withdrawn" ? (
          <p>{t("fund.review.contactErased")}</p>
        ) : canViewContact ? (
          <Form method="post" className="stack">
            <CsrfInput />
            <p className="hint">{t("fund.review.contactHint")}</p>
            <button type="submit" name="intent" value="contact" className="secondary">
              {t("fund.review.showContact")}
            </button>
          </Form>
        ) : (
          <p>{t("fund.review.contactNotAllowed")}</p>
        )}
      </section>

      {app.decision ? (
        <section aria-labelledby="fund-decision-heading">
          <h2 id="fund-decision-heading">{t("fund.tracking.decisionTitle")}</h2>
          <p>
            <strong>{t(`fund.decisionOutcome.${app.decision.outcome}`)}</strong>
            {app.decision.outcome !== "refused" ? ` – ${euros(app.decision.grantedCents)}` : null}
          </p>
          <UserText text={app.decision.reason} />
          {app.status === "granted" ? (
            <p>
              <Link to={`/staff/fund/projects/${app.id}`}>{t("fund.review.projectLink")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {actions.length ? (
        <section aria-labelledby="fund-review-heading" className="stack">
          <h2 id="fund-review-heading">{t("fund.review.actionsTitle")}</h2>
          {actions.includes("complete") ? (
            <Form method="post">
              <CsrfInput />
              <p className="hint">{t("fund.review.completeHint")}</p>
              <button type="submit" name="intent" value="complete" className="primary">
                {t("fund.review.complete")}
              </button>
            </Form>
          ) : null}
          {actions.includes("return") ? (
            <Form method="post" className="stack">
              <CsrfInput />
              <div className="field">
                <label htmlFor="fund-return-request">{t("fund.review.request")}</label>
                <p className="hint" id="fund-return-request-hint">
                  {t("fund.review.requestHint")}
                </p>
                <textarea
                  id="fund-return-request"
                  name="request"
                  rows={4}
                  maxLength={2000}
                  dir="auto"
                  required
                  aria-describedby="fund-return-request-hint"
                />
              </div>
              <button type="submit" name="intent" value="return" className="secondary">
                {t("fund.review.return")}
              </button>
            </Form>
          ) : null}
          {actions.includes("ineligible") ? (
            <Form method="post" className="stack">
              <CsrfInput />
              <div className="field">
                <label htmlFor="fund-ineligible-reason">{t("fund.review.reason")}</label>
                <p className="hint" id="fund-ineligible-reason-hint">
                  {t("fund.review.reasonHint")}
                </p>
                <textarea
                  id="fund-ineligible-reason"
                  name="reason"
                  rows={4}
                  maxLength={2000}
                  dir="auto"
                  required
                  aria-describedby="fund-ineligible-reason-hint"
                />
              </div>
              <button type="submit" name="intent" value="ineligible" className="danger">
                {t("fund.review.ineligible")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="fund-files-heading">
        <h2 id="fund-files-heading">{t("fund.review.filesTitle")}</h2>
        {app.files.length ? (
          <ul>
            {app.files.map((file) => (
              <li key={file.id}>
                <a href={`/staff/fund/files/${file.id}`}>
                  {t(`fund.review.filePurpose.${file.purpose}`)} (
                  {file.kind === "pdf" ? "PDF" : t("fund.review.image")},{" "}
                  {Math.max(1, Math.round(file.bytes / 1024))} kB)
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("fund.review.noFiles")}</p>
        )}
      </section>

      <section aria-labelledby="fund-timeline-heading">
        <h2 id="fund-timeline-heading">{t("fund.tracking.timelineTitle")}</h2>
        <ol className="fund-timeline">
          {app.events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.createdAt}>{when(event.createdAt)}</time> –{" "}
              {t(`fund.event.${event.kind}`)} ({t(`fund.actor.${event.actor}`)})
              {event.note ? <UserText text={event.note} /> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
