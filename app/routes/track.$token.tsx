import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { z } from "zod";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { CategoryTag, ImplementationBadge, StatusBadge } from "~/components/status-badge";
import { FieldErrors } from "~/components/field-errors";
import { ImplementationTimeline, StatusTimeline } from "~/components/status-timeline";
import { UserText } from "~/components/user-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { getImplementation } from "~/modules/outcomes/implementation.server";
import { localisedText } from "~/modules/procedures/procedure-text";
import { ProposalTextSchema } from "~/modules/proposals/proposal.schema.server";
import {
  canWithdraw,
  erasePersonalData,
  getProposalForTracking,
  publicProcedureOf,
  resubmitProposal,
  withdrawProposal,
} from "~/modules/proposals/proposals.server";
import { isPublicStatus } from "~/modules/proposals/statuses";
import { baseUrl } from "~/utils/http.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  // A private page: keep it out of search engines.
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const proposal = await getProposalForTracking(token);
  if (!proposal) throw new Response("Not found", { status: 404 });
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const url = new URL(request.url);
  const {
    procedure: procedureRow,
    implementation: _record,
    _count: _ballots,
    ...fields
  } = proposal;
  const procedure = publicProcedureOf(procedureRow);
  const procedureText = procedure ? localisedText(procedure, language) : null;
  return {
    pageTitle: `${t("tracking.title")} – ${t("app.name")}`,
    justSubmitted: url.searchParams.get("submitted") === "1",
    done: url.searchParams.get("done"),
    trackingUrl: `${baseUrl(request)}/track/${token}`,
    proposal: {
      ...fields,
      hasPersonalData: Boolean(proposal.submitterName || proposal.submitterEmail),
      isPublic: proposal.publishedAt !== null && isPublicStatus(proposal.status),
      canWithdraw: canWithdraw(proposal),
    },
    procedure:
      procedure && procedureText
        ? {
            id: procedure.id,
            title: procedureText.title,
            titleLanguage: procedureText.titleLanguage,
          }
        : null,
    implementation: proposal.implementation ? await getImplementation(proposal.id, language) : null,
  };
}

type ActionData = { error?: string; result?: SubmissionResult<string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const formData = await readForm(request);
  const IntentSchema = z.object({
    intent: z.enum(["withdraw", "erase-personal-data", "resubmit"]),
  });
  const parsed = IntentSchema.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) {
    return Response.json({ error: "errors.tracking.unknownAction" } satisfies ActionData, {
      status: 400,
    });
  }
  if (parsed.data.intent === "resubmit") {
    const submission = parseWithZod(formData, { schema: ProposalTextSchema });
    if (submission.status !== "success") {
      return Response.json({ result: submission.reply() } satisfies ActionData, { status: 400 });
    }
    const outcome = await resubmitProposal(token, submission.value);
    if (outcome.status === "refused") {
      if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
      return Response.json({ error: "errors.tracking.notRequested" } satisfies ActionData, {
        status: 409,
      });
    }
    return redirect(`/track/${token}?done=resubmitted`, 303);
  }
  const outcome =
    parsed.data.intent === "withdraw"
      ? await withdrawProposal(token)
      : await erasePersonalData(token);
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return Response.json({ error: "errors.tracking.notWithdrawable" } satisfies ActionData, {
      status: 409,
    });
  }
  const done = parsed.data.intent === "withdraw" ? "withdrawn" : "erased";
  return redirect(`/track/${token}?done=${done}`, 303);
}

export default function Tracking() {
  const { t } = useTranslation();
  const { proposal, justSubmitted, trackingUrl, done, procedure, implementation } =
    useLoaderData<typeof loader>();
  const languageOf = useLanguageAttributes();
  const actionData = useActionData<ActionData>();
  const [form, fields] = useForm({
    id: "resubmit",
    lastResult: actionData?.result,
    defaultValue: { title: proposal.title, description: proposal.description },
  });
  return (
    <article className="narrow">
      {justSubmitted ? (
        <div className="alert alert-ok" role="status">
          <h1>{t("tracking.thanksTitle")}</h1>
          <p>{t("tracking.thanksText")}</p>
        </div>
      ) : (
        <h1>{t("tracking.title")}</h1>
      )}
      {done === "withdrawn" || done === "erased" || done === "resubmitted" ? (
        <p className="alert alert-ok" role="status">
          {t(`tracking.done.${done}`)}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.error} />

      <section className="tracking-link">
        <h2>{t("tracking.linkTitle")}</h2>
        <p>{t("tracking.linkText")}</p>
        <p>
          <a href={trackingUrl} className="break-all">
            {trackingUrl}
          </a>
        </p>
      </section>

      <section>
        <h2 dir="auto">{proposal.title}</h2>
        <p className="meta">
          <CategoryTag category={proposal.category} /> <StatusBadge status={proposal.status} />
        </p>
        <p>{proposal.isPublic ? t("tracking.isPublic") : t("tracking.notPublic")}</p>
        {procedure ? (
          <p>
            {t("procedureChoice.partOf")}{" "}
            <Link to={`/procedures/${procedure.id}`} {...languageOf(procedure.titleLanguage)}>
              {procedure.title}
            </Link>
          </p>
        ) : null}
        {proposal.duplicateOf ? (
          <p className="alert alert-info">
            {t("tracking.duplicateOf")}{" "}
            <Link to={`/proposals/${proposal.duplicateOf.id}`} dir="auto">
              {proposal.duplicateOf.title}
            </Link>
          </p>
        ) : null}
        {proposal.isPublic ? (
          <p>
            <Link to={`/proposals/${proposal.id}`}>{t("tracking.publicPage")}</Link>
          </p>
        ) : null}
        <UserText text={proposal.description} className="description" />
      </section>

      {proposal.status === "changes_requested" ? (
        <section aria-labelledby="changes-heading" className="change-request">
          <h2 id="changes-heading">{t("tracking.changesTitle")}</h2>
          <p>{t("tracking.changesText")}</p>
          {proposal.changeRequest ? (
            <blockquote className="alert alert-info">
              <UserText text={proposal.changeRequest} />
            </blockquote>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="stack">
            <div className="field">
              <label htmlFor={fields.title.id}>{t("proposals.fields.title")}</label>
              <input
                {...getInputProps(fields.title, { type: "text" })}
                key={fields.title.key}
                dir="auto"
              />
              <FieldErrors id={fields.title.errorId} errors={fields.title.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.description.id}>{t("proposals.fields.description")}</label>
              <textarea
                {...getTextareaProps(fields.description)}
                key={fields.description.key}
                rows={6}
                dir="auto"
              />
              <FieldErrors id={fields.description.errorId} errors={fields.description.errors} />
            </div>
            <button type="submit" name="intent" value="resubmit" className="primary">
              {t("tracking.resubmit")}
            </button>
          </Form>
        </section>
      ) : null}

      {implementation ? (
        <section aria-labelledby="implementation-heading">
          <h2 id="implementation-heading">{t("outcomes.detail.title")}</h2>
          <p>
            <ImplementationBadge state={implementation.state} />
          </p>
          <ImplementationTimeline implementation={implementation} />
        </section>
      ) : null}

      <section>
        <h2>{t("proposals.detail.history")}</h2>
        <StatusTimeline steps={proposal.statusChanges} />
      </section>

      <section>
        <h2>{t("tracking.personalDataTitle")}</h2>
        {proposal.hasPersonalData ? (
          <>
            <dl>
              {proposal.submitterName ? (
                <>
                  <dt>{t("proposals.fields.name")}</dt>
                  <dd>
                    <bdi>{proposal.submitterName}</bdi>
                  </dd>
                </>
              ) : null}
              {proposal.submitterEmail ? (
                <>
                  <dt>{t("proposals.fields.email")}</dt>
                  <dd>
                    <span dir="ltr">{proposal.submitterEmail}</span>
                  </dd>
                </>
              ) : null}
            </dl>
            <Form method="post">
              <button type="submit" name="intent" value="erase-personal-data" className="secondary">
                {t("tracking.erase")}
              </button>
            </Form>
          </>
        ) : (
          <p>{t("tracking.noPersonalData")}</p>
        )}
      </section>

      {proposal.canWithdraw ? (
        <section>
          <h2>{t("tracking.withdrawTitle")}</h2>
          <p>{t("tracking.withdrawText")}</p>
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(t("tracking.withdrawConfirm"))) event.preventDefault();
            }}
          >
            <button type="submit" name="intent" value="withdraw" className="danger">
              {t("tracking.withdraw")}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}
