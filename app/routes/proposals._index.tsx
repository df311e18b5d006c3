import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { CategoryTag, StatusBadge } from "~/components/status-badge";
import { getT } from "~/i18n/i18n.server";
import { categories } from "~/modules/proposals/categories";
import { listPublishedProposals } from "~/modules/proposals/proposals.server";
import { publicStatuses } from "~/modules/proposals/statuses";

// Unknown or broken query parameters fall back to "no filter" instead of an error page.
// A function, so that the browser bundle (which has no loader/action) carries no zod;
// built on the first request and then reused.
let schema: ReturnType<typeof buildFilterSchema> | undefined;
const filterSchema = () => (schema ??= buildFilterSchema());
const buildFilterSchema = () =>
  z.object({
    category: z.enum(categories).optional().catch(undefined),
    status: z.enum(publicStatuses).optional().catch(undefined),
    q: z
      .string()
      .trim()
      .max(100)
      .optional()
      .catch(undefined)
      .transform((q) => q || undefined),
    page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  const filter = filterSchema().parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listPublishedProposals(filter);
  return { pageTitle: `${t("proposals.list.title")} – ${t("app.name")}`, filter, list };
}

export default function ProposalList() {
  const { t, i18n } = useTranslation();
  const { filter, list } = useLoaderData<typeof loader>();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });

  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    if (filter.category) params.set("category", filter.category);
    if (filter.status) params.set("status", filter.status);
    if (filter.q) params.set("q", filter.q);
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return query ? `?${query}` : ".";
  };

  return (
    <>
      <h1>{t("proposals.list.title")}</h1>
      <p>{t("proposals.list.intro")}</p>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t("proposals.list.search")}</label>
          <input id="q" name="q" type="search" defaultValue={filter.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="category">{t("proposals.fields.category")}</label>
          <select id="category" name="category" defaultValue={filter.category ?? ""}>
            <option value="">{t("proposals.list.allCategories")}</option>
            {categories.map((category) => (
              <option key={category} value={category}>
                {t(`categories.${category}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("proposals.list.status")}</label>
          <select id="status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("proposals.list.allStatuses")}</option>
            {publicStatuses.map((status) => (
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

      <p role="status" className="result-count">
        {t("proposals.list.count", { count: list.total })}
      </p>

      {list.items.length === 0 ? (
        <p>{t("proposals.list.empty")}</p>
      ) : (
        <ul className="cards">
          {list.items.map((item) => (
            <li key={item.id} className="card">
              <h2>
                <Link to={`/proposals/${item.id}`}>{item.title}</Link>
              </h2>
              <p className="meta">
                <CategoryTag category={item.category} /> <StatusBadge status={item.status} />
                {item.district ? <span> · {item.district}</span> : null}
                {item.publishedAt ? (
                  <span>
                    {" "}
                    ·{" "}
                    <time dateTime={item.publishedAt}>
                      {format.format(new Date(item.publishedAt))}
                    </time>
                  </span>
                ) : null}
              </p>
              <p dir="auto">{item.excerpt}</p>
              <p className="meta">{t("supports.count", { count: item.supportCount })}</p>
            </li>
          ))}
        </ul>
      )}

      <Pagination page={list.page} pageCount={list.pageCount} href={pageLink} />
    </>
  );
}
