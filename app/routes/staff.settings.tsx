import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getCommentMode, setCommentMode } from "~/modules/comments/comments.server";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { CsrfInput } from "~/components/csrf-input";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings");
  return {
    commentMode: await getCommentMode(),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

// A function, so that the browser bundle (which has no loader/action) carries no zod.
const settingsSchema = () => z.object({ commentMode: z.enum(["pre", "post"]) });

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:settings");
  const parsed = settingsSchema().safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return Response.json({ error: "errors.staff.invalidAction" }, { status: 400 });
  await setCommentMode(parsed.data.commentMode, user.id);
  return redirect("/staff/settings?saved", 303);
}

export default function StaffSettings() {
  const { t } = useTranslation();
  const { commentMode, saved } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staff.settings.title")}</h1>
      {saved ? (
        <p className="alert alert-ok" role="status">
          {t("staff.settings.saved")}
        </p>
      ) : null}
      <Form method="post" className="stack narrow">
        <CsrfInput />
        <fieldset className="field">
          <legend>{t("staff.settings.commentMode")}</legend>
          {(["pre", "post"] as const).map((mode) => (
            <label key={mode} className="radio">
              <input
                type="radio"
                name="commentMode"
                value={mode}
                defaultChecked={commentMode === mode}
              />
              <span>{t(`staff.settings.mode.${mode}`)}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t("staff.settings.save")}
        </button>
      </Form>
    </>
  );
}
