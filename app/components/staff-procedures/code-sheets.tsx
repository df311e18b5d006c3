import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { FieldErrors } from "~/components/field-errors";
import { formatCount, formatStaffDate } from "./format";

/** The code-sheet route takes labels of up to 100 characters. */
const labelMax = 100;

export type CodeSheetView = {
  id: string;
  label: string;
  count: number;
  createdAt: string | Date;
  voided: number;
  used: number;
};

/**
 * Voting codes: a new sheet is generated and downloaded as a PDF in one
 * step (the codes exist in plain text only in that download), the sheets
 * made so far, and voiding a lost code.
 */
export function CodeSheets({
  voteId,
  sheets,
  canGenerate,
  blockedReason,
  maxCount,
  generateError,
  voidResult,
}: {
  voteId: string;
  sheets: CodeSheetView[];
  canGenerate: boolean;
  blockedReason: string | null;
  maxCount: number;
  /** Catalogue key of the last refused sheet (the download cannot answer with a page). */
  generateError: string | null;
  voidResult?: SubmissionResult<string[]>;
}) {
  const { t, i18n } = useTranslation();
  const count = (value: number) => formatCount(value, i18n.language);
  const [voidForm, voidFields] = useForm<{ code: string }>({
    // A new id after each voided code: the field starts empty again.
    id: `void-code-${sheets.reduce((sum, sheet) => sum + sheet.voided, 0)}`,
    lastResult: voidResult,
  });
  return (
    <div className="stack">
      {canGenerate ? (
        // A document request, not a fetch: the answer is a PDF the browser downloads.
        <Form
          method="post"
          action={`/staff/votes/${voteId}/codes`}
          reloadDocument
          className="stack panel"
        >
          <CsrfInput />
          <h3>{t("staff.votes.codes.generateTitle")}</h3>
          <ErrorAlert errors={generateError} />
          <p className="alert alert-info">
            <strong>{t("staff.votes.codes.onceTitle")}</strong> {t("staff.votes.codes.once")}
          </p>
          <div className="field">
            <label htmlFor="codes-count">{t("staff.votes.codes.count")}</label>
            <p className="hint" id="codes-count-hint">
              {t("staff.votes.codes.countHint", { max: maxCount })}
            </p>
            <input
              id="codes-count"
              name="count"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              required
              aria-describedby="codes-count-hint"
            />
          </div>
          <div className="field">
            <label htmlFor="codes-label">{t("staff.votes.codes.label")}</label>
            <p className="hint" id="codes-label-hint">
              {t("staff.votes.codes.labelHint")}
            </p>
            <input
              id="codes-label"
              name="label"
              type="text"
              maxLength={labelMax}
              required
              dir="auto"
              aria-describedby="codes-label-hint"
            />
          </div>
          <button type="submit" className="primary">
            {t("staff.votes.codes.generate")}
          </button>
          <p className="hint">{t("staff.votes.codes.reloadHint")}</p>
        </Form>
      ) : blockedReason ? (
        <p className="alert alert-info">{t(blockedReason)}</p>
      ) : null}

      {sheets.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("staff.votes.codes.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.votes.codes.label")}</th>
                <th scope="col">{t("staff.votes.codes.count")}</th>
                <th scope="col">{t("staff.votes.codes.used")}</th>
                <th scope="col">{t("staff.votes.codes.voided")}</th>
                <th scope="col">{t("staff.votes.codes.created")}</th>
              </tr>
            </thead>
            <tbody>
              {sheets.map((sheet) => (
                <tr key={sheet.id}>
                  <th scope="row" dir="auto">
                    {sheet.label}
                  </th>
                  <td>{count(sheet.count)}</td>
                  <td>{count(sheet.used)}</td>
                  <td>{count(sheet.voided)}</td>
                  <td>{formatStaffDate(sheet.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("staff.votes.codes.none")}</p>
      )}

      {sheets.length ? (
        <Form method="post" {...getFormProps(voidForm)} className="stack panel">
          <CsrfInput />
          <h3>{t("staff.votes.codes.voidTitle")}</h3>
          <p className="hint">{t("staff.votes.codes.voidHint")}</p>
          <ErrorAlert errors={voidForm.errors} id={voidForm.errorId} />
          <div className="field">
            <label htmlFor={voidFields.code.id}>{t("staff.votes.codes.code")}</label>
            <input
              {...getInputProps(voidFields.code, { type: "text" })}
              key={voidFields.code.key}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              aria-describedby={voidFields.code.errorId}
            />
            <FieldErrors id={voidFields.code.errorId} errors={voidFields.code.errors} />
          </div>
          <button type="submit" name="intent" value="void-code" className="danger">
            {t("staff.votes.codes.void")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
