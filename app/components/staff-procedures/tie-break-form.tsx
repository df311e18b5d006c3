import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { FieldErrors } from "~/components/field-errors";
import { IsolatedT } from "~/components/user-text";
import { ConfirmAction } from "./confirm-action";

type TieShape = { kind: string; reason?: string; place?: Record<string, string> };

/**
 * A decisive tie: staff either let the server draw lots (the seed is stored
 * and published, so anyone can recompute the order) or decide the order
 * themselves with a public reason.
 */
export function TieBreakForm({
  ties,
  options,
  lastResult,
}: {
  /** The unsettled decisive ties, each a group of option ids. */
  ties: string[][];
  options: Array<{ id: string; title: string }>;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const titles = new Map(options.map((option) => [option.id, option.title]));
  const [form, fields] = useForm<TieShape>({
    id: "tie-break",
    lastResult,
    defaultValue: { kind: "decision" },
  });
  const places = fields.place.getFieldset();
  return (
    <div className="stack panel">
      <h3>{t("staff.votes.tie.title")}</h3>
      <p>{t("staff.votes.tie.intro")}</p>
      <ConfirmAction
        summary={t("staff.votes.tie.lot")}
        explanation={t("staff.votes.tie.lotConfirm")}
        confirmLabel={t("staff.votes.tie.lotYes")}
        intent="tie-break"
        fields={{ kind: "lot" }}
      />
      <details className="panel" open={Boolean(lastResult)}>
        <summary>{t("staff.votes.tie.decision")}</summary>
        <Form method="post" {...getFormProps(form)} className="stack">
          <CsrfInput />
          <input type="hidden" name="kind" value="decision" />
          <ErrorAlert errors={form.errors} id={form.errorId} />
          <p className="hint">{t("staff.votes.tie.decisionHint")}</p>
          {ties.map((group, index) => (
            <fieldset key={group.join()} className="field">
              <legend>{t("staff.votes.tie.group", { n: index + 1 })}</legend>
              {group.map((optionId) => {
                const field = places[optionId];
                if (!field) return null;
                return (
                  <div className="field" key={optionId}>
                    <label htmlFor={field.id}>
                      <IsolatedT
                        i18nKey="staff.votes.tie.placeFor"
                        user={{ title: titles.get(optionId) ?? optionId }}
                      />
                    </label>
                    <input
                      {...getInputProps(field, { type: "text" })}
                      key={field.key}
                      inputMode="numeric"
                      autoComplete="off"
                      aria-describedby={field.errorId}
                    />
                    <FieldErrors id={field.errorId} errors={field.errors} />
                  </div>
                );
              })}
            </fieldset>
          ))}
          <div className="field">
            <label htmlFor={fields.reason.id}>{t("staff.votes.tie.reason")}</label>
            <p className="hint" id={`${fields.reason.id}-hint`}>
              {t("staff.votes.tie.reasonHint")}
            </p>
            <textarea
              {...getTextareaProps(fields.reason)}
              key={fields.reason.key}
              rows={3}
              dir="auto"
              maxLength={2000}
              aria-describedby={`${fields.reason.id}-hint ${fields.reason.errorId}`}
            />
            <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
          </div>
          <button type="submit" name="intent" value="tie-break" className="primary">
            {t("staff.votes.tie.decide")}
          </button>
        </Form>
      </details>
    </div>
  );
}
