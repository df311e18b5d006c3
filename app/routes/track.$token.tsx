import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
  SerializeFrom,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { z } from "zod";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { CategoryTag, ImplementationBadge, StatusBadge } from "~/components/status-badge";
import { FieldErrors } from "~/components/field-errors";
import { TrackingLinkBox } from "~/components/tracking-link-box";
import { ImplementationTimeline, StatusTimeline } from "~/components/status-timeline";
import { UserText } from "~/components/user-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { getMailState } from "~/modules/mail/unsubscribe.server";
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
import { readUploadForm } from "~/utils/form.server";
import { PhotoFields } from "~/components/photos/photo-fields";
import { PhotoGallery } from "~/components/photos/photo-gallery";
import {
  MAX_PHOTOS,
  PHOTO_MAX_BYTES,
  residentMay,
  type PhotoFieldsState,
} from "~/modules/photos/photo-policy";
import {
  addPhotos,
  checkPhotoForm,
  listPhotosForTracking,
  photoFormState,
  photoRoom,
  removePhoto,
} from "~/modules/photos/photos.server";
import { clientAddress, consume } from "~/utils/rate-limit.server";
import trackingStyles from "~/styles/tracking.css";
import fundStyles from "~/styles/fund-apply.css";
import {
  ApplicationTracking,
  type ApplicationTrackingView,
} from "~/components/fund/apply/application-tracking";
import { dateToDay } from "~/modules/fund/applications.server";
import { findApplicationId, getApplicationForTracking } from "~/modules/fund/tracking.server";
import { applicantMayWithdraw } from "~/modules/fund/statuses";
import {
  WithdrawApplicationSchema,
  withdrawApplication,
  type WithdrawRefusal,
} from "~/modules/fund/withdrawal.server";
import { WITHDRAW_INTENT } from "~/modules/fund/withdrawal-form";
import { readForm } from "~/utils/form.server";
import { fundLinkNoticeKey } from "~/modules/fund/fund-mail.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: trackingStyles },
  { rel: "stylesheet", href: fundStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  // A private page: keep it out of search engines.
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  // The same private link follows a fund application (app/modules/fund/tracking.server.ts).
  const application = await getApplicationForTracking(token);
  if (application) return applicationLoader(request, token, application);
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
  const photos = await listPhotosForTracking(token);
  const justSubmitted = url.searchParams.get("submitted") === "1";
  // Right after submitting, say honestly whether the link also comes by e-mail.
  const mail = justSubmitted ? await getMailState(proposal.id) : null;
  return {
    kind: "proposal" as const,
    pageTitle: `${t("tracking.title")} – ${t("app.name")}`,
    justSubmitted,
    linkNotice: mail
      ? mail === "subscribed"
        ? t("mail.tracking.mailComing")
        : t("mail.tracking.noMail")
      : null,
    done: url.searchParams.get("done"),
    trackingUrl: `${baseUrl(request)}/track/${token}`,
    proposal: {
      ...fields,
      hasPersonalData: Boolean(proposal.submitterName || proposal.submitterEmail || photos.length),
      hasContact: Boolean(proposal.submitterName || proposal.submitterEmail),
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
    photos: photos.map((photo) => ({
      ...photo,
      alt: photo.alt ?? proposal.title,
      hidden: photo.hiddenAt !== null,
    })),
    photoChanges: {
      add: residentMay("add", proposal.status),
      room: residentMay("add", proposal.status) ? Math.max(0, MAX_PHOTOS - photos.length) : 0,
      remove: residentMay("remove", proposal.status),
    },
  };
}

async function applicationLoader(
  request: Request,
  token: string,
  app: NonNullable<Awaited<ReturnType<typeof getApplicationForTracking>>>,
) {
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const url = new URL(request.url);
  const procedureText = localisedText({ ...app.round.procedure, description: "" }, language);
  const view: ApplicationTrackingView = {
    kind: "application",
    token,
    trackingUrl: `${baseUrl(request)}/track/${token}`,
    created: url.searchParams.get("created"),
    linkNotice: url.searchParams.get("created") ? t(await fundLinkNoticeKey(app.id)) : null,
    done: url.searchParams.get("done"),
    procedure: {
      id: app.round.procedure.id,
      title: procedureText.title,
      titleLanguage: procedureText.titleLanguage,
    },
    application: {
      status: app.status,
      title: app.title,
      description: app.description,
      district: app.district,
      placeLabel: app.placeLabel,
      startsOn: dateToDay(app.startsOn),
      endsOn: dateToDay(app.endsOn),
      requestedCents: app.requestedCents,
      ownCents: app.ownMoneyCents + app.volunteerHours * app.round.volunteerRateCents,
      reviewRequest: app.reviewRequest,
      ineligibleReason: app.ineligibleReason,
      editable: app.status === "draft" || app.status === "returned",
      canWithdraw: applicantMayWithdraw(app.status, app.decision !== null),
      costLines: app.costLines.map((line) => {
        const quote = app.files.find((file) => file.costLineId === line.id);
        return { ...line, quote: quote ? { id: quote.id, kind: quote.kind } : null };
      }),
      events: app.events.map((event) => ({
        id: event.id,
        kind: event.kind,
        note: event.note,
        createdAt: event.createdAt.toISOString(),
      })),
      decision: app.decision
        ? { ...app.decision, createdAt: app.decision.createdAt.toISOString() }
        : null,
      reportStatus: app.report?.status ?? null,
    },
  };
  return { ...view, pageTitle: `${t("fund.tracking.title")} – ${t("app.name")}` };
}

type ActionData = {
  error?: string;
  result?: SubmissionResult<string[]>;
  photos?: PhotoFieldsState;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  // A fund application takes only its own intents here; it is edited on its
  // own page (/track/<token>/application).
  if (await findApplicationId(token)) return applicationAction(request, token);
  const { form: formData, files } = await readUploadForm(request, {
    maxFileBytes: PHOTO_MAX_BYTES,
  });
  // An application's intent, but no application behind this link.
  if (formData.get("intent") === WITHDRAW_INTENT) throw new Response("Not found", { status: 404 });
  const IntentSchema = z.object({
    intent: z.enum(["withdraw", "erase-personal-data", "resubmit", "add-photos", "remove-photo"]),
  });
  const parsed = IntentSchema.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) {
    return Response.json({ error: "errors.tracking.unknownAction" } satisfies ActionData, {
      status: 400,
    });
  }
  if (parsed.data.intent === "add-photos") {
    return addPhotosAction(token, formData, files, clientAddress(context));
  }
  if (parsed.data.intent === "remove-photo") {
    const photoId = z.string().max(40).safeParse(formData.get("photoId"));
    const outcome = await removePhoto(token, photoId.success ? photoId.data : "");
    if (outcome.status === "refused") {
      return Response.json(
        { error: `photos.tracking.errors.${outcome.reason}` } satisfies ActionData,
        { status: outcome.reason === "not-found" ? 404 : 409 },
      );
    }
    return redirect(`/track/${token}?done=photo-removed#photos`, 303);
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

/** What the withdrawal form shows after a refusal: a catalogue key. */
export type ApplicationActionData = {
  withdrawError: string;
  /** The confirmation box was not ticked: the message goes next to it. */
  confirmMissing?: boolean;
};

const withdrawRefusalMessage = {
  "already-withdrawn": "fund.withdraw.errors.alreadyWithdrawn",
  decided: "fund.withdraw.errors.decided",
  ineligible: "fund.withdraw.errors.ineligible",
} as const satisfies Record<Exclude<WithdrawRefusal, "not-found">, string>;

/** The fund application's intents behind the private link: withdrawing it (with confirmation). */
async function applicationAction(request: Request, token: string) {
  const form = await readForm(request);
  const answer = (status: number, withdrawError: string, confirmMissing = false) =>
    Response.json({ withdrawError, confirmMissing } satisfies ApplicationActionData, { status });
  if (form.get("intent") !== WITHDRAW_INTENT) {
    return answer(400, "errors.tracking.unknownAction");
  }
  const parsed = WithdrawApplicationSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    // The intent is known by now: only the confirmation can be missing.
    return answer(422, parsed.error.issues[0]?.message ?? "fund.withdraw.errors.confirm", true);
  }
  const outcome = await withdrawApplication({ token });
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return answer(409, withdrawRefusalMessage[outcome.reason]);
  }
  return redirect(`/track/${token}?done=withdrawn`, 303);
}

/** Photos added behind the tracking link: checked like on the form, stored or not at all. */
async function addPhotosAction(
  token: string,
  formData: FormData,
  files: Parameters<typeof checkPhotoForm>[1],
  address: string,
) {
  const answer = (status: number, data: ActionData) => Response.json(data, { status });
  if (!files.length) return answer(400, { error: "photos.tracking.errors.noFiles" });
  if (!(await consume("upload", address)).allowed) {
    return answer(429, { error: "errors.rateLimited", photos: photoFormState(formData, files) });
  }
  const room = await photoRoom(token);
  if (room === 0) return answer(409, { error: "photos.tracking.errors.not-allowed" });
  const checked = await checkPhotoForm(formData, files, room);
  if (checked.status === "refused") {
    return answer(400, {
      error: "photos.errors.summary",
      photos: photoFormState(formData, files, checked.problems),
    });
  }
  const outcome = await addPhotos(token, checked.photos);
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return answer(409, {
      error: `photos.tracking.errors.${outcome.reason}`,
      photos: photoFormState(formData, files),
    });
  }
  return redirect(`/track/${token}?done=photos-added#photos`, 303);
}

export default function Tracking() {
  const data = useLoaderData<typeof loader>();
  return data.kind === "application" ? (
    <ApplicationTracking view={data} />
  ) : (
    <ProposalTracking data={data} />
  );
}

type ProposalData = Extract<SerializeFrom<typeof loader>, { kind: "proposal" }>;

function ProposalTracking({ data }: { data: ProposalData }) {
  const { t } = useTranslation();
  const { proposal, justSubmitted, linkNotice, trackingUrl, done, procedure, implementation } =
    data;
  const { photos, photoChanges } = data;
  const token = useParams().token ?? "";
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
      {done === "withdrawn" ||
      done === "erased" ||
      done === "resubmitted" ||
      done === "photos-added" ||
      done === "photo-removed" ? (
        <p className="alert alert-ok" role="status">
          {t(`tracking.done.${done}`)}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.error} />

      <TrackingLinkBox url={trackingUrl} notice={linkNotice} prominent={justSubmitted} />

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

      <TrackingPhotos
        token={token}
        photos={photos}
        changes={photoChanges}
        state={actionData?.photos}
      />

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
            {proposal.hasContact ? (
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
            ) : (
              <p>{t("tracking.noPersonalData")}</p>
            )}
            {photos.length ? <p>{t("photos.tracking.erasePhotos")}</p> : null}
            <Form method="post">
              <button type="submit" name="intent" value="erase-personal-data" className="secondary">
                {photos.length === 0
                  ? t("tracking.erase")
                  : proposal.hasContact
                    ? t("photos.tracking.eraseWithPhotos")
                    : t("photos.tracking.erasePhotosOnly")}
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
          <p>
            {t("tracking.withdrawText")}
            {photos.length ? ` ${t("photos.tracking.withdrawPhotos")}` : null}
          </p>
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

type TrackingPhoto = ProposalData["photos"][number];

/** The resident's photos: shown (also before publication), removed, added while allowed. */
function TrackingPhotos({
  token,
  photos,
  changes,
  state,
}: {
  token: string;
  photos: TrackingPhoto[];
  changes: { add: boolean; room: number; remove: boolean };
  state?: PhotoFieldsState;
}) {
  const { t } = useTranslation();
  const src = (id: string, size: "small" | "large") => `/track/${token}/photos/${id}/${size}`;
  return (
    <section aria-labelledby="photos-heading" id="photos">
      <h2 id="photos-heading">{t("photos.tracking.title")}</h2>
      {photos.length === 0 ? <p>{t("photos.tracking.none")}</p> : null}
      <ul className="tracking-photos">
        {photos.map((photo) => (
          <li key={photo.id}>
            <PhotoGallery photos={[photo]} src={src} />
            {photo.hidden ? (
              <p className="alert alert-info">{t("photos.tracking.hidden")}</p>
            ) : null}
            {changes.remove ? (
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(t("photos.tracking.removeConfirm"))) event.preventDefault();
                }}
              >
                <input type="hidden" name="photoId" value={photo.id} />
                <button type="submit" name="intent" value="remove-photo" className="secondary">
                  {t("photos.tracking.remove")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {changes.add && changes.room > 0 ? (
        <Form method="post" encType="multipart/form-data" className="stack">
          <p className="hint">{t("photos.tracking.addHint")}</p>
          <PhotoFields slots={changes.room} state={state} legend={t("photos.tracking.add")} />
          <button type="submit" name="intent" value="add-photos" className="primary">
            {t("photos.tracking.save")}
          </button>
        </Form>
      ) : changes.add ? (
        <p className="hint">{t("photos.tracking.full", { max: MAX_PHOTOS })}</p>
      ) : (
        <p className="hint">{t("photos.tracking.closed")}</p>
      )}
    </section>
  );
}
