/**
 * Procedure texts are written in German; staff may add translations. Pages
 * show the visitor's language where a translation exists, else German.
 * Isomorphic: used by loaders and components.
 */
export type ProcedureTranslations = Partial<
  Record<string, { title?: string; description?: string }>
>;

export function parseTranslations(json: string | null | undefined): ProcedureTranslations {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    const out: ProcedureTranslations = {};
    for (const [language, entry] of Object.entries(value)) {
      if (!entry || typeof entry !== "object") continue;
      const { title, description } = entry as Record<string, unknown>;
      out[language] = {
        ...(typeof title === "string" && title ? { title } : {}),
        ...(typeof description === "string" && description ? { description } : {}),
      };
    }
    return out;
  } catch {
    return {};
  }
}

/** Title and description in the visitor's language (German fallback), with the language used. */
export function localisedText(
  procedure: { title: string; description: string; translations: string },
  language: string,
): { title: string; description: string; titleLanguage: string; descriptionLanguage: string } {
  const translated =
    language === "de" ? undefined : parseTranslations(procedure.translations)[language];
  return {
    title: translated?.title ?? procedure.title,
    description: translated?.description ?? procedure.description,
    titleLanguage: translated?.title ? language : "de",
    descriptionLanguage: translated?.description ? language : "de",
  };
}
