import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { CategoryTag, ImplementationBadge } from "~/components/status-badge";
import { ImplementationTimeline } from "~/components/status-timeline";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { implementationStates } from "~/modules/outcomes/implementation-states";
import { listImplementations } from "~/modules/outcomes/implementation.server";

// Unknown or broken query parameters fall back to "no filter" instead of an error page.
// A function, so that the browser bundle (which has no loader) carries no zod.
const filterSchema = () =>
  z.object({
    state: z.enum(implementationStates).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

/** "Was ist daraus geworden?": accepted initiatives and what became of them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const filter = filterSchema().parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listImplementations({ ...filter, language });
  return { pageTitle: `${t("outcomes.title")} – ${t("app.name")}`, filter, list };
}

export default function Outcomes() {
  const { t } = useTranslation();
  const { filter, list } = useLoaderData<typeof loader>();
  const languageOf = useLanguageAttributes();

  const link = (state: string | undefined, page = 1) => {
    const params = new URLSearchParams();
    if (state) params.set("state", state);
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return query ? `?${query}` : ".";
  };
  const tabs = [
    { state: undefined, label: t("outcomes.filter.all"), count: list.counts.all },
    ...implementationStates.map((state) => ({
      state,
      label: t(`outcomes.states.${state}`),
      count: list.counts[state],
    })),
  ];

  return (
    <>
      <h1>{t("outcomes.title")}</h1>
      <p className="lead">{t("outcomes.intro")}</p>

      <nav aria-label={t("outcomes.filter.label")}>
        <p className="actions">
          {tabs.map((tab) => (
            <Link
              key={tab.state ?? "all"}
              to={link(tab.state)}
              aria-current={filter.state === tab.state ? "page" : undefined}
              className={filter.state === tab.state ? "button primary" : "button secondary"}
              preventScrollReset
            >
              {t("outcomes.filter.tab", { label: tab.label, count: tab.count })}
            </Link>
          ))}
        </p>
      </nav>

      <p role="status" className="result-count">
        {t("outcomes.count", { count: list.total })}
      </p>

      {list.items.length === 0 ? (
        <p>{t(filter.state ? "outcomes.emptyFiltered" : "outcomes.empty")}</p>
      ) : (
        <ul className="cards">
          {list.items.map((item) => (
            <li key={item.id} className="card outcome-card">
              <h2 dir="auto">
                <Link to={`/proposals/${item.proposal.id}`}>{item.proposal.title}</Link>
              </h2>
              <p className="meta">
                <ImplementationBadge state={item.state} />{" "}
                <CategoryTag category={item.proposal.category} />
                {item.proposal.district ? (
                  <span>
                    {" "}
                    · <bdi>{item.proposal.district}</bdi>
                  </span>
                ) : null}
              </p>
              {item.procedure ? (
                <p className="meta">
                  {t(item.byVote ? "outcomes.decidedIn" : "procedureChoice.partOf")}{" "}
                  <Link
                    to={`/procedures/${item.procedure.id}`}
                    {...languageOf(item.procedure.titleLanguage)}
                  >
                    {item.procedure.title}
                  </Link>
                </p>
              ) : !item.byVote ? (
                <p className="meta">{t("outcomes.decidedByOffice")}</p>
              ) : null}
              <ImplementationTimeline implementation={item} />
            </li>
          ))}
        </ul>
      )}

      <Pagination
        page={list.page}
        pageCount={list.pageCount}
        href={(page) => link(filter.state, page)}
      />
    </>
  );
}
