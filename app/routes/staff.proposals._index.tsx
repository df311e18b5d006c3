import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { CategoryTag, ImplementationBadge, StatusBadge } from "~/components/status-badge";
import { listPlaceLabels } from "~/modules/addresses/place.server";
import { PlaceLine } from "~/modules/addresses/place-line";
import { listProposalsForStaff } from "~/modules/moderation/moderation.server";
import { statuses } from "~/modules/proposals/statuses";
import { requireStaff } from "~/modules/staff/session.server";

// A function, so that the browser bundle (which has no loader/action) carries no zod.
const filterSchema = () =>
  z.object({
    status: z.enum(statuses).optional().catch(undefined),
    q: z
      .string()
      .trim()
      .max(100)
      .optional()
      .catch(undefined)
      .transform((q) => q || undefined),
    page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "moderate:proposal");
  const filter = filterSchema().parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listProposalsForStaff(filter);
  return { filter, list, places: await listPlaceLabels(list.items.map((item) => item.id)) };
}

export default function StaffProposals() {
  const { t, i18n } = useTranslation();
  const { filter, list, places } = useLoaderData<typeof loader>();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  const link = (page: number) => {
    const params = new URLSearchParams();
    if (filter.status) params.set("status", filter.status);
    if (filter.q) params.set("q", filter.q);
    params.set("page", String(page));
    return `?${params}`;
  };
  return (
    <>
      <h1>{t("staff.proposals.title")}</h1>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t("proposals.list.search")}</label>
          <input id="q" name="q" type="search" dir="auto" defaultValue={filter.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="status">{t("proposals.list.status")}</label>
          <select id="status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("proposals.list.allStatuses")}</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {t(`statuses.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("proposals.list.apply")}
        </button>
      </Form>
      <p role="status">{t("proposals.list.count", { count: list.total })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("proposals.fields.title")}</th>
              <th scope="col">{t("proposals.list.status")}</th>
              <th scope="col">{t("proposals.fields.category")}</th>
              <th scope="col">{t("staff.proposals.submitted")}</th>
              <th scope="col">{t("supports.title")}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <tr key={item.id}>
                <td>
                  {/* The title alone is isolated: the place line below is in the page's language. */}
                  <Link to={`/staff/proposals/${item.id}`} dir="auto">
                    {item.title}
                  </Link>
                  <PlaceLine placeLabel={places[item.id]} />
                </td>
                <td>
                  <StatusBadge status={item.status} />
                  {item.implementation ? (
                    <>
                      {" "}
                      <ImplementationBadge state={item.implementation.state} />
                    </>
                  ) : null}
                </td>
                <td>
                  <CategoryTag category={item.category} />
                </td>
                <td>{format.format(new Date(item.createdAt))}</td>
                <td>{item.supportCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={list.page} pageCount={list.pageCount} href={link} />
    </>
  );
}
