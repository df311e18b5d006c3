/**
 * Languages with a complete catalogue, in the order of the language switch.
 * German is the default and the fallback. Turkish, Ukrainian and Russian are
 * the languages many residents of Leipzig's east read best (see README,
 * "Translations that need a native speaker's review").
 */
export const languages = ["de", "en", "ar", "tr", "uk", "ru"] as const;
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
  tr: "Türkçe",
  uk: "Українська",
  ru: "Русский",
};

/** The UI languages into which staff may translate their own texts (procedures, eligibility notes). */
export const translationLanguages = ["en", "ar", "tr", "uk", "ru"] as const;
export type TranslationLanguage = (typeof translationLanguages)[number];
// Compile-time check: every UI language but German can hold a translation (a new
// UI language fails to compile until it is added above).
const everyLanguageTranslatable: Record<Exclude<Language, "de">, true> = {} as Record<
  TranslationLanguage,
  true
>;
void everyLanguageTranslatable;

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

/**
 * Languages a resident may write an initiative in (more than the UI has):
 * staff see it and can get the text translated. Named in their own language.
 */
export const contentLanguageCodes = [
  "de",
  "ar",
  "tr",
  "uk",
  "ru",
  "en",
  "ro",
  "bg",
  "vi",
  "fa",
  "ku",
  "pl",
  "other",
] as const;

export type ContentLanguage = (typeof contentLanguageCodes)[number];

export const contentLanguageNames: Record<Exclude<ContentLanguage, "other">, string> = {
  de: "Deutsch",
  ar: "العربية",
  tr: "Türkçe",
  uk: "Українська",
  ru: "Русский",
  en: "English",
  ro: "Română",
  bg: "Български",
  vi: "Tiếng Việt",
  fa: "فارسی",
  ku: "Kurdî",
  pl: "Polski",
};
