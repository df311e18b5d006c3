import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { z } from "zod";
import { LazyMap } from "~/components/lazy-map";
import { StatusBadge } from "~/components/status-badge";
import { activateArea, discardDraftArea, getAreaPreview } from "~/modules/areas/area-upload.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets } from "~/modules/areas/map-types";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { getEnv } from "~/utils/env.server";
import { CsrfInput } from "~/components/csrf-input";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:area");
  const preview = await getAreaPreview(params.id ?? "");
  if (!preview) throw new Response("Not found", { status: 404 });
  return { ...preview, attributions: await listAttributions(), styleUrl: getEnv().MAP_STYLE_URL };
}

// A function, so that the browser bundle (which has no loader/action) carries no zod.
const actionSchema = () =>
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("activate"),
      validFrom: z.iso.date({ error: "errors.area.dateRequired" }),
    }),
    z.object({ intent: z.literal("discard") }),
  ]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:area");
  const parsed = actionSchema().safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return Response.json(
      { error: parsed.error.issues[0]?.message ?? "errors.staff.invalidAction" },
      { status: 400 },
    );
  }
  const id = params.id ?? "";
  if (parsed.data.intent === "discard") {
    await discardDraftArea(id, user.id);
    return redirect("/staff/areas", 303);
  }
  const outcome = await activateArea({
    id,
    validFrom: new Date(`${parsed.data.validFrom}T00:00:00`),
    staffId: user.id,
  });
  if (outcome.status === "refused") {
    return Response.json({ error: `errors.area.${outcome.reason}` }, { status: 409 });
  }
  return redirect(`/staff/areas/${id}`, 303);
}

export default function StaffAreaPreview() {
  const { t, i18n } = useTranslation();
  const { area, areaHa, outside, outsideCount, checked, attributions, styleUrl } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<{ error: string }>();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <p>
        <Link to="/staff/areas">← {t("staff.nav.areas")}</Link>
      </p>
      <h1 dir="auto">{area.name}</h1>
      <p>
        {t(`staff.areas.status.${area.status}`)} · {t("staff.areas.size", { ha: areaHa })}
        {area.status === "active"
          ? ` · ${format.format(new Date(area.validFrom))} – ${area.validTo ? format.format(new Date(area.validTo)) : t("staff.areas.open")}`
          : null}
      </p>
      <p className="hint">
        <bdi>{area.source}</bdi> · <bdi>{area.licence}</bdi> · <bdi>{area.attribution}</bdi>
      </p>
      <p>{t("staff.areas.legend")}</p>
      <LazyMap
        mode="browse"
        overlay={area.geometry}
        styleUrl={styleUrl}
        attributions={attributions}
      />

      <h2>{t("staff.areas.outsideTitle", { count: outsideCount })}</h2>
      <p className="hint">{t("staff.areas.outsideHint", { checked })}</p>
      {outside.length ? (
        <ul>
          {outside.map((proposal) => (
            <li key={proposal.id}>
              <Link to={`/staff/proposals/${proposal.id}`} dir="auto">
                {proposal.title}
              </Link>{" "}
              <StatusBadge status={proposal.status} />
            </li>
          ))}
        </ul>
      ) : null}

      <ErrorAlert errors={actionData?.error} />
      {area.status === "draft" ? (
        <div className="button-row">
          <Form method="post" className="stack panel">
            <CsrfInput />
            <div className="field">
              <label htmlFor="validFrom">{t("staff.areas.validFrom")}</label>
              <input id="validFrom" name="validFrom" type="date" required defaultValue={today} />
            </div>
            <button type="submit" name="intent" value="activate" className="primary">
              {t("staff.areas.activate")}
            </button>
          </Form>
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="discard" className="danger">
              {t("staff.areas.discard")}
            </button>
          </Form>
        </div>
      ) : null}
    </>
  );
}
