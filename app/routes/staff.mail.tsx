import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import {
  getDeliverySummary,
  listDeliveryProblems,
  retryMail,
  type DeliveryRow,
} from "~/modules/mail/deliveries.server";
import { isMailEnabled } from "~/modules/mail/mail-config.server";
import { can } from "~/modules/staff/permissions";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";

/**
 * E-mail delivery for staff: mails that failed and mails waiting for another
 * attempt, with the last error. The recipient appears shortened, and only to
 * roles that may see contact data; an admin can send a failed mail again.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "view:staff-area");
  const showRecipient = can(user.role, "view:contact");
  const [problems, summary] = await Promise.all([
    listDeliveryProblems({ showRecipient }),
    getDeliverySummary(),
  ]);
  return {
    enabled: isMailEnabled(),
    summary,
    ...problems,
    showRecipient,
    canRetry: can(user.role, "retry:mail"),
    done: new URL(request.url).searchParams.get("done") === "retried",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "retry:mail");
  // Inside the action, so that the browser bundle (which has no action) carries no zod.
  const RetrySchema = z.object({
    intent: z.literal("retry"),
    id: z.string().trim().min(1).max(64),
  });
  const parsed = RetrySchema.safeParse({ intent: formData.get("intent"), id: formData.get("id") });
  if (!parsed.success) {
    return Response.json({ errors: ["errors.staff.invalidAction"] }, { status: 400 });
  }
  const result = await retryMail({ id: parsed.data.id, staffId: user.id });
  if (result.status === "refused") {
    return Response.json({ errors: ["mail.staff.notRetryable"] }, { status: 409 });
  }
  return redirect("/staff/mail?done=retried", 303);
}

export default function StaffMail() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<{ errors: string[] }>();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Berlin",
  });
  const table = (rows: ReadonlyArray<DeliveryRowJson>, failed: boolean) => (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("mail.staff.columns.created")}</th>
          <th scope="col">{t("mail.staff.columns.kind")}</th>
          <th scope="col">{t("mail.staff.columns.about")}</th>
          {data.showRecipient ? <th scope="col">{t("mail.staff.columns.recipient")}</th> : null}
          <th scope="col">{t("mail.staff.columns.attempts")}</th>
          {failed ? null : <th scope="col">{t("mail.staff.columns.next")}</th>}
          <th scope="col">{t("mail.staff.columns.error")}</th>
          {failed && data.canRetry ? (
            <th scope="col">
              <span className="visually-hidden">{t("mail.staff.retry")}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>{format.format(new Date(row.createdAt))}</td>
            <td>{t(`mail.staff.kinds.${row.kind}`)}</td>
            <td>
              <Link
                to={
                  row.about.kind === "proposal"
                    ? `/staff/proposals/${row.about.id}`
                    : `/staff/fund/applications/${row.about.id}`
                }
              >
                <bdi>{row.about.title || t("mail.staff.untitled")}</bdi>
              </Link>
            </td>
            {data.showRecipient ? <td dir="ltr">{row.recipient ?? "–"}</td> : null}
            <td>{row.attempts}</td>
            {failed ? null : <td>{format.format(new Date(row.nextAttemptAt))}</td>}
            <td>
              <code dir="ltr">{row.lastError ?? "–"}</code>
            </td>
            {failed && data.canRetry ? (
              <td>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="id" value={row.id} />
                  <button type="submit" name="intent" value="retry" className="secondary">
                    {t("mail.staff.retry")}
                  </button>
                </Form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      <h1>{t("mail.staff.title")}</h1>
      {data.enabled ? (
        <p>{t("mail.staff.intro")}</p>
      ) : (
        <p className="alert alert-info">{t("mail.staff.disabled")}</p>
      )}
      {data.done ? (
        <p className="alert alert-ok" role="status">
          {t("mail.staff.retried")}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.errors} />
      <p>{t("mail.staff.summary", data.summary)}</p>
      {data.showRecipient ? <p className="hint">{t("mail.staff.recipientHint")}</p> : null}

      <h2>{t("mail.staff.failedTitle")}</h2>
      {data.failed.length ? table(data.failed, true) : <p>{t("mail.staff.noneFailed")}</p>}

      <h2>{t("mail.staff.retryingTitle")}</h2>
      {data.retrying.length ? table(data.retrying, false) : <p>{t("mail.staff.noneRetrying")}</p>}
    </>
  );
}

/** A delivery row as the loader's JSON brings it (dates as strings). */
type DeliveryRowJson = Omit<DeliveryRow, "nextAttemptAt" | "createdAt"> & {
  nextAttemptAt: string;
  createdAt: string;
};
