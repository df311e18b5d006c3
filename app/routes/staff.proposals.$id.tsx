import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { LazyMap } from "~/components/lazy-map";
import { CategoryTag, StatusBadge } from "~/components/status-badge";
import { UserText } from "~/components/user-text";
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
import { isPublicStatus, isStatus } from "~/modules/proposals/statuses";
import { can } from "~/modules/staff/permissions";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { getEnv } from "~/utils/env.server";
import { errorKeys } from "~/utils/submission";
import { CsrfInput } from "~/components/csrf-input";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "moderate:proposal");
  const proposal = await getProposalForStaff(params.id ?? "");
  if (!proposal) throw new Response("Not found", { status: 404 });
  const [duplicates, attributions] = await Promise.all([
    findPossibleDuplicates(proposal),
    listAttributions(),
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
    styleUrl: getEnv().MAP_STYLE_URL,
    done: new URL(request.url).searchParams.get("done"),
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
  const outcome =
    value.intent === "status"
      ? await changeStatus({ staffId: user.id, proposalId: id, to: value.to, reason: value.reason })
      : value.intent === "duplicate"
        ? await markDuplicate({ staffId: user.id, proposalId: id, originalId: value.original })
        : value.intent === "edit"
          ? await editProposalText({ staffId: user.id, proposalId: id, ...value })
          : value.intent === "note"
            ? await addInternalNote({ staffId: user.id, proposalId: id, body: value.body })
            : await postOfficialReply({ proposalId: id, body: value.body, staffId: user.id });
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return Response.json({ errors: [`errors.staff.${outcome.reason}`] } satisfies ActionData, {
      status: 409,
    });
  }
  return redirect(`/staff/proposals/${id}?done=${value.intent}`, 303);
}

export default function StaffProposal() {
  const { t, i18n } = useTranslation();
  const { proposal, nextStatuses, duplicates, attributions, styleUrl, done } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const canPublish = nextStatuses.includes("published");

  return (
    <article className="staff-proposal">
      <p>
        <Link to="/staff">← {t("staff.nav.queue")}</Link>
      </p>
      <h1 dir="auto">{proposal.title}</h1>
      <p className="meta">
        <CategoryTag category={proposal.category} /> <StatusBadge status={proposal.status} /> ·{" "}
        {format.format(new Date(proposal.createdAt))}
        {proposal.district ? ` · ${proposal.district}` : null} · {t("staff.proposal.language")}:{" "}
        {proposal.language}
      </p>
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
            {proposal.duplicateOf.title}
          </Link>
        </p>
      ) : null}

      {done ? (
        <p className="alert alert-ok" role="status">
          {t(`staff.proposal.done.${done}`, { defaultValue: t("staff.proposal.done.status") })}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.errors} />

      <div className="staff-columns">
        <div>
          <UserText text={proposal.description} className="description" />
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
            · {proposal.fundingArea.name}
          </p>

          <section aria-labelledby="contact-heading">
            <h2 id="contact-heading">{t("staff.proposal.contact")}</h2>
            {actionData?.contact ? (
              <dl>
                <dt>{t("proposals.fields.name")}</dt>
                <dd>{actionData.contact.name ?? "–"}</dd>
                <dt>{t("proposals.fields.email")}</dt>
                <dd>
                  {actionData.contact.email ? (
                    <a href={`mailto:${actionData.contact.email}`}>{actionData.contact.email}</a>
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
                  {change.staff?.name ?? t(`staff.actor.${change.actor}`)}
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
                      {t("staff.proposal.replacedBy", {
                        name: revision.replacedBy?.name ?? t("staff.actor.resident"),
                        date: format.format(new Date(revision.createdAt)),
                      })}
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
                    {note.staff.name} · {format.format(new Date(note.createdAt))}
                  </p>
                  <UserText text={note.body} />
                </li>
              ))}
            </ul>
            <Form method="post" className="stack">
              <CsrfInput />
              <div className="field">
                <label htmlFor="note-body">{t("staff.proposal.noteLabel")}</label>
                <textarea id="note-body" name="body" rows={3} required maxLength={5000} />
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
            <Form method="post" className="stack panel">
              <CsrfInput />
              <h2>{t("staff.proposal.changeStatus")}</h2>
              <div className="field">
                <label htmlFor="status-to">{t("staff.proposal.newStatus")}</label>
                <select id="status-to" name="to" required defaultValue="">
                  <option value="" disabled>
                    {t("proposals.fields.categoryChoose")}
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
                      <span dir="auto">
                        {candidate.title}{" "}
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
                    <Link to={`/proposals/${candidate.id}`} dir="auto">
                      {candidate.title}
                    </Link>{" "}
                    <small>({t("staff.proposal.distance", { meters: candidate.meters })})</small>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

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
              />
            </div>
            <button type="submit" name="intent" value="edit" className="secondary">
              {t("staff.proposal.saveEdit")}
            </button>
          </Form>

          {proposal.isPublic ? (
            <Form method="post" className="stack panel">
              <CsrfInput />
              <h2>{t("staff.proposal.replyTitle")}</h2>
              <div className="field">
                <label htmlFor="reply-body">{t("staff.proposal.replyLabel")}</label>
                <textarea id="reply-body" name="body" rows={3} required maxLength={2000} />
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
