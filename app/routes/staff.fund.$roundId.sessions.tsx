import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { CreateSessionSchema, formValues } from "~/modules/fund/session.schema.server";
import { createSession, getRoundTitle, listSessions } from "~/modules/fund/sessions.server";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { formatBerlin } from "~/utils/berlin-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/** GET /staff/fund/:roundId/sessions — the decision team's sessions of a round; plan a new one. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:fund");
  const roundId = params.roundId ?? "";
  const [title, sessions, language, t] = await Promise.all([
    getRoundTitle(roundId),
    listSessions(roundId),
    getLanguage(request),
    getT(request),
  ]);
  if (title === null) throw new Response("Not found", { status: 404 });
  return {
    pageTitle: `${t("fundSession.sessions.title")} – ${t("app.name")}`,
    round: { id: roundId, title },
    sessions: sessions.map((session) => ({
      id: session.id,
      when: formatBerlin(session.heldAt, language),
      place: session.place,
      closed: session.closedAt !== null,
      decisions: session._count.decisions,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:fund");
  const parsed = CreateSessionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const errors = [...new Set(parsed.error.issues.map((issue) => issue.message))].filter((key) =>
      key.startsWith("fundSession."),
    );
    return Response.json(
      {
        errors: errors.length ? errors : ["fundSession.errors.invalid"],
        values: formValues(formData),
      },
      { status: 400 },
    );
  }
  const result = await createSession({
    roundId: params.roundId ?? "",
    staffId: user.id,
    ...parsed.data,
  });
  if (result.status === "refused") throw new Response("Not found", { status: 404 });
  return redirect(`/jury/sessions/${result.sessionId}`, { status: 303 });
}

export default function RoundSessions() {
  const { t } = useTranslation();
  const { round, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ errors?: string[]; values?: Record<string, string> }>();
  return (
    <article>
      <h1>{t("fundSession.sessions.title")}</h1>
      <p className="lead">
        <bdi>{round.title}</bdi>
      </p>
      {sessions.length === 0 ? <p>{t("fundSession.sessions.none")}</p> : null}
      <ul>
        {sessions.map((session) => (
          <li key={session.id}>
            <Link to={`/jury/sessions/${session.id}`}>
              {session.when} · <bdi>{session.place}</bdi>
            </Link>{" "}
            ({t("fundSession.sessions.decisions", { n: session.decisions })}
            {session.closed ? `, ${t("fundSession.session.closedShort")}` : ""})
          </li>
        ))}
      </ul>
      <h2>{t("fundSession.sessions.new")}</h2>
      <Form method="post" className="stack">
        <CsrfInput />
        <ErrorAlert errors={actionData?.errors} />
        <div className="field">
          <label htmlFor="heldAt">{t("fundSession.sessions.heldAt")}</label>
          <input
            id="heldAt"
            name="heldAt"
            type="datetime-local"
            required
            defaultValue={actionData?.values?.heldAt ?? ""}
            aria-describedby="heldAt-hint"
          />
          <p className="hint" id="heldAt-hint">
            {t("fundSession.sessions.heldAtHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="place">{t("fundSession.sessions.place")}</label>
          <input
            id="place"
            name="place"
            required
            maxLength={200}
            defaultValue={actionData?.values?.place ?? ""}
          />
        </div>
        <button type="submit" className="primary">
          {t("fundSession.sessions.create")}
        </button>
      </Form>
    </article>
  );
}
