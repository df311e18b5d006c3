import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { FieldErrors } from "~/components/field-errors";
import { textDirection } from "~/i18n/config";
import {
  eligibilityFields,
  voteMethods,
  type EligibilityField,
  type VoteMethod,
} from "~/modules/votes/methods";

/** The fields as the form sends them (see vote.schema.server.ts). */
export type VoteSettingsShape = {
  method?: string;
  minTurnout?: string;
  winners?: string;
  maxChoices?: string;
  points?: string;
  maxPerOption?: string;
  budget?: string;
  channels?: string[];
  eligibilityNote?: string;
  liveResults?: string;
} & Partial<Record<EligibilityField, string>>;

const numberFieldOrder = [
  "maxChoices",
  "points",
  "maxPerOption",
  "budget",
  "minTurnout",
  "winners",
] as const;
type NumberField = (typeof numberFieldOrder)[number];

/** Which method uses which field, in the order they are shown. */
const fieldMethods: Record<NumberField, ReadonlyArray<VoteMethod>> = {
  maxChoices: ["approval"],
  points: ["dot"],
  maxPerOption: ["dot"],
  budget: ["budget"],
  minTurnout: ["yes_no"],
  winners: ["yes_no", "approval", "dot"],
};

const channelOptions = ["code", "open", "paper"] as const;

function isVoteMethod(value: unknown): value is VoteMethod {
  return typeof value === "string" && (voteMethods as ReadonlyArray<string>).includes(value);
}

/**
 * A vote's settings: method with its numbers, channels, who may vote, and
 * whether results show while the vote runs. Without JavaScript every
 * method's fields are shown (each says which method uses it); with
 * JavaScript only the chosen method's are.
 */
export function VoteSettingsForm({
  id,
  lastResult,
  defaultValue,
  intent,
  submitLabel,
  lockedReason,
  methodLocked = false,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: VoteSettingsShape;
  intent: string;
  submitLabel: string;
  /** Catalogue key saying why the settings cannot change any more; null when they can. */
  lockedReason: string | null;
  /** Ballots exist: the method and its numbers stay as they are (sent along unchanged). */
  methodLocked?: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<VoteSettingsShape>({ id, lastResult, defaultValue });
  const initialMethod = fields.method.initialValue;
  const [method, setMethod] = useState<VoteMethod | null>(
    isVoteMethod(initialMethod) ? initialMethod : null,
  );
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const numberFields = numberFieldOrder.filter(
    (name) => !hydrated || !method || fieldMethods[name].includes(method),
  );
  const methodNames = (name: NumberField) =>
    fieldMethods[name].map((m) => t(`staff.votes.methods.${m}`)).join(", ");
  const translationsTyped = eligibilityFields.some(([, name]) =>
    Boolean(fields[name].initialValue || fields[name].errors),
  );

  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      {lockedReason ? (
        <p className="alert alert-info" role="status">
          {t(lockedReason)}
        </p>
      ) : null}
      {methodLocked && !lockedReason ? (
        <p className="alert alert-info" role="status">
          {t("staff.votes.settings.methodLocked")}
        </p>
      ) : null}
      <ErrorAlert errors={form.errors} id={form.errorId} />
      <fieldset disabled={lockedReason !== null} className="stack">
        <legend className="visually-hidden">{t("staff.votes.settings.title")}</legend>
        <div className="field">
          <label htmlFor={fields.method.id}>{t("staff.votes.fields.method")}</label>
          {methodLocked ? (
            <input type="hidden" name={fields.method.name} value={method ?? ""} />
          ) : null}
          <select
            {...getSelectProps(fields.method)}
            key={fields.method.key}
            disabled={methodLocked}
            aria-describedby={fields.method.errorId}
            onChange={(event) =>
              setMethod(isVoteMethod(event.target.value) ? event.target.value : null)
            }
          >
            <option value="">{t("staff.votes.fields.methodChoose")}</option>
            {voteMethods.map((m) => (
              <option key={m} value={m}>
                {t(`staff.votes.methods.${m}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.method.errorId} errors={fields.method.errors} />
          {method ? <p className="hint">{t(`staff.votes.methodHints.${method}`)}</p> : null}
        </div>

        {numberFields.map((name) => (
          <NumberInput
            key={name}
            field={fields[name]}
            label={t(`staff.votes.fields.${name}`)}
            hint={t(`staff.votes.fields.${name}Hint`)}
            onlyFor={!hydrated || !method ? methodNames(name) : null}
            decimal={name === "budget"}
            readOnly={methodLocked}
          />
        ))}

        <fieldset className="field" aria-describedby={fields.channels.errorId}>
          <legend>{t("staff.votes.fields.channels")}</legend>
          {getCollectionProps(fields.channels, {
            type: "checkbox",
            options: [...channelOptions],
          }).map((props) => (
            <label key={props.key} className="checkbox" htmlFor={props.id}>
              <input {...props} key={props.key} />
              <span>
                {t(`staff.votes.channels.${props.value}`)}
                <br />
                <small className="hint">{t(`staff.votes.channelHints.${props.value}`)}</small>
              </span>
            </label>
          ))}
          <FieldErrors id={fields.channels.errorId} errors={fields.channels.errors} />
        </fieldset>

        <div className="field">
          <label htmlFor={fields.eligibilityNote.id}>
            {t("staff.votes.fields.eligibilityNote")}
          </label>
          <p className="hint" id={`${fields.eligibilityNote.id}-hint`}>
            {t("staff.votes.fields.eligibilityNoteHint")}
          </p>
          <textarea
            {...getTextareaProps(fields.eligibilityNote)}
            key={fields.eligibilityNote.key}
            rows={3}
            lang="de"
            dir="ltr"
            aria-describedby={`${fields.eligibilityNote.id}-hint ${fields.eligibilityNote.errorId}`}
          />
          <FieldErrors id={fields.eligibilityNote.errorId} errors={fields.eligibilityNote.errors} />
        </div>
        <details open={translationsTyped}>
          <summary>{t("staff.votes.fields.eligibilityTranslations")}</summary>
          {eligibilityFields.map(([language, name]) => {
            const field = fields[name];
            return (
              <div className="field" key={language}>
                <label htmlFor={field.id}>{t(`staff.procedures.languages.${language}`)}</label>
                <textarea
                  {...getTextareaProps(field)}
                  key={field.key}
                  rows={3}
                  lang={language}
                  dir={textDirection(language)}
                  aria-describedby={field.errorId}
                />
                <FieldErrors id={field.errorId} errors={field.errors} />
              </div>
            );
          })}
        </details>

        <label className="checkbox" htmlFor={fields.liveResults.id}>
          <input
            {...getInputProps(fields.liveResults, { type: "checkbox" })}
            key={fields.liveResults.key}
            aria-describedby={`${fields.liveResults.id}-hint`}
          />
          <span>
            {t("staff.votes.fields.liveResults")}
            <br />
            <small className="hint" id={`${fields.liveResults.id}-hint`}>
              {t("staff.votes.fields.liveResultsHint")}
            </small>
          </span>
        </label>

        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </fieldset>
    </Form>
  );
}

function NumberInput({
  field,
  label,
  hint,
  onlyFor,
  decimal,
  readOnly,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint: string;
  onlyFor: string | null;
  decimal: boolean;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <p className="hint" id={`${field.id}-hint`}>
        {hint}
        {onlyFor ? ` ${t("staff.votes.fields.onlyFor", { methods: onlyFor })}` : null}
      </p>
      <input
        {...getInputProps(field, { type: "text" })}
        key={field.key}
        inputMode={decimal ? "decimal" : "numeric"}
        readOnly={readOnly}
        autoComplete="off"
        aria-describedby={`${field.id}-hint ${field.errorId}`}
      />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}
