import { parseWithZod } from "@conform-to/zod/v4";
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  SerializeFrom,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { LazyMap } from "~/components/lazy-map";
import { CategoryTag, ImplementationBadge, StatusBadge } from "~/components/status-badge";
import { IsolatedT, UserText } from "~/components/user-text";
import { PlaceLine } from "~/modules/addresses/place-line";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { postOfficialReply } from "~/modules/comments/comments.server";
import { viewContactData } from "~/modules/moderation/contact-data.server";
import { StaffProposalActionSchema } from "~/modules/moderation/moderation.schema.server";
import {
  addInternalNote,
  changeStatus,
  editProposalText,
  findPossibleDuplicates,
  getProposalForStaff,
  markDuplicate,
} from "~/modules/moderation/moderation.server";
import { reasonRequired, staffTransitions } from "~/modules/moderation/workflow";
import {
  IMPLEMENTATION_NOTE_MAX,
  nextImplementationStates,
} from "~/modules/outcomes/implementation-states";
import {
  getImplementationForStaff,
  recordImplementation,
} from "~/modules/outcomes/implementation.server";
import { isPublicStatus, isStatus } from "~/modules/proposals/statuses";
import { listPhotosForStaff, setPhotoHidden } from "~/modules/photos/photos.server";
import { photoUrl } from "~/modules/photos/photo-policy";
import { can } from "~/modules/staff/permissions";
import { requireStaff, requireStaffAction, type StaffUser } from "~/modules/staff/session.server";
import { dateToBerlinLocal, formatBerlin } from "~/utils/berlin-time";
import { getEnv } from "~/utils/env.server";
import { errorKeys } from "~/utils/submission";
import { CsrfInput } from "~/components/csrf-input";
import type { z } from "zod";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:proposal");
  const proposal = await getProposalForStaff(params.id ?? "");
  if (!proposal) throw new Response("Not found", { status: 404 });
  const [duplicates, attributions, implementation, photos] = await Promise.all([
    findPossibleDuplicates(proposal),
    listAttributions(),
    getImplementationForStaff(proposal.id),
    listPhotosForStaff(proposal.id),
  ]);
  return {
    proposal: {
      ...proposal,
      trackingTokenHash: undefined,
      isPublic: proposal.publishedAt !== null && isPublicStatus(proposal.status),
    },
    nextStatuses: isStatus(proposal.status) ? staffTransitions[proposal.status] : [],
    duplicates,
    attributions,
    photos: photos.map((photo) => ({ ...photo, alt: photo.alt ?? proposal.title })),
    styleUrl: getEnv().MAP_STYLE_URL,
    done: new URL(request.url).searchParams.get("done"),
    outcome: {
      canManage: can(user.role, "manage:outcome"),
      // Only a published initiative can be accepted (by a vote or by the office).
      canRecord: proposal.status === "published" && proposal.publishedAt !== null,
      record: implementation,
      nextStates: nextImplementationStates(implementation?.state ?? null),
      today: dateToBerlinLocal(new Date()).slice(0, 10),
    },
  };
}

type ActionData = {
  errors: string[];
  /** The submitter's contact data, only in the answer to "show contact data" (logged). */
  contact?: { name: string | null; email: string | null; consentAt: string | null };
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "moderate:proposal");
  const id = params.id ?? "";
  // The original comes from a suggestion (radio) or is typed/pasted in the text field.
  const manual = formData.get("originalManual");
  if (!formData.get("original") && typeof manual === "string") formData.set("original", manual);
  const submission = parseWithZod(formData, { schema: StaffProposalActionSchema });
  if (submission.status !== "success") {
    const errors = errorKeys(submission.reply());
    return Response.json({ errors } satisfies ActionData, {
      status: 400,
    });
  }
  const value = submission.value;
  if (value.intent === "contact") {
    if (!can(user.role, "view:contact")) throw new Response("Forbidden", { status: 403 });
    const shown = await viewContactData({ staffId: user.id, proposalId: id });
    if (shown.status === "refused") throw new Response("Not found", { status: 404 });
    const { name, email, consentAt } = shown.contact;
    return Response.json(
      {
        errors: [],
        contact: { name, email, consentAt: consentAt?.toISOString() ?? null },
      } satisfies ActionData,
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  const handler = handlers[value.intent] as Handler<typeof value.intent>;
  const outcome = await handler(value, user, id);
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return Response.json(
      { errors: [refusalMessage(value.intent, outcome.reason)] } satisfies ActionData,
      { status: 409 },
    );
  }
  return redirect(`/staff/proposals/${id}?done=${value.intent}`, 303);
}

type ActionValue = z.output<typeof StaffProposalActionSchema>;
type Intent = Exclude<ActionValue["intent"], "contact">;
type Handler<I extends Intent> = (
  value: Extract<ActionValue, { intent: I }>,
  user: StaffUser,
  proposalId: string,
) => Promise<{ status: "ok" } | { status: "refused"; reason: string }>;

/** One command per intent ("contact" answers with data and is handled above). */
const handlers: { [I in Intent]: Handler<I> } = {
  status: (value, user, proposalId) =>
    changeStatus({ staffId: user.id, proposalId, to: value.to, reason: value.reason }),
  duplicate: (value, user, proposalId) =>
    markDuplicate({ staffId: user.id, proposalId, originalId: value.original }),
  edit: (value, user, proposalId) =>
    editProposalText({
      staffId: user.id,
      proposalId,
      title: value.title,
      description: value.description,
    }),
  note: (value, user, proposalId) =>
    addInternalNote({ staffId: user.id, proposalId, body: value.body }),
  reply: (value, user, proposalId) =>
    postOfficialReply({ proposalId, body: value.body, staffId: user.id }),
  "photo-hide": (value, user, proposalId) =>
    setPhotoHidden({
      staffId: user.id,
      proposalId,
      photoId: value.photoId,
      hidden: true,
      reason: value.reason,
    }),
  "photo-show": (value, user, proposalId) =>
    setPhotoHidden({ staffId: user.id, proposalId, photoId: value.photoId, hidden: false }),
  implementation: async (value, user, proposalId) => {
    if (!can(user.role, "manage:outcome")) throw new Response("Forbidden", { status: 403 });
    return recordImplementation({
      proposalId,
      state: value.state,
      note: value.note,
      date: value.date,
      staffId: user.id,
    });
  },
};

function refusalMessage(intent: Intent, reason: string): string {
  if (intent === "implementation") return `outcomes.errors.${reason}`;
  if (intent === "photo-hide" || intent === "photo-show") return `photos.staff.errors.${reason}`;
  if (reason === "on-ballot" || reason === "has-outcome") return `outcomes.statusLock.${reason}`;
  return `errors.staff.${reason}`;
}

export default function StaffProposal() {
  const { t, i18n } = useTranslation();
  const { proposal, nextStatuses, duplicates, attributions, styleUrl, done, outcome, photos } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  // A successful change or reply redirects (a new location without action data):
  // then the status and reply forms start empty again. A refusal also commits a
  // new location, but with action data, and keeps what was typed.
  const locationKey = useLocation().key;
  const statusForm = useRef<HTMLFormElement>(null);
  const replyForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (actionData || !done) return;
    statusForm.current?.reset();
    replyForm.current?.reset();
  }, [locationKey, actionData, done]);
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const canPublish = nextStatuses.includes("published");
  const onOpenBallot = proposal.voteOptions.some((option) => !option.vote.resultsPublishedAt);

  return (
    <article className="staff-proposal">
      <p>
        <Link to="/staff">← {t("staff.nav.queue")}</Link>
      </p>
      <h1 dir="auto">{proposal.title}</h1>
      <p className="meta">
        <CategoryTag category={proposal.category} /> <StatusBadge status={proposal.status} /> ·{" "}
        {format.format(new Date(proposal.createdAt))}
        {proposal.district ? (
          <>
            {" "}
            · <bdi>{proposal.district}</bdi>
          </>
        ) : null}{" "}
        · {t("staff.proposal.language")}: {proposal.language}
      </p>
      <PlaceLine placeLabel={proposal.placeLabel} />
      {proposal.isPublic ? (
        <p>
          <Link to={`/proposals/${proposal.id}`}>{t("staff.proposal.publicPage")}</Link> ·{" "}
          {t("supports.count", { count: proposal.supportCount })}
        </p>
      ) : null}
      {proposal.duplicateOf ? (
        <p className="alert alert-info">
          {t("staff.proposal.duplicateOf")}{" "}
          <Link to={`/staff/proposals/${proposal.duplicateOf.id}`}>
            <bdi>{proposal.duplicateOf.title}</bdi>
          </Link>
        </p>
      ) : null}

      {done ? (
        <p className="alert alert-ok" role="status">
          {done === "implementation"
            ? t("outcomes.staff.saved")
            : t(`staff.proposal.done.${done}`, { defaultValue: t("staff.proposal.done.status") })}
        </p>
      ) : null}
      {proposal.procedure ? (
        <p>
          {t("outcomes.staff.procedure")}{" "}
          <Link to={`/staff/procedures/${proposal.procedure.id}`}>
            <bdi>{proposal.procedure.title}</bdi>
          </Link>
        </p>
      ) : null}
      {proposal.voteOptions.length ? (
        <ul className="link-list">
          {proposal.voteOptions.map((option) => (
            <li key={option.id}>
              {t(
                option.vote.resultsPublishedAt
                  ? "outcomes.staff.onBallotDecided"
                  : "outcomes.staff.onBallot",
              )}{" "}
              <Link to={`/staff/votes/${option.vote.id}`}>
                <bdi>{option.vote.procedure.title}</bdi>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorAlert errors={actionData?.errors} />

      <div className="staff-columns">
        <div>
          <UserText text={proposal.description} className="description" />
          <StaffPhotos photos={photos} />
          <LazyMap
            mode="single"
            className="map map-small"
            point={{ lon: proposal.lon, lat: proposal.lat }}
            styleUrl={styleUrl}
            attributions={attributions}
          />
          <p className="hint">
            {t("proposals.detail.coordinates", {
              lon: proposal.lon.toFixed(5),
              lat: proposal.lat.toFixed(5),
            })}{" "}
            · <bdi>{proposal.fundingArea.name}</bdi>
          </p>

          <section aria-labelledby="contact-heading">
            <h2 id="contact-heading">{t("staff.proposal.contact")}</h2>
            {actionData?.contact ? (
              <dl>
                <dt>{t("proposals.fields.name")}</dt>
                <dd>{actionData.contact.name ? <bdi>{actionData.contact.name}</bdi> : "–"}</dd>
                <dt>{t("proposals.fields.email")}</dt>
                <dd>
                  {actionData.contact.email ? (
                    <a href={`mailto:${actionData.contact.email}`} dir="ltr">
                      {actionData.contact.email}
                    </a>
                  ) : (
                    "–"
                  )}
                </dd>
                <dt>{t("staff.proposal.consent")}</dt>
                <dd>
                  {actionData.contact.consentAt
                    ? format.format(new Date(actionData.contact.consentAt))
                    : "–"}
                </dd>
              </dl>
            ) : proposal.hasContact ? (
              <Form method="post" className="stack">
                <CsrfInput />
                <p className="hint">{t("staff.proposal.contactHint")}</p>
                <button type="submit" name="intent" value="contact" className="secondary">
                  {t("staff.proposal.showContact")}
                </button>
              </Form>
            ) : (
              <p>{t("staff.proposal.noContact")}</p>
            )}
          </section>

          <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t("proposals.detail.history")}</h2>
            <ol className="timeline">
              {proposal.statusChanges.map((change) => (
                <li key={change.id}>
                  <time dateTime={change.createdAt}>
                    {format.format(new Date(change.createdAt))}
                  </time>{" "}
                  <StatusBadge status={change.toStatus} /> ·{" "}
                  {change.staff ? <bdi>{change.staff.name}</bdi> : t(`staff.actor.${change.actor}`)}
                  {change.reason ? <UserText text={change.reason} className="reason" /> : null}
                </li>
              ))}
            </ol>
          </section>

          {proposal.revisions.length ? (
            <section aria-labelledby="revisions-heading">
              <h2 id="revisions-heading">{t("staff.proposal.revisions")}</h2>
              <p className="hint">{t("staff.proposal.revisionsHint")}</p>
              <ol className="revisions">
                {proposal.revisions.map((revision, index) => (
                  <li key={revision.id}>
                    <p className="meta">
                      {index === 0
                        ? t("staff.proposal.original")
                        : t("staff.proposal.version", { n: index + 1 })}{" "}
                      ·{" "}
                      {revision.replacedBy ? (
                        <IsolatedT
                          i18nKey="staff.proposal.replacedBy"
                          user={{ name: revision.replacedBy.name }}
                          values={{ date: format.format(new Date(revision.createdAt)) }}
                        />
                      ) : (
                        t("staff.proposal.replacedBy", {
                          name: t("staff.actor.resident"),
                          date: format.format(new Date(revision.createdAt)),
                        })
                      )}
                    </p>
                    <p dir="auto">
                      <strong>{revision.title}</strong>
                    </p>
                    <UserText text={revision.description} />
                  </li>
                ))}
              </ol>
            </section>
          ) : null}

          <section aria-labelledby="notes-heading">
            <h2 id="notes-heading">{t("staff.proposal.notes")}</h2>
            <p className="hint">{t("staff.proposal.notesHint")}</p>
            <ul className="notes">
              {proposal.notes.map((note) => (
                <li key={note.id}>
                  <p className="meta">
                    <bdi>{note.staff.name}</bdi> · {format.format(new Date(note.createdAt))}
                  </p>
                  <UserText text={note.body} />
                </li>
              ))}
            </ul>
            <Form method="post" className="stack">
              <CsrfInput />
              <div className="field">
                <label htmlFor="note-body">{t("staff.proposal.noteLabel")}</label>
                <textarea
                  id="note-body"
                  name="body"
                  rows={3}
                  required
                  maxLength={5000}
                  dir="auto"
                />
              </div>
              <button type="submit" name="intent" value="note" className="secondary">
                {t("staff.proposal.addNote")}
              </button>
            </Form>
          </section>
        </div>

        <div className="staff-actions">
          {canPublish ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="to" value="published" />
              <button type="submit" name="intent" value="status" className="primary wide">
                {t("staff.proposal.publish")}
              </button>
            </Form>
          ) : null}

          {nextStatuses.length ? (
            <Form method="post" className="stack panel" ref={statusForm}>
              <CsrfInput />
              <h2>{t("staff.proposal.changeStatus")}</h2>
              <div className="field">
                <label htmlFor="status-to">{t("staff.proposal.newStatus")}</label>
                {/* Never a preselected next status: staff choose one on purpose. */}
                <select id="status-to" name="to" required defaultValue="">
                  <option value="" disabled>
                    {t("statusForm.choose")}
                  </option>
                  {nextStatuses
                    .filter((status) => status !== "duplicate")
                    .map((status) => (
                      <option key={status} value={status}>
                        {t(`statuses.${status}`)}
                        {reasonRequired.includes(status)
                          ? ` (${t("staff.proposal.reasonNeeded")})`
                          : ""}
                      </option>
                    ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="status-reason">{t("staff.proposal.reason")}</label>
                <p className="hint" id="status-reason-hint">
                  {t("staff.proposal.reasonHint")}
                </p>
                <textarea
                  id="status-reason"
                  name="reason"
                  rows={3}
                  maxLength={2000}
                  dir="auto"
                  aria-describedby="status-reason-hint"
                />
              </div>
              <button type="submit" name="intent" value="status" className="secondary">
                {t("staff.proposal.saveStatus")}
              </button>
            </Form>
          ) : null}

          {nextStatuses.includes("duplicate") ? (
            <Form method="post" className="stack panel">
              <CsrfInput />
              <h2>{t("staff.proposal.duplicateTitle")}</h2>
              {duplicates.length ? (
                <fieldset>
                  <legend>{t("staff.proposal.suggestions")}</legend>
                  {duplicates.map((candidate) => (
                    <label key={candidate.id} className="radio">
                      <input type="radio" name="original" value={candidate.id} />
                      <span>
                        <bdi>{candidate.title}</bdi>{" "}
                        <small>
                          ({t("staff.proposal.distance", { meters: candidate.meters })},{" "}
                          {t("staff.proposal.similarity", {
                            percent: Math.round(candidate.similarity * 100),
                          })}
                          )
                        </small>{" "}
                        <Link to={`/proposals/${candidate.id}`} target="_blank">
                          {t("staff.proposal.open")}
                        </Link>
                      </span>
                    </label>
                  ))}
                </fieldset>
              ) : (
                <p className="hint">{t("staff.proposal.noSuggestions")}</p>
              )}
              <div className="field">
                <label htmlFor="original-manual">{t("staff.proposal.originalManual")}</label>
                <input id="original-manual" name="originalManual" type="text" />
              </div>
              <button type="submit" name="intent" value="duplicate" className="secondary">
                {t("staff.proposal.markDuplicate")}
              </button>
            </Form>
          ) : duplicates.length ? (
            <section className="panel">
              <h2>{t("staff.proposal.suggestions")}</h2>
              <ul>
                {duplicates.map((candidate) => (
                  <li key={candidate.id}>
                    <Link to={`/proposals/${candidate.id}`}>
                      <bdi>{candidate.title}</bdi>
                    </Link>{" "}
                    <small>({t("staff.proposal.distance", { meters: candidate.meters })})</small>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <ImplementationPanel outcome={outcome} isOnOpenBallot={onOpenBallot} />

          <Form method="post" className="stack panel">
            <CsrfInput />
            <h2>{t("staff.proposal.editTitle")}</h2>
            <p className="hint">{t("staff.proposal.editHint")}</p>
            <div className="field">
              <label htmlFor="edit-title">{t("proposals.fields.title")}</label>
              <input
                id="edit-title"
                name="title"
                type="text"
                defaultValue={proposal.title}
                required
                maxLength={120}
                dir="auto"
              />
            </div>
            <div className="field">
              <label htmlFor="edit-description">{t("proposals.fields.description")}</label>
              <textarea
                id="edit-description"
                name="description"
                rows={6}
                defaultValue={proposal.description}
                required
                dir="auto"
              />
            </div>
            <button type="submit" name="intent" value="edit" className="secondary">
              {t("staff.proposal.saveEdit")}
            </button>
          </Form>

          {proposal.isPublic ? (
            <Form method="post" className="stack panel" ref={replyForm}>
              <CsrfInput />
              <h2>{t("staff.proposal.replyTitle")}</h2>
              <div className="field">
                <label htmlFor="reply-body">{t("staff.proposal.replyLabel")}</label>
                <textarea
                  id="reply-body"
                  name="body"
                  rows={3}
                  required
                  maxLength={2000}
                  dir="auto"
                />
              </div>
              <button type="submit" name="intent" value="reply" className="secondary">
                {t("staff.proposal.reply")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
    </article>
  );
}

type Outcome = SerializeFrom<typeof loader>["outcome"];

/**
 * What became of the initiative (permission "manage:outcome"): the
 * implementation record with its dated public notes, a form for the next step,
 * and where a vote would decide instead (procedures).
 */
function ImplementationPanel({
  outcome,
  isOnOpenBallot,
}: {
  outcome: Outcome;
  isOnOpenBallot: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { record } = outcome;
  const day = (date: string) => formatBerlin(date, i18n.language, { dateStyle: "medium" });
  return (
    <section className="stack panel" aria-labelledby="implementation-heading">
      <h2 id="implementation-heading">{t("outcomes.staff.title")}</h2>
      {record ? (
        <>
          <p>
            <ImplementationBadge state={record.state} />{" "}
            {record.voteId ? (
              <Link to={`/staff/votes/${record.voteId}`}>{t("outcomes.staff.byVote")}</Link>
            ) : (
              t("outcomes.staff.byOffice")
            )}
          </p>
          {record.notes.length ? (
            <ol className="timeline">
              {record.notes.map((note) => (
                <li key={note.id}>
                  <time dateTime={note.date}>{day(note.date)}</time>{" "}
                  <ImplementationBadge state={note.state} /> ·{" "}
                  {note.staff ? <bdi>{note.staff.name}</bdi> : t("staff.actor.system")}
                  {note.body ? <UserText text={note.body} className="reason" /> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="hint">{t("outcomes.staff.noNotes")}</p>
          )}
        </>
      ) : (
        <p className="hint">{t("outcomes.staff.none")}</p>
      )}

      {outcome.canRecord && !record && !isOnOpenBallot ? (
        <p className="hint">
          {t("outcomes.staff.voteHint")}{" "}
          <Link to="/staff/procedures">{t("outcomes.staff.toProcedures")}</Link>
        </p>
      ) : null}

      {outcome.canManage && outcome.canRecord && !isOnOpenBallot ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <div className="field">
            <label htmlFor="implementation-state">{t("outcomes.staff.state")}</label>
            <select
              id="implementation-state"
              name="state"
              required
              defaultValue={outcome.nextStates[0]}
            >
              {outcome.nextStates.map((state) => (
                <option key={state} value={state}>
                  {record && record.state === state
                    ? t("outcomes.staff.keepState", { state: t(`outcomes.states.${state}`) })
                    : t(`outcomes.states.${state}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="implementation-date">{t("outcomes.staff.date")}</label>
            <input
              id="implementation-date"
              name="date"
              type="date"
              required
              defaultValue={outcome.today}
              max={outcome.today}
            />
          </div>
          <div className="field">
            <label htmlFor="implementation-note">{t("outcomes.staff.note")}</label>
            <p className="hint" id="implementation-note-hint">
              {t("outcomes.staff.noteHint")}
            </p>
            <textarea
              id="implementation-note"
              name="note"
              rows={3}
              required
              maxLength={IMPLEMENTATION_NOTE_MAX}
              dir="auto"
              aria-describedby="implementation-note-hint"
            />
          </div>
          <button type="submit" name="intent" value="implementation" className="secondary">
            {t(record ? "outcomes.staff.save" : "outcomes.staff.accept")}
          </button>
        </Form>
      ) : isOnOpenBallot ? (
        <p className="hint">{t("outcomes.staff.onOpenBallot")}</p>
      ) : !outcome.canRecord && !record ? (
        <p className="hint">{t("outcomes.staff.onlyPublished")}</p>
      ) : null}
    </section>
  );
}

type StaffPhoto = SerializeFrom<typeof loader>["photos"][number];

/**
 * The initiative's photos, hidden ones included (served to staff only), each
 * with a form to hide it with an internal reason or to show it again.
 */
function StaffPhotos({ photos }: { photos: StaffPhoto[] }) {
  const { t } = useTranslation();
  if (!photos.length) return null;
  return (
    <section aria-labelledby="photos-heading">
      <h2 id="photos-heading">{t("photos.staff.title")}</h2>
      <p className="hint">{t("photos.staff.hint")}</p>
      <ul className="staff-photos">
        {photos.map((photo, index) => (
          <li key={photo.id} className={photo.hiddenAt ? "photo-hidden" : undefined}>
            <a href={photoUrl(photo.id, "large")}>
              <img
                src={photoUrl(photo.id, "small")}
                width={photo.smallWidth}
                height={photo.smallHeight}
                alt={photo.alt}
                dir="auto"
                loading="lazy"
              />
            </a>
            {photo.hiddenAt ? (
              <>
                <p className="alert alert-info">
                  <IsolatedT
                    i18nKey="photos.staff.hidden"
                    user={{ name: photo.hiddenBy?.name ?? "–", reason: photo.hiddenReason ?? "" }}
                  />
                </p>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="photoId" value={photo.id} />
                  <button type="submit" name="intent" value="photo-show" className="secondary">
                    {t("photos.staff.show")}
                  </button>
                </Form>
              </>
            ) : (
              <Form method="post" className="stack">
                <CsrfInput />
                <input type="hidden" name="photoId" value={photo.id} />
                <div className="field">
                  <label htmlFor={`photo-reason-${index}`}>{t("photos.staff.reason")}</label>
                  <input
                    id={`photo-reason-${index}`}
                    name="reason"
                    type="text"
                    required
                    maxLength={2000}
                  />
                </div>
                <button type="submit" name="intent" value="photo-hide" className="secondary">
                  {t("photos.staff.hide")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
