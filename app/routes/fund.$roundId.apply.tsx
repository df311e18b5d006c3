import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  ApplicationForm,
  type ApplicationFormAnswer,
} from "~/components/fund/apply/application-form";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { handleApplicationPost } from "~/modules/fund/application-action.server";
import { readApplicationForm } from "~/modules/fund/application-form";
import { getRoundForApplying } from "~/modules/fund/applications.server";
import { localisedText } from "~/modules/procedures/procedure-text";
import { formatBerlin } from "~/utils/berlin-time";
import { isMailEnabled } from "~/modules/mail/mail-config.server";
import { getEnv } from "~/utils/env.server";
import fundStyles from "~/styles/fund-apply.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: mapAssets.css },
  { rel: "stylesheet", href: fundStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const round = await getRoundForApplying(params.roundId ?? "");
  if (!round) throw new Response("Not found", { status: 404 });
  const text = localisedText({ ...round.round.procedure, description: "" }, language);
  return {
    pageTitle: `${t("fund.apply.title")} – ${t("app.name")}`,
    language,
    procedure: {
      id: round.round.procedure.id,
      title: text.title,
      titleLanguage: text.titleLanguage,
    },
    rules: round.rules,
    today: round.today,
    canSubmit: round.canSubmit,
    applicationsEndAt: round.applicationsEndAt,
    attributions: await listAttributions(),
    mailEnabled: isMailEnabled(),
    styleUrl: getEnv().MAP_STYLE_URL,
    // An empty form: the rows of the cost plan without JavaScript.
    values: readApplicationForm(new FormData()),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleApplicationPost(request, context, { kind: "new", roundId: params.roundId ?? "" });
}

export default function ApplyToFund() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<ApplicationFormAnswer>();
  const languageOf = useLanguageAttributes();
  return (
    <article className="narrow fund-apply">
      <h1>{t("fund.apply.title")}</h1>
      <p className="lead">
        {t("fund.apply.roundLabel")}{" "}
        <Link to={`/procedures/${data.procedure.id}`} {...languageOf(data.procedure.titleLanguage)}>
          {data.procedure.title}
        </Link>
      </p>
      <p>{t("fund.apply.intro")}</p>
      {data.canSubmit && data.applicationsEndAt ? (
        <p className="hint">
          {t("fund.apply.until", {
            date: formatBerlin(data.applicationsEndAt, data.language, {
              dateStyle: "long",
              timeStyle: "short",
            }),
          })}
        </p>
      ) : null}
      {data.canSubmit ? (
        <ApplicationForm
          values={data.values}
          answer={answer}
          rules={data.rules}
          today={data.today}
          language={data.language}
          styleUrl={data.styleUrl}
          attributions={data.attributions}
          mailEnabled={data.mailEnabled}
          canSubmit
          submitLabel={t("fund.form.submit")}
        />
      ) : (
        <p className="alert alert-info">{t("fund.apply.closed")}</p>
      )}
    </article>
  );
}
