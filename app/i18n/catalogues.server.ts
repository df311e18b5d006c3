import type { Language } from "./config";
import de from "./locales/de.json";
import en from "./locales/en.json";
import ar from "./locales/ar.json";
import proceduresDe from "./locales/procedures/de.json";
import proceduresEn from "./locales/procedures/en.json";
import proceduresAr from "./locales/procedures/ar.json";
import staffProceduresDe from "./locales/staff-procedures/de.json";
import staffProceduresEn from "./locales/staff-procedures/en.json";
import staffProceduresAr from "./locales/staff-procedures/ar.json";
import votesDe from "./locales/votes/de.json";
import votesEn from "./locales/votes/en.json";
import votesAr from "./locales/votes/ar.json";
import outcomesDe from "./locales/outcomes/de.json";
import outcomesEn from "./locales/outcomes/en.json";
import outcomesAr from "./locales/outcomes/ar.json";
import basemapDe from "./locales/basemap/de.json";
import basemapEn from "./locales/basemap/en.json";
import basemapAr from "./locales/basemap/ar.json";
import pagesDe from "./locales/pages/de.json";
import pagesEn from "./locales/pages/en.json";
import pagesAr from "./locales/pages/ar.json";
import placesDe from "./locales/places/de.json";
import placesEn from "./locales/places/en.json";
import placesAr from "./locales/places/ar.json";
import meetingPhoneDe from "./locales/meeting-phone/de.json";
import meetingPhoneEn from "./locales/meeting-phone/en.json";
import meetingPhoneAr from "./locales/meeting-phone/ar.json";
import meetingStaffDe from "./locales/meeting-staff/de.json";
import meetingStaffEn from "./locales/meeting-staff/en.json";
import meetingStaffAr from "./locales/meeting-staff/ar.json";

/**
 * The message catalogues: the base file per language (`locales/<lng>.json`)
 * plus one file per language for each module (`locales/<module>/<lng>.json`),
 * merged key by key. A unit test checks that every language has every key.
 */
type Tree = { [key: string]: string | Tree };

/** Module catalogues, in the order they are merged over the base file. */
export const moduleCatalogues: Record<string, Record<Language, Tree>> = {
  procedures: { de: proceduresDe, en: proceduresEn, ar: proceduresAr },
  "staff-procedures": { de: staffProceduresDe, en: staffProceduresEn, ar: staffProceduresAr },
  votes: { de: votesDe, en: votesEn, ar: votesAr },
  outcomes: { de: outcomesDe, en: outcomesEn, ar: outcomesAr },
  basemap: { de: basemapDe, en: basemapEn, ar: basemapAr },
  pages: { de: pagesDe, en: pagesEn, ar: pagesAr },
  places: { de: placesDe, en: placesEn, ar: placesAr },
  "meeting-phone": { de: meetingPhoneDe, en: meetingPhoneEn, ar: meetingPhoneAr },
  "meeting-staff": { de: meetingStaffDe, en: meetingStaffEn, ar: meetingStaffAr },
};

function merge(target: Tree, source: Tree): Tree {
  const out: Tree = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    out[key] =
      typeof value === "object" && typeof existing === "object" ? merge(existing, value) : value;
  }
  return out;
}

function build(language: Language, base: Tree): Tree {
  return Object.values(moduleCatalogues).reduce(
    (catalogue, modules) => merge(catalogue, modules[language]),
    base,
  );
}

export type Catalogue = Tree;

export const catalogues: Record<Language, Catalogue> = {
  de: build("de", de),
  en: build("en", en),
  ar: build("ar", ar),
};
