import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { FieldErrors } from "~/components/field-errors";
import { IsolatedT, isolateInText } from "~/components/user-text";
import { formatEuro } from "./format";

export type BallotOptionView = {
  id: string;
  proposalId: string;
  title: string;
  district: string | null;
  costCents: number | null;
  /** The cost as a German staff member would type it, to pre-fill the field. */
  costInput: string;
};

type FormAnswer = {
  intent: string;
  optionId?: string;
  result?: SubmissionResult<string[]>;
  errors?: string[];
};

/**
 * The initiatives on the ballot, with their estimated cost; adding one moves
 * it into the vote's procedure. Fixed once ballots or paper counts exist.
 */
export function BallotOptions({
  options,
  eligible,
  method,
  locked,
  answer,
}: {
  options: BallotOptionView[];
  eligible: Array<{ id: string; title: string; district: string | null; supportCount: number }>;
  method: string;
  locked: boolean;
  answer: FormAnswer | null;
}) {
  const { t, i18n } = useTranslation();
  const costNeeded = method === "budget";
  const [addForm, addFields] = useForm<{ proposalId: string; cost?: string }>({
    // A new id once the option is added: the form starts empty again.
    id: `add-option-${options.length}`,
    lastResult: answer?.intent === "add-option" ? answer.result : undefined,
  });
  return (
    <div className="stack">
      {locked ? (
        <p className="alert alert-info" role="status">
          {t("staff.votes.options.locked")}
        </p>
      ) : null}
      <ErrorAlert errors={answer?.intent === "remove-option" ? answer.errors : null} />
      {options.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("staff.votes.options.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.votes.options.initiative")}</th>
                <th scope="col">{t("staff.votes.options.cost")}</th>
                {locked ? null : <th scope="col">{t("staff.votes.options.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {options.map((option) => (
                <tr key={option.id}>
                  <th scope="row">
                    <Link to={`/staff/proposals/${option.proposalId}`} dir="auto">
                      {option.title}
                    </Link>
                    {option.district ? (
                      <small>
                        {" "}
                        · <bdi>{option.district}</bdi>
                      </small>
                    ) : null}
                  </th>
                  <td>
                    {option.costCents === null
                      ? t("staff.votes.options.noCost")
                      : formatEuro(option.costCents, i18n.language)}
                  </td>
                  {locked ? null : (
                    <td>
                      <OptionActions
                        option={option}
                        answer={answer?.optionId === option.id ? answer : null}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("staff.votes.options.none")}</p>
      )}

      {locked ? null : (
        <Form method="post" {...getFormProps(addForm)} className="stack panel">
          <CsrfInput />
          <h3>{t("staff.votes.options.addTitle")}</h3>
          <p className="hint">{t("staff.votes.options.addHint")}</p>
          <ErrorAlert errors={addForm.errors} id={addForm.errorId} />
          {eligible.length ? (
            <>
              <div className="field">
                <label htmlFor={addFields.proposalId.id}>
                  {t("staff.votes.options.initiative")}
                </label>
                <select
                  {...getSelectProps(addFields.proposalId)}
                  key={addFields.proposalId.key}
                  aria-describedby={addFields.proposalId.errorId}
                >
                  <option value="">{t("staff.votes.options.choose")}</option>
                  {eligible.map((proposal) => (
                    <option key={proposal.id} value={proposal.id}>
                      {t("staff.votes.options.eligibleOption", {
                        title: isolateInText(proposal.title),
                        district: proposal.district ? isolateInText(proposal.district) : "–",
                        count: proposal.supportCount,
                      })}
                    </option>
                  ))}
                </select>
                <FieldErrors
                  id={addFields.proposalId.errorId}
                  errors={addFields.proposalId.errors}
                />
              </div>
              <div className="field">
                <label htmlFor={addFields.cost.id}>{t("staff.votes.options.costLabel")}</label>
                <p className="hint" id={`${addFields.cost.id}-hint`}>
                  {t(
                    costNeeded
                      ? "staff.votes.options.costRequired"
                      : "staff.votes.options.costOptional",
                  )}
                </p>
                <input
                  {...getInputProps(addFields.cost, { type: "text" })}
                  key={addFields.cost.key}
                  inputMode="decimal"
                  autoComplete="off"
                  aria-describedby={`${addFields.cost.id}-hint ${addFields.cost.errorId}`}
                />
                <FieldErrors id={addFields.cost.errorId} errors={addFields.cost.errors} />
              </div>
              <button type="submit" name="intent" value="add-option" className="secondary">
                {t("staff.votes.options.add")}
              </button>
            </>
          ) : (
            <p>{t("staff.votes.options.noEligible")}</p>
          )}
        </Form>
      )}
    </div>
  );
}

function OptionActions({
  option,
  answer,
}: {
  option: BallotOptionView;
  answer: FormAnswer | null;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<{ optionId: string; cost?: string }>({
    id: `option-${option.id}`,
    lastResult: answer?.intent === "update-option" ? answer.result : undefined,
    defaultValue: { optionId: option.id, cost: option.costInput },
  });
  return (
    <div className="stack">
      <Form method="post" {...getFormProps(form)} className="inline-form">
        <CsrfInput />
        <input type="hidden" name="optionId" value={option.id} />
        <label htmlFor={fields.cost.id} className="visually-hidden">
          <IsolatedT i18nKey="staff.votes.options.costFor" user={{ title: option.title }} />
        </label>
        <input
          {...getInputProps(fields.cost, { type: "text" })}
          key={fields.cost.key}
          inputMode="decimal"
          autoComplete="off"
          aria-describedby={fields.cost.errorId}
        />
        <button type="submit" name="intent" value="update-option" className="secondary">
          {t("staff.votes.options.saveCost")}
        </button>
        <FieldErrors
          id={fields.cost.errorId}
          errors={[...(fields.cost.errors ?? []), ...(form.errors ?? [])]}
        />
      </Form>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="optionId" value={option.id} />
        <button type="submit" name="intent" value="remove-option" className="link-button">
          <IsolatedT i18nKey="staff.votes.options.remove" user={{ title: option.title }} />
        </button>
      </Form>
    </div>
  );
}
