import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatEuro } from "~/components/procedures/format";
import { formatStaffDate } from "~/components/staff-procedures/format";
import { getT } from "~/i18n/i18n.server";
import { listReportsDue, listRoundsForStaff } from "~/modules/fund/rounds.server";
import { requireStaff } from "~/modules/staff/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:fund");
  const t = await getT(request);
  const now = new Date();
  const [rounds, reportsDue] = await Promise.all([listRoundsForStaff(now), listReportsDue(now)]);
  return { pageTitle: `${t("fundRounds.staff.title")} – ${t("app.name")}`, rounds, reportsDue };
}

export default function StaffFund() {
  const { t, i18n } = useTranslation();
  const { rounds, reportsDue } = useLoaderData<typeof loader>();
  const euro = (cents: number) => formatEuro(cents, i18n.language);
  return (
    <article className="staff-fund">
      <h1>{t("fundRounds.staff.title")}</h1>
      <p>{t("fundRounds.staff.intro")}</p>
      <p>
        <Link to="/staff/procedures/new">{t("fundRounds.staff.newRound")}</Link>
      </p>

      <section aria-labelledby="rounds-heading">
        <h2 id="rounds-heading">{t("fundRounds.staff.roundsTitle")}</h2>
        {rounds.length === 0 ? (
          <p>{t("fundRounds.staff.noRounds")}</p>
        ) : (
          <ul className="cards">
            {rounds.map((round) => (
              <li key={round.id} className="card">
                <h3>
                  <Link to={`/staff/fund/${round.id}`} dir="auto">
                    {round.title}
                  </Link>
                </h3>
                <p className="meta">
                  {t(`staff.procedures.states.${round.state}`)} ·{" "}
                  {t(`staff.procedures.situations.${round.situation}`)} ·{" "}
                  {t("fundRounds.staff.applications", { count: round.applications })} ·{" "}
                  {t("fundRounds.staff.members", { count: round.members })}
                </p>
                {round.pots.length ? (
                  <ul>
                    {round.pots.map((pot) => (
                      <li key={pot.id}>
                        <bdi>{pot.name}</bdi>:{" "}
                        {t("fundRounds.staff.potLine", {
                          amount: euro(pot.amountCents),
                          free: euro(pot.freeCents),
                        })}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="hint">{t("fundRounds.staff.noPots")}</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">{t("fundRounds.staff.reportsTitle")}</h2>
        <p className="hint">{t("fundRounds.staff.reportsHint")}</p>
        {reportsDue.length === 0 ? (
          <p>{t("fundRounds.staff.noReportsDue")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("fundRounds.staff.project")}</th>
                  <th scope="col">{t("fundRounds.staff.round")}</th>
                  <th scope="col">{t("fundRounds.staff.dueAt")}</th>
                  <th scope="col">{t("fundRounds.staff.reportState")}</th>
                </tr>
              </thead>
              <tbody>
                {reportsDue.map((item) => (
                  <tr key={item.id} className={item.overdue ? "overdue" : undefined}>
                    <td>
                      <Link to={`/staff/fund/projects/${item.id}`} dir="auto">
                        {item.title}
                      </Link>
                    </td>
                    <td dir="auto">{item.roundTitle}</td>
                    <td>
                      {formatStaffDate(item.dueAt, i18n.language)}
                      {item.overdue ? (
                        <>
                          {" "}
                          <strong>
                            {t("fundRounds.staff.overdue", { count: item.daysOverdue })}
                          </strong>
                        </>
                      ) : null}
                    </td>
                    <td>{t(`fundRounds.reportStatus.${item.reportStatus ?? "none"}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
