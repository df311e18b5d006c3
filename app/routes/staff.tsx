import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IsolatedT } from "~/components/user-text";
import { getT } from "~/i18n/i18n.server";
import { countFailedMails } from "~/modules/mail/deliveries.server";
import { isMailEnabled } from "~/modules/mail/mail-config.server";
import { getQueueCounts } from "~/modules/moderation/moderation.server";
import { can } from "~/modules/staff/permissions";
import { requireStaff } from "~/modules/staff/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "view:staff-area");
  const t = await getT(request);
  return {
    pageTitle: `${t("staff.title")} – ${t("app.name")}`,
    user: { name: user.name, email: user.email, role: user.role },
    csrf: user.csrfToken,
    isAdmin: can(user.role, "manage:staff"),
    canFund: can(user.role, "manage:fund"),
    counts: await getQueueCounts(),
    mail: { enabled: isMailEnabled(), failed: await countFailedMails() },
  };
}

export default function StaffLayout() {
  const { t } = useTranslation();
  const { user, csrf, isAdmin, canFund, counts, mail } = useLoaderData<typeof loader>();
  return (
    <div className="staff">
      <div className="staff-bar">
        <p>
          <IsolatedT i18nKey="staff.loggedInAs" user={{ name: user.name }} /> (
          {t(`staff.roles.${user.role}`)})
        </p>
        <Form method="post" action="/staff/logout">
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit" className="link-button">
            {t("staff.logout")}
          </button>
        </Form>
      </div>
      <nav className="staff-nav" aria-label={t("staff.nav.label")}>
        <NavLink to="/staff" end>
          {t("staff.nav.queue")}{" "}
          <span className="count">
            {t("staff.nav.queueCount", { count: counts.proposals + counts.comments })}
          </span>
        </NavLink>
        <NavLink to="/staff/proposals">{t("staff.nav.proposals")}</NavLink>
        <NavLink to="/staff/procedures">{t("staff.procedures.nav")}</NavLink>
        {canFund ? <NavLink to="/staff/fund">{t("fundRounds.staff.nav")}</NavLink> : null}
        <NavLink to="/staff/exports">{t("staff.nav.exports")}</NavLink>
        {mail.enabled || mail.failed ? (
          <NavLink to="/staff/mail">
            {t("mail.staff.nav")}
            {mail.failed ? (
              <>
                {" "}
                <span className="count">{t("mail.staff.navCount", { count: mail.failed })}</span>
              </>
            ) : null}
          </NavLink>
        ) : null}
        {isAdmin ? (
          <>
            <NavLink to="/staff/areas">{t("staff.nav.areas")}</NavLink>
            <NavLink to="/staff/users">{t("staff.nav.users")}</NavLink>
            <NavLink to="/staff/settings">{t("staff.nav.settings")}</NavLink>
            <NavLink to="/staff/audit">{t("staff.nav.audit")}</NavLink>
          </>
        ) : null}
        <NavLink to="/staff/account">{t("staff.nav.account")}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
