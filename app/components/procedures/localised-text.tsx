import { useTranslation } from "react-i18next";
import { isLanguage, textDirection } from "~/i18n/config";

/**
 * Staff-written text that may have no translation into the page's language:
 * German text on an Arabic page gets `lang="de" dir="ltr"`, so that screen
 * readers pronounce it as German and it is laid out left to right. Text in
 * the page's language gets its `dir` too: a `dir` isolates the text from the
 * sentence around it, as `<bdi>` does.
 */
export function languageAttributes(textLanguage: string, pageLanguage: string) {
  const dir = isLanguage(textLanguage) ? textDirection(textLanguage) : ("auto" as const);
  return textLanguage === pageLanguage ? { dir } : { lang: textLanguage, dir };
}

export function useLanguageAttributes() {
  const { i18n } = useTranslation();
  return (textLanguage: string) => languageAttributes(textLanguage, i18n.language);
}

/** "←" on left-to-right pages, "→" on right-to-left ones: back points to where reading came from. */
export function useBackArrow() {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) && textDirection(i18n.language) === "rtl" ? "→" : "←";
}
