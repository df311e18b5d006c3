import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
} from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { z } from "zod";
import { FieldErrors } from "~/components/field-errors";
import {
  AddressSearch,
  PlaceMap,
  PlaceVerdict,
  usePlaceConfirmation,
  type PlaceConfirmationState,
} from "~/components/place-picker";
import { contentLanguageCodes, contentLanguageNames } from "~/i18n/config";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { getAddress, searchAddresses } from "~/modules/addresses/addresses.server";
import { confirmPlace, type PlaceConfirmation } from "~/modules/addresses/place.server";
import { isolateInText } from "~/components/user-text";
import { isMailEnabled } from "~/modules/mail/mail-config.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { isValidLonLat, type Compass, type PointCheck } from "~/modules/areas/geo";
import { mapAssets, type LonLat } from "~/modules/areas/map-types";
import { localisedText } from "~/modules/procedures/procedure-text";
import { listProceduresOpenForSubmission } from "~/modules/procedures/procedures.server";
import { categories } from "~/modules/proposals/categories";
import { descriptionLimits, titleLimits } from "~/modules/proposals/proposal-limits";
import { ProposalInputSchema } from "~/modules/proposals/proposal.schema.server";
import { submitProposal } from "~/modules/proposals/proposals.server";
import { outsideAreaMessage } from "~/modules/proposals/submission-messages";
import { getEnv } from "~/utils/env.server";
import { clientAddress, consume, consumeSubmission } from "~/utils/rate-limit.server";
import { formatBerlin } from "~/utils/berlin-time";
import { readUploadForm } from "~/utils/form.server";
import { PhotoFields, type PhotoFieldsState } from "~/components/photos/photo-fields";
import { PHOTO_MAX_BYTES } from "~/modules/photos/photo-policy";
import { checkPhotoForm, photoFormState } from "~/modules/photos/photos.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  const language = await getLanguage(request);
  const [attributions, open] = await Promise.all([
    listAttributions(),
    listProceduresOpenForSubmission(),
  ]);
  const procedures = open.map((procedure) => {
    const text = localisedText({ ...procedure, description: "" }, language);
    return {
      id: procedure.id,
      title: text.title,
      titleLanguage: text.titleLanguage,
      collectionEndsAt: procedure.currentPhase?.endsAt ?? null,
    };
  });
  // "Submit an idea" on a procedure's page links here with ?procedure=<id>.
  const requested = new URL(request.url).searchParams.get("procedure");
  const preselected = procedures.some((p) => p.id === requested) ? requested : null;
  return {
    pageTitle: `${t("proposals.new.title")} – ${t("app.name")}`,
    language,
    attributions,
    styleUrl: getEnv().MAP_STYLE_URL,
    procedures,
    preselected,
    requestedClosed: Boolean(requested) && !preselected,
    /** Whether e-mail is sent at all: the form promises mail only then. */
    mailEnabled: isMailEnabled(),
  };
}

type ActionData = {
  result: SubmissionResult<string[]>;
  addresses: Awaited<ReturnType<typeof searchAddresses>> | null;
  addressQuery: string;
  outside?: { distanceMeters: number; direction: Compass };
  location?: LonLat;
  /** The chosen point in words with the area verdict (shown next to the submit button). */
  place?: PlaceConfirmation;
  /** Problems with the photos, and which slots had one (the browser may not keep them). */
  photos?: PhotoFieldsState;
};

/** The chosen point in words, for an answer that shows the form again (also without JavaScript). */
async function placeOfForm(request: Request, formData: FormData) {
  const lon = toNumber(formData.get("lon"));
  const lat = toNumber(formData.get("lat"));
  if (lon === null || lat === null || !isValidLonLat(lon, lat)) return undefined;
  return confirmPlace(lon, lat, await getT(request));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { form: formData, files } = await readUploadForm(request, {
    maxFileBytes: PHOTO_MAX_BYTES,
  });
  // "Search address" only looks addresses up: it validates nothing and keeps what was typed.
  const KeepValuesSchema = z.looseObject({});
  const AddressQuerySchema = z.string().trim().max(100).catch("");
  const addressQuery = AddressQuerySchema.parse(formData.get("addressQuery") ?? "");
  const addresses = addressQuery ? await searchAddresses(addressQuery) : null;

  if (formData.get("intent") === "search-address") {
    const submission = parseWithZod(formData, { schema: KeepValuesSchema });
    return Response.json({
      result: submission.reply(),
      addresses,
      addressQuery,
      place: await placeOfForm(request, formData),
      photos: photoFormState(formData, files),
    } satisfies ActionData);
  }

  // An address picked from the search results sets the location (the no-JavaScript path).
  const addressId = formData.get("addressId");
  if (typeof addressId === "string" && addressId) {
    const address = await getAddress(addressId);
    if (address) {
      formData.set("lon", String(address.lon));
      formData.set("lat", String(address.lat));
    }
  }

  const submission = parseWithZod(formData, { schema: ProposalInputSchema });
  // Photos are decoded (CPU) only within their own budget per address.
  if (files.length && !(await consume("upload", clientAddress(context))).allowed) {
    return Response.json(
      {
        result: submission.reply({ formErrors: ["errors.rateLimited"] }),
        addresses,
        addressQuery,
        place: await placeOfForm(request, formData),
        photos: photoFormState(formData, files),
      } satisfies ActionData,
      { status: 429 },
    );
  }
  // Every problem in one answer: the text fields and each photo. Nothing is stored yet.
  const photos = await checkPhotoForm(formData, files);
  if (submission.status !== "success" || photos.status === "refused") {
    const place = await placeOfForm(request, formData);
    return Response.json(
      {
        result:
          photos.status === "refused"
            ? submission.reply({ formErrors: ["photos.errors.summary"] })
            : submission.reply(),
        addresses,
        addressQuery,
        place,
        photos: photoFormState(formData, files, photos.problems),
      } satisfies ActionData,
      { status: 400 },
    );
  }
  const location = { lon: submission.value.lon, lat: submission.value.lat };
  // Answers that show the form again: the photos must be chosen again without JavaScript.
  const photoState = photoFormState(formData, files);

  const limit = await consumeSubmission(clientAddress(context));
  if (!limit.allowed) {
    return Response.json(
      {
        result: submission.reply({ formErrors: ["errors.rateLimited"] }),
        addresses,
        addressQuery,
        location,
        place: await placeOfForm(request, formData),
        photos: photoState,
      } satisfies ActionData,
      { status: 429 },
    );
  }

  const outcome = await submitProposal(submission.value, {
    formLanguage: await getLanguage(request),
    photos: photos.photos,
  });
  if (outcome.status === "refused" && outcome.reason !== "outside-area") {
    // The procedure stopped taking ideas (or never existed): everything typed stays.
    const message =
      outcome.reason === "phase-closed" ? "phaseRefusal.submit" : "phaseRefusal.unknownProcedure";
    return Response.json(
      {
        result: submission.reply({
          formErrors: [message],
          fieldErrors: { procedureId: ["phaseRefusal.chooseAgain"] },
        }),
        addresses,
        addressQuery,
        location,
        place: await placeOfForm(request, formData),
        photos: photoState,
      } satisfies ActionData,
      { status: 409 },
    );
  }
  if (outcome.status === "refused") {
    return Response.json(
      {
        result: submission.reply({ fieldErrors: { lon: ["errors.location.outside"] } }),
        addresses,
        addressQuery,
        outside: { distanceMeters: outcome.distanceMeters, direction: outcome.direction },
        location,
        place: await placeOfForm(request, formData),
        photos: photoState,
      } satisfies ActionData,
      { status: 422 },
    );
  }
  return redirect(`/track/${outcome.trackingToken}?submitted=1`, 303);
}

function toNumber(value: unknown): number | null {
  const number = typeof value === "string" && value !== "" ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
}

export default function NewProposal() {
  const { t } = useTranslation();
  const {
    attributions,
    styleUrl,
    language,
    procedures,
    preselected,
    requestedClosed,
    mailEnabled,
  } = useLoaderData<typeof loader>();
  const languageOf = useLanguageAttributes();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";

  const [form, fields] = useForm({
    id: "new-proposal",
    lastResult: actionData?.result,
  });

  const initialLon = toNumber(fields.lon.initialValue);
  const initialLat = toNumber(fields.lat.initialValue);
  const [location, setLocation] = useState<LonLat | null>(
    actionData?.location ??
      (initialLon !== null && initialLat !== null ? { lon: initialLon, lat: initialLat } : null),
  );
  const [check, setCheck] = useState<PointCheck | null>(null);
  // The server's verdict (outside, missing) is about the place that was sent.
  // Once the person has picked another place it no longer applies — also when
  // the answer arrives after the new pick (a slow connection).
  const submittedLocation = actionData
    ? (actionData.location ??
      (initialLon !== null && initialLat !== null ? { lon: initialLon, lat: initialLat } : null))
    : null;
  // "Changed": a place the server has not judged yet (none asked so far, or another one).
  const locationChanged =
    location !== null && (actionData === undefined || !samePlace(submittedLocation, location));
  const [addressId, setAddressId] = useState<string | null>(
    typeof fields.addressId?.initialValue === "string" ? fields.addressId.initialValue : null,
  );

  const { search } = useLocation();

  // The chosen point in words and inside/outside, asked from the server after each new choice.
  const confirmation = usePlaceConfirmation({ location, changed: locationChanged, language });
  const shown: PlaceConfirmationState | null = locationChanged
    ? confirmation
    : actionData?.place
      ? { state: "done", ...actionData.place }
      : null;
  // Outside as far as is known: the server's answer, or the map's own check while it is asked.
  const knownOutside =
    shown?.state === "done"
      ? shown.inside
        ? undefined
        : shown
      : check && !check.inside && locationChanged
        ? check
        : undefined;

  // The server refused the place (outside): its summary at the top takes the focus.
  // (Once per answer, when it is shown: right after the answer, a previous choice may still hide it.)
  const summaryRef = useRef<HTMLDivElement>(null);
  const focusedAnswer = useRef<ActionData | null>(null);
  useEffect(() => {
    const summary = summaryRef.current;
    if (!actionData?.outside || !summary || focusedAnswer.current === actionData) return;
    focusedAnswer.current = actionData;
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }, [actionData, locationChanged]);

  const outside =
    check && !check.inside ? check : locationChanged ? undefined : actionData?.outside;
  const locationErrors = locationChanged
    ? []
    : [...(fields.lon.errors ?? []), ...(fields.lat.errors ?? [])];
  const locationMessages = [...new Set(locationErrors)].map((key) =>
    key === "errors.location.outside" && outside ? outsideAreaMessage(t, outside) : t(key),
  );
  const showLiveCheck = check !== null;

  return (
    <article className="narrow">
      <h1>{t("proposals.new.title")}</h1>
      <p className="lead">{t("proposals.new.intro")}</p>

      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
        <ErrorAlert errors={form.errors} id={form.errorId} />
        {actionData?.outside && !locationChanged ? (
          <div
            className="alert alert-error"
            role="alert"
            tabIndex={-1}
            ref={summaryRef}
            id="place-error-summary"
          >
            <p>
              {t("places.errorSummary", { message: outsideAreaMessage(t, actionData.outside) })}
            </p>
            <p>
              <a href="#location-field">{t("places.submitBlockedHint")}</a>
            </p>
          </div>
        ) : null}

        <div className="field">
          <label htmlFor={fields.title.id}>{t("proposals.fields.title")}</label>
          <p className="hint" id={`${fields.title.id}-hint`}>
            {t("proposals.fields.titleHint", titleLimits)}
          </p>
          <input
            {...getInputProps(fields.title, { type: "text" })}
            key={fields.title.key}
            dir="auto"
            maxLength={titleLimits.max}
            aria-describedby={`${fields.title.id}-hint ${fields.title.errorId}`}
          />
          <FieldErrors id={fields.title.errorId} errors={fields.title.errors} />
        </div>

        <div className="field">
          <label htmlFor={fields.description.id}>{t("proposals.fields.description")}</label>
          <p className="hint" id={`${fields.description.id}-hint`}>
            {t("proposals.fields.descriptionHint", descriptionLimits)}
          </p>
          <textarea
            {...getTextareaProps(fields.description)}
            key={fields.description.key}
            dir="auto"
            rows={6}
            maxLength={descriptionLimits.max}
            aria-describedby={`${fields.description.id}-hint ${fields.description.errorId}`}
          />
          <FieldErrors id={fields.description.errorId} errors={fields.description.errors} />
        </div>

        <div className="field">
          <label htmlFor={fields.category.id}>{t("proposals.fields.category")}</label>
          <select {...getSelectProps(fields.category)} key={fields.category.key}>
            <option value="">{t("proposals.fields.categoryChoose")}</option>
            {categories.map((category) => (
              <option key={category} value={category}>
                {t(`categories.${category}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.category.errorId} errors={fields.category.errors} />
        </div>

        {procedures.length || requestedClosed ? (
          <div className="field">
            <label htmlFor={fields.procedureId.id}>{t("procedureChoice.label")}</label>
            <p className="hint" id={`${fields.procedureId.id}-hint`}>
              {t("procedureChoice.hint")}
            </p>
            {requestedClosed ? (
              <p className="alert alert-info" role="status">
                {t("procedureChoice.requestedClosed")}
              </p>
            ) : null}
            <select
              {...getSelectProps(fields.procedureId)}
              key={fields.procedureId.key}
              defaultValue={
                typeof fields.procedureId.initialValue === "string"
                  ? fields.procedureId.initialValue
                  : (preselected ?? "")
              }
              aria-describedby={`${fields.procedureId.id}-hint ${fields.procedureId.errorId}`}
            >
              <option value="">{t("procedureChoice.none")}</option>
              {procedures.map((procedure) => (
                // An option holds text only: the title in a sentence is isolated with FSI … PDI.
                <option
                  key={procedure.id}
                  value={procedure.id}
                  {...(procedure.collectionEndsAt ? {} : languageOf(procedure.titleLanguage))}
                >
                  {procedure.collectionEndsAt
                    ? t("procedureChoice.option", {
                        title: isolateInText(procedure.title),
                        until: formatBerlin(procedure.collectionEndsAt, language, {
                          day: "numeric",
                          month: "long",
                        }),
                      })
                    : procedure.title}
                </option>
              ))}
            </select>
            <FieldErrors id={fields.procedureId.errorId} errors={fields.procedureId.errors} />
          </div>
        ) : null}

        <div className="field">
          <label htmlFor={fields.language.id}>{t("proposals.fields.language")}</label>
          <select
            {...getSelectProps(fields.language)}
            key={fields.language.key}
            defaultValue={
              typeof fields.language.initialValue === "string"
                ? fields.language.initialValue
                : language
            }
          >
            {contentLanguageCodes.map((code) => (
              <option key={code} value={code} lang={code === "other" ? undefined : code}>
                {code === "other"
                  ? t("proposals.fields.languageOther")
                  : contentLanguageNames[code]}
              </option>
            ))}
          </select>
        </div>

        <fieldset
          className="field location"
          id="location-field"
          aria-describedby="location-status location-errors"
        >
          <legend>{t("proposals.fields.location")}</legend>
          <p className="hint">{t("proposals.new.locationHint")}</p>
          <p className="hint">{t("areas.approximationNotice")}</p>

          <PlaceMap
            styleUrl={styleUrl}
            attributions={attributions}
            location={location}
            onPick={(point, result) => {
              setLocation(point);
              setCheck(result);
              setAddressId(null);
            }}
            onLocated={(point) => {
              setLocation(point);
              setCheck(null);
              setAddressId(null);
            }}
            geolocateStatusId="geolocate-status"
          />

          <div id="location-status" aria-live="polite" className="location-status">
            {showLiveCheck ? (
              check.inside ? (
                <p className="alert alert-ok">{t("proposals.new.insideArea")}</p>
              ) : null
            ) : location && locationMessages.length === 0 ? (
              <p className="alert alert-info">
                {t("proposals.new.locationChosen", {
                  lon: location.lon.toFixed(5),
                  lat: location.lat.toFixed(5),
                })}
              </p>
            ) : null}
          </div>
          <div id="location-errors" role={locationMessages.length ? "alert" : undefined}>
            {showLiveCheck && outside ? (
              <p className="field-error">{outsideAreaMessage(t, outside)}</p>
            ) : (
              locationMessages.map((message) => (
                <p className="field-error" key={message}>
                  {message}
                </p>
              ))
            )}
            {actionData?.outside && !locationChanged ? (
              <p>{t("errors.location.keptInput")}</p>
            ) : null}
          </div>

          <AddressSearch
            addresses={actionData?.addresses}
            addressQuery={actionData?.addressQuery ?? ""}
            // Without JavaScript, the answer opens at the results.
            formAction={`${search || "?"}#address-results`}
            resultsId="address-results"
            addressId={addressId}
            onChoose={(address) => {
              setAddressId(address.id);
              setLocation({ lon: address.lon, lat: address.lat });
              setCheck(null);
            }}
          />
        </fieldset>

        <PhotoFields state={actionData?.photos} />

        <fieldset className="field">
          <legend>{t("proposals.new.contactLegend")}</legend>
          <p className="hint">
            {t(mailEnabled ? "mail.form.hintWithMail" : "mail.form.hintWithoutMail")}
          </p>
          <div className="field">
            <label htmlFor={fields.name.id}>{t("proposals.fields.name")}</label>
            <input
              {...getInputProps(fields.name, { type: "text" })}
              key={fields.name.key}
              dir="auto"
              autoComplete="name"
            />
            <FieldErrors id={fields.name.errorId} errors={fields.name.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.email.id}>{t("proposals.fields.email")}</label>
            <input
              {...getInputProps(fields.email, { type: "email" })}
              key={fields.email.key}
              autoComplete="email"
            />
            <FieldErrors id={fields.email.errorId} errors={fields.email.errors} />
          </div>
          <div className="field">
            <label className="checkbox" htmlFor={fields.consent.id}>
              <input
                {...getInputProps(fields.consent, { type: "checkbox" })}
                key={fields.consent.key}
              />
              <span>
                {t("proposals.fields.consent")}{" "}
                <Link to="/privacy" target="_blank">
                  {t("proposals.fields.privacyLink")}
                </Link>
              </span>
            </label>
            <FieldErrors id={fields.consent.errorId} errors={fields.consent.errors} />
          </div>
          {mailEnabled ? (
            <div className="field">
              <label className="checkbox" htmlFor={fields.notifyReplies.id}>
                <input
                  {...getInputProps(fields.notifyReplies, { type: "checkbox" })}
                  key={fields.notifyReplies.key}
                />
                <span>{t("mail.form.notifyReplies")}</span>
              </label>
            </div>
          ) : null}
        </fieldset>

        {/* Right above the button, where a phone user looks before sending. */}
        <div id="place-confirmation" className="place-confirmation" aria-live="polite">
          <PlaceVerdict shown={shown} outside={knownOutside} location={location} />
        </div>
        <button
          type="submit"
          name="intent"
          value="submit"
          className="primary"
          disabled={submitting}
          aria-describedby="place-confirmation"
        >
          {submitting ? t("proposals.new.submitting") : t("proposals.new.submit")}
        </button>
      </Form>
    </article>
  );
}

function samePlace(a: LonLat | null, b: LonLat | null) {
  return a === b || (a !== null && b !== null && a.lon === b.lon && a.lat === b.lat);
}
