import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { IsolatedT } from "~/components/user-text";
import { z } from "zod";
import { roles } from "~/modules/staff/permissions";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { createStaff, listStaff, setStaffActive, unlockStaff } from "~/modules/staff/staff.server";
import { errorKeys } from "~/utils/submission";
import { userText } from "~/utils/user-text.schema.server";
import { CsrfInput } from "~/components/csrf-input";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:staff");
  const staff = await listStaff();
  return {
    selfId: user.id,
    staff: staff.map((member) => ({ ...member, locked: member.lockedUntil !== null })),
  };
}

// A function, so that the browser bundle (which has no loader/action) carries no zod.
const userActionSchema = () =>
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("create"),
      email: z.email({ error: "errors.email.invalid" }).max(200),
      name: userText().min(1, "errors.staff.nameRequired").max(100),
      role: z.enum(roles),
    }),
    z.object({ intent: z.literal("unlock"), staffId: z.string().min(1).max(40) }),
    z.object({ intent: z.literal("deactivate"), staffId: z.string().min(1).max(40) }),
    z.object({ intent: z.literal("activate"), staffId: z.string().min(1).max(40) }),
  ]);

type ActionData = { errors?: string[]; created?: { email: string; password: string } };

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:staff");
  const submission = parseWithZod(formData, { schema: userActionSchema() });
  if (submission.status !== "success") {
    const errors = errorKeys(submission.reply());
    return Response.json({ errors } satisfies ActionData, { status: 400 });
  }
  const value = submission.value;
  if (value.intent === "create") {
    const outcome = await createStaff({ ...value, createdById: user.id });
    if (outcome.status === "refused") {
      return Response.json({ errors: ["errors.staff.emailTaken"] } satisfies ActionData, {
        status: 409,
      });
    }
    // The password is shown once, to the admin who hands it over.
    return Response.json({
      created: { email: value.email, password: outcome.password },
    } satisfies ActionData);
  }
  const outcome =
    value.intent === "unlock"
      ? await unlockStaff(value.staffId, user.id)
      : await setStaffActive(value.staffId, value.intent === "activate", user.id);
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return Response.json({ errors: [`errors.staff.${outcome.reason}`] } satisfies ActionData, {
      status: 409,
    });
  }
  return Response.json({} satisfies ActionData);
}

export default function StaffUsers() {
  const { t, i18n } = useTranslation();
  const { staff, selfId } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  return (
    <>
      <h1>{t("staff.users.title")}</h1>
      <p className="hint">{t("staff.users.lockHint")}</p>
      <ErrorAlert errors={actionData?.errors} />
      {actionData?.created ? (
        <div className="alert alert-ok" role="status">
          <p>
            <IsolatedT i18nKey="staff.users.created" user={{ email: actionData.created.email }} />
          </p>
          <p>
            {t("staff.users.password")}: <code dir="ltr">{actionData.created.password}</code>
          </p>
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staff.users.name")}</th>
              <th scope="col">{t("staff.login.email")}</th>
              <th scope="col">{t("staff.users.role")}</th>
              <th scope="col">{t("staff.users.state")}</th>
              <th scope="col">{t("staff.users.lastLogin")}</th>
              <th scope="col">{t("staff.users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id}>
                <td>
                  <bdi>{member.name}</bdi>
                </td>
                <td>
                  <span dir="ltr">{member.email}</span>
                </td>
                <td>{t(`staff.roles.${member.role}`)}</td>
                <td>
                  {!member.active
                    ? t("staff.users.inactive")
                    : member.accountLockedUntil
                      ? t("staff.users.lockedUntil", {
                          time: format.format(new Date(member.accountLockedUntil)),
                        })
                      : member.lockedAddresses > 0 && member.lockedUntil
                        ? t("staff.users.lockedAddresses", {
                            count: member.lockedAddresses,
                            time: format.format(new Date(member.lockedUntil)),
                          })
                        : member.failures > 0
                          ? t("staff.users.failedLogins", { count: member.failures })
                          : t("staff.users.active")}
                </td>
                <td>{member.lastLoginAt ? format.format(new Date(member.lastLoginAt)) : "–"}</td>
                <td>
                  <Form method="post" className="button-row">
                    <CsrfInput />
                    <input type="hidden" name="staffId" value={member.id} />
                    {member.locked ? (
                      <button type="submit" name="intent" value="unlock" className="secondary">
                        {t("staff.users.unlock")}
                      </button>
                    ) : null}
                    {member.id === selfId ? null : member.active ? (
                      <button type="submit" name="intent" value="deactivate" className="danger">
                        {t("staff.users.deactivate")}
                      </button>
                    ) : (
                      <button type="submit" name="intent" value="activate" className="secondary">
                        {t("staff.users.activate")}
                      </button>
                    )}
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("staff.users.createTitle")}</h2>
      <Form method="post" className="stack narrow">
        <CsrfInput />
        <div className="field">
          <label htmlFor="new-name">{t("staff.users.name")}</label>
          <input id="new-name" name="name" type="text" required maxLength={100} dir="auto" />
        </div>
        <div className="field">
          <label htmlFor="new-email">{t("staff.login.email")}</label>
          <input id="new-email" name="email" type="email" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="new-role">{t("staff.users.role")}</label>
          <p className="hint" id="new-role-hint">
            {t("fundRounds.users.roleHint")}
          </p>
          <select
            id="new-role"
            name="role"
            defaultValue="moderator"
            aria-describedby="new-role-hint"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`staff.roles.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" name="intent" value="create" className="primary">
          {t("staff.users.create")}
        </button>
      </Form>
    </>
  );
}
