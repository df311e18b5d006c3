/** Languages with a complete catalogue. German is the default and the fallback. */
export const languages = ["de", "en", "ar"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "de";

const rtl: ReadonlyArray<Language> = ["ar"];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as ReadonlyArray<string>).includes(value);
}

export function textDirection(language: Language): "ltr" | "rtl" {
  return rtl.includes(language) ? "rtl" : "ltr";
}

/** Each language names itself in the switch, so a person finds their own. */
export const languageNames: Record<Language, string> = {
  de: "Deutsch",
  en: "English",
  ar: "العربية",
};

export const i18nConfig = {
  supportedLngs: [...languages],
  fallbackLng: defaultLanguage,
  defaultNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false },
  // Keys are dotted paths into nested catalogues.
  keySeparator: ".",
  nsSeparator: false as const,
};
