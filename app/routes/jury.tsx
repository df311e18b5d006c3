import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IsolatedT } from "~/components/user-text";
import { getT } from "~/i18n/i18n.server";
import { requireJuryViewer } from "~/modules/fund/jury.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/**
 * The decision team's area (Vergabeteam): jury accounts and staff with
 * `manage:fund`. Each page checks the round or session itself.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, manager } = await requireJuryViewer(request);
  const t = await getT(request);
  return {
    pageTitle: `${t("fundSession.area.title")} – ${t("app.name")}`,
    user: { name: user.name },
    csrf: user.csrfToken,
    manager,
  };
}

export default function JuryLayout() {
  const { t } = useTranslation();
  const { user, csrf, manager } = useLoaderData<typeof loader>();
  return (
    <div className="staff">
      <div className="staff-bar">
        <p>
          <IsolatedT i18nKey="fundSession.area.loggedInAs" user={{ name: user.name }} />
        </p>
        <Form method="post" action="/jury/logout">
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit" className="link-button">
            {t("fundSession.area.logout")}
          </button>
        </Form>
      </div>
      <nav className="staff-nav" aria-label={t("fundSession.area.nav")}>
        <NavLink to="/jury" end>
          {t("fundSession.area.myRounds")}
        </NavLink>
        {manager ? <NavLink to="/staff">{t("fundSession.area.staffArea")}</NavLink> : null}
      </nav>
      <Outlet />
    </div>
  );
}
