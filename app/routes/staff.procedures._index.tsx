import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PhaseSummary } from "~/components/staff-procedures/phase-timeline";
import { getT } from "~/i18n/i18n.server";
import { listStaffProcedures } from "~/modules/procedures/procedures.server";
import { requireStaff } from "~/modules/staff/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:procedure");
  const t = await getT(request);
  const procedures = await listStaffProcedures();
  return {
    pageTitle: `${t("staff.procedures.list.title")} – ${t("app.name")}`,
    procedures: procedures.map((procedure) => ({
      id: procedure.id,
      kind: procedure.kind,
      state: procedure.state,
      title: procedure.title,
      situation: procedure.situation,
      currentPhase: procedure.currentPhase,
      nextPhase: procedure.nextPhase,
      proposals: procedure._count.proposals,
      votes: procedure._count.votes,
    })),
  };
}

export default function StaffProcedures() {
  const { t } = useTranslation();
  const { procedures } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staff.procedures.list.title")}</h1>
      <p>{t("staff.procedures.list.intro")}</p>
      <p>
        <Link to="/staff/procedures/new" className="button primary">
          {t("staff.procedures.list.new")}
        </Link>
      </p>
      {procedures.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("staff.procedures.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.procedures.fields.title")}</th>
                <th scope="col">{t("staff.procedures.fields.kind")}</th>
                <th scope="col">{t("staff.procedures.fields.state")}</th>
                <th scope="col">{t("staff.procedures.list.phase")}</th>
                <th scope="col">{t("staff.procedures.list.counts")}</th>
              </tr>
            </thead>
            <tbody>
              {procedures.map((procedure) => (
                <tr key={procedure.id}>
                  <th scope="row">
                    <Link to={`/staff/procedures/${procedure.id}`} dir="auto">
                      {procedure.title}
                    </Link>
                  </th>
                  <td>{t(`staff.procedures.kinds.${procedure.kind}`)}</td>
                  <td>{t(`staff.procedures.states.${procedure.state}`)}</td>
                  <td>
                    <PhaseSummary
                      situation={procedure.situation}
                      currentPhase={procedure.currentPhase}
                      nextPhase={procedure.nextPhase}
                    />
                  </td>
                  <td>
                    {t("staff.procedures.list.proposalCount", { count: procedure.proposals })}
                    <br />
                    {t("staff.procedures.list.voteCount", { count: procedure.votes })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("staff.procedures.list.empty")}</p>
      )}
    </>
  );
}
