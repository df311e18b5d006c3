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
import { UserText } from "~/components/user-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { handleApplicationPost } from "~/modules/fund/application-action.server";
import { getRoundForApplying } from "~/modules/fund/applications.server";
import { getApplicationForEditing } from "~/modules/fund/tracking.server";
import { isMailEnabled } from "~/modules/mail/mail-config.server";
import { getEnv } from "~/utils/env.server";
import fundStyles from "~/styles/fund-apply.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: mapAssets.css },
  { rel: "stylesheet", href: fundStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const application = await getApplicationForEditing(token, language);
  if (!application) throw new Response("Not found", { status: 404 });
  const round = await getRoundForApplying(application.roundId);
  if (!round) throw new Response("Not found", { status: 404 });
  const editable = application.status === "draft" || application.status === "returned";
  const canSubmit =
    editable && (application.status === "returned" ? round.canResubmit : round.canSubmit);
  return {
    pageTitle: `${t("fund.edit.title")} – ${t("app.name")}`,
    token,
    language,
    status: application.status,
    reviewRequest: application.reviewRequest,
    editable,
    canSubmit,
    values: application.values,
    quotes: application.quotes,
    rules: round.rules,
    today: round.today,
    attributions: await listAttributions(),
    mailEnabled: isMailEnabled(),
    styleUrl: getEnv().MAP_STYLE_URL,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleApplicationPost(request, context, { kind: "edit", token: params.token ?? "" });
}

export default function EditApplication() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<ApplicationFormAnswer>();
  const returned = data.status === "returned";
  return (
    <article className="narrow fund-apply">
      <p>
        <Link to={`/track/${data.token}`}>{t("fund.edit.back")}</Link>
      </p>
      <h1>{t(returned ? "fund.edit.titleReturned" : "fund.edit.title")}</h1>
      {returned && data.reviewRequest ? (
        <section aria-labelledby="fund-request-heading">
          <h2 id="fund-request-heading">{t("fund.tracking.requestTitle")}</h2>
          <blockquote className="alert alert-info">
            <UserText text={data.reviewRequest} />
          </blockquote>
        </section>
      ) : null}
      {data.editable ? (
        <ApplicationForm
          values={data.values}
          answer={answer}
          rules={data.rules}
          today={data.today}
          language={data.language}
          styleUrl={data.styleUrl}
          attributions={data.attributions}
          mailEnabled={data.mailEnabled}
          quotes={data.quotes}
          quoteHref={(id) => `/track/${data.token}/files/${id}`}
          canSubmit={data.canSubmit}
          submitLabel={t(returned ? "fund.form.resubmit" : "fund.form.submit")}
          closedNotice={t(returned ? "fund.edit.resubmitClosed" : "fund.edit.submitClosed")}
        />
      ) : (
        <p className="alert alert-info">{t("fund.edit.notEditable")}</p>
      )}
    </article>
  );
}
