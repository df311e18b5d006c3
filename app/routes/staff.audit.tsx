import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { listAuditEntries } from "~/modules/audit/audit.server";
import { requireStaff } from "~/modules/staff/session.server";

// A function, so that the browser bundle (which has no loader/action) carries no zod.
const pageSchema = () =>
  z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

/** Read-only: there is no route or function that changes audit entries. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:audit");
  const { page } = pageSchema().parse(Object.fromEntries(new URL(request.url).searchParams));
  return listAuditEntries(page);
}

/** Who acted when no staff account did: an applicant names themself in the entry (fund withdrawal). */
function actorWithoutAccount(after: string | null): "applicant" | "system" {
  try {
    const parsed: unknown = after ? JSON.parse(after) : null;
    if (parsed && typeof parsed === "object" && "actor" in parsed && parsed.actor === "applicant") {
      return "applicant";
    }
  } catch {
    // Not JSON: shown as it is in its column.
  }
  return "system";
}

export default function StaffAudit() {
  const { t, i18n } = useTranslation();
  const { entries, page, pageCount, total } = useLoaderData<typeof loader>();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "medium",
  });
  return (
    <>
      <h1>{t("staff.audit.title")}</h1>
      <p>{t("staff.audit.intro", { count: total })}</p>
      <div className="table-wrap">
        <table className="audit">
          <thead>
            <tr>
              <th scope="col">{t("staff.audit.when")}</th>
              <th scope="col">{t("staff.audit.who")}</th>
              <th scope="col">{t("staff.audit.what")}</th>
              <th scope="col">{t("staff.audit.before")}</th>
              <th scope="col">{t("staff.audit.after")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{format.format(new Date(entry.createdAt))}</td>
                <td>
                  {entry.staff ? (
                    <>
                      <bdi>{entry.staff.name}</bdi> (<span dir="ltr">{entry.staff.email}</span>)
                    </>
                  ) : (
                    t(`staff.actor.${actorWithoutAccount(entry.after)}`)
                  )}
                </td>
                <td>
                  <code>{entry.action}</code>{" "}
                  {entry.entityType === "proposal" && entry.entityId ? (
                    <Link to={`/staff/proposals/${entry.entityId}`}>{entry.entityId}</Link>
                  ) : entry.entityType === "fundApplication" && entry.entityId ? (
                    <Link to={`/staff/fund/applications/${entry.entityId}`}>{entry.entityId}</Link>
                  ) : (
                    <span>{entry.entityId}</span>
                  )}
                </td>
                <td>
                  <code className="json" dir="ltr">
                    {entry.before}
                  </code>
                </td>
                <td>
                  <code className="json" dir="ltr">
                    {entry.after}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} href={(p) => `?page=${p}`} />
    </>
  );
}
