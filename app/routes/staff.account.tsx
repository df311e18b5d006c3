import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { z } from "zod";
import {
  destroyStaffSession,
  requireStaff,
  requireStaffAction,
} from "~/modules/staff/session.server";
import { changePassword } from "~/modules/staff/staff.server";
import { errorKeys } from "~/utils/submission";
import { CsrfInput } from "~/components/csrf-input";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "view:staff-area");
  return { name: user.name, email: user.email };
}

// A function, so that the browser bundle (which has no loader/action) carries no zod.
const passwordSchema = () =>
  z
    .object({
      currentPassword: z.string({ error: "errors.login.passwordRequired" }).min(1).max(200),
      newPassword: z
        .string({ error: "errors.account.tooShort" })
        .min(12, "errors.account.tooShort")
        .max(200),
      confirmPassword: z.string({ error: "errors.account.mismatch" }),
    })
    .refine((value) => value.newPassword === value.confirmPassword, {
      path: ["confirmPassword"],
      message: "errors.account.mismatch",
    });

type ActionData = { errors?: string[]; saved?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "view:staff-area");
  const submission = parseWithZod(formData, { schema: passwordSchema() });
  if (submission.status !== "success") {
    const errors = errorKeys(submission.reply());
    return Response.json({ errors } satisfies ActionData, { status: 400 });
  }
  const outcome = await changePassword({
    staffId: user.id,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.newPassword,
    keepSessionId: user.sessionId,
  });
  if (outcome.status === "refused" && outcome.reason === "too-many") {
    // Every session of the account has ended: whoever was guessing must log in again.
    return redirect("/staff/login?notice=password-attempts", {
      status: 303,
      headers: { "Set-Cookie": await destroyStaffSession(request) },
    });
  }
  if (outcome.status === "refused") {
    return Response.json({ errors: ["errors.account.wrongPassword"] } satisfies ActionData, {
      status: 400,
    });
  }
  return Response.json({ saved: true } satisfies ActionData);
}

export default function StaffAccount() {
  const { t } = useTranslation();
  const { name, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  return (
    <>
      <h1>{t("staff.account.title")}</h1>
      <p>
        <bdi>{name}</bdi> · <span dir="ltr">{email}</span>
      </p>
      {actionData?.saved ? (
        <p className="alert alert-ok" role="status">
          {t("staff.account.saved")}
        </p>
      ) : null}
      <ErrorAlert errors={actionData?.errors} />
      <Form method="post" className="stack narrow">
        <CsrfInput />
        <p className="hint">{t("staff.account.attemptsHint")}</p>
        <div className="field">
          <label htmlFor="currentPassword">{t("staff.account.current")}</label>
          <input
            id="currentPassword"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
        <div className="field">
          <label htmlFor="newPassword">{t("staff.account.new")}</label>
          <input
            id="newPassword"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="confirmPassword">{t("staff.account.confirm")}</label>
          <input
            id="confirmPassword"
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
          />
        </div>
        <button type="submit" className="primary">
          {t("staff.account.save")}
        </button>
      </Form>
    </>
  );
}
