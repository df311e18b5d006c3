import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OfficeEmail } from "~/components/office-email";
import { getT } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { basemapAttribution } from "~/modules/areas/map-style";
import { getOfficeContact } from "~/utils/office-contact.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  return {
    pageTitle: `${t("imprint.title")} – ${t("app.name")}`,
    attributions: await listAttributions(),
    contact: getOfficeContact(),
  };
}

export default function Imprint() {
  const { t } = useTranslation();
  const { attributions, contact } = useLoaderData<typeof loader>();
  return (
    <article className="narrow prose">
      <h1>{t("imprint.title")}</h1>
      <section>
        <h2>{t("imprint.operatorTitle")}</h2>
        <p>{t("imprint.operatorText")}</p>
        <OfficeEmail contact={contact} label={t("office.email")} />
      </section>
      <section id="data-sources">
        <h2>{t("imprint.dataTitle")}</h2>
        <p>{t("imprint.dataIntro")}</p>
        <ul>
          {attributions.map((line) => (
            <li key={line}>{line}</li>
          ))}
          <li>{t("imprint.osmAttribution")}</li>
          <li>{basemapAttribution}</li>
        </ul>
        <h3>{t("imprint.basemapTitle")}</h3>
        <p>{t("imprint.basemapText")}</p>
        <p>{t("imprint.basemapLicence")}</p>
        <h3>{t("imprint.approximationTitle")}</h3>
        <p>{t("imprint.approximationText")}</p>
        <h3>{t("imprint.apiTitle")}</h3>
        <p>{t("imprint.apiText")}</p>
        <ul>
          <li>
            <a href="/api/areas/current.geojson">/api/areas/current.geojson</a>
          </li>
          <li>
            <a href="/api/proposals.geojson">/api/proposals.geojson</a>
          </li>
        </ul>
      </section>
      <section>
        <h2>{t("imprint.softwareTitle")}</h2>
        <p>{t("imprint.softwareText")}</p>
      </section>
    </article>
  );
}
