import {
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
import {
  isLanguage,
  textDirection,
  translationLanguages,
  type TranslationLanguage,
} from "~/i18n/config";
import {
  phaseKinds,
  phasesByKind,
  procedureKinds,
  type PhaseKind,
  type ProcedureKind,
} from "~/modules/procedures/phases";

type TextPair = { title?: string; description?: string };

/** The fields as the form sends them (see procedure.schema.server.ts). */
export type ProcedureFormShape = {
  kind?: string;
  title: string;
  description: string;
  translations: Partial<Record<TranslationLanguage, TextPair>>;
  phases: Partial<Record<PhaseKind, { start?: string; end?: string }>>;
};

function isProcedureKind(value: unknown): value is ProcedureKind {
  return typeof value === "string" && (procedureKinds as ReadonlyArray<string>).includes(value);
}

/**
 * The procedure form, for "new" (with the kind) and "edit" (kind fixed).
 * Checked on the server only; what was typed comes back with the errors.
 * Without JavaScript every phase kind is shown (with a note which kind of
 * procedure has it); with JavaScript only the chosen kind's phases are.
 */
export function ProcedureForm({
  id,
  lastResult,
  defaultValue,
  fixedKind,
  limits,
  intent,
  submitLabel,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: ProcedureFormShape;
  /** The kind of an existing procedure; null on the "new" form. */
  fixedKind: ProcedureKind | null;
  limits: { title: number; description: number };
  intent?: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<ProcedureFormShape>({ id, lastResult, defaultValue });
  const initialKind = fixedKind ?? fields.kind.initialValue;
  const [kind, setKind] = useState<ProcedureKind | null>(
    isProcedureKind(initialKind) ? initialKind : null,
  );
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const allPhases: ReadonlyArray<PhaseKind> = phaseKinds.filter((phase) =>
    Object.values(phasesByKind).some((offered: ReadonlyArray<PhaseKind>) =>
      offered.includes(phase),
    ),
  );
  const shown: ReadonlyArray<PhaseKind> =
    fixedKind !== null
      ? phasesByKind[fixedKind]
      : hydrated && kind
        ? phasesByKind[kind]
        : allPhases;
  const onlyFor = (phase: PhaseKind) =>
    procedureKinds.filter((k) => (phasesByKind[k] as ReadonlyArray<PhaseKind>).includes(phase));

  const translations = fields.translations.getFieldset();
  const phases = fields.phases.getFieldset();
  const translationsTyped = translationLanguages.some((language) => {
    const pair = translations[language].getFieldset();
    return [pair.title, pair.description].some((field) => field.initialValue || field.errors);
  });

  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <ErrorAlert errors={form.errors} id={form.errorId} />

      {fixedKind === null ? (
        <div className="field">
          <label htmlFor={fields.kind.id}>{t("staff.procedures.fields.kind")}</label>
          <p className="hint" id={`${fields.kind.id}-hint`}>
            {t("staff.procedures.fields.kindHint")}
          </p>
          <select
            {...getSelectProps(fields.kind)}
            key={fields.kind.key}
            aria-describedby={`${fields.kind.id}-hint ${fields.kind.errorId}`}
            onChange={(event) =>
              setKind(isProcedureKind(event.target.value) ? event.target.value : null)
            }
          >
            <option value="">{t("staff.procedures.fields.kindChoose")}</option>
            {procedureKinds.map((k) => (
              <option key={k} value={k}>
                {t(`staff.procedures.kinds.${k}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
        </div>
      ) : null}

      <div className="field">
        <label htmlFor={fields.title.id}>{t("staff.procedures.fields.title")}</label>
        <input
          {...getInputProps(fields.title, { type: "text" })}
          key={fields.title.key}
          lang="de"
          dir="ltr"
          maxLength={limits.title}
          aria-describedby={fields.title.errorId}
        />
        <FieldErrors id={fields.title.errorId} errors={fields.title.errors} />
      </div>

      <div className="field">
        <label htmlFor={fields.description.id}>{t("staff.procedures.fields.description")}</label>
        <textarea
          {...getTextareaProps(fields.description)}
          key={fields.description.key}
          rows={6}
          lang="de"
          dir="ltr"
          maxLength={limits.description}
          aria-describedby={fields.description.errorId}
        />
        <FieldErrors id={fields.description.errorId} errors={fields.description.errors} />
      </div>

      <details open={translationsTyped}>
        <summary>{t("staff.procedures.fields.translations")}</summary>
        <p className="hint">{t("staff.procedures.fields.translationsHint")}</p>
        {translationLanguages.map((language) => {
          const pair = translations[language].getFieldset();
          return (
            <fieldset key={language} className="field stack">
              <legend>{t(`staff.procedures.languages.${language}`)}</legend>
              <TextField
                field={pair.title}
                label={t("staff.procedures.fields.title")}
                language={language}
                maxLength={limits.title}
              />
              <TextField
                field={pair.description}
                label={t("staff.procedures.fields.description")}
                language={language}
                maxLength={limits.description}
                multiline
              />
            </fieldset>
          );
        })}
      </details>

      <fieldset className="field stack" aria-describedby={`${fields.phases.id}-hint`}>
        <legend>{t("staff.procedures.fields.phases")}</legend>
        <p className="hint" id={`${fields.phases.id}-hint`}>
          {t("staff.procedures.fields.phasesHint")}
        </p>
        <FieldErrors id={fields.phases.errorId} errors={fields.phases.errors} />
        {shown.map((phaseKind) => {
          const phase = phases[phaseKind].getFieldset();
          const kinds = onlyFor(phaseKind);
          return (
            <fieldset key={phaseKind} className="field">
              <legend>{t(`staff.procedures.phaseKinds.${phaseKind}`)}</legend>
              {fixedKind === null && !hydrated && kinds.length < procedureKinds.length ? (
                <p className="hint">
                  {t("staff.procedures.fields.phaseOnlyFor", {
                    kinds: kinds.map((k) => t(`staff.procedures.kinds.${k}`)).join(", "),
                  })}
                </p>
              ) : null}
              <label htmlFor={phase.start.id}>{t("staff.procedures.fields.phaseStart")}</label>
              <input
                {...getInputProps(phase.start, { type: "datetime-local" })}
                key={phase.start.key}
                aria-describedby={phase.start.errorId}
              />
              <FieldErrors id={phase.start.errorId} errors={phase.start.errors} />
              <label htmlFor={phase.end.id}>{t("staff.procedures.fields.phaseEnd")}</label>
              <input
                {...getInputProps(phase.end, { type: "datetime-local" })}
                key={phase.end.key}
                aria-describedby={phase.end.errorId}
              />
              <FieldErrors id={phase.end.errorId} errors={phase.end.errors} />
            </fieldset>
          );
        })}
      </fieldset>

      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </Form>
  );
}

function TextField({
  field,
  label,
  language,
  maxLength,
  multiline = false,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  language: string;
  maxLength: number;
  multiline?: boolean;
}) {
  const dir = isLanguage(language) ? textDirection(language) : "ltr";
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {multiline ? (
        <textarea
          {...getTextareaProps(field)}
          key={field.key}
          rows={4}
          lang={language}
          dir={dir}
          maxLength={maxLength}
          aria-describedby={field.errorId}
        />
      ) : (
        <input
          {...getInputProps(field, { type: "text" })}
          key={field.key}
          lang={language}
          dir={dir}
          maxLength={maxLength}
          aria-describedby={field.errorId}
        />
      )}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}
