import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { StatusBadge } from "~/components/status-badge";
import { UserText } from "~/components/user-text";
import { ConfirmAction } from "~/components/staff-procedures/confirm-action";
import { formatStaffDate } from "~/components/staff-procedures/format";
import { StaffPhaseTimeline } from "~/components/staff-procedures/phase-timeline";
import {
  ProcedureForm,
  type ProcedureFormShape,
} from "~/components/staff-procedures/procedure-form";
import { VoteSettingsForm } from "~/components/staff-procedures/vote-settings-form";
import { translationLanguages } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { parseTranslations } from "~/modules/procedures/procedure-text";
import {
  editProcedureSchema,
  phaseProblemKeys,
  procedureLimits,
} from "~/modules/procedures/procedure.schema.server";
import {
  getStaffProcedure,
  setProcedureState,
  updateProcedure,
} from "~/modules/procedures/procedures.server";
import { procedureKinds, type ProcedureKind } from "~/modules/procedures/phases";
import type { StaffUser } from "~/modules/staff/session.server";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { VoteSettingsSchema } from "~/modules/votes/vote.schema.server";
import { createVote, getStaffVote } from "~/modules/votes/votes.server";
import { dateToBerlinLocal } from "~/utils/berlin-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:procedure");
  const procedure = await getStaffProcedure(params.id ?? "");
  if (!procedure) throw new Response("Not found", { status: 404 });
  const t = await getT(request);
  const translations = parseTranslations(procedure.translations);
  const formDefault: ProcedureFormShape = {
    title: procedure.title,
    description: procedure.description,
    translations: Object.fromEntries(
      translationLanguages.map((language) => [language, translations[language]]),
    ),
    phases: Object.fromEntries(
      procedure.phases.map((phase) => [
        phase.kind,
        { start: dateToBerlinLocal(phase.startsAt), end: dateToBerlinLocal(phase.endsAt) },
      ]),
    ),
  };
  const votes = await Promise.all(
    procedure.votes.map(async ({ id }) => {
      const view = await getStaffVote(id);
      return {
        id,
        method: view?.vote.method ?? null,
        status: !view
          ? "closed"
          : view.vote.resultsPublishedAt
            ? "published"
            : view.isOpen
              ? "open"
              : view.isOver
                ? "closed"
                : "notYetOpen",
        options: view?.options.length ?? 0,
      };
    }),
  );
  return {
    pageTitle: `${procedure.title} – ${t("staff.procedures.list.title")} – ${t("app.name")}`,
    procedure: {
      id: procedure.id,
      kind: kindOf(procedure),
      state: procedure.state,
      title: procedure.title,
      description: procedure.description,
      createdAt: procedure.createdAt,
      publishedAt: procedure.publishedAt,
      phases: procedure.phases,
      currentKind: procedure.currentPhase?.kind ?? null,
      proposals: procedure.proposals,
      fundRoundId: procedure.fundRound?.id ?? null,
    },
    formDefault,
    votes,
    limits: procedureLimits,
    done: new URL(request.url).searchParams.get("done"),
  };
}

type ActionData = {
  intent: string;
  /** The form's answer (field errors, what was typed), for the form that was sent. */
  result?: SubmissionResult<string[]>;
  /** Refusals of the buttons without fields (publish, archive). */
  errors?: string[];
};

/** The stored kind, checked: a value outside the list is a data error, not a user error. */
function kindOf(procedure: { kind: string }): ProcedureKind {
  const kind = procedureKinds.find((known) => known === procedure.kind);
  if (!kind) throw new Error(`unknown procedure kind ${procedure.kind}`);
  return kind;
}

type Procedure = NonNullable<Awaited<ReturnType<typeof getStaffProcedure>>>;
type IntentArgs = { user: StaffUser; formData: FormData; procedure: Procedure };

const refused = (data: ActionData, status = 409) => Response.json(data, { status });

/** One handler per submit button; each answers with a redirect or the form's errors. */
const intents = {
  async save({ user, formData, procedure }: IntentArgs) {
    const schema = editProcedureSchema(kindOf(procedure));
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") {
      return refused({ intent: "save", result: submission.reply() }, 400);
    }
    const outcome = await updateProcedure(procedure.id, submission.value, user.id);
    if (outcome.status === "refused") {
      const formErrors =
        outcome.reason === "phases"
          ? phaseProblemKeys(outcome.problems)
          : [`staff.procedures.refusals.${outcome.reason}`];
      return refused({ intent: "save", result: submission.reply({ formErrors }) });
    }
    return redirect(`/staff/procedures/${procedure.id}?done=saved`, 303);
  },
  async publish({ user, procedure }: IntentArgs) {
    return changeState(procedure.id, "published", user.id);
  },
  async archive({ user, procedure }: IntentArgs) {
    return changeState(procedure.id, "archived", user.id);
  },
  async "create-vote"({ user, formData, procedure }: IntentArgs) {
    const submission = parseWithZod(formData, { schema: VoteSettingsSchema });
    if (submission.status !== "success") {
      return refused({ intent: "create-vote", result: submission.reply() }, 400);
    }
    const outcome = await createVote(procedure.id, submission.value, user.id);
    if (outcome.status === "refused") {
      return refused({
        intent: "create-vote",
        result: submission.reply({ formErrors: [`staff.votes.refusals.${outcome.reason}`] }),
      });
    }
    return redirect(`/staff/votes/${outcome.id}?done=created`, 303);
  },
} satisfies Record<string, (args: IntentArgs) => Promise<Response>>;

function isIntent(value: unknown): value is keyof typeof intents {
  return typeof value === "string" && Object.hasOwn(intents, value);
}

async function changeState(id: string, to: "published" | "archived", staffId: string) {
  const outcome = await setProcedureState(id, to, staffId);
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return refused({ intent: to, errors: [`staff.procedures.refusals.${outcome.reason}`] });
  }
  return redirect(`/staff/procedures/${id}?done=${to}`, 303);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:procedure");
  const procedure = await getStaffProcedure(params.id ?? "");
  if (!procedure) throw new Response("Not found", { status: 404 });
  const intent = formData.get("intent");
  if (!isIntent(intent)) {
    return refused({ intent: "unknown", errors: ["errors.staff.invalidAction"] }, 400);
  }
  return intents[intent]({ user, formData, procedure });
}

export default function StaffProcedure() {
  const { t, i18n } = useTranslation();
  const { procedure, formDefault, votes, limits, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const resultFor = (intent: string) =>
    actionData?.intent === intent ? actionData.result : undefined;
  const archived = procedure.state === "archived";
  const canCreateVote = procedure.kind === "resident_vote" && !archived;

  return (
    <article className="staff-procedure">
      <p>
        <Link to="/staff/procedures">← {t("staff.procedures.list.title")}</Link>
      </p>
      <h1 dir="auto">{procedure.title}</h1>
      <p className="meta">
        {t(`staff.procedures.kinds.${procedure.kind}`)} ·{" "}
        {t(`staff.procedures.states.${procedure.state}`)}
        {procedure.publishedAt
          ? ` · ${t("staff.procedures.detail.publishedAt", {
              date: formatStaffDate(procedure.publishedAt, i18n.language),
            })}`
          : null}
      </p>
      {procedure.state !== "draft" ? (
        <p>
          <Link to={`/procedures/${procedure.id}`}>{t("staff.procedures.detail.publicPage")}</Link>
        </p>
      ) : null}
      {procedure.fundRoundId ? (
        <p>
          <Link to={`/staff/fund/${procedure.fundRoundId}`} className="button primary">
            {t("fundRounds.staff.toRound")}
          </Link>
        </p>
      ) : null}

      {done ? (
        <p className="alert alert-ok" role="status">
          {t(`staff.procedures.done.${done}`, { defaultValue: t("staff.procedures.done.saved") })}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.errors} />

      <section aria-labelledby="state-heading">
        <h2 id="state-heading">{t("staff.procedures.detail.stateTitle")}</h2>
        <p>{t(`staff.procedures.stateHints.${procedure.state}`)}</p>
        {procedure.state === "draft" ? (
          <ConfirmAction
            summary={t("staff.procedures.detail.publish")}
            explanation={t("staff.procedures.detail.publishConfirm")}
            confirmLabel={t("staff.procedures.detail.publishYes")}
            intent="publish"
          />
        ) : procedure.state === "published" ? (
          <ConfirmAction
            summary={t("staff.procedures.detail.archive")}
            explanation={t("staff.procedures.detail.archiveConfirm")}
            confirmLabel={t("staff.procedures.detail.archiveYes")}
            intent="archive"
            danger
          />
        ) : null}
      </section>

      <section aria-labelledby="phases-heading">
        <h2 id="phases-heading">{t("staff.procedures.fields.phases")}</h2>
        <p className="hint">{t("staff.procedures.detail.berlinTime")}</p>
        <StaffPhaseTimeline phases={procedure.phases} currentKind={procedure.currentKind} />
      </section>

      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading">{t("staff.procedures.detail.editTitle")}</h2>
        {archived ? (
          <>
            <p>{t("staff.procedures.detail.archivedReadOnly")}</p>
            <UserText text={procedure.description} className="description" />
          </>
        ) : (
          <ProcedureForm
            id="edit-procedure"
            lastResult={resultFor("save")}
            defaultValue={formDefault}
            fixedKind={procedure.kind}
            limits={limits}
            intent="save"
            submitLabel={t("staff.procedures.detail.save")}
          />
        )}
      </section>

      {procedure.kind === "fund_round" ? null : (
        <section aria-labelledby="proposals-heading">
          <h2 id="proposals-heading">{t("staff.procedures.detail.proposalsTitle")}</h2>
          {procedure.proposals.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("staff.procedures.fields.title")}</th>
                    <th scope="col">{t("staff.procedures.detail.status")}</th>
                    <th scope="col">{t("staff.procedures.detail.supports")}</th>
                  </tr>
                </thead>
                <tbody>
                  {procedure.proposals.map((proposal) => (
                    <tr key={proposal.id}>
                      <th scope="row">
                        <Link to={`/staff/proposals/${proposal.id}`} dir="auto">
                          {proposal.title}
                        </Link>
                      </th>
                      <td>
                        <StatusBadge status={proposal.status} />
                      </td>
                      <td>{proposal.supportCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t("staff.procedures.detail.noProposals")}</p>
          )}
        </section>
      )}

      {procedure.kind === "resident_vote" ? (
        <section aria-labelledby="votes-heading">
          <h2 id="votes-heading">{t("staff.procedures.detail.votesTitle")}</h2>
          {votes.length ? (
            <ul>
              {votes.map((vote, index) => (
                <li key={vote.id}>
                  <Link to={`/staff/votes/${vote.id}`}>
                    {t("staff.procedures.detail.voteLink", { n: index + 1 })}
                  </Link>
                  {vote.method ? ` · ${t(`staff.votes.methods.${vote.method}`)}` : null} ·{" "}
                  {t("staff.votes.options.count", { count: vote.options })} ·{" "}
                  {t(`staff.votes.status.${vote.status}`)}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("staff.procedures.detail.noVotes")}</p>
          )}
          {canCreateVote ? (
            <details className="panel" open={actionData?.intent === "create-vote"}>
              <summary>{t("staff.procedures.detail.createVote")}</summary>
              <p className="hint">{t("staff.procedures.detail.createVoteHint")}</p>
              <VoteSettingsForm
                id="create-vote"
                lastResult={resultFor("create-vote")}
                defaultValue={{ channels: ["code"] }}
                intent="create-vote"
                submitLabel={t("staff.procedures.detail.createVoteSubmit")}
                lockedReason={null}
              />
            </details>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
