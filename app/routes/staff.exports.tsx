import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/modules/staff/permissions";
import { requireStaff } from "~/modules/staff/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "export:proposals");
  return { canExportContacts: can(user.role, "export:contacts") };
}

export default function StaffExports() {
  const { t } = useTranslation();
  const { canExportContacts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staff.exports.title")}</h1>
      <ul className="link-list">
        <li>
          <a href="/staff/exports/proposals.csv" download>
            {t("staff.exports.staffCsv")}
          </a>
        </li>
        {canExportContacts ? (
          <li>
            <a href="/staff/exports/proposals.csv?contacts=1" download>
              {t("staff.exports.contactsCsv")}
            </a>
            <p className="hint">{t("staff.exports.contactsHint")}</p>
          </li>
        ) : null}
        <li>
          <a href="/api/proposals.csv" download>
            {t("staff.exports.publicCsv")}
          </a>
        </li>
        <li>
          <a href="/api/proposals.geojson" download>
            {t("staff.exports.publicGeojson")}
          </a>
        </li>
      </ul>
    </>
  );
}
