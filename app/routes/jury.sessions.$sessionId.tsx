import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { JuryCsrfInput } from "~/components/fund/session/jury-csrf";
import { PotBalances } from "~/components/fund/session/pot-balances";
import type { SessionActionData, SessionMessage } from "~/components/fund/session/session-errors";
import { getLanguage, getT } from "~/i18n/i18n.server";
import type { DecisionProblem } from "~/modules/fund/decision-rules";
import {
  requireJuryAction,
  requireJuryViewer,
  requireSessionAccess,
  type SessionAccess,
} from "~/modules/fund/jury.server";
import {
  DecisionSchema,
  RecusalSchema,
  VoteSchema,
  formValues,
  parseAttendance,
  parseSplit,
} from "~/modules/fund/session.schema.server";
import { centsToInput, formatCents } from "~/modules/fund/money";
import {
  addRecusal,
  closeSession,
  decideApplication,
  getSessionView,
  recordAttendance,
  recordJuryVote,
  removeRecusal,
  type SessionActor,
} from "~/modules/fund/sessions.server";
import { formatBerlin } from "~/utils/berlin-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/**
 * GET /jury/sessions/:sessionId — the decision team's session: attendance,
 * quorum, per application recusals, votes and the decision; pot balances
 * throughout. Staff with `manage:fund` and the chair run it (plain forms,
 * without JavaScript too); other members read along.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireJuryViewer(request);
  const access = await requireSessionAccess(viewer, params.sessionId ?? "");
  const [view, language, t] = await Promise.all([
    getSessionView(access.sessionId),
    getLanguage(request),
    getT(request),
  ]);
  if (!view) throw new Response("Not found", { status: 404 });
  const euro = (cents: number) => formatCents(cents, language);
  const open = view.session.closedAt === null;
  return {
    pageTitle: `${t("fundSession.session.title")} – ${t("app.name")}`,
    canRun: access.canRun && open,
    open,
    session: {
      id: view.session.id,
      when: formatBerlin(view.session.heldAt, language),
      place: view.session.place,
      closedAt: view.session.closedAt ? formatBerlin(view.session.closedAt, language) : null,
    },
    round: view.round,
    members: view.members,
    quorum: view.quorum,
    pots: view.pots.map((pot) => ({
      id: pot.id,
      name: pot.name,
      kind: pot.kind,
      amount: euro(pot.amountCents),
      committed: euro(pot.grantedCents - pot.returnedCents),
      available: euro(pot.availableCents),
    })),
    applications: view.applications.map((application) => ({
      id: application.id,
      title: application.title,
      organisation: application.organisation,
      district: application.district,
      requested: euro(application.requestedCents),
      costLines: application.costLines.map((line) => ({
        description: line.description,
        amount: euro(line.amountCents),
        potKind: line.potKind,
      })),
      recusals: application.recusals,
      votes: application.votes,
      tally: application.tally,
      decision: application.decision
        ? {
            outcome: application.decision.outcome,
            amount: euro(application.decision.grantedCents),
            reason: application.decision.reason,
            split: application.decision.allocations.map((part) => ({
              potName: part.potName,
              amount: euro(part.amountCents),
            })),
          }
        : null,
      suggestedSplit: Object.fromEntries(
        application.suggestedSplit.map((part) => [
          part.potId,
          centsToInput(part.amountCents, language),
        ]),
      ),
    })),
  };
}

function actorOf(access: SessionAccess, staffId: string): SessionActor {
  return {
    staffId,
    roundId: access.roundId,
    procedureId: access.procedureId,
    canRun: access.canRun,
  };
}

function problemMessage(problem: DecisionProblem, euro: (cents: number) => string): SessionMessage {
  switch (problem.key) {
    case "no-majority":
      return {
        key: "fundSession.problem.no-majority",
        values: { yes: problem.yes, no: problem.no },
      };
    case "reduced-not-below-request":
      return {
        key: "fundSession.problem.reduced-not-below-request",
        values: { requested: euro(problem.requestedCents) },
      };
    case "split-sum":
      return {
        key: "fundSession.problem.split-sum",
        values: { sum: euro(problem.sumCents), granted: euro(problem.grantedCents) },
      };
    default:
      return { key: `fundSession.problem.${problem.key}` };
  }
}

type Handler = (input: {
  formData: FormData;
  actor: SessionActor;
  sessionId: string;
  euro: (cents: number) => string;
}) => Promise<SessionActionData>;

const refusal = (reason: string): SessionActionData => ({
  errors: [{ key: `fundSession.refused.${reason}` }],
});

const invalid: SessionActionData = { errors: [{ key: "fundSession.errors.invalid" }] };

/** One handler per form on the page. */
const handlers: Record<string, Handler> = {
  async attendance({ formData, actor, sessionId }) {
    const result = await recordAttendance({
      actor,
      sessionId,
      presentMemberIds: parseAttendance(formData),
    });
    return result.status === "ok" ? { done: "attendance" } : refusal(result.reason);
  },
  async recuse({ formData, actor, sessionId }) {
    const parsed = RecusalSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return invalid;
    const result = await addRecusal({ actor, sessionId, ...parsed.data });
    return result.status === "ok"
      ? { done: "recuse", applicationId: parsed.data.applicationId }
      : { ...refusal(result.reason), applicationId: parsed.data.applicationId };
  },
  async unrecuse({ formData, actor, sessionId }) {
    const parsed = RecusalSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return invalid;
    const result = await removeRecusal({ actor, sessionId, ...parsed.data });
    return result.status === "ok"
      ? { done: "unrecuse", applicationId: parsed.data.applicationId }
      : { ...refusal(result.reason), applicationId: parsed.data.applicationId };
  },
  async vote({ formData, actor, sessionId }) {
    const parsed = VoteSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return invalid;
    const result = await recordJuryVote({ actor, sessionId, ...parsed.data });
    return result.status === "ok"
      ? { done: "vote", applicationId: parsed.data.applicationId }
      : { ...refusal(result.reason), applicationId: parsed.data.applicationId };
  },
  async decide({ formData, actor, sessionId, euro }) {
    const values = formValues(formData);
    const applicationId = values.applicationId;
    const parsed = DecisionSchema.safeParse(Object.fromEntries(formData));
    const potIds = Object.keys(values)
      .filter((key) => key.startsWith("pot-"))
      .map((key) => key.slice(4));
    const split = parseSplit(formData, potIds);
    if (!parsed.success || split.unreadable.length > 0) {
      const keys = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
      if (split.unreadable.length > 0) keys.push("fundSession.errors.amount");
      const known = keys.filter((key) => key.startsWith("fundSession."));
      return {
        applicationId,
        values,
        errors: (known.length ? [...new Set(known)] : ["fundSession.errors.invalid"]).map(
          (key) => ({
            key,
          }),
        ),
      };
    }
    const result = await decideApplication({
      actor,
      sessionId,
      applicationId: parsed.data.applicationId,
      outcome: parsed.data.outcome,
      grantedCents: parsed.data.amount,
      allocations: split.allocations,
      reason: parsed.data.reason,
    });
    if (result.status === "ok") return { done: "decide", applicationId };
    if (result.reason === "invalid") {
      return { applicationId, values, errors: result.problems.map((p) => problemMessage(p, euro)) };
    }
    if (result.reason === "pot-short") {
      return {
        applicationId,
        values,
        errors: [
          {
            key: "fundSession.refused.pot-short",
            values: { pot: result.potName, available: euro(result.availableCents) },
          },
        ],
      };
    }
    return { ...refusal(result.reason), applicationId, values };
  },
  async close({ actor, sessionId }) {
    const result = await closeSession({ actor, sessionId });
    return result.status === "ok" ? { done: "close" } : refusal(result.reason);
  },
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData, manager } = await requireJuryAction(request);
  const access = await requireSessionAccess({ user, manager }, params.sessionId ?? "");
  if (!access.canRun) throw new Response("Forbidden", { status: 403 });
  const intent = formData.get("intent");
  const handler = typeof intent === "string" ? handlers[intent] : undefined;
  if (!handler) return Response.json(invalid, { status: 400 });
  const language = await getLanguage(request);
  const data = await handler({
    formData,
    actor: actorOf(access, user.id),
    sessionId: access.sessionId,
    euro: (cents) => formatCents(cents, language),
  });
  return Response.json(data, { status: data.errors ? 409 : 200 });
}

function Messages({ errors }: { errors?: SessionMessage[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div className="alert alert-error" role="alert">
      {errors.map((error) => (
        <p key={error.key}>{t(error.key, error.values)}</p>
      ))}
    </div>
  );
}

export default function JurySession() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<SessionActionData>();
  const { canRun, session, round, members, quorum, pots, applications } = data;
  const generalErrors = actionData?.applicationId ? undefined : actionData?.errors;
  return (
    <article className="fund-session">
      <h1>{t("fundSession.session.title")}</h1>
      <p className="lead">
        <bdi>{round.title}</bdi>
        <br />
        {session.when} · <bdi>{session.place}</bdi>
      </p>
      <p>
        {session.closedAt
          ? t("fundSession.session.closedAt", { date: session.closedAt })
          : t("fundSession.session.open")}
      </p>
      <p className="button-row">
        <Link to={`/jury/sessions/${session.id}/minutes`}>{t("fundSession.minutes.link")}</Link>
        <a href={`/jury/sessions/${session.id}/projection`}>{t("fundSession.projection.link")}</a>
      </p>
      <Messages errors={generalErrors} />
      {actionData?.done && !actionData.applicationId ? (
        <p className="alert alert-ok" role="status">
          {t(`fundSession.done.${actionData.done}`)}
        </p>
      ) : null}

      <PotBalances pots={pots} />

      <section aria-labelledby="attendance">
        <h2 id="attendance">{t("fundSession.attendance.title")}</h2>
        {canRun ? (
          <Form method="post" className="stack">
            <JuryCsrfInput />
            <fieldset>
              <legend>{t("fundSession.attendance.legend")}</legend>
              {members.map((member) => (
                <div className="radio" key={member.id}>
                  <input
                    type="checkbox"
                    id={`present-${member.id}`}
                    name="present"
                    value={member.id}
                    defaultChecked={member.present === true}
                  />
                  <label htmlFor={`present-${member.id}`}>
                    <bdi>{member.name}</bdi>
                    {member.isChair ? ` (${t("fundSession.attendance.chair")})` : ""}
                  </label>
                </div>
              ))}
            </fieldset>
            <button type="submit" name="intent" value="attendance">
              {t("fundSession.attendance.save")}
            </button>
          </Form>
        ) : (
          <ul>
            {members.map((member) => (
              <li key={member.id}>
                <bdi>{member.name}</bdi>
                {member.isChair ? ` (${t("fundSession.attendance.chair")})` : ""}:{" "}
                {member.present === null
                  ? t("fundSession.attendance.unknown")
                  : member.present
                    ? t("fundSession.attendance.present")
                    : t("fundSession.attendance.absent")}
              </li>
            ))}
          </ul>
        )}
        <p
          className={quorum.reached ? "alert alert-ok" : "alert alert-info"}
          data-quorum={quorum.reached ? "reached" : "missing"}
        >
          <strong>
            {t(quorum.reached ? "fundSession.quorum.reached" : "fundSession.quorum.notReached")}
          </strong>{" "}
          {t("fundSession.quorum.counts", {
            present: quorum.present,
            members: quorum.members,
            needed: quorum.needed,
          })}{" "}
          ({t(`fundSession.quorum.rule.${quorum.rule}`)})
          {quorum.reached ? null : (
            <>
              <br />
              {t("fundSession.quorum.blocked")}
            </>
          )}
        </p>
      </section>

      <h2>{t("fundSession.round.applications")}</h2>
      {applications.length === 0 ? <p>{t("fundSession.round.noApplications")}</p> : null}
      {applications.map((application) => {
        const here = actionData?.applicationId === application.id ? actionData : undefined;
        const recused = new Set(application.recusals.map((r) => r.memberId));
        const voteOf = new Map(application.votes.map((v) => [v.memberId, v.choice]));
        const values = here?.values;
        return (
          <section
            key={application.id}
            className="panel"
            id={`application-${application.id}`}
            aria-labelledby={`title-${application.id}`}
          >
            <h3 id={`title-${application.id}`}>
              <bdi>{application.title}</bdi>
            </h3>
            <p className="meta">
              {t("fundSession.application.requested")}: {application.requested}
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
            <ul className="hint">
              {application.costLines.map((line, index) => (
                <li key={index}>
                  <bdi>{line.description}</bdi>: {line.amount} (
                  {t(`fund.potKindShort.${line.potKind}`)})
                </li>
              ))}
            </ul>
            <Messages errors={here?.errors} />
            {here?.done ? (
              <p className="alert alert-ok" role="status">
                {t(`fundSession.done.${here.done}`)}
              </p>
            ) : null}

            <h4>{t("fundSession.recusal.title")}</h4>
            {application.recusals.length === 0 ? <p>{t("fundSession.recusal.none")}</p> : null}
            <ul>
              {application.recusals.map((recusal) => (
                <li key={recusal.memberId}>
                  <bdi>{recusal.name}</bdi>
                  {recusal.fromConflict ? ` – ${t("fundSession.recusal.declared")}` : ""}
                  {recusal.note ? (
                    <>
                      {" "}
                      (<bdi>{recusal.note}</bdi>)
                    </>
                  ) : null}
                  {canRun && !application.decision && !recusal.fromConflict ? (
                    <Form method="post" className="inline-form">
                      <JuryCsrfInput />
                      <input type="hidden" name="applicationId" value={application.id} />
                      <input type="hidden" name="memberId" value={recusal.memberId} />
                      <button type="submit" name="intent" value="unrecuse" className="link-button">
                        {t("fundSession.recusal.remove")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
            {canRun &&
            !application.decision &&
            members.some((member) => !recused.has(member.id)) ? (
              <Form method="post" className="inline-form">
                <JuryCsrfInput />
                <input type="hidden" name="applicationId" value={application.id} />
                <label htmlFor={`recuse-${application.id}`}>
                  {t("fundSession.recusal.member")}
                </label>
                <select id={`recuse-${application.id}`} name="memberId">
                  {members
                    .filter((member) => !recused.has(member.id))
                    .map((member) => (
                      <option key={member.id} value={member.id}>
                        {member.name}
                      </option>
                    ))}
                </select>
                <button type="submit" name="intent" value="recuse">
                  {t("fundSession.recusal.add")}
                </button>
              </Form>
            ) : null}

            <h4>{t("fundSession.votes.title")}</h4>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("fundSession.votes.member")}</th>
                    <th scope="col">{t("fundSession.votes.vote")}</th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((member) => {
                    const blocked = recused.has(member.id)
                      ? "fundSession.votes.recused"
                      : member.present !== true
                        ? "fundSession.votes.absent"
                        : null;
                    const choice = voteOf.get(member.id);
                    return (
                      <tr key={member.id}>
                        <th scope="row">
                          <bdi>{member.name}</bdi>
                        </th>
                        <td>
                          {blocked ? (
                            t(blocked)
                          ) : canRun && !application.decision && quorum.reached ? (
                            <Form method="post" className="inline-form">
                              <JuryCsrfInput />
                              <input type="hidden" name="intent" value="vote" />
                              <input type="hidden" name="applicationId" value={application.id} />
                              <input type="hidden" name="memberId" value={member.id} />
                              {(["yes", "no", "abstain"] as const).map((option) => (
                                <button
                                  key={option}
                                  type="submit"
                                  name="choice"
                                  value={option}
                                  aria-pressed={choice === option}
                                  aria-label={`${t(`fundSession.choice.${option}`)}: ${member.name}`}
                                  className={choice === option ? "primary" : undefined}
                                >
                                  {t(`fundSession.choice.${option}`)}
                                </button>
                              ))}
                            </Form>
                          ) : choice ? (
                            t(`fundSession.choice.${choice}`)
                          ) : (
                            t("fundSession.votes.none")
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p>{t("fundSession.votes.tally", application.tally)}</p>

            <h4>{t("fundSession.decision.title")}</h4>
            {application.decision ? (
              <div className="decision" data-decision={application.decision.outcome}>
                <p>
                  <strong>{t(`fundSession.outcome.${application.decision.outcome}`)}</strong>
                  {application.decision.outcome !== "refused"
                    ? `: ${application.decision.amount}`
                    : ""}
                </p>
                {application.decision.split.length > 0 ? (
                  <p>
                    {t("fundSession.decision.split")}:{" "}
                    {application.decision.split.map((part, index) => (
                      <span key={index}>
                        {index > 0 ? ", " : ""}
                        <bdi>{part.potName}</bdi>: {part.amount}
                      </span>
                    ))}
                  </p>
                ) : null}
                <p>
                  {t("fundSession.decision.reason")}: <bdi>{application.decision.reason}</bdi>
                </p>
              </div>
            ) : canRun && quorum.reached ? (
              <Form
                method="post"
                className="stack"
                key={`${application.id}-${here?.values ? "sent" : "new"}`}
              >
                <JuryCsrfInput />
                <input type="hidden" name="applicationId" value={application.id} />
                <fieldset>
                  <legend>{t("fundSession.decision.outcome")}</legend>
                  {(["granted", "reduced", "refused"] as const).map((outcome) => (
                    <div className="radio" key={outcome}>
                      <input
                        type="radio"
                        id={`outcome-${application.id}-${outcome}`}
                        name="outcome"
                        value={outcome}
                        defaultChecked={(values?.outcome ?? "granted") === outcome}
                      />
                      <label htmlFor={`outcome-${application.id}-${outcome}`}>
                        {t(`fundSession.outcome.${outcome}`)}
                        {outcome === "granted" ? ` (${application.requested})` : ""}
                      </label>
                    </div>
                  ))}
                </fieldset>
                <div className="field">
                  <label htmlFor={`amount-${application.id}`}>
                    {t("fundSession.decision.amount")}
                  </label>
                  <input
                    id={`amount-${application.id}`}
                    name="amount"
                    inputMode="decimal"
                    defaultValue={values?.amount ?? ""}
                    aria-describedby={`amount-hint-${application.id}`}
                  />
                  <p className="hint" id={`amount-hint-${application.id}`}>
                    {t("fundSession.decision.amountHint")}
                  </p>
                </div>
                <fieldset>
                  <legend>{t("fundSession.decision.split")}</legend>
                  <p className="hint">{t("fundSession.decision.splitHint")}</p>
                  {pots.map((pot) => (
                    <div className="field" key={pot.id}>
                      <label htmlFor={`pot-${application.id}-${pot.id}`}>
                        <bdi>{pot.name}</bdi> ({t("fundSession.pots.available")}: {pot.available})
                      </label>
                      <input
                        id={`pot-${application.id}-${pot.id}`}
                        name={`pot-${pot.id}`}
                        inputMode="decimal"
                        defaultValue={
                          values
                            ? (values[`pot-${pot.id}`] ?? "")
                            : (application.suggestedSplit[pot.id] ?? "")
                        }
                      />
                    </div>
                  ))}
                </fieldset>
                <div className="field">
                  <label htmlFor={`reason-${application.id}`}>
                    {t("fundSession.decision.reason")}
                  </label>
                  <textarea
                    id={`reason-${application.id}`}
                    name="reason"
                    rows={3}
                    required
                    maxLength={2000}
                    defaultValue={values?.reason ?? ""}
                  />
                </div>
                <button type="submit" name="intent" value="decide" className="primary">
                  {t("fundSession.decision.save")}
                </button>
              </Form>
            ) : (
              <p>{t("fundSession.decision.none")}</p>
            )}
          </section>
        );
      })}

      {canRun ? (
        <section aria-labelledby="close">
          <h2 id="close">{t("fundSession.session.closeTitle")}</h2>
          <p>{t("fundSession.session.closeHint")}</p>
          <Form method="post">
            <JuryCsrfInput />
            <button type="submit" name="intent" value="close">
              {t("fundSession.session.close")}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}
