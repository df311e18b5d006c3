import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProcedureForm } from "~/components/staff-procedures/procedure-form";
import { getT } from "~/i18n/i18n.server";
import {
  NewProcedureSchema,
  phaseProblemKeys,
  procedureLimits,
} from "~/modules/procedures/procedure.schema.server";
import { createProcedure } from "~/modules/procedures/procedures.server";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:procedure");
  const t = await getT(request);
  return {
    pageTitle: `${t("staff.procedures.new.title")} – ${t("app.name")}`,
    limits: procedureLimits,
  };
}

type ActionData = { result: SubmissionResult<string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:procedure");
  const submission = parseWithZod(formData, { schema: NewProcedureSchema });
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply() } satisfies ActionData, { status: 400 });
  }
  const outcome = await createProcedure(submission.value, user.id);
  if (outcome.status === "refused") {
    const formErrors =
      outcome.reason === "phases"
        ? phaseProblemKeys(outcome.problems)
        : [`staff.procedures.refusals.${outcome.reason}`];
    return Response.json({ result: submission.reply({ formErrors }) } satisfies ActionData, {
      status: 409,
    });
  }
  // A fund round goes on to its rules and pots, which start with the usual values.
  if (outcome.fundRoundId) return redirect(`/staff/fund/${outcome.fundRoundId}?done=created`, 303);
  return redirect(`/staff/procedures/${outcome.id}?done=created`, 303);
}

export default function NewProcedure() {
  const { t } = useTranslation();
  const { limits } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  return (
    <article className="narrow">
      <p>
        <Link to="/staff/procedures">← {t("staff.procedures.list.title")}</Link>
      </p>
      <h1>{t("staff.procedures.new.title")}</h1>
      <p>{t("staff.procedures.new.intro")}</p>
      <ProcedureForm
        id="new-procedure"
        lastResult={actionData?.result}
        fixedKind={null}
        limits={limits}
        submitLabel={t("staff.procedures.new.submit")}
      />
    </article>
  );
}
