import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import {
  getUnsubscribeState,
  unsubscribe,
  type UnsubscribeState,
} from "~/modules/mail/unsubscribe.server";
import { readForm } from "~/utils/form.server";

/**
 * The unsubscribe link of every mail. GET only shows a button (mail scanners
 * follow links and must not unsubscribe anybody); the POST unsubscribes, from
 * the button or from a mail program's one-click request (RFC 8058, the
 * List-Unsubscribe-Post header). No login: the random token is the proof.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

const noStore = { "Cache-Control": "no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request);
  const state = await getUnsubscribeState(params.token ?? "");
  return Response.json(
    { pageTitle: `${t("mail.unsubscribe.pageTitle")} – ${t("app.name")}`, state },
    { status: state === "unknown" ? 404 : 200, headers: noStore },
  );
}

type ActionData = { state: UnsubscribeState; changed: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  // The one-click body is "List-Unsubscribe=One-Click"; the button sends nothing else either.
  await readForm(request, { multipart: true });
  const token = params.token ?? "";
  const before = await getUnsubscribeState(token);
  const state = before === "subscribed" ? await unsubscribe(token) : before;
  return Response.json({ state, changed: before === "subscribed" } satisfies ActionData, {
    status: state === "unknown" ? 404 : 200,
    headers: noStore,
  });
}

export default function Unsubscribe() {
  const { t } = useTranslation();
  const { state } = useLoaderData<{ state: UnsubscribeState }>();
  const done = useActionData<ActionData>();
  const current = done?.state ?? state;
  return (
    <article className="narrow">
      <h1>{t("mail.unsubscribe.pageTitle")}</h1>
      {current === "unknown" ? (
        <p className="alert alert-info">{t("mail.unsubscribe.notFound")}</p>
      ) : current === "unsubscribed" ? (
        <p className="alert alert-ok" role="status">
          {done?.changed ? t("mail.unsubscribe.done") : t("mail.unsubscribe.already")}
        </p>
      ) : (
        <Form method="post" className="stack">
          <p>{t("mail.unsubscribe.question")}</p>
          <p>{t("mail.unsubscribe.explain")}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" className="primary">
            {t("mail.unsubscribe.button")}
          </button>
        </Form>
      )}
      <p>
        <Link to="/">{t("mail.unsubscribe.home")}</Link>
      </p>
    </article>
  );
}
