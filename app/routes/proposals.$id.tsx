import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { z } from "zod";
import { FieldErrors } from "~/components/field-errors";
import { LazyMap } from "~/components/lazy-map";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { CategoryTag, ImplementationBadge, StatusBadge } from "~/components/status-badge";
import { ImplementationTimeline, StatusTimeline } from "~/components/status-timeline";
import { ShareLink } from "~/components/share-link";
import { PhotoGallery } from "~/components/photos/photo-gallery";
import { listPublicPhotos } from "~/modules/photos/photos.server";
import { IsolatedT, UserText } from "~/components/user-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { PlaceLine } from "~/modules/addresses/place-line";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { commentLimits } from "~/modules/comments/comment-limits";
import { CommentInputSchema } from "~/modules/comments/comment.schema.server";
import {
  getCommentMode,
  listPublicComments,
  postComment,
  reportComment,
} from "~/modules/comments/comments.server";
import { getImplementation } from "~/modules/outcomes/implementation.server";
import { localisedText } from "~/modules/procedures/procedure-text";
import { procedureAllows } from "~/modules/procedures/procedures.server";
import {
  findDuplicateTarget,
  getPublicProposal,
  publicProcedureOf,
} from "~/modules/proposals/proposals.server";
import { cachedPublicValue } from "~/modules/proposals/public-data-cache.server";
import {
  getSupporterKey,
  hasSupported,
  supportProposal,
  withdrawSupport,
} from "~/modules/supports/supports.server";
import { getEnv } from "~/utils/env.server";
import { baseUrl } from "~/utils/http.server";
import { clientAddress, consume } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/form.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.proposal.title} – ${data.appName}` : "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const proposal = await getPublicProposal(id);
  if (!proposal) {
    // A published initiative later marked as duplicate points to its original.
    const original = await findDuplicateTarget(id);
    if (original) throw redirect(`/proposals/${original}?from=duplicate`, 301);
    throw new Response("Not found", { status: 404 });
  }
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const { key } = await getSupporterKey(request, { create: false });
  // Free ideas take comments and supports at any time; an idea in a procedure
  // as its phase allows (the actions ask the same table again).
  const allowed = (capability: "comment:create" | "support:create") =>
    proposal.procedureId
      ? procedureAllows(proposal.procedureId, capability).then((check) => check.allowed)
      : Promise.resolve(true);
  const [
    comments,
    supported,
    commentMode,
    attributions,
    implementation,
    canComment,
    canSupport,
    photos,
  ] = await Promise.all([
    listPublicComments(proposal.id),
    hasSupported(proposal.id, key),
    // A setting read on every page view: kept until public data changes (setCommentMode signals).
    cachedPublicValue("commentMode", getCommentMode),
    listAttributions(),
    getImplementation(proposal.id, language),
    allowed("comment:create"),
    allowed("support:create"),
    listPublicPhotos(proposal.id, proposal.title),
  ]);
  const { procedure: procedureRow, procedureId: _procedureId, ...rest } = proposal;
  const procedure = publicProcedureOf(procedureRow);
  const procedureText = procedure ? localisedText(procedure, language) : null;
  const url = new URL(request.url);
  return {
    appName: t("app.name"),
    proposal: rest,
    photos,
    procedure:
      procedure && procedureText
        ? {
            id: procedure.id,
            title: procedureText.title,
            titleLanguage: procedureText.titleLanguage,
          }
        : null,
    implementation,
    participation: { comment: canComment, support: canSupport },
    comments,
    supported,
    commentMode,
    notice: url.searchParams.get("notice"),
    fromDuplicate: url.searchParams.get("from") === "duplicate",
    attributions,
    styleUrl: getEnv().MAP_STYLE_URL,
    shareUrl: `${baseUrl(request)}/proposals/${encodeURIComponent(rest.id)}`,
  };
}

type ActionData = {
  result?: SubmissionResult<string[]>;
  error?: string;
  /** A refusal of a support or its withdrawal, shown next to the support button. */
  supportError?: string;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const formData = await readForm(request);
  const IntentSchema = z.object({
    intent: z.enum(["support", "unsupport", "comment", "report"]),
    commentId: z.string().max(40).optional(),
  });
  const parsed = IntentSchema.safeParse({
    intent: formData.get("intent"),
    commentId: formData.get("commentId") ?? undefined,
  });
  if (!parsed.success) {
    return Response.json({ error: "errors.participation.unknownAction" } satisfies ActionData, {
      status: 400,
    });
  }
  const { intent, commentId } = parsed.data;
  // Invalid input is answered before the rate limit is spent.
  const submission =
    intent === "comment" ? parseWithZod(formData, { schema: CommentInputSchema }) : null;
  if (submission && submission.status !== "success") {
    return Response.json({ result: submission.reply() } satisfies ActionData, { status: 400 });
  }
  const limit = await consume("participation", clientAddress(context));
  if (!limit.allowed) {
    return Response.json({ error: "errors.rateLimited" } satisfies ActionData, { status: 429 });
  }

  if (submission?.status === "success") {
    const outcome = await postComment({ proposalId: id, ...submission.value });
    if (outcome.status === "refused" && outcome.reason === "phase") {
      // The procedure's phase takes no comments now: say so, keep the text.
      return Response.json(
        { result: submission.reply({ formErrors: ["phaseRefusal.comment"] }) } satisfies ActionData,
        { status: 409 },
      );
    }
    if (outcome.status === "refused") throw new Response("Not found", { status: 404 });
    const notice = outcome.visible ? "comment-published" : "comment-pending";
    return redirect(`/proposals/${id}?notice=${notice}#comments`, 303);
  }

  const { key, setCookie } = await getSupporterKey(request, { create: true });
  if (!key) throw new Response("Bad request", { status: 400 });
  const headers = setCookie ? { "Set-Cookie": setCookie } : undefined;

  if (intent === "report") {
    // Once per browser and once per address: a request without the cookie is still one address.
    const outcome = await reportComment(commentId ?? "", {
      browserKey: key,
      clientAddress: clientAddress(context),
    });
    if (outcome.status === "refused" && outcome.reason === "not-found") {
      throw new Response("Not found", { status: 404 });
    }
    return redirect(`/proposals/${id}?notice=reported#comments`, { status: 303, headers });
  }

  const outcome =
    intent === "support" ? await supportProposal(id, key) : await withdrawSupport(id, key);
  if (outcome.status === "refused" && outcome.reason === "phase") {
    return Response.json({ supportError: "phaseRefusal.support" } satisfies ActionData, {
      status: 409,
      headers,
    });
  }
  if (outcome.status === "refused") throw new Response("Not found", { status: 404 });
  return redirect(`/proposals/${id}?notice=${intent === "support" ? "supported" : "unsupported"}`, {
    status: 303,
    headers,
  });
}

export default function ProposalDetail() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { proposal, comments, supported, notice, attributions, styleUrl } = data;
  const { procedure, implementation, participation } = data;
  const languageOf = useLanguageAttributes();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  // A new location (the redirect after a successful post) starts a fresh, empty form;
  // after a validation error the location stays and so does the typed text.
  const location = useLocation();
  const [form, fields] = useForm({
    id: `comment-${location.key}`,
    lastResult: actionData?.result,
  });

  return (
    <article className="proposal-detail">
      <p>
        <Link to="/proposals">← {t("proposals.detail.back")}</Link>
      </p>
      {data.fromDuplicate ? (
        <p className="alert alert-info" role="status">
          {t("proposals.detail.fromDuplicate")}
        </p>
      ) : null}
      <h1 dir="auto">{proposal.title}</h1>
      <p className="meta">
        <CategoryTag category={proposal.category} /> <StatusBadge status={proposal.status} />
        {proposal.district ? (
          <span>
            {" "}
            · <bdi>{proposal.district}</bdi>
          </span>
        ) : null}
      </p>
      <PlaceLine placeLabel={proposal.placeLabel} />
      {procedure ? (
        <p className="meta">
          {t("procedureChoice.partOf")}{" "}
          <Link to={`/procedures/${procedure.id}`} {...languageOf(procedure.titleLanguage)}>
            {procedure.title}
          </Link>
        </p>
      ) : null}
      <UserText text={proposal.description} className="description" />
      <PhotoGallery photos={data.photos} />

      {implementation ? (
        <section aria-labelledby="implementation-heading" className="implementation">
          <h2 id="implementation-heading">{t("outcomes.detail.title")}</h2>
          <p>
            <ImplementationBadge state={implementation.state} />
          </p>
          <ImplementationTimeline implementation={implementation} />
          <p>
            <Link to="/outcomes">{t("outcomes.detail.allOutcomes")}</Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="support-heading" className="support-box">
        <h2 id="support-heading" className="visually-hidden">
          {t("supports.title")}
        </h2>
        <p className="support-count" aria-live="polite">
          {t("supports.count", { count: proposal.supportCount })}
        </p>
        {notice === "supported" || notice === "unsupported" ? (
          <p role="status" className="alert alert-ok">
            {t(notice === "supported" ? "supports.thanks" : "supports.withdrawn")}
          </p>
        ) : null}
        <ErrorAlert errors={actionData?.supportError} />
        {participation.support ? (
          <Form method="post" preventScrollReset>
            {supported ? (
              <button
                type="submit"
                name="intent"
                value="unsupport"
                className="secondary"
                disabled={busy}
              >
                {t("supports.withdraw")}
              </button>
            ) : (
              <button
                type="submit"
                name="intent"
                value="support"
                className="primary"
                disabled={busy}
              >
                {t("supports.support")}
              </button>
            )}
          </Form>
        ) : (
          <p className="alert alert-info">{t("phaseRefusal.supportsClosed")}</p>
        )}
        {participation.support ? <p className="hint">{t("supports.hint")}</p> : null}
      </section>

      <section aria-labelledby="location-heading">
        <h2 id="location-heading">{t("proposals.detail.location")}</h2>
        <LazyMap
          mode="single"
          className="map map-small"
          point={{ lon: proposal.lon, lat: proposal.lat }}
          styleUrl={styleUrl}
          attributions={attributions}
        />
        <p className="hint">
          {proposal.district ? (
            <IsolatedT
              i18nKey="proposals.detail.inDistrict"
              user={{ district: proposal.district }}
            />
          ) : null}{" "}
          {t("proposals.detail.coordinates", {
            lon: proposal.lon.toFixed(5),
            lat: proposal.lat.toFixed(5),
          })}
        </p>
      </section>

      <ShareLink url={data.shareUrl} title={proposal.title} />

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("proposals.detail.history")}</h2>
        <StatusTimeline steps={proposal.statusChanges} />
      </section>

      <section aria-labelledby="comments-heading" id="comments">
        <h2 id="comments-heading">{t("comments.title", { count: comments.length })}</h2>
        {notice === "comment-pending" || notice === "comment-published" || notice === "reported" ? (
          <p role="status" className="alert alert-ok">
            {t(`comments.notice.${notice}`)}
          </p>
        ) : null}
        <ErrorAlert errors={actionData?.error} />
        {comments.length === 0 ? <p>{t("comments.empty")}</p> : null}
        <ol className="comments">
          {comments.map((comment) => (
            <li key={comment.id} className={comment.official ? "comment official" : "comment"}>
              <p className="meta">
                <strong>
                  {comment.official ? (
                    t("comments.official")
                  ) : comment.authorName ? (
                    <bdi>{comment.authorName}</bdi>
                  ) : (
                    t("comments.anonymous")
                  )}
                </strong>{" "}
                ·{" "}
                <time dateTime={comment.createdAt}>
                  {format.format(new Date(comment.createdAt))}
                </time>
              </p>
              <UserText text={comment.body} />
              {comment.official ? null : (
                <Form method="post" preventScrollReset className="report-form">
                  <input type="hidden" name="commentId" value={comment.id} />
                  <button type="submit" name="intent" value="report" className="link-button">
                    {t("comments.report")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ol>

        <h3>{t("comments.write")}</h3>
        {participation.comment ? (
          <>
            <p className="hint">
              {t(data.commentMode === "pre" ? "comments.preModerated" : "comments.postModerated")}
            </p>
            <Form
              method="post"
              {...getFormProps(form)}
              key={form.id}
              className="stack"
              preventScrollReset
            >
              <ErrorAlert errors={form.errors} id={form.errorId} />
              <div className="field">
                <label htmlFor={fields.body.id}>{t("comments.body")}</label>
                <textarea
                  {...getTextareaProps(fields.body)}
                  key={fields.body.key}
                  rows={4}
                  maxLength={commentLimits.max}
                />
                <FieldErrors id={fields.body.errorId} errors={fields.body.errors} />
              </div>
              <div className="field">
                <label htmlFor={fields.authorName.id}>{t("comments.name")}</label>
                <input
                  {...getInputProps(fields.authorName, { type: "text" })}
                  key={fields.authorName.key}
                  maxLength={commentLimits.name}
                  autoComplete="nickname"
                />
                <FieldErrors id={fields.authorName.errorId} errors={fields.authorName.errors} />
              </div>
              <button
                type="submit"
                name="intent"
                value="comment"
                className="primary"
                disabled={busy}
              >
                {t("comments.submit")}
              </button>
            </Form>
          </>
        ) : (
          <p className="alert alert-info">{t("phaseRefusal.commentsClosed")}</p>
        )}
      </section>
    </article>
  );
}
