import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  AreaMetaSchema,
  createDraftArea,
  listAreas,
  validateAreaGeoJSON,
  type AreaError,
} from "~/modules/areas/area-upload.server";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import { CsrfInput } from "~/components/csrf-input";
import { AREA_UPLOAD_MAX_BYTES, readForm } from "~/utils/form.server";

const MAX_UPLOAD_BYTES = 5_000_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:area");
  return { areas: await listAreas() };
}

type ActionData = { errors: AreaError[]; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  // A too large file comes back as a returned 413 (shown in the form), not as an error page.
  const auth = await requireStaffAction(request, "manage:area", (r) =>
    readForm(r, {
      multipart: true,
      maxBytes: AREA_UPLOAD_MAX_BYTES,
      longFields: ["geojsonText"],
    }),
  ).catch((thrown: unknown) => {
    if (thrown instanceof Response && thrown.status === 413) {
      return Response.json(
        {
          errors: [
            { key: "errors.area.fileTooLarge", params: { mb: MAX_UPLOAD_BYTES / 1_000_000 } },
          ],
          values: {},
        } satisfies ActionData,
        { status: 413 },
      );
    }
    throw thrown;
  });
  if (auth instanceof Response) return auth;
  const { user, formData } = auth;
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const values = {
    name: text("name"),
    source: text("source"),
    licence: text("licence"),
    attribution: text("attribution"),
    geojsonText: text("geojsonText"),
  };
  const file = formData.get("file");
  if (file instanceof Blob && file.size > MAX_UPLOAD_BYTES) {
    return Response.json(
      {
        errors: [{ key: "errors.area.fileTooLarge", params: { mb: MAX_UPLOAD_BYTES / 1_000_000 } }],
        values,
      } satisfies ActionData,
      { status: 413 },
    );
  }
  const uploaded = file instanceof Blob && file.size > 0 ? await file.text() : "";
  const geojson = uploaded || values.geojsonText;

  const meta = AreaMetaSchema.safeParse({
    ...values,
    isApproximation: formData.get("isApproximation") === "on",
  });
  const errors: AreaError[] = meta.success
    ? []
    : meta.error.issues.map((issue) => ({ key: issue.message }));
  if (!geojson.trim()) errors.push({ key: "errors.area.fileRequired" });
  const validation = geojson.trim() ? validateAreaGeoJSON(geojson) : null;
  if (validation && !validation.ok) errors.push(...validation.errors);
  if (errors.length || !meta.success || !validation?.ok) {
    return Response.json({ errors, values } satisfies ActionData, { status: 400 });
  }
  const draft = await createDraftArea({
    ...meta.data,
    geometry: validation.geometry,
    staffId: user.id,
  });
  return redirect(`/staff/areas/${draft.id}`, 303);
}

export default function StaffAreas() {
  const { t, i18n } = useTranslation();
  const { areas } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  const values = actionData?.values;
  return (
    <>
      <h1>{t("staff.areas.title")}</h1>
      <p>{t("staff.areas.intro")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staff.areas.name")}</th>
              <th scope="col">{t("staff.areas.state")}</th>
              <th scope="col">{t("staff.areas.validity")}</th>
              <th scope="col">{t("staff.areas.proposals")}</th>
            </tr>
          </thead>
          <tbody>
            {areas.map((area) => (
              <tr key={area.id}>
                <td>
                  <Link to={`/staff/areas/${area.id}`} dir="auto">
                    {area.name}
                  </Link>
                  {area.isApproximation ? ` (${t("staff.areas.approximation")})` : null}
                </td>
                <td>{t(`staff.areas.status.${area.status}`)}</td>
                <td>
                  {area.status === "active"
                    ? `${format.format(new Date(area.validFrom))} – ${area.validTo ? format.format(new Date(area.validTo)) : t("staff.areas.open")}`
                    : "–"}
                </td>
                <td>{area._count.proposals}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("staff.areas.uploadTitle")}</h2>
      <p className="hint">{t("staff.areas.uploadHint")}</p>
      {actionData?.errors?.length ? (
        <div className="alert alert-error" role="alert">
          <p>{t("errors.area.intro")}</p>
          <ul>
            {actionData.errors.map((error, index) => (
              <li key={index}>{t(error.key, error.params)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack narrow">
        <CsrfInput />
        <div className="field">
          <label htmlFor="area-name">{t("staff.areas.name")}</label>
          <input
            id="area-name"
            name="name"
            type="text"
            required
            dir="auto"
            defaultValue={values?.name}
          />
        </div>
        <div className="field">
          <label htmlFor="area-file">{t("staff.areas.file")}</label>
          <input
            id="area-file"
            name="file"
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
          />
        </div>
        <div className="field">
          <label htmlFor="area-text">{t("staff.areas.paste")}</label>
          <textarea
            id="area-text"
            name="geojsonText"
            rows={4}
            dir="ltr"
            defaultValue={values?.geojsonText}
          />
        </div>
        <div className="field">
          <label htmlFor="area-source">{t("staff.areas.source")}</label>
          <input
            id="area-source"
            name="source"
            type="text"
            required
            dir="auto"
            defaultValue={values?.source}
          />
        </div>
        <div className="field">
          <label htmlFor="area-licence">{t("staff.areas.licence")}</label>
          <input
            id="area-licence"
            name="licence"
            type="text"
            required
            dir="auto"
            defaultValue={values?.licence ?? "dl-de/by-2-0"}
          />
        </div>
        <div className="field">
          <label htmlFor="area-attribution">{t("staff.areas.attribution")}</label>
          <input
            id="area-attribution"
            name="attribution"
            type="text"
            required
            dir="auto"
            defaultValue={values?.attribution}
          />
        </div>
        <label className="checkbox" htmlFor="area-approx">
          <input id="area-approx" name="isApproximation" type="checkbox" />
          <span>{t("staff.areas.isApproximation")}</span>
        </label>
        <button type="submit" className="primary">
          {t("staff.areas.upload")}
        </button>
      </Form>
    </>
  );
}
