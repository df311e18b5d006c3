import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, i18nConfig, isLanguage, languages, type Language } from "./config";
import { catalogues } from "./catalogues.server";

export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

const resources = Object.fromEntries(
  Object.entries(catalogues).map(([lng, messages]) => [lng, { common: messages }]),
);

/** Detects the language of a request (query parameter, then cookie; German otherwise). */
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...languages],
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    // German first: a browser's Accept-Language does not override the default;
    // people choose their language with the visible switch (remembered in a cookie).
    order: ["searchParams", "cookie"],
  },
  i18next: { ...i18nConfig, resources },
});

// One ready i18next instance per language, shared by all requests: creating and
// initialising one per request (as getFixedT does) cost a few ms on every page.
const instances = new Map<Language, I18n>();

export function getI18nInstance(language: Language): I18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = createInstance();
    // With inline resources and initImmediate: false, init completes synchronously.
    void instance
      .use(initReactI18next)
      .init({ ...i18nConfig, lng: language, resources, initImmediate: false });
    instances.set(language, instance);
  }
  return instance;
}

export async function getLanguage(request: Request): Promise<Language> {
  const detected = await i18next.getLocale(request);
  return isLanguage(detected) ? detected : defaultLanguage;
}

export async function getT(request: Request) {
  return getI18nInstance(await getLanguage(request)).t;
}

export async function getTFor(language: Language) {
  return getI18nInstance(language).t;
}
