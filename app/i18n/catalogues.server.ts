import type { Language } from "./config";
import de from "./locales/de.json";
import en from "./locales/en.json";
import ar from "./locales/ar.json";

export type Catalogue = typeof de;

export const catalogues: Record<Language, Catalogue> = { de, en, ar };
