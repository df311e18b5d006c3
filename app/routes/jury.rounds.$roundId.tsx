import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { JuryCsrfInput } from "~/components/fund/session/jury-csrf";
import { UserText } from "~/components/user-text";
import { getLanguage } from "~/i18n/i18n.server";
import {
  declareConflict,
  getJuryRound,
  requireJuryAction,
  requireJuryViewer,
  requireRoundAccess,
  withdrawConflict,
} from "~/modules/fund/jury.server";
import { ConflictSchema } from "~/modules/fund/session.schema.server";
import { listSessions } from "~/modules/fund/sessions.server";
import { formatCents } from "~/modules/fund/money";
import { formatBerlin } from "~/utils/berlin-time";

/**
 * GET /jury/rounds/:roundId — the applications of a round for its decision
 * team, without the applicants' contact data; members declare conflicts of
 * interest here before the session.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireJuryViewer(request);
  const access = await requireRoundAccess(viewer, params.roundId ?? "");
  const [applications, sessions, language] = await Promise.all([
    getJuryRound(access.roundId, access.member?.id ?? null),
    listSessions(access.roundId),
    getLanguage(request),
  ]);
  const euro = (cents: number) => formatCents(cents, language);
  const day = (date: Date | null) =>
    date ? formatBerlin(date, language, { dateStyle: "medium" }) : null;
  return {
    round: { id: access.roundId, title: access.title },
    isMember: access.member !== null,
    sessions: sessions.map((session) => ({
      id: session.id,
      when: formatBerlin(session.heldAt, language),
      place: session.place,
    })),
    applications: applications.map((application) => ({
      id: application.id,
      status: application.status,
      title: application.title,
      description: application.description,
      organisation: application.organisation,
      district: application.district,
      placeLabel: application.placeLabel,
      starts: day(application.startsOn),
      ends: day(application.endsOn),
      expectedParticipants: application.expectedParticipants,
      requested: euro(application.requestedCents),
      ownMoney: euro(application.ownMoneyCents),
      volunteerHours: application.volunteerHours,
      costLines: application.costLines.map((line) => ({
        id: line.id,
        position: line.position,
        description: line.description,
        amount: euro(line.amountCents),
        potKind: line.potKind,
        hasQuote: line.hasQuote,
      })),
      decision: application.decision
        ? {
            outcome: application.decision.outcome,
            amount: euro(application.decision.grantedCents),
            reason: application.decision.reason,
          }
        : null,
      myConflict: application.myConflict,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData, ...viewer } = await requireJuryAction(request);
  const access = await requireRoundAccess({ user, ...viewer }, params.roundId ?? "");
  const parsed = ConflictSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return Response.json({ error: "fundSession.errors.invalid" }, { status: 400 });
  }
  const input = parsed.data;
  const result =
    input.intent === "declare"
      ? await declareConflict({
          access,
          staffId: user.id,
          applicationId: input.applicationId,
          note: input.note ? input.note : null,
        })
      : await withdrawConflict({ access, staffId: user.id, applicationId: input.applicationId });
  if (result.status === "refused") {
    return Response.json({ error: `fundSession.refused.${result.reason}` }, { status: 409 });
  }
  return Response.json({ done: input.intent });
}

export default function JuryRound() {
  const { t } = useTranslation();
  const { round, applications, sessions, isMember } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ error?: string; done?: string }>();
  return (
    <article>
      <h1>
        <bdi>{round.title}</bdi>
      </h1>
      <p className="lead">{t("fundSession.round.intro")}</p>
      <ErrorAlert errors={actionData?.error ? [actionData.error] : null} />
      {actionData?.done ? (
        <p className="alert alert-ok" role="status">
          {t(`fundSession.conflict.done.${actionData.done}`)}
        </p>
      ) : null}
      {sessions.length > 0 ? (
        <section>
          <h2>{t("fundSession.sessions.title")}</h2>
          <ul>
            {sessions.map((session) => (
              <li key={session.id}>
                <a href={`/jury/sessions/${session.id}`}>
                  {session.when} · <bdi>{session.place}</bdi>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t("fundSession.round.applications")}</h2>
      {applications.length === 0 ? <p>{t("fundSession.round.noApplications")}</p> : null}
      {applications.map((application) => (
        <section key={application.id} className="panel" aria-labelledby={`app-${application.id}`}>
          <h3 id={`app-${application.id}`}>
            <bdi>{application.title}</bdi>
          </h3>
          <p className="meta">
            {t(`fundSession.applicationStatus.${application.status}`)}
            {application.organisation ? (
              <>
                {" · "}
                <bdi>{application.organisation}</bdi>
              </>
            ) : null}
            {application.district ? (
              <>
                {" · "}
                <bdi>{application.district}</bdi>
              </>
            ) : null}
          </p>
          <UserText text={application.description} />
          <dl>
            {application.placeLabel ? (
              <>
                <dt>{t("fundSession.application.place")}</dt>
                <dd>
                  <bdi>{application.placeLabel}</bdi>
                </dd>
              </>
            ) : null}
            {application.starts ? (
              <>
                <dt>{t("fundSession.application.dates")}</dt>
                <dd>
                  {application.starts}
                  {application.ends ? ` – ${application.ends}` : ""}
                </dd>
              </>
            ) : null}
            {application.expectedParticipants ? (
              <>
                <dt>{t("fundSession.application.participants")}</dt>
                <dd>{application.expectedParticipants}</dd>
              </>
            ) : null}
            <dt>{t("fundSession.application.requested")}</dt>
            <dd>{application.requested}</dd>
            <dt>{t("fundSession.application.ownContribution")}</dt>
            <dd>
              {t("fundSession.application.ownContributionValue", {
                money: application.ownMoney,
                hours: application.volunteerHours,
              })}
            </dd>
          </dl>
          <div className="table-wrap">
            <table>
              <caption>{t("fundSession.application.costPlan")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("fundSession.application.line")}</th>
                  <th scope="col">{t("fundSession.application.what")}</th>
                  <th scope="col">{t("fundSession.application.potKind")}</th>
                  <th scope="col">{t("fundSession.application.amount")}</th>
                  <th scope="col">{t("fundSession.application.quote")}</th>
                </tr>
              </thead>
              <tbody>
                {application.costLines.map((line) => (
                  <tr key={line.id}>
                    <td>{line.position}</td>
                    <td>
                      <bdi>{line.description}</bdi>
                    </td>
                    <td>{t(`fund.potKindShort.${line.potKind}`)}</td>
                    <td>{line.amount}</td>
                    <td>
                      {line.hasQuote
                        ? t("fundSession.application.quoteYes")
                        : t("fundSession.application.quoteNo")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {application.decision ? (
            <p>
              <strong>{t(`fundSession.outcome.${application.decision.outcome}`)}</strong>
              {application.decision.outcome !== "refused"
                ? `: ${application.decision.amount}`
                : ""}{" "}
              — <bdi>{application.decision.reason}</bdi>
            </p>
          ) : isMember ? (
            application.myConflict ? (
              <Form method="post" className="inline-form">
                <JuryCsrfInput />
                <input type="hidden" name="applicationId" value={application.id} />
                <p>
                  {t("fundSession.conflict.declared")}
                  {application.myConflict.note ? (
                    <>
                      {" "}
                      (<bdi>{application.myConflict.note}</bdi>)
                    </>
                  ) : null}
                </p>
                <button type="submit" name="intent" value="withdraw">
                  {t("fundSession.conflict.withdraw")}
                </button>
              </Form>
            ) : (
              <Form method="post" className="stack">
                <JuryCsrfInput />
                <input type="hidden" name="applicationId" value={application.id} />
                <div className="field">
                  <label htmlFor={`note-${application.id}`}>{t("fundSession.conflict.note")}</label>
                  <input id={`note-${application.id}`} name="note" maxLength={500} />
                </div>
                <button type="submit" name="intent" value="declare">
                  {t("fundSession.conflict.declare")}
                </button>
              </Form>
            )
          ) : null}
        </section>
      ))}
    </article>
  );
}
