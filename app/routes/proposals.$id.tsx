import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LazyMap } from "~/components/lazy-map";
import { CategoryTag, StatusBadge } from "~/components/status-badge";
import { StatusTimeline } from "~/components/status-timeline";
import { getT } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { getPublicProposal } from "~/modules/proposals/proposals.server";
import { getEnv } from "~/utils/env.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.proposal.title} – ${data.appName}` : "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const proposal = await getPublicProposal(params.id ?? "");
  if (!proposal) throw new Response("Not found", { status: 404 });
  const t = await getT(request);
  return {
    appName: t("app.name"),
    proposal,
    attributions: await listAttributions(),
    styleUrl: getEnv().MAP_STYLE_URL,
  };
}

export default function ProposalDetail() {
  const { t } = useTranslation();
  const { proposal, attributions, styleUrl } = useLoaderData<typeof loader>();
  return (
    <article className="proposal-detail">
      <p>
        <Link to="/proposals">← {t("proposals.detail.back")}</Link>
      </p>
      <h1 dir="auto">{proposal.title}</h1>
      <p className="meta">
        <CategoryTag category={proposal.category} /> <StatusBadge status={proposal.status} />
        {proposal.district ? <span> · {proposal.district}</span> : null}
      </p>
      <div className="description" dir="auto">
        {proposal.description.split(/\n{2,}/).map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
      </div>

      <section aria-labelledby="location-heading">
        <h2 id="location-heading">{t("proposals.detail.location")}</h2>
        <LazyMap
          mode="single"
          className="map map-small"
          point={{ lon: proposal.lon, lat: proposal.lat }}
          styleUrl={styleUrl}
          attributions={attributions}
        />
        <p className="hint">
          {proposal.district
            ? t("proposals.detail.inDistrict", { district: proposal.district })
            : null}{" "}
          {t("proposals.detail.coordinates", {
            lon: proposal.lon.toFixed(5),
            lat: proposal.lat.toFixed(5),
          })}
        </p>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("proposals.detail.history")}</h2>
        <StatusTimeline steps={proposal.statusChanges} />
      </section>
    </article>
  );
}
