import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LazyMap } from "~/components/lazy-map";
import { languageAttributes } from "~/components/procedures/localised-text";
import { getT } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { countPublishedProposals } from "~/modules/proposals/proposals.server";
import { getEnv } from "~/utils/env.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "description", content: data?.description },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  return {
    pageTitle: `${t("app.name")} – ${t("app.office")}`,
    description: t("home.intro"),
    published: await countPublishedProposals(),
    attributions: await listAttributions(),
    styleUrl: getEnv().MAP_STYLE_URL,
  };
}

export default function Index() {
  const { t, i18n } = useTranslation();
  const { published, attributions, styleUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.intro")}</p>
        <p>{t("home.office")}</p>
        <p className="actions">
          <Link to="/proposals/new" className="button primary">
            {t("home.submitCta")}
          </Link>
          <Link to="/proposals" className="button secondary">
            {t("home.browseCta", { count: published })}
          </Link>
        </p>
        <p className="easy-link">
          <Link to="/leichte-sprache" {...languageAttributes("de", i18n.language)}>
            {t("easy.link")}
          </Link>
          {" – "}
          <span>{t("easy.homeHint")}</span>
        </p>
      </section>

      <section aria-labelledby="map-heading">
        <h2 id="map-heading">{t("home.mapTitle")}</h2>
        <p className="hint">{t("home.mapHint")}</p>
        <LazyMap loadWhenVisible mode="browse" styleUrl={styleUrl} attributions={attributions} />
        <p className="hint">{t("areas.approximationNotice")}</p>
        <p>
          <Link to="/proposals">{t("home.listLink")}</Link>
        </p>
      </section>

      <section aria-labelledby="how-heading" className="how">
        <h2 id="how-heading">{t("home.howTitle")}</h2>
        <ol>
          <li>{t("home.how1")}</li>
          <li>{t("home.how2")}</li>
          <li>{t("home.how3")}</li>
        </ol>
      </section>
    </>
  );
}
