import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "~/components/error-alert";
import {
  WITHDRAW_CONFIRMED,
  WITHDRAW_CONFIRM_FIELD,
  WITHDRAW_INTENT,
} from "~/modules/fund/withdrawal-form";

/** What the tracking page's action answers for an application (app/routes/track.$token.tsx). */
type WithdrawAnswer = { withdrawError?: string; confirmMissing?: boolean };

/**
 * "Antrag zurückziehen" on the private page: a small form whose confirmation
 * is a checkbox the server requires, so it works without JavaScript. Shown
 * while the applicant may withdraw; a refusal (say, the team decided in the
 * meantime) is still shown after the form is gone.
 */
export function WithdrawApplication({ canWithdraw }: { canWithdraw: boolean }) {
  const { t } = useTranslation();
  const answer = useActionData<WithdrawAnswer>();
  const error = answer?.withdrawError;
  if (!canWithdraw && !error) return null;
  const errorId = "fund-withdraw-error";
  return (
    <section aria-labelledby="fund-withdraw-heading" id="withdraw">
      <h2 id="fund-withdraw-heading">{t("fund.withdraw.title")}</h2>
      {error && !answer?.confirmMissing ? <ErrorAlert errors={error} /> : null}
      {canWithdraw ? (
        <Form method="post" className="stack">
          <p>{t("fund.withdraw.text")}</p>
          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                name={WITHDRAW_CONFIRM_FIELD}
                value={WITHDRAW_CONFIRMED}
                aria-invalid={answer?.confirmMissing ? true : undefined}
                aria-describedby={answer?.confirmMissing ? errorId : undefined}
              />
              <span>{t("fund.withdraw.confirm")}</span>
            </label>
            {answer?.confirmMissing && error ? (
              <p id={errorId} className="field-error" role="alert">
                {t(error)}
              </p>
            ) : null}
          </div>
          <button type="submit" name="intent" value={WITHDRAW_INTENT} className="danger">
            {t("fund.withdraw.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
