import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { FieldErrors } from "~/components/field-errors";
import { LineFlagText, ReportTotals } from "~/components/fund/report/report-diff-view";
import { IsolatedT, UserText } from "~/components/user-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { centsToInput, formatCents, parseMoney } from "~/modules/fund/money";
import { reportMoney } from "~/modules/fund/report-diff";
import {
  FUND_FILE_MAX_BYTES,
  MAX_REPORT_PHOTOS,
  SUMMARY_MAX,
  actualField,
  receiptSlots,
  reportPhotoSlots,
} from "~/modules/fund/report-policy";
import {
  FileIdSchema,
  ReportIntentSchema,
  parseReportForm,
  type ReportFormErrors,
} from "~/modules/fund/report.schema.server";
import {
  checkReportFiles,
  fileRoom,
  getReportForTracking,
  removeReportFile,
  saveReport,
  type ReportFileProblem,
} from "~/modules/fund/reports.server";
import { acceptAttribute, megabytes } from "~/modules/uploads/upload-policy";
import { readUploadForm } from "~/utils/form.server";
import { clientAddress, consume } from "~/utils/rate-limit.server";
import fundReportStyles from "~/styles/fund-report.css";
import trackingStyles from "~/styles/tracking.css";

/**
 * The spending report of a granted project, behind the applicant's private
 * link: actual cost per cost-plan line, receipts, volunteer hours, a short
 * public report and photos. Works as a plain form; with JavaScript the
 * differences from the plan update while typing (report-diff.ts, the same
 * code the server uses for its answer).
 */

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: trackingStyles },
  { rel: "stylesheet", href: fundReportStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const found = await getReportForTracking(token);
  if (!found) throw new Response("Not found", { status: 404 });
  const t = await getTFor(await getLanguage(request));
  const { row, block, dueOn } = found;
  const url = new URL(request.url);
  return {
    pageTitle: `${t("fundReport.title")} – ${t("app.name")}`,
    done: url.searchParams.get("done"),
    title: row.title,
    block,
    dueOn: dueOn?.toISOString() ?? null,
    ownMoneyCents: row.ownMoneyCents,
    lines: row.costLines.map(({ id, position, description, amountCents, actualCents }) => ({
      id,
      position,
      description,
      amountCents,
      actualCents,
    })),
    decision: row.decision
      ? {
          grantedCents: row.decision.grantedCents,
          paidCents: row.decision.paidCents,
          allocations: row.decision.allocations.map((a) => ({
            potId: a.potId,
            amountCents: a.amountCents,
          })),
        }
      : null,
    report: row.report
      ? {
          status: row.report.status,
          summary: row.report.summary,
          volunteerHours: row.report.volunteerHours,
          staffQuestion: row.report.staffQuestion,
        }
      : null,
    receipts: row.files
      .filter((file) => file.purpose === "receipt")
      .map(({ id, kind, pages, costLineId }) => ({ id, kind, pages, costLineId })),
    photos: row.files.filter((file) => file.purpose === "report_photo").map(({ id }) => ({ id })),
    room: fileRoom(row),
  };
}

type Values = Record<string, string>;

type ActionData = {
  error?: string;
  errors?: ReportFormErrors;
  fileProblems?: ReportFileProblem[];
  /** The text fields as typed (kept in the form). */
  values?: Values;
  /** File slots that carried a file: without JavaScript the browser does not keep it. */
  received?: string[];
};

const answer = (status: number, data: ActionData) => Response.json(data, { status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const { form, files } = await readUploadForm(request, { maxFileBytes: FUND_FILE_MAX_BYTES });
  const intent = ReportIntentSchema.safeParse(form.get("intent"));
  if (!intent.success) return answer(400, { error: "errors.tracking.unknownAction" });

  if (intent.data === "remove-file") {
    const fileId = FileIdSchema.safeParse(form.get("fileId"));
    const outcome = await removeReportFile(token, fileId.success ? fileId.data : "");
    if (outcome.status === "refused") {
      if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
      return answer(409, { error: `fundReport.blocked.${outcome.reason}` });
    }
    return redirect(`/track/${token}/report?done=file-removed#files`, 303);
  }

  const found = await getReportForTracking(token);
  if (!found) throw new Response("Not found", { status: 404 });
  const values: Values = {};
  for (const [name, value] of form) if (typeof value === "string") values[name] = value;
  const received = files.map((file) => file.field);
  if (found.block) {
    return answer(409, { error: `fundReport.blocked.${found.block}`, values, received });
  }
  const lineIds = found.row.costLines.map((line) => line.id);
  const parsed = parseReportForm(form, lineIds, intent.data, await getLanguage(request));
  if (files.length && !(await consume("upload", clientAddress(context))).allowed) {
    return answer(429, { error: "errors.rateLimited", values, received });
  }
  // Every file is checked before anything is stored, also when a text field is wrong.
  const checked = await checkReportFiles(form, files, lineIds, fileRoom(found.row));
  if (parsed.status === "invalid" || checked.status === "refused") {
    return answer(400, {
      error: "fundReport.errors.summaryOfProblems",
      errors: parsed.status === "invalid" ? parsed.errors : {},
      fileProblems: checked.status === "refused" ? checked.problems : [],
      values,
      received,
    });
  }
  const outcome = await saveReport({
    token,
    intent: intent.data,
    report: parsed.value,
    receipts: checked.receipts,
    photos: checked.photos,
  });
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    const error =
      outcome.reason === "receipts-required"
        ? "fundReport.errors.receiptsRequired"
        : outcome.reason === "no-room" || outcome.reason === "unknown-line"
          ? "fundReport.errors.summaryOfProblems"
          : `fundReport.blocked.${outcome.reason}`;
    return answer(outcome.reason === "receipts-required" ? 400 : 409, { error, values, received });
  }
  return redirect(`/track/${token}/report?done=${outcome.submitted ? "submitted" : "saved"}`, 303);
}

/** What the browser counts while the applicant types: a wrong amount counts as not entered. */
function typedCents(text: string, language: string): number | null {
  const parsed = parseMoney(text, language);
  return parsed.ok ? parsed.cents : null;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function FundReportPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { t, i18n } = useTranslation();
  const token = useParams().token ?? "";
  const euros = (cents: number) => formatCents(cents, i18n.language);
  const editable = data.block === null;
  return (
    <article className="narrow fund-report">
      <p>
        <Link to={`/track/${token}`}>{t("fundReport.back")}</Link>
      </p>
      <h1>{t("fundReport.title")}</h1>
      <p className="lead">
        <bdi>{data.title}</bdi>
      </p>
      {data.done === "saved" || data.done === "submitted" || data.done === "file-removed" ? (
        <p className="alert alert-ok" role="status">
          {t(`fundReport.done.${data.done}`)}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.error} id="report-errors" />

      <section aria-labelledby="report-state">
        <h2 id="report-state">{t("fundReport.stateTitle")}</h2>
        <p data-testid="report-status">{t(`fundReport.status.${data.report?.status ?? "none"}`)}</p>
        {data.decision ? (
          <p>
            {t("fundReport.granted", { amount: euros(data.decision.grantedCents) })}{" "}
            {data.decision.paidCents > 0
              ? t("fundReport.paid", { amount: euros(data.decision.paidCents) })
              : null}
          </p>
        ) : null}
        {data.dueOn ? (
          <p>
            {t("fundReport.dueOn", {
              date: new Intl.DateTimeFormat(i18n.language, {
                dateStyle: "long",
                timeZone: "Europe/Berlin",
              }).format(new Date(data.dueOn)),
            })}
          </p>
        ) : null}
        {data.block && data.block !== "submitted" && data.block !== "accepted" ? (
          <p className="alert alert-info">{t(`fundReport.blocked.${data.block}`)}</p>
        ) : null}
        {data.report?.status === "questions" && data.report.staffQuestion ? (
          <div className="alert alert-info">
            <h3>{t("fundReport.questionsTitle")}</h3>
            <UserText text={data.report.staffQuestion} />
          </div>
        ) : null}
      </section>

      {editable ? (
        <ReportForm
          key={actionData?.values ? JSON.stringify(actionData.values) : "saved"}
          data={data}
          actionData={actionData}
        />
      ) : (
        <ReadOnlyReport data={data} />
      )}

      <section aria-labelledby="files-heading" id="files">
        <h2 id="files-heading">{t("fundReport.filesTitle")}</h2>
        {data.receipts.length === 0 && data.photos.length === 0 ? (
          <p>{t("fundReport.noFiles")}</p>
        ) : (
          <ul className="link-list fund-files">
            {data.receipts.map((file, index) => {
              const line = data.lines.find((l) => l.id === file.costLineId);
              return (
                <li key={file.id}>
                  <a href={`/track/${token}/files/${file.id}`}>
                    {t("fundReport.receiptName", { n: index + 1 })}
                  </a>{" "}
                  {file.kind === "pdf" ? "(PDF)" : null}{" "}
                  {line ? (
                    <IsolatedT
                      i18nKey="fundReport.forLine"
                      values={{ position: line.position }}
                      user={{ description: line.description }}
                    />
                  ) : null}
                  {editable ? <RemoveFileButton fileId={file.id} /> : null}
                </li>
              );
            })}
            {data.photos.map((file, index) => (
              <li key={file.id}>
                <a href={`/track/${token}/files/${file.id}`}>
                  {t("fundReport.photoName", { n: index + 1 })}
                </a>
                {editable ? <RemoveFileButton fileId={file.id} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function RemoveFileButton({ fileId }: { fileId: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="remove-file" />
      <input type="hidden" name="fileId" value={fileId} />
      <button type="submit" className="link-button">
        {t("fundReport.removeFile")}
      </button>
    </Form>
  );
}

function ReadOnlyReport({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation();
  const money = reportMoney({
    lines: data.lines.map((line) => ({
      id: line.id,
      position: line.position,
      plannedCents: line.amountCents,
      actualCents: line.actualCents,
    })),
    grantedCents: data.decision?.grantedCents ?? 0,
    ownMoneyCents: data.ownMoneyCents,
    paidCents: data.decision?.paidCents ?? 0,
    allocations: data.decision?.allocations ?? [],
  });
  if (!data.report) return null;
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{t("fundReport.costsTitle")}</h2>
      <ul className="fund-lines">
        {money.lines.map((diff) => {
          const line = data.lines.find((l) => l.id === diff.id)!;
          return (
            <li key={diff.id}>
              <IsolatedT
                i18nKey="fundReport.lineLabel"
                values={{
                  position: line.position,
                  planned: formatCents(line.amountCents, i18n.language),
                }}
                user={{ description: line.description }}
              />
              {line.actualCents !== null ? (
                <> – {formatCents(line.actualCents, i18n.language)}</>
              ) : null}
              <LineFlagText diff={diff} />
            </li>
          );
        })}
      </ul>
      <ReportTotals money={money} />
      <p>{t("fundReport.hoursValue", { hours: data.report.volunteerHours })}</p>
      {data.report.summary ? <UserText text={data.report.summary} /> : null}
    </section>
  );
}

function ReportForm({ data, actionData }: { data: LoaderData; actionData?: ActionData }) {
  const { t, i18n } = useTranslation();
  const typed = actionData?.values;
  const initial = (lineId: string, actualCents: number | null) =>
    typed
      ? (typed[actualField(lineId)] ?? "")
      : actualCents === null
        ? ""
        : centsToInput(actualCents, i18n.language);
  const [amounts, setAmounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(data.lines.map((line) => [line.id, initial(line.id, line.actualCents)])),
  );
  const money = useMemo(
    () =>
      reportMoney({
        lines: data.lines.map((line) => ({
          id: line.id,
          position: line.position,
          plannedCents: line.amountCents,
          actualCents: typedCents(amounts[line.id] ?? "", i18n.language),
        })),
        grantedCents: data.decision?.grantedCents ?? 0,
        ownMoneyCents: data.ownMoneyCents,
        paidCents: data.decision?.paidCents ?? 0,
        allocations: data.decision?.allocations ?? [],
      }),
    [amounts, data, i18n.language],
  );
  const errors = actionData?.errors ?? {};
  const problemsOf = (field: string) =>
    (actionData?.fileProblems ?? []).filter((problem) => problem.field === field);
  const setProblems = (actionData?.fileProblems ?? []).filter(
    (problem) => problem.field === "receipts" || problem.field === "reportPhotos",
  );
  const lost = Boolean(actionData?.received?.length);
  const maxMb = megabytes(FUND_FILE_MAX_BYTES);
  const photoSlots = reportPhotoSlots.slice(0, Math.min(MAX_REPORT_PHOTOS, data.room.photos));
  const receiptSlotsShown = receiptSlots.slice(
    0,
    Math.min(receiptSlots.length, data.room.receipts),
  );

  return (
    <Form method="post" encType="multipart/form-data" className="stack" noValidate>
      <section aria-labelledby="costs-heading" className="stack">
        <h2 id="costs-heading">{t("fundReport.costsTitle")}</h2>
        <p className="hint">{t("fundReport.costsHint")}</p>
        {money.lines.map((diff) => {
          const line = data.lines.find((l) => l.id === diff.id)!;
          const field = actualField(line.id);
          const errorId = `${field}-errors`;
          const flagId = `${field}-flag`;
          return (
            <div className="field" key={line.id}>
              <label htmlFor={field}>
                <IsolatedT
                  i18nKey="fundReport.lineLabel"
                  values={{
                    position: line.position,
                    planned: formatCents(line.amountCents, i18n.language),
                  }}
                  user={{ description: line.description }}
                />
              </label>
              <input
                id={field}
                name={field}
                inputMode="decimal"
                autoComplete="off"
                dir="ltr"
                value={amounts[line.id] ?? ""}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setAmounts((previous) => ({ ...previous, [line.id]: value }));
                }}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={`${flagId} ${errorId}`}
              />
              <LineFlagText diff={diff} id={flagId} />
              <FieldErrors id={errorId} errors={errors[field]} />
            </div>
          );
        })}
        <ReportTotals money={money} live />
      </section>

      <section aria-labelledby="receipts-heading" className="stack">
        <h2 id="receipts-heading">{t("fundReport.receiptsTitle")}</h2>
        <p className="hint" id="receipts-hint">
          {t("fundReport.receiptsHint", { maxMb })}
        </p>
        {setProblems.map((problem) => (
          <p className="field-error" role="alert" key={problem.message}>
            {t(problem.message, problem.values)}
          </p>
        ))}
        {lost ? <p className="alert alert-info">{t("fundReport.chooseAgain")}</p> : null}
        {receiptSlotsShown.map((slot, index) => (
          <fieldset className="field" key={slot.file}>
            <legend>{t("fundReport.receiptSlot", { n: index + 1 })}</legend>
            <label htmlFor={slot.file}>{t("fundReport.receiptFile")}</label>
            <input
              type="file"
              id={slot.file}
              name={slot.file}
              accept={acceptAttribute("image+pdf")}
              aria-describedby={`receipts-hint ${slot.file}-errors`}
            />
            <FileProblems id={`${slot.file}-errors`} problems={problemsOf(slot.file)} />
            <label htmlFor={slot.line}>{t("fundReport.receiptLine")}</label>
            <select id={slot.line} name={slot.line} defaultValue={typed?.[slot.line] ?? ""}>
              <option value="">{t("fundReport.receiptNoLine")}</option>
              {data.lines.map((line) => (
                <option key={line.id} value={line.id}>
                  {t("fundReport.lineOption", { position: line.position })}{" "}
                  {`\u2068${line.description}\u2069`}
                </option>
              ))}
            </select>
          </fieldset>
        ))}
      </section>

      <section aria-labelledby="more-heading" className="stack">
        <h2 id="more-heading">{t("fundReport.moreTitle")}</h2>
        <div className="field">
          <label htmlFor="volunteerHours">{t("fundReport.hours")}</label>
          <input
            id="volunteerHours"
            name="volunteerHours"
            inputMode="numeric"
            dir="ltr"
            defaultValue={typed?.volunteerHours ?? String(data.report?.volunteerHours ?? 0)}
            aria-invalid={errors.volunteerHours ? true : undefined}
            aria-describedby="volunteerHours-errors"
          />
          <FieldErrors id="volunteerHours-errors" errors={errors.volunteerHours} />
        </div>
        <div className="field">
          <label htmlFor="summary">{t("fundReport.summary")}</label>
          <p className="hint" id="summary-hint">
            {t("fundReport.summaryHint", { max: SUMMARY_MAX })}
          </p>
          <textarea
            id="summary"
            name="summary"
            rows={6}
            dir="auto"
            maxLength={SUMMARY_MAX}
            defaultValue={typed?.summary ?? data.report?.summary ?? ""}
            aria-invalid={errors.summary ? true : undefined}
            aria-describedby="summary-hint summary-errors"
          />
          <FieldErrors id="summary-errors" errors={errors.summary} />
        </div>
        {photoSlots.length ? (
          <fieldset className="field">
            <legend>{t("fundReport.photosTitle")}</legend>
            <p className="hint" id="report-photos-hint">
              {t("fundReport.photosHint", { max: data.room.photos, maxMb })}
            </p>
            {photoSlots.map((slot, index) => (
              <div key={slot}>
                <label htmlFor={slot}>{t("fundReport.photoSlot", { n: index + 1 })}</label>
                <input
                  type="file"
                  id={slot}
                  name={slot}
                  accept={acceptAttribute("image")}
                  aria-describedby={`report-photos-hint ${slot}-errors`}
                />
                <FileProblems id={`${slot}-errors`} problems={problemsOf(slot)} />
              </div>
            ))}
          </fieldset>
        ) : null}
      </section>

      <div className="button-row">
        <button type="submit" name="intent" value="submit" className="button primary">
          {t("fundReport.submit")}
        </button>
        <button type="submit" name="intent" value="save" className="button secondary">
          {t("fundReport.saveDraft")}
        </button>
      </div>
    </Form>
  );
}

function FileProblems({ id, problems }: { id: string; problems: ReportFileProblem[] }) {
  const { t } = useTranslation();
  return (
    <div id={id}>
      {problems.map((problem) => (
        <p className="field-error" key={problem.message}>
          {problem.filename ? (
            <IsolatedT
              i18nKey="fundReport.errors.fileNamed"
              user={{ name: problem.filename }}
              values={{ message: t(problem.message, problem.values) }}
            />
          ) : (
            t(problem.message, problem.values)
          )}
        </p>
      ))}
    </div>
  );
}
