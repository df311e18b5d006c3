import type { Language } from "./config";
import de from "./locales/de.json";
import en from "./locales/en.json";
import ar from "./locales/ar.json";
import tr from "./locales/tr.json";
import uk from "./locales/uk.json";
import ru from "./locales/ru.json";
import proceduresDe from "./locales/procedures/de.json";
import proceduresEn from "./locales/procedures/en.json";
import proceduresAr from "./locales/procedures/ar.json";
import proceduresTr from "./locales/procedures/tr.json";
import proceduresUk from "./locales/procedures/uk.json";
import proceduresRu from "./locales/procedures/ru.json";
import staffProceduresDe from "./locales/staff-procedures/de.json";
import staffProceduresEn from "./locales/staff-procedures/en.json";
import staffProceduresAr from "./locales/staff-procedures/ar.json";
import staffProceduresTr from "./locales/staff-procedures/tr.json";
import staffProceduresUk from "./locales/staff-procedures/uk.json";
import staffProceduresRu from "./locales/staff-procedures/ru.json";
import votesDe from "./locales/votes/de.json";
import votesEn from "./locales/votes/en.json";
import votesAr from "./locales/votes/ar.json";
import votesTr from "./locales/votes/tr.json";
import votesUk from "./locales/votes/uk.json";
import votesRu from "./locales/votes/ru.json";
import outcomesDe from "./locales/outcomes/de.json";
import outcomesEn from "./locales/outcomes/en.json";
import outcomesAr from "./locales/outcomes/ar.json";
import outcomesTr from "./locales/outcomes/tr.json";
import outcomesUk from "./locales/outcomes/uk.json";
import outcomesRu from "./locales/outcomes/ru.json";
import basemapDe from "./locales/basemap/de.json";
import basemapEn from "./locales/basemap/en.json";
import basemapAr from "./locales/basemap/ar.json";
import basemapTr from "./locales/basemap/tr.json";
import basemapUk from "./locales/basemap/uk.json";
import basemapRu from "./locales/basemap/ru.json";
import pagesDe from "./locales/pages/de.json";
import pagesEn from "./locales/pages/en.json";
import pagesAr from "./locales/pages/ar.json";
import pagesTr from "./locales/pages/tr.json";
import pagesUk from "./locales/pages/uk.json";
import pagesRu from "./locales/pages/ru.json";
import placesDe from "./locales/places/de.json";
import placesEn from "./locales/places/en.json";
import placesAr from "./locales/places/ar.json";
import placesTr from "./locales/places/tr.json";
import placesUk from "./locales/places/uk.json";
import placesRu from "./locales/places/ru.json";
import meetingPhoneDe from "./locales/meeting-phone/de.json";
import meetingPhoneEn from "./locales/meeting-phone/en.json";
import meetingPhoneAr from "./locales/meeting-phone/ar.json";
import meetingPhoneTr from "./locales/meeting-phone/tr.json";
import meetingPhoneUk from "./locales/meeting-phone/uk.json";
import meetingPhoneRu from "./locales/meeting-phone/ru.json";
import meetingStaffDe from "./locales/meeting-staff/de.json";
import meetingStaffEn from "./locales/meeting-staff/en.json";
import meetingStaffAr from "./locales/meeting-staff/ar.json";
import meetingStaffTr from "./locales/meeting-staff/tr.json";
import meetingStaffUk from "./locales/meeting-staff/uk.json";
import meetingStaffRu from "./locales/meeting-staff/ru.json";
import easyDe from "./locales/easy/de.json";
import easyEn from "./locales/easy/en.json";
import easyAr from "./locales/easy/ar.json";
import easyTr from "./locales/easy/tr.json";
import easyUk from "./locales/easy/uk.json";
import easyRu from "./locales/easy/ru.json";
import photosDe from "./locales/photos/de.json";
import photosEn from "./locales/photos/en.json";
import photosAr from "./locales/photos/ar.json";
import photosTr from "./locales/photos/tr.json";
import photosUk from "./locales/photos/uk.json";
import photosRu from "./locales/photos/ru.json";
import uploadsDe from "./locales/uploads/de.json";
import uploadsEn from "./locales/uploads/en.json";
import uploadsAr from "./locales/uploads/ar.json";
import uploadsTr from "./locales/uploads/tr.json";
import uploadsUk from "./locales/uploads/uk.json";
import uploadsRu from "./locales/uploads/ru.json";
import mailDe from "./locales/mail/de.json";
import mailEn from "./locales/mail/en.json";
import mailAr from "./locales/mail/ar.json";
import mailTr from "./locales/mail/tr.json";
import mailUk from "./locales/mail/uk.json";
import mailRu from "./locales/mail/ru.json";
import fundDe from "./locales/fund/de.json";
import fundEn from "./locales/fund/en.json";
import fundAr from "./locales/fund/ar.json";
import fundTr from "./locales/fund/tr.json";
import fundUk from "./locales/fund/uk.json";
import fundRu from "./locales/fund/ru.json";
import fundRoundsDe from "./locales/fund-rounds/de.json";
import fundRoundsEn from "./locales/fund-rounds/en.json";
import fundRoundsAr from "./locales/fund-rounds/ar.json";
import fundRoundsTr from "./locales/fund-rounds/tr.json";
import fundRoundsUk from "./locales/fund-rounds/uk.json";
import fundRoundsRu from "./locales/fund-rounds/ru.json";
import fundSessionDe from "./locales/fund-session/de.json";
import fundSessionEn from "./locales/fund-session/en.json";
import fundSessionAr from "./locales/fund-session/ar.json";
import fundSessionTr from "./locales/fund-session/tr.json";
import fundSessionUk from "./locales/fund-session/uk.json";
import fundSessionRu from "./locales/fund-session/ru.json";
import fundReportDe from "./locales/fund-report/de.json";
import fundReportEn from "./locales/fund-report/en.json";
import fundReportAr from "./locales/fund-report/ar.json";
import fundReportTr from "./locales/fund-report/tr.json";
import fundReportUk from "./locales/fund-report/uk.json";
import fundReportRu from "./locales/fund-report/ru.json";

/**
 * The message catalogues: the base file per language (`locales/<lng>.json`)
 * plus one file per language for each module (`locales/<module>/<lng>.json`),
 * merged key by key. A unit test checks that every language has every key
 * (with the plural forms of its own language).
 */
type Tree = { [key: string]: string | Tree };

/** Module catalogues, in the order they are merged over the base file. */
export const moduleCatalogues: Record<string, Record<Language, Tree>> = {
  procedures: {
    de: proceduresDe,
    en: proceduresEn,
    ar: proceduresAr,
    tr: proceduresTr,
    uk: proceduresUk,
    ru: proceduresRu,
  },
  "staff-procedures": {
    de: staffProceduresDe,
    en: staffProceduresEn,
    ar: staffProceduresAr,
    tr: staffProceduresTr,
    uk: staffProceduresUk,
    ru: staffProceduresRu,
  },
  votes: { de: votesDe, en: votesEn, ar: votesAr, tr: votesTr, uk: votesUk, ru: votesRu },
  outcomes: {
    de: outcomesDe,
    en: outcomesEn,
    ar: outcomesAr,
    tr: outcomesTr,
    uk: outcomesUk,
    ru: outcomesRu,
  },
  basemap: {
    de: basemapDe,
    en: basemapEn,
    ar: basemapAr,
    tr: basemapTr,
    uk: basemapUk,
    ru: basemapRu,
  },
  pages: { de: pagesDe, en: pagesEn, ar: pagesAr, tr: pagesTr, uk: pagesUk, ru: pagesRu },
  places: { de: placesDe, en: placesEn, ar: placesAr, tr: placesTr, uk: placesUk, ru: placesRu },
  "meeting-phone": {
    de: meetingPhoneDe,
    en: meetingPhoneEn,
    ar: meetingPhoneAr,
    tr: meetingPhoneTr,
    uk: meetingPhoneUk,
    ru: meetingPhoneRu,
  },
  "meeting-staff": {
    de: meetingStaffDe,
    en: meetingStaffEn,
    ar: meetingStaffAr,
    tr: meetingStaffTr,
    uk: meetingStaffUk,
    ru: meetingStaffRu,
  },
  easy: { de: easyDe, en: easyEn, ar: easyAr, tr: easyTr, uk: easyUk, ru: easyRu },
  photos: { de: photosDe, en: photosEn, ar: photosAr, tr: photosTr, uk: photosUk, ru: photosRu },
  uploads: {
    de: uploadsDe,
    en: uploadsEn,
    ar: uploadsAr,
    tr: uploadsTr,
    uk: uploadsUk,
    ru: uploadsRu,
  },
  mail: { de: mailDe, en: mailEn, ar: mailAr, tr: mailTr, uk: mailUk, ru: mailRu },
  fund: {
    de: fundDe,
    en: fundEn,
    ar: fundAr,
    tr: fundTr,
    uk: fundUk,
    ru: fundRu,
  },
  "fund-rounds": {
    de: fundRoundsDe,
    en: fundRoundsEn,
    ar: fundRoundsAr,
    tr: fundRoundsTr,
    uk: fundRoundsUk,
    ru: fundRoundsRu,
  },
  "fund-session": {
    de: fundSessionDe,
    en: fundSessionEn,
    ar: fundSessionAr,
    tr: fundSessionTr,
    uk: fundSessionUk,
    ru: fundSessionRu,
  },
  "fund-report": {
    de: fundReportDe,
    en: fundReportEn,
    ar: fundReportAr,
    tr: fundReportTr,
    uk: fundReportUk,
    ru: fundReportRu,
  },
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
  tr: build("tr", tr),
  uk: build("uk", uk),
  ru: build("ru", ru),
};
