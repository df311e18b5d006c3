import { useTranslation } from "react-i18next";
import { languageNames, languages } from "~/i18n/config";

/** One or two languages: the first is required, the second may be "none". */
export function LanguageFields({
  current,
  idPrefix,
}: {
  current: ReadonlyArray<string>;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-1`}>{t("staff.meetings.languages.first")}</label>
        <select id={`${idPrefix}-1`} name="languages" defaultValue={current[0] ?? "de"}>
          {languages.map((language) => (
            <option key={language} value={language} lang={language}>
              {languageNames[language]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-2`}>{t("staff.meetings.languages.second")}</label>
        <select id={`${idPrefix}-2`} name="languages" defaultValue={current[1] ?? ""}>
          <option value="">{t("staff.meetings.languages.none")}</option>
          {languages.map((language) => (
            <option key={language} value={language} lang={language}>
              {languageNames[language]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
