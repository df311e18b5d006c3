import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, i18nConfig, isLanguage, languages, type Language } from "./config";
import { catalogues } from "./catalogues.server";

export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...languages],
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    // German first: a browser's Accept-Language does not override the default;
    // people choose their language with the visible switch (remembered in a cookie).
    order: ["searchParams", "cookie"],
  },
  i18next: {
    ...i18nConfig,
    resources: Object.fromEntries(
      Object.entries(catalogues).map(([lng, messages]) => [lng, { common: messages }]),
    ),
  },
});

export async function getLanguage(request: Request): Promise<Language> {
  const detected = await i18next.getLocale(request);
  return isLanguage(detected) ? detected : defaultLanguage;
}

export async function getT(request: Request) {
  return i18next.getFixedT(await getLanguage(request));
}

export function getTFor(language: Language) {
  return i18next.getFixedT(language);
}
