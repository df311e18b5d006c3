import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OfficeEmail } from "~/components/office-email";
import { getT } from "~/i18n/i18n.server";
import { getOfficeContact } from "~/utils/office-contact.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

/** The day this statement was prepared (BITV 2.0 § 7: date of preparation and of the last review). */
const preparedOn = "2026-11-26";

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  return {
    pageTitle: `${t("accessibility.title")} – ${t("app.name")}`,
    // Where barriers are reported: the office's address (OFFICE_CONTACT_EMAIL).
    contact: getOfficeContact(),
  };
}

const limits = ["limitMap", "limitPdf", "limitTranslation", "limitUserContent"] as const;

/** "Erklärung zur Barrierefreiheit" after the EU model statement (2018/1523), as BITV 2.0 asks. */
export default function AccessibilityStatement() {
  const { t, i18n } = useTranslation();
  const { contact } = useLoaderData<typeof loader>();
  const date = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(new Date(`${preparedOn}T12:00:00Z`));
  return (
    <article className="narrow prose">
      <h1>{t("accessibility.title")}</h1>
      <p className="lead">{t("accessibility.intro")}</p>
      <p>{t("accessibility.scopeText")}</p>
      <section aria-labelledby="a11y-status">
        <h2 id="a11y-status">{t("accessibility.statusTitle")}</h2>
        <p>{t("accessibility.statusText")}</p>
      </section>
      <section aria-labelledby="a11y-limits">
        <h2 id="a11y-limits">{t("accessibility.limitsTitle")}</h2>
        <p>{t("accessibility.limitsIntro")}</p>
        <ul>
          {limits.map((limit) => (
            <li key={limit}>{t(`accessibility.${limit}`)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="a11y-prepared">
        <h2 id="a11y-prepared">{t("accessibility.preparedTitle")}</h2>
        <p>{t("accessibility.preparedText", { date })}</p>
      </section>
      <section aria-labelledby="a11y-feedback" id="feedback">
        <h2 id="a11y-feedback">{t("accessibility.feedbackTitle")}</h2>
        <p>{t("accessibility.feedbackText")}</p>
        <OfficeEmail
          contact={contact}
          label={t("accessibility.feedbackEmail")}
          subject={t("accessibility.title")}
        />
        <p>{t("accessibility.feedbackInPerson")}</p>
      </section>
      <section aria-labelledby="a11y-enforcement">
        <h2 id="a11y-enforcement">{t("accessibility.enforcementTitle")}</h2>
        <p>{t("accessibility.enforcementText")}</p>
      </section>
    </article>
  );
}
