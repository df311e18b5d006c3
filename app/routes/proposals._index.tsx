import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LazyMap } from "~/components/lazy-map";
import { Pagination } from "~/components/pagination";
import { CardPhoto } from "~/components/photos/photo-gallery";
import { CategoryTag, StatusBadge } from "~/components/status-badge";
import { getT } from "~/i18n/i18n.server";
import { PlaceLine } from "~/modules/addresses/place-line";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { categories } from "~/modules/proposals/categories";
import {
  listDistrictNames,
  listPublishedProposals,
  proposalListSorts,
} from "~/modules/proposals/proposals.server";
import { publicStatuses } from "~/modules/proposals/statuses";
import { getEnv } from "~/utils/env.server";

// Unknown or broken query parameters fall back to "no filter" instead of an error page.
// A function, so that the browser bundle (which has no loader/action) carries no zod;
// built on the first request and then reused.
let schema: ReturnType<typeof buildFilterSchema> | undefined;
const filterSchema = () => (schema ??= buildFilterSchema());
const buildFilterSchema = () =>
  z.object({
    category: z.enum(categories).optional().catch(undefined),
    status: z.enum(publicStatuses).optional().catch(undefined),
    // An Ortsteil name; checked against the District table in the loader.
    district: z.string().trim().max(100).optional().catch(undefined),
    sort: z
      .enum(proposalListSorts)
      .optional()
      .catch(undefined)
      .transform((sort) => (sort === "newest" ? undefined : sort)),
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
  const parsed = filterSchema().parse(Object.fromEntries(new URL(request.url).searchParams));
  const districts = await listDistrictNames();
  const filter = {
    ...parsed,
    district: parsed.district && districts.includes(parsed.district) ? parsed.district : undefined,
  };
  const list = await listPublishedProposals(filter);
  // "Karte / Liste": ?view=map shows the map instead of the list (a plain link, no JS needed).
  const view = new URL(request.url).searchParams.get("view") === "map" ? "map" : "list";
  return {
    pageTitle: `${t("proposals.list.title")} – ${t("app.name")}`,
    filter,
    districts,
    list,
    view,
    map:
      view === "map"
        ? { attributions: await listAttributions(), styleUrl: getEnv().MAP_STYLE_URL }
        : null,
  };
}

export default function ProposalList() {
  const { t, i18n } = useTranslation();
  const { filter, districts, list, view, map } = useLoaderData<typeof loader>();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });

  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    if (filter.category) params.set("category", filter.category);
    if (filter.status) params.set("status", filter.status);
    if (filter.q) params.set("q", filter.q);
    if (filter.district) params.set("district", filter.district);
    if (filter.sort) params.set("sort", filter.sort);
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return query ? `?${query}` : ".";
  };

  const viewToggle = (
    <nav className="view-toggle" aria-label={t("map.view.label")}>
      <Link to="?view=map" aria-current={view === "map" ? "page" : undefined}>
        {t("map.view.map")}
      </Link>
      <Link to={pageLink(1)} aria-current={view === "list" ? "page" : undefined}>
        {t("map.view.list")}
      </Link>
    </nav>
  );

  if (view === "map" && map) {
    return (
      <>
        {/* The map's style sheet only in the map view: the list stays free of map files. */}
        <link rel="stylesheet" href={mapAssets.css} />
        <h1>{t("proposals.list.title")}</h1>
        <p>{t("proposals.list.intro")}</p>
        {viewToggle}
        <section aria-labelledby="map-heading">
          <h2 id="map-heading">{t("map.view.mapTitle")}</h2>
          <p className="hint">{t("map.view.mapHint")}</p>
          <LazyMap mode="browse" styleUrl={map.styleUrl} attributions={map.attributions} />
          <p className="hint">{t("areas.approximationNotice")}</p>
        </section>
      </>
    );
  }

  return (
    <>
      <h1>{t("proposals.list.title")}</h1>
      <p>{t("proposals.list.intro")}</p>
      {viewToggle}
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
        <div className="field">
          <label htmlFor="district">{t("listFilters.district")}</label>
          <select id="district" name="district" defaultValue={filter.district ?? ""}>
            <option value="">{t("listFilters.allDistricts")}</option>
            {districts.map((district) => (
              <option key={district} value={district} dir="auto">
                {district}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">{t("listFilters.sort")}</label>
          <select id="sort" name="sort" defaultValue={filter.sort ?? "newest"}>
            <option value="newest">{t("listFilters.sortNewest")}</option>
            <option value="supported">{t("listFilters.sortSupported")}</option>
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
              <CardPhoto photo={item.photo} title={item.title} />
              <h2 dir="auto">
                <Link to={`/proposals/${item.id}`}>{item.title}</Link>
              </h2>
              <PlaceLine placeLabel={item.placeLabel} />
              <p className="meta">
                <CategoryTag category={item.category} /> <StatusBadge status={item.status} />
                {item.district ? (
                  <span>
                    {" "}
                    · <bdi>{item.district}</bdi>
                  </span>
                ) : null}
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
