import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import {
  getUnsubscribeState,
  unsubscribe,
  type UnsubscribeState,
  type UnsubscribeSubject,
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
  const { state, subject } = await getUnsubscribeState(params.token ?? "");
  return Response.json(
    { pageTitle: `${t("mail.unsubscribe.pageTitle")} – ${t("app.name")}`, state, subject },
    { status: state === "unknown" ? 404 : 200, headers: noStore },
  );
}

type ActionData = { state: UnsubscribeState; changed: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  // The one-click body is "List-Unsubscribe=One-Click"; the button sends nothing else either.
  await readForm(request, { multipart: true });
  const token = params.token ?? "";
  const { state: before } = await getUnsubscribeState(token);
  const state = before === "subscribed" ? await unsubscribe(token) : before;
  return Response.json({ state, changed: before === "subscribed" } satisfies ActionData, {
    status: state === "unknown" ? 404 : 200,
    headers: noStore,
  });
}

export default function Unsubscribe() {
  const { t } = useTranslation();
  const { state, subject } = useLoaderData<{
    state: UnsubscribeState;
    subject: UnsubscribeSubject;
  }>();
  const done = useActionData<ActionData>();
  const current = done?.state ?? state;
  // Mails about a fund application say "application", not "idea".
  const text = (key: "question" | "explain" | "done" | "already") =>
    t(subject === "fundApplication" ? `mail.unsubscribe.fund.${key}` : `mail.unsubscribe.${key}`);
  return (
    <article className="narrow">
      <h1>{t("mail.unsubscribe.pageTitle")}</h1>
      {current === "unknown" ? (
        <p className="alert alert-info">{t("mail.unsubscribe.notFound")}</p>
      ) : current === "unsubscribed" ? (
        <p className="alert alert-ok" role="status">
          {done?.changed ? text("done") : text("already")}
        </p>
      ) : (
        <Form method="post" className="stack">
          <p>{text("question")}</p>
          <p>{text("explain")}</p>
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
