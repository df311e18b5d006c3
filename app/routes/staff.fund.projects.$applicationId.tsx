import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { FieldErrors } from "~/components/field-errors";
import { LineFlagText, ReportTotals } from "~/components/fund/report/report-diff-view";
import { IsolatedT, UserText } from "~/components/user-text";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { centsToInput, formatCents } from "~/modules/fund/money";
import {
  paymentSchema,
  QuestionsSchema,
  StaffIntentSchema,
} from "~/modules/fund/report.schema.server";
import {
  acceptReport,
  askReportQuestions,
  getProjectForStaff,
  recordPayment,
} from "~/modules/fund/reports.server";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";

import fundReportStyles from "~/styles/fund-report.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: fundReportStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/**
 * GET /staff/fund/projects/:applicationId — after the decision: record the
 * payment, check the spending report with its differences from the plan and
 * the receipts, accept it (unspent money goes back to the pots) or send
 * questions back.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:fund");
  const found = await getProjectForStaff(params.applicationId ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  const t = await getT(request);
  const { row, money, dueOn } = found;
  return {
    pageTitle: `${t("fundReport.staff.title")} – ${t("app.name")}`,
    done: new URL(request.url).searchParams.get("done"),
    application: { id: row.id, title: row.title, status: row.status },
    dueOn: dueOn?.toISOString() ?? null,
    ownMoneyCents: row.ownMoneyCents,
    decision: row.decision
      ? {
          outcome: row.decision.outcome,
          grantedCents: row.decision.grantedCents,
          paidCents: row.decision.paidCents,
          paidAt: row.decision.paidAt?.toISOString() ?? null,
          allocations: row.decision.allocations.map((a) => ({
            potId: a.potId,
            amountCents: a.amountCents,
            pot: a.pot,
          })),
        }
      : null,
    lines: row.costLines,
    report: row.report
      ? {
          status: row.report.status,
          summary: row.report.summary,
          volunteerHours: row.report.volunteerHours,
          staffQuestion: row.report.staffQuestion,
          submittedAt: row.report.submittedAt?.toISOString() ?? null,
          returnedCents: row.report.returnedCents,
          spentCents: row.report.spentCents,
        }
      : null,
    money,
    files: row.files.map((file) => ({
      id: file.id,
      purpose: file.purpose,
      kind: file.kind,
      pages: file.pages,
      costLineId: file.costLineId,
    })),
  };
}

type ActionData = {
  error?: string;
  errors?: Record<string, string[]>;
  values?: Record<string, string>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:fund");
  const applicationId = params.applicationId ?? "";
  const intent = StaffIntentSchema.safeParse(formData.get("intent"));
  const answer = (status: number, data: ActionData) => Response.json(data, { status });
  if (!intent.success) return answer(400, { error: "errors.tracking.unknownAction" });
  const values = Object.fromEntries(
    [...formData].filter(([name, value]) => name !== "csrf" && typeof value === "string"),
  ) as Record<string, string>;
  const refused = (reason: string) => {
    if (reason === "not-found") throw new Response("Not found", { status: 404 });
    return answer(409, { error: `fundReport.staff.refused.${reason}`, values });
  };

  if (intent.data === "payment") {
    const parsed = paymentSchema(await getLanguage(request)).safeParse({
      amount: formData.get("amount") ?? "",
      paidOn: formData.get("paidOn") ?? "",
    });
    if (!parsed.success) {
      const errors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues)
        (errors[String(issue.path[0])] ??= []).push(issue.message);
      return answer(400, { error: "fundReport.errors.summaryOfProblems", errors, values });
    }
    const outcome = await recordPayment({
      staffId: user.id,
      applicationId,
      paidCents: parsed.data.amount,
      paidAt: parsed.data.paidOn,
    });
    if (outcome.status === "refused") return refused(outcome.reason);
    return redirect(`/staff/fund/projects/${applicationId}?done=paid`, 303);
  }
  if (intent.data === "questions") {
    const parsed = QuestionsSchema.safeParse({ message: formData.get("message") ?? "" });
    if (!parsed.success) {
      return answer(400, {
        error: "fundReport.errors.summaryOfProblems",
        errors: { message: parsed.error.issues.map((issue) => issue.message) },
        values,
      });
    }
    const outcome = await askReportQuestions({
      staffId: user.id,
      applicationId,
      message: parsed.data.message,
    });
    if (outcome.status === "refused") return refused(outcome.reason);
    return redirect(`/staff/fund/projects/${applicationId}?done=questions`, 303);
  }
  const outcome = await acceptReport({ staffId: user.id, applicationId });
  if (outcome.status === "refused") return refused(outcome.reason);
  return redirect(`/staff/fund/projects/${applicationId}?done=accepted`, 303);
}

export default function StaffFundProject() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { t, i18n } = useTranslation();
  const euros = (cents: number) => formatCents(cents, i18n.language);
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, {
      dateStyle: "medium",
      timeZone: "Europe/Berlin",
    }).format(new Date(iso));
  const { decision, report, money } = data;
  const receipts = data.files.filter((file) => file.purpose === "receipt");
  const photos = data.files.filter((file) => file.purpose === "report_photo");
  const errors = actionData?.errors ?? {};
  return (
    <article className="stack">
      <p>
        <Link to={`/staff/fund/applications/${data.application.id}`}>
          {t("fundReport.staff.toApplication")}
        </Link>
      </p>
      <h1>
        <IsolatedT i18nKey="fundReport.staff.heading" user={{ title: data.application.title }} />
      </h1>
      {data.done === "paid" || data.done === "accepted" || data.done === "questions" ? (
        <p className="alert alert-ok" role="status">
          {t(`fundReport.staff.done.${data.done}`)}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.error} />

      {!decision || data.application.status !== "granted" ? (
        <p className="alert alert-info">{t("fundReport.staff.refused.not-granted")}</p>
      ) : (
        <>
          <section aria-labelledby="payment-heading" className="panel stack">
            <h2 id="payment-heading">{t("fundReport.staff.paymentTitle")}</h2>
            <p>
              {t("fundReport.granted", { amount: euros(decision.grantedCents) })}{" "}
              {decision.paidAt
                ? t("fundReport.staff.paidOn", {
                    amount: euros(decision.paidCents),
                    date: date(decision.paidAt),
                  })
                : t("fundReport.staff.notPaid")}
            </p>
            <Form method="post" className="stack" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="payment" />
              <div className="field">
                <label htmlFor="amount">{t("fundReport.staff.paidAmount")}</label>
                <p className="hint" id="amount-hint">
                  {t("fundReport.staff.paidAmountHint", { amount: euros(decision.grantedCents) })}
                </p>
                <input
                  id="amount"
                  name="amount"
                  inputMode="decimal"
                  dir="ltr"
                  defaultValue={
                    actionData?.values?.amount ??
                    centsToInput(decision.paidCents || decision.grantedCents, i18n.language)
                  }
                  aria-invalid={errors.amount ? true : undefined}
                  aria-describedby="amount-hint amount-errors"
                />
                <FieldErrors id="amount-errors" errors={errors.amount} />
              </div>
              <div className="field">
                <label htmlFor="paidOn">{t("fundReport.staff.paidOnLabel")}</label>
                <input
                  id="paidOn"
                  name="paidOn"
                  type="date"
                  defaultValue={actionData?.values?.paidOn ?? decision.paidAt?.slice(0, 10) ?? ""}
                  aria-invalid={errors.paidOn ? true : undefined}
                  aria-describedby="paidOn-errors"
                />
                <FieldErrors id="paidOn-errors" errors={errors.paidOn} />
              </div>
              <button type="submit" className="button primary">
                {t("fundReport.staff.recordPayment")}
              </button>
            </Form>
          </section>

          <section aria-labelledby="pots-heading" className="stack">
            <h2 id="pots-heading">{t("fundReport.staff.potsTitle")}</h2>
            <div className="table-wrap">
              <table data-testid="pots">
                <thead>
                  <tr>
                    <th scope="col">{t("fundReport.staff.pot")}</th>
                    <th scope="col">{t("fundReport.staff.allocated")}</th>
                    <th scope="col">{t("fundReport.staff.potReturned")}</th>
                    <th scope="col">{t("fundReport.staff.potAvailable")}</th>
                  </tr>
                </thead>
                <tbody>
                  {decision.allocations.map((a) => (
                    <tr key={a.potId}>
                      <th scope="row">
                        <bdi>{a.pot.name}</bdi>
                      </th>
                      <td>{euros(a.amountCents)}</td>
                      <td>{euros(a.pot.returnedCents)}</td>
                      <td>
                        {euros(
                          Math.max(0, a.pot.amountCents - a.pot.grantedCents + a.pot.returnedCents),
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="report-heading" className="stack">
            <h2 id="report-heading">{t("fundReport.title")}</h2>
            <p data-testid="report-status">
              {t(`fundReport.staff.status.${report?.status ?? "none"}`)}
              {report?.submittedAt
                ? ` – ${t("fundReport.staff.submittedOn", { date: date(report.submittedAt) })}`
                : null}
            </p>
            {data.dueOn ? <p>{t("fundReport.staff.dueOn", { date: date(data.dueOn) })}</p> : null}
            {report ? (
              <>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("fundReport.staff.line")}</th>
                        <th scope="col">{t("fundReport.staff.planned")}</th>
                        <th scope="col">{t("fundReport.staff.actual")}</th>
                        <th scope="col">{t("fundReport.staff.difference")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {money.lines.map((diff) => {
                        const line = data.lines.find((l) => l.id === diff.id)!;
                        return (
                          <tr key={diff.id}>
                            <th scope="row">
                              {line.position}. <bdi>{line.description}</bdi>
                            </th>
                            <td>{euros(line.amountCents)}</td>
                            <td>{line.actualCents === null ? "–" : euros(line.actualCents)}</td>
                            <td>
                              <LineFlagText diff={diff} />
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <ReportTotals money={money} />
                {report.status === "accepted" ? (
                  <p data-testid="returned">
                    {t("fundReport.staff.returned", { amount: euros(report.returnedCents) })}
                  </p>
                ) : null}
                <p>{t("fundReport.hoursValue", { hours: report.volunteerHours })}</p>
                {report.summary ? <UserText text={report.summary} /> : null}
                {report.status === "questions" && report.staffQuestion ? (
                  <div className="alert alert-info">
                    <h3>{t("fundReport.questionsTitle")}</h3>
                    <UserText text={report.staffQuestion} />
                  </div>
                ) : null}
                <h3>{t("fundReport.filesTitle")}</h3>
                {receipts.length + photos.length === 0 ? (
                  <p>{t("fundReport.noFiles")}</p>
                ) : (
                  <ul className="link-list fund-files">
                    {receipts.map((file, index) => {
                      const line = data.lines.find((l) => l.id === file.costLineId);
                      return (
                        <li key={file.id}>
                          <a href={`/staff/fund/files/${file.id}`}>
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
                        </li>
                      );
                    })}
                    {photos.map((file, index) => (
                      <li key={file.id}>
                        <a href={`/staff/fund/files/${file.id}`}>
                          {t("fundReport.photoName", { n: index + 1 })}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            ) : null}
            {report?.status === "submitted" ? (
              <div className="stack">
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="accept" />
                  <p className="hint">
                    {t("fundReport.staff.acceptHint", { amount: euros(money.unspentCents) })}
                  </p>
                  <button type="submit" className="button primary">
                    {t("fundReport.staff.accept")}
                  </button>
                </Form>
                <Form method="post" className="stack" noValidate>
                  <CsrfInput />
                  <input type="hidden" name="intent" value="questions" />
                  <div className="field">
                    <label htmlFor="message">{t("fundReport.staff.questionLabel")}</label>
                    <textarea
                      id="message"
                      name="message"
                      rows={4}
                      dir="auto"
                      defaultValue={actionData?.values?.message ?? ""}
                      aria-invalid={errors.message ? true : undefined}
                      aria-describedby="message-errors"
                    />
                    <FieldErrors id="message-errors" errors={errors.message} />
                  </div>
                  <button type="submit" className="button secondary">
                    {t("fundReport.staff.sendQuestions")}
                  </button>
                </Form>
              </div>
            ) : null}
          </section>
        </>
      )}
    </article>
  );
}
