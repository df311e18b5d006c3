import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { LanguageFields } from "~/components/meetings/language-fields";
import { parseOpenMeeting } from "~/components/meetings/meeting-forms.schema.server";
import { BallotOptions } from "~/components/staff-procedures/ballot-options";
import { CodeSheets } from "~/components/staff-procedures/code-sheets";
import { ConfirmAction } from "~/components/staff-procedures/confirm-action";
import { formatStaffDate } from "~/components/staff-procedures/format";
import { PaperBatches, type PaperBatchView } from "~/components/staff-procedures/paper-batches";
import { TieBreakForm } from "~/components/staff-procedures/tie-break-form";
import { UnresolvedBatches } from "~/components/staff-procedures/unresolved-batches";
import { VoteResults } from "~/components/staff-procedures/vote-results";
import { VoteSettingsForm } from "~/components/staff-procedures/vote-settings-form";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { createMeeting, listMeetings } from "~/modules/meetings/meetings.server";
import { allows } from "~/modules/procedures/phases";
import type { Permission } from "~/modules/staff/permissions";
import { requireStaff, requireStaffAction, type StaffUser } from "~/modules/staff/session.server";
import {
  AddOptionSchema,
  centsToInput,
  paperEntrySchema,
  PaperBatchSchema,
  PaperDiscardSchema,
  RemoveOptionSchema,
  settingsToFormValues,
  tieBreakSchema,
  UpdateOptionSchema,
  VoidCodeSchema,
  VoteSettingsSchema,
} from "~/modules/votes/vote.schema.server";
import {
  addVoteOption,
  breakTie,
  closeVote,
  createPaperBatch,
  discardPaperBatch,
  enterPaperCount,
  getResults,
  getStaffVote,
  listCodeSheets,
  listEligibleProposals,
  listPaperBatches,
  MAX_CODES_PER_SHEET,
  publishResults,
  removeVoteOption,
  updateVote,
  updateVoteOption,
  voidCode,
  type PaperBatchSummary,
  type UnresolvedPaperBatch,
  type VoteResults as VoteResultsData,
} from "~/modules/votes/votes.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/** The decisive ties no tie-break has settled yet, as groups of option ids. */
function openTies(results: VoteResultsData | null): string[][] {
  return (results?.tally.ties ?? [])
    .filter((tie) => tie.decisive && tie.brokenBy === null)
    .map((tie) => tie.optionIds);
}

/**
 * Paper counts as this staff member may see them: who entered is always
 * shown; the numbers only once they have entered their own count (or the
 * batch is agreed), so a second count is not copied from the first.
 */
function paperView(batch: PaperBatchSummary, staffId: string): PaperBatchView {
  const own = batch.entries.find((entry) => entry.staffId === staffId) ?? null;
  const visible = own !== null || batch.state === "agreed";
  return {
    id: batch.id,
    label: batch.label,
    state: batch.state,
    entrants: batch.entries.map((entry) => ({
      name: entry.staffName,
      mine: entry.staffId === staffId,
      updatedAt: entry.updatedAt,
    })),
    entries: visible
      ? batch.entries.map((entry) => ({
          name: entry.staffName,
          mine: entry.staffId === staffId,
          counts: entry.counts,
        }))
      : null,
    mine: own?.counts ?? null,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:procedure");
  const voteId = params.voteId ?? "";
  const data = await getStaffVote(voteId);
  if (!data) throw new Response("Not found", { status: 404 });
  const [t, language] = [await getT(request), await getLanguage(request)];
  const [eligible, sheets, batches, results, meetings] = await Promise.all([
    listEligibleProposals(voteId),
    listCodeSheets(voteId),
    listPaperBatches(voteId),
    getResults(voteId, { audience: "staff", language }),
    listMeetings(voteId),
  ]);
  const { vote, procedure } = data;
  const published = vote.resultsPublishedAt !== null;
  const paperBlocked = !vote.channels.includes("paper")
    ? "staff.votes.paper.channelOff"
    : published
      ? "staff.votes.paper.published"
      : procedure.state !== "published" || !allows(procedure.situation, "paper:enter")
        ? "staff.votes.paper.phase"
        : null;
  const codesBlocked = !vote.channels.includes("code")
    ? "staff.votes.codes.channelOff"
    : data.isOver
      ? "staff.votes.codes.closed"
      : null;
  return {
    pageTitle: `${t("staff.votes.title")} – ${procedure.title} – ${t("app.name")}`,
    vote,
    procedure: {
      id: procedure.id,
      title: procedure.title,
      state: procedure.state,
      situation: procedure.situation,
    },
    settingsDefault: settingsToFormValues(vote),
    options: data.options.map((option) => ({
      ...option,
      costInput: option.costCents === null ? "" : centsToInput(option.costCents),
    })),
    counts: data.counts,
    hasBallots: data.hasBallots,
    isOpen: data.isOpen,
    isOver: data.isOver,
    eligible,
    sheets,
    maxCodes: MAX_CODES_PER_SHEET,
    codesBlocked,
    batches: batches.map((batch) => paperView(batch, user.id)),
    paperBlocked,
    /** Batches that keep the result from being published (see publishResults). */
    unresolved: published
      ? []
      : batches.flatMap((batch): UnresolvedPaperBatch[] =>
          batch.state === "agreed"
            ? []
            : [{ id: batch.id, label: batch.label, state: batch.state }],
        ),
    results,
    ties: openTies(results),
    meetings: meetings.map((meeting) => ({
      id: meeting.id,
      code: meeting.joinCode,
      createdAt: meeting.createdAt.toISOString(),
      endedAt: meeting.endedAt?.toISOString() ?? null,
    })),
    done: new URL(request.url).searchParams.get("done"),
    codeSheetError: codeSheetError(new URL(request.url).searchParams.get("codeSheet")),
  };
}

/** The code-sheet download (a resource route) sends refusals back here as `?codeSheet=<reason>`. */
const codeSheetReasons = ["count", "label", "not-found", "channel-off", "closed"];
function codeSheetError(reason: string | null): string | null {
  return reason && codeSheetReasons.includes(reason) ? `staff.votes.codes.errors.${reason}` : null;
}

type ActionData = {
  intent: string;
  result?: SubmissionResult<string[]>;
  errors?: string[];
  optionId?: string;
  batchId?: string;
  /** Publishing was refused: these paper batches do not count yet. */
  unresolved?: UnresolvedPaperBatch[];
};

type Vote = NonNullable<Awaited<ReturnType<typeof getStaffVote>>>;
type IntentArgs = { user: StaffUser; formData: FormData; vote: Vote };

const answer = (data: ActionData, status: number) => Response.json(data, { status });
const done = (voteId: string, what: string, section: string) =>
  redirect(`/staff/votes/${voteId}?done=${what}#${section}`, 303);
/** Refusals of the paper checks have their texts in the votes catalogue. */
const paperRefusals: Record<string, string> = {
  agreed: "votes.paperCheck.refusals.agreed",
  "reason-required": "votes.paperCheck.errors.reasonRequired",
  "paper-unresolved": "votes.paperCheck.tieRefused",
};
const refusal = (reason: string) => paperRefusals[reason] ?? `staff.votes.refusals.${reason}`;
/** `?done=` messages kept outside `staff.votes.done`. */
const doneKeys: Record<string, string> = { "batch-discarded": "votes.paperCheck.discard.done" };

/** A form's refusal by the command: the form keeps what was typed and shows why. */
function refusedForm(
  intent: string,
  submission: { reply: (options: { formErrors: string[] }) => SubmissionResult<string[]> },
  reason: string,
  extra: Partial<ActionData> = {},
) {
  return answer(
    { intent, result: submission.reply({ formErrors: [refusal(reason)] }), ...extra },
    409,
  );
}

function optionOf(vote: Vote, formData: FormData) {
  const optionId = formData.get("optionId");
  return vote.options.find((option) => option.id === optionId) ?? null;
}

/** One handler per submit button of the page. */
const intents = {
  async settings({ user, formData, vote }: IntentArgs) {
    const submission = parseWithZod(formData, { schema: VoteSettingsSchema });
    if (submission.status !== "success") {
      return answer({ intent: "settings", result: submission.reply() }, 400);
    }
    const outcome = await updateVote(vote.vote.id, submission.value, user.id);
    if (outcome.status === "refused") return refusedForm("settings", submission, outcome.reason);
    return done(vote.vote.id, "settings", "settings");
  },
  async "add-option"({ user, formData, vote }: IntentArgs) {
    const submission = parseWithZod(formData, { schema: AddOptionSchema });
    if (submission.status !== "success") {
      return answer({ intent: "add-option", result: submission.reply() }, 400);
    }
    const outcome = await addVoteOption({
      voteId: vote.vote.id,
      proposalId: submission.value.proposalId,
      estimatedCostCents: submission.value.cost,
      staffId: user.id,
    });
    if (outcome.status === "refused") return refusedForm("add-option", submission, outcome.reason);
    return done(vote.vote.id, "option-added", "options");
  },
  async "update-option"({ user, formData, vote }: IntentArgs) {
    const option = optionOf(vote, formData);
    if (!option) throw new Response("Not found", { status: 404 });
    const submission = parseWithZod(formData, { schema: UpdateOptionSchema });
    if (submission.status !== "success") {
      return answer(
        { intent: "update-option", optionId: option.id, result: submission.reply() },
        400,
      );
    }
    const outcome = await updateVoteOption({
      optionId: option.id,
      estimatedCostCents: submission.value.cost,
      staffId: user.id,
    });
    if (outcome.status === "refused") {
      return refusedForm("update-option", submission, outcome.reason, { optionId: option.id });
    }
    return done(vote.vote.id, "option-updated", "options");
  },
  async "remove-option"({ user, formData, vote }: IntentArgs) {
    const option = optionOf(vote, formData);
    const submission = parseWithZod(formData, { schema: RemoveOptionSchema });
    if (!option || submission.status !== "success") {
      throw new Response("Not found", { status: 404 });
    }
    const outcome = await removeVoteOption({ optionId: option.id, staffId: user.id });
    if (outcome.status === "refused") {
      return answer({ intent: "remove-option", errors: [refusal(outcome.reason)] }, 409);
    }
    return done(vote.vote.id, "option-removed", "options");
  },
  async "void-code"({ user, formData, vote }: IntentArgs) {
    const submission = parseWithZod(formData, { schema: VoidCodeSchema });
    if (submission.status !== "success") {
      return answer({ intent: "void-code", result: submission.reply() }, 400);
    }
    const outcome = await voidCode({
      voteId: vote.vote.id,
      code: submission.value.code,
      staffId: user.id,
    });
    if (outcome.status === "refused") {
      return answer(
        {
          intent: "void-code",
          result: submission.reply({ fieldErrors: { code: [refusal(outcome.reason)] } }),
        },
        409,
      );
    }
    return done(vote.vote.id, "code-voided", "codes");
  },
  async "paper-batch"({ user, formData, vote }: IntentArgs) {
    const submission = parseWithZod(formData, { schema: PaperBatchSchema });
    if (submission.status !== "success") {
      return answer({ intent: "paper-batch", result: submission.reply() }, 400);
    }
    const outcome = await createPaperBatch({
      voteId: vote.vote.id,
      label: submission.value.label,
      staffId: user.id,
    });
    if (outcome.status === "refused") return refusedForm("paper-batch", submission, outcome.reason);
    return done(vote.vote.id, "batch-created", `batch-${outcome.id}`);
  },
  async "paper-entry"({ user, formData, vote }: IntentArgs) {
    const batches = await listPaperBatches(vote.vote.id);
    const batch = batches.find((candidate) => candidate.id === formData.get("batchId"));
    if (!batch) throw new Response("Not found", { status: 404 });
    const schema = paperEntrySchema(
      vote.vote.method,
      vote.options.map((option) => option.id),
    );
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") {
      return answer({ intent: "paper-entry", batchId: batch.id, result: submission.reply() }, 400);
    }
    const outcome = await enterPaperCount({
      batchId: batch.id,
      staffId: user.id,
      counts: { ballots: submission.value.ballots, options: submission.value.options },
    });
    if (outcome.status === "refused") {
      return refusedForm("paper-entry", submission, outcome.reason, { batchId: batch.id });
    }
    return done(vote.vote.id, `paper-${outcome.state}`, `batch-${batch.id}`);
  },
  async "paper-discard"({ user, formData, vote }: IntentArgs) {
    const batches = await listPaperBatches(vote.vote.id);
    const batch = batches.find((candidate) => candidate.id === formData.get("batchId"));
    if (!batch) throw new Response("Not found", { status: 404 });
    const submission = parseWithZod(formData, { schema: PaperDiscardSchema });
    if (submission.status !== "success") {
      return answer(
        { intent: "paper-discard", batchId: batch.id, result: submission.reply() },
        400,
      );
    }
    const outcome = await discardPaperBatch({
      batchId: batch.id,
      staffId: user.id,
      reason: submission.value.reason,
    });
    if (outcome.status === "refused") {
      return refusedForm("paper-discard", submission, outcome.reason, { batchId: batch.id });
    }
    return done(vote.vote.id, "batch-discarded", "paper");
  },
  async close({ user, vote }: IntentArgs) {
    const outcome = await closeVote(vote.vote.id, user.id);
    if (outcome.status === "refused") {
      return answer({ intent: "close", errors: [refusal(outcome.reason)] }, 409);
    }
    return done(vote.vote.id, "closed", "results");
  },
  async "tie-break"({ user, formData, vote }: IntentArgs) {
    const results = await getResults(vote.vote.id, { audience: "staff", language: "de" });
    const submission = parseWithZod(formData, { schema: tieBreakSchema(openTies(results)) });
    if (submission.status !== "success") {
      return answer({ intent: "tie-break", result: submission.reply() }, 400);
    }
    const outcome = await breakTie(vote.vote.id, submission.value, user.id);
    if (outcome.status === "refused") return refusedForm("tie-break", submission, outcome.reason);
    return done(vote.vote.id, `tie-${submission.value.kind}`, "results");
  },
  async "open-meeting"({ user, formData, vote }: IntentArgs) {
    const form = parseOpenMeeting(formData);
    if (!form.ok) {
      return answer(
        { intent: "open-meeting", errors: ["staff.meetings.vote.invalidLanguages"] },
        400,
      );
    }
    const outcome = await createMeeting({
      voteId: vote.vote.id,
      staffId: user.id,
      languages: form.languages,
    });
    if (outcome.status === "refused") {
      return answer(
        { intent: "open-meeting", errors: [`staff.meetings.vote.refusals.${outcome.reason}`] },
        409,
      );
    }
    return redirect(`/staff/meetings/${outcome.id}`, 303);
  },
  async publish({ user, vote }: IntentArgs) {
    const outcome = await publishResults(vote.vote.id, user.id);
    if (outcome.status === "refused" && outcome.reason === "paper-unresolved") {
      return answer({ intent: "publish", unresolved: outcome.batches }, 409);
    }
    if (outcome.status === "refused") {
      return answer({ intent: "publish", errors: [refusal(outcome.reason)] }, 409);
    }
    return done(vote.vote.id, "published", "results");
  },
} satisfies Record<string, (args: IntentArgs) => Promise<Response>>;

type Intent = keyof typeof intents;

/** Counting paper is its own permission; everything else is managing the procedure. */
const intentPermission: Record<Intent, Permission> = {
  settings: "manage:procedure",
  "add-option": "manage:procedure",
  "update-option": "manage:procedure",
  "remove-option": "manage:procedure",
  "void-code": "manage:procedure",
  "paper-batch": "enter:paper",
  "paper-entry": "enter:paper",
  /** Removes ballots from the count: a decision on the result, like publishing it. */
  "paper-discard": "manage:procedure",
  close: "manage:procedure",
  "tie-break": "manage:procedure",
  publish: "manage:procedure",
  "open-meeting": "manage:procedure",
};

function isIntent(value: unknown): value is Intent {
  return typeof value === "string" && Object.hasOwn(intents, value);
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The permission depends on the button, so the intent is read from a copy
  // of the body first; the role and CSRF checks then run on the real one.
  const peeked = (await readForm(request.clone())).get("intent");
  const permission = isIntent(peeked) ? intentPermission[peeked] : "manage:procedure";
  const { user, formData } = await requireStaffAction(request, permission);
  const intent = formData.get("intent");
  if (!isIntent(intent)) {
    return answer({ intent: "unknown", errors: ["errors.staff.invalidAction"] }, 400);
  }
  const vote = await getStaffVote(params.voteId ?? "");
  if (!vote) throw new Response("Not found", { status: 404 });
  return intents[intent]({ user, formData, vote });
}

export default function StaffVote() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { vote, procedure, results } = data;
  const resultFor = (intent: string) =>
    actionData?.intent === intent ? actionData.result : undefined;
  const published = vote.resultsPublishedAt !== null;
  const status = published
    ? "published"
    : data.isOpen
      ? "open"
      : data.isOver
        ? "closed"
        : "notYetOpen";
  const pageErrors =
    actionData && ["close", "publish", "unknown"].includes(actionData.intent)
      ? actionData.errors
      : null;

  return (
    <article className="staff-vote">
      <p>
        <Link to={`/staff/procedures/${procedure.id}`} dir="auto">
          ← {procedure.title}
        </Link>
      </p>
      <h1>
        {t("staff.votes.title")}: <span dir="auto">{procedure.title}</span>
      </h1>
      <p className="meta">
        {t(`staff.votes.methods.${vote.method}`)} · {t(`staff.votes.status.${status}`)} ·{" "}
        {t("staff.votes.ballotCount", { count: data.counts.ballots })}
        {vote.closedAt
          ? ` · ${t("staff.votes.closedAt", { date: formatStaffDate(vote.closedAt, i18n.language) })}`
          : null}
      </p>
      {procedure.state !== "draft" ? (
        <p>
          <Link to={`/votes/${vote.id}`}>{t("staff.votes.publicPage")}</Link>
        </p>
      ) : (
        <p className="hint">{t("staff.votes.procedureDraft")}</p>
      )}
      {data.done ? (
        <p className="alert alert-ok" role="status">
          {t(doneKeys[data.done] ?? `staff.votes.done.${data.done}`, {
            defaultValue: t("staff.votes.done.saved"),
          })}
        </p>
      ) : null}
      <ErrorAlert errors={pageErrors} />
      {actionData?.intent === "publish" && actionData.unresolved?.length ? (
        <UnresolvedBatches batches={actionData.unresolved} messageKey="votes.paperCheck.refused" />
      ) : null}

      <nav aria-label={t("staff.votes.sections")}>
        <ul className="link-list">
          <li>
            <a href="#settings">{t("staff.votes.settings.title")}</a>
          </li>
          <li>
            <a href="#options">{t("staff.votes.options.title")}</a>
          </li>
          <li>
            <a href="#meetings">{t("staff.meetings.vote.title")}</a>
          </li>
          <li>
            <a href="#codes">{t("staff.votes.codes.title")}</a>
          </li>
          <li>
            <a href="#paper">{t("staff.votes.paper.title")}</a>
          </li>
          <li>
            <a href="#results">{t("staff.votes.results.title")}</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="settings" className="stack">
        <h2 id="settings">{t("staff.votes.settings.title")}</h2>
        <VoteSettingsForm
          id="vote-settings"
          lastResult={resultFor("settings")}
          defaultValue={data.settingsDefault}
          intent="settings"
          submitLabel={t("staff.votes.settings.save")}
          lockedReason={data.isOver ? "staff.votes.settings.closed" : null}
          methodLocked={data.hasBallots}
        />
      </section>

      <section aria-labelledby="options" className="stack">
        <h2 id="options">{t("staff.votes.options.title")}</h2>
        <BallotOptions
          options={data.options}
          eligible={data.eligible}
          method={vote.method}
          locked={data.hasBallots}
          answer={actionData && actionData.intent.endsWith("-option") ? actionData : null}
        />
      </section>

      <section aria-labelledby="meetings" className="stack">
        <h2 id="meetings">{t("staff.meetings.vote.title")}</h2>
        <p>{t("staff.meetings.vote.intro")}</p>
        {data.meetings.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("staff.meetings.vote.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("staff.meetings.vote.code")}</th>
                  <th scope="col">{t("staff.meetings.vote.created")}</th>
                  <th scope="col">{t("staff.meetings.vote.ended")}</th>
                  <th scope="col">{t("staff.meetings.vote.links")}</th>
                </tr>
              </thead>
              <tbody>
                {data.meetings.map((meeting) => (
                  <tr key={meeting.id}>
                    <td>
                      <strong dir="ltr">{meeting.code}</strong>
                    </td>
                    <td>{formatStaffDate(meeting.createdAt, i18n.language)}</td>
                    <td>
                      {meeting.endedAt
                        ? formatStaffDate(meeting.endedAt, i18n.language)
                        : t("staff.meetings.vote.running")}
                    </td>
                    <td>
                      <Link to={`/staff/meetings/${meeting.id}`}>
                        {t("staff.meetings.vote.remote")}
                      </Link>
                      {" · "}
                      <a href={`/staff/meetings/${meeting.id}/projection`}>
                        {t("staff.meetings.vote.projection")}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="hint">{t("staff.meetings.vote.none")}</p>
        )}
        {procedure.state === "published" ? (
          <Form method="post" className="panel stack" aria-labelledby="open-meeting-title">
            <h3 id="open-meeting-title">{t("staff.meetings.vote.open")}</h3>
            <CsrfInput />
            <LanguageFields current={["de"]} idPrefix="open-meeting-language" />
            <ErrorAlert errors={actionData?.intent === "open-meeting" ? actionData.errors : null} />
            <button type="submit" name="intent" value="open-meeting" className="primary">
              {t("staff.meetings.vote.open")}
            </button>
          </Form>
        ) : (
          <p className="hint">{t("staff.meetings.vote.draft")}</p>
        )}
      </section>

      <section aria-labelledby="codes" className="stack">
        <h2 id="codes">{t("staff.votes.codes.title")}</h2>
        <CodeSheets
          voteId={vote.id}
          sheets={data.sheets}
          canGenerate={data.codesBlocked === null}
          blockedReason={data.codesBlocked}
          maxCount={data.maxCodes}
          generateError={data.codeSheetError}
          voidResult={resultFor("void-code")}
        />
      </section>

      <section aria-labelledby="paper" className="stack">
        <h2 id="paper">{t("staff.votes.paper.title")}</h2>
        <PaperBatches
          batches={data.batches}
          options={data.options.map((option) => ({ id: option.id, title: option.title }))}
          method={vote.method}
          canEnter={data.paperBlocked === null}
          blockedReason={data.paperBlocked}
          canDiscard={!published}
          result={
            actionData?.intent === "paper-entry" ||
            actionData?.intent === "paper-batch" ||
            actionData?.intent === "paper-discard"
              ? actionData
              : null
          }
        />
      </section>

      <section aria-labelledby="results" className="stack">
        <h2 id="results">{t("staff.votes.results.title")}</h2>
        <p>
          {t(
            published
              ? "staff.votes.results.publishedAt"
              : data.isOpen
                ? vote.liveResults
                  ? "staff.votes.results.liveOn"
                  : "staff.votes.results.hiddenWhileOpen"
                : "staff.votes.results.notPublished",
            { date: published ? formatStaffDate(vote.resultsPublishedAt!, i18n.language) : "" },
          )}
        </p>
        {!data.isOver ? (
          <ConfirmAction
            summary={t("staff.votes.close.button")}
            explanation={t("staff.votes.close.confirm")}
            confirmLabel={t("staff.votes.close.yes")}
            intent="close"
            danger
          />
        ) : null}
        {results ? <VoteResults results={results} /> : null}
        {data.isOver && data.unresolved.length ? (
          <UnresolvedBatches batches={data.unresolved} messageKey="votes.paperCheck.notice" />
        ) : null}
        {data.isOver && !published && data.ties.length ? (
          <TieBreakForm
            ties={data.ties}
            options={data.options.map((option) => ({ id: option.id, title: option.title }))}
            lastResult={resultFor("tie-break")}
          />
        ) : null}
        {data.isOver && !published && !data.ties.length ? (
          <ConfirmAction
            summary={t("staff.votes.publish.button")}
            explanation={t("staff.votes.publish.confirm")}
            confirmLabel={t("staff.votes.publish.yes")}
            intent="publish"
          />
        ) : null}
        {published ? (
          <p>
            <a href={`/votes/${vote.id}/results.csv`}>{t("staff.votes.results.csv")}</a>
          </p>
        ) : null}
      </section>
    </article>
  );
}
