import { useTranslation } from "react-i18next";

/** The longest input echoed back into the field (a code has 4 characters; a typo may add a few). */
export const JOIN_INPUT_MAX_CHARS = 20;

/**
 * Typing a meeting's join code: a plain GET form to /m, which looks the code
 * up and sends the phone on to /m/CODE. Works without JavaScript; what was
 * typed stays in the field when the code is wrong.
 */
export function JoinCodeForm({
  typed = "",
  error = null,
  language = null,
}: {
  typed?: string;
  /** A message in the visitor's language, shown under the field. */
  error?: string | null;
  /** Kept when the page's language came from the address (`?lng=`). */
  language?: string | null;
}) {
  const { t } = useTranslation();
  return (
    <form method="get" action="/m" className="stack mp-join">
      {language ? <input type="hidden" name="lng" value={language} /> : null}
      <div className="field">
        <label htmlFor="join-code">{t("meetingPhone.join.label")}</label>
        <input
          id="join-code"
          name="code"
          type="text"
          defaultValue={typed}
          maxLength={JOIN_INPUT_MAX_CHARS}
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          dir="ltr"
          className="code-input mp-code-input"
          aria-describedby={error ? "join-code-error join-code-hint" : "join-code-hint"}
          aria-invalid={error ? true : undefined}
        />
        {error ? (
          <p className="field-error" id="join-code-error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="hint" id="join-code-hint">
          {t("meetingPhone.join.hint")}
        </p>
      </div>
      <button type="submit" className="primary wide">
        {t("meetingPhone.join.submit")}
      </button>
    </form>
  );
}
