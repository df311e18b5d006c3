import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { z } from "zod";
import { FieldErrors } from "~/components/field-errors";
import { getT } from "~/i18n/i18n.server";
import { getStaffRole } from "~/modules/fund/jury.server";
import { createStaffSession, getStaffUser } from "~/modules/staff/session.server";
import { login } from "~/modules/staff/staff.server";
import { clientAddress, consume } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/form.server";
import { safeRedirectPath } from "~/utils/safe-redirect";

/**
 * Only paths inside the staff area or the decision team's area, judged after
 * URL normalisation (so that `/staff/..//evil.example` cannot leave it):
 * never redirect to another site after login.
 */
function safeRedirect(to: string | undefined) {
  const path = safeRedirectPath(to, "/staff");
  return /^\/(staff|jury)(\/|$|\?|#)/.test(path) ? path : "/staff";
}

/** A decision team account (role "jury") has no staff area: it lands on /jury. */
function landingFor(role: string | undefined, path: string) {
  return role === "jury" && !/^\/jury(\/|$|\?|#)/.test(path) ? "/jury" : path;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getStaffUser(request);
  if (user) return redirect(landingFor(user.role, "/staff"));
  const t = await getT(request);
  const params = new URL(request.url).searchParams;
  const redirectTo = params.get("redirectTo");
  return {
    pageTitle: `${t("staff.login.title")} – ${t("app.name")}`,
    redirectTo: safeRedirect(redirectTo ?? undefined),
    /** Why the session ended, when the account page signed the user out. */
    notice: params.get("notice") === "password-attempts" ? "passwordAttempts" : null,
  };
}

type ActionData = { result: SubmissionResult<string[]> };

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const LoginSchema = z.object({
    email: z.email({ error: "errors.email.invalid" }).max(200),
    password: z.string({ error: "errors.login.passwordRequired" }).min(1).max(200),
    redirectTo: z.string().optional(),
  });
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return Response.json(
      { result: submission.reply({ hideFields: ["password"] }) } satisfies ActionData,
      {
        status: 400,
      },
    );
  }
  const limit = await consume("login", clientAddress(context));
  if (!limit.allowed) {
    return Response.json(
      {
        result: submission.reply({
          formErrors: ["errors.login.tooMany"],
          hideFields: ["password"],
        }),
      } satisfies ActionData,
      { status: 429 },
    );
  }
  const outcome = await login(submission.value.email, submission.value.password, {
    address: clientAddress(context),
  });
  if (outcome.status === "refused") {
    // One answer for an unknown address, a wrong password and a lock alike.
    return Response.json(
      {
        result: submission.reply({
          formErrors: ["errors.login.invalid"],
          hideFields: ["password"],
        }),
      } satisfies ActionData,
      { status: 401 },
    );
  }
  return redirect(
    landingFor(await getStaffRole(outcome.staffId), safeRedirect(submission.value.redirectTo)),
    {
      status: 303,
      headers: { "Set-Cookie": await createStaffSession(outcome.staffId) },
    },
  );
}

export default function StaffLogin() {
  const { t } = useTranslation();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
  });
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  return (
    <article className="narrow">
      <h1>{t("staff.login.title")}</h1>
      <p>{t("staff.login.intro")}</p>
      {notice ? (
        <p className="alert alert-info" role="status">
          {t(`staff.login.notice.${notice}`)}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorAlert errors={form.errors} id={form.errorId} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="field">
          <label htmlFor={fields.email.id}>{t("staff.login.email")}</label>
          <input
            {...getInputProps(fields.email, { type: "email" })}
            key={fields.email.key}
            autoComplete="username"
          />
          <FieldErrors id={fields.email.errorId} errors={fields.email.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.password.id}>{t("staff.login.password")}</label>
          <input
            {...getInputProps(fields.password, { type: "password" })}
            key={fields.password.key}
            autoComplete="current-password"
          />
          <FieldErrors id={fields.password.errorId} errors={fields.password.errors} />
        </div>
        <button type="submit" className="primary" disabled={navigation.state !== "idle"}>
          {t("staff.login.submit")}
        </button>
      </Form>
    </article>
  );
}
