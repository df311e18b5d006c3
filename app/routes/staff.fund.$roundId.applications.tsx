import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { listApplicationsForReview } from "~/modules/fund/applications.server";
import { formatCents } from "~/modules/fund/money";
import { fundStatuses } from "~/modules/fund/statuses";
import { requireStaff } from "~/modules/staff/session.server";
import { formatBerlin } from "~/utils/berlin-time";
import fundStyles from "~/styles/fund-apply.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: fundStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:fund");
  const t = await getT(request);
  const requested = new URL(request.url).searchParams.get("status") ?? "";
  const status = (fundStatuses as ReadonlyArray<string>).includes(requested) ? requested : "";
  const queue = await listApplicationsForReview(params.roundId ?? "", status || undefined);
  if (!queue) throw new Response("Not found", { status: 404 });
  return {
    pageTitle: `${t("fund.review.queueTitle")} – ${t("app.name")}`,
    status,
    round: queue.round,
    counts: queue.counts,
    applications: queue.applications,
  };
}

export default function FundReviewQueue() {
  const { t, i18n } = useTranslation();
  const { round, status, counts, applications } = useLoaderData<typeof loader>();
  const language = i18n.language;
  return (
    <>
      <p>
        <Link to={`/staff/fund/${round.id}`}>{t("fund.review.backToRound")}</Link>
      </p>
      <h1>{t("fund.review.queueTitle")}</h1>
      <p dir="auto">{round.procedure.title}</p>
      <Form method="get" className="fund-filter">
        <div className="field">
          <label htmlFor="fund-status-filter">{t("fund.review.filter")}</label>
          <select id="fund-status-filter" name="status" defaultValue={status}>
            <option value="">{t("fund.review.filterAll")}</option>
            {fundStatuses.map((value) => (
              <option key={value} value={value}>
                {t(`fund.status.${value}`)} ({counts[value] ?? 0})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("fund.review.filterApply")}
        </button>
      </Form>
      {applications.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("fund.review.queueTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fund.form.title")}</th>
                <th scope="col">{t("fund.review.status")}</th>
                <th scope="col">{t("fund.words.requested")}</th>
                <th scope="col">{t("fund.review.submittedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((application) => (
                <tr key={application.id}>
                  <th scope="row">
                    <Link to={`/staff/fund/applications/${application.id}`} dir="auto">
                      {application.title || t("fund.tracking.untitled")}
                    </Link>
                    {application.district ? (
                      <>
                        <br />
                        <small>
                          <bdi>{application.district}</bdi>
                        </small>
                      </>
                    ) : null}
                  </th>
                  <td>{t(`fund.status.${application.status}`)}</td>
                  <td className="fund-amount">
                    {formatCents(application.requestedCents, language)}
                  </td>
                  <td>
                    {application.submittedAt
                      ? formatBerlin(application.submittedAt, language, {
                          dateStyle: "medium",
                          timeStyle: "short",
                        })
                      : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("fund.review.empty")}</p>
      )}
    </>
  );
}
