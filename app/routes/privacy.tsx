import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  return { pageTitle: `${t("privacy.title")} – ${t("app.name")}` };
}

const sections = [
  "controller",
  "what",
  "photos",
  "why",
  "who",
  "howLong",
  "rights",
  "noTracking",
] as const;

export default function Privacy() {
  const { t } = useTranslation();
  return (
    <article className="narrow prose">
      <h1>{t("privacy.title")}</h1>
      <p className="lead">{t("privacy.intro")}</p>
      {sections.map((section) => (
        <section key={section}>
          <h2>{t(`privacy.${section}.title`)}</h2>
          <p>{t(`privacy.${section}.text`)}</p>
        </section>
      ))}
    </article>
  );
}
