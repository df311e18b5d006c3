import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { SiteFooter, SiteHeader } from "~/components/layout";
import { defaultLanguage, isLanguage, textDirection, type Language } from "~/i18n/config";
import { getLanguage } from "~/i18n/i18n.server";
import appStyles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const url = new URL(request.url);
  return { language, path: url.pathname + url.search };
}

export const handle = { i18n: "common" };

/**
 * What a route may ask of the page around it, in its `handle`:
 * - `scripts: false` — no Remix scripts: the page works as plain HTML (the
 *   phone page of a meeting, which must load fast on little data; it brings
 *   its own small script).
 * - `chrome: false` — no site header and footer (the full-screen projection).
 */
export type PageHandle = { scripts?: boolean; chrome?: boolean };

function usePageHandle(): Required<PageHandle> {
  const matches = useMatches();
  const handles = matches.map((match) => (match.handle ?? {}) as PageHandle);
  return {
    scripts: !handles.some((handle) => handle.scripts === false),
    chrome: !handles.some((handle) => handle.chrome === false),
  };
}

function Document({ language, children }: { language: Language; children: React.ReactNode }) {
  const { scripts } = usePageHandle();
  return (
    <html lang={language} dir={textDirection(language)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {scripts ? (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  const { language, path } = useLoaderData<typeof loader>();
  useChangeLanguage(language);
  const { chrome } = usePageHandle();
  return (
    <Document language={language}>
      {chrome ? (
        <>
          <SiteHeader language={language} path={path} />
          <main id="main" className="container">
            <Outlet />
          </main>
          <SiteFooter />
        </>
      ) : (
        <Outlet />
      )}
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  // When an action throws, the root loader may not have run: the i18n instance
  // of this request still knows the visitor's language.
  const { i18n } = useTranslation();
  const language = data?.language ?? (isLanguage(i18n.language) ? i18n.language : defaultLanguage);
  return (
    <Document language={language}>
      <SiteHeader language={language} path={data?.path ?? "/"} />
      <main id="main" className="container">
        <ErrorMessage error={error} />
      </main>
    </Document>
  );
}

/** Catalogue keys of the error page per HTTP status (title and text). */
const errorPageKeys: Record<number, string> = {
  400: "errors.page.badRequest",
  401: "errors.page.forbidden",
  403: "errors.page.forbidden",
  404: "errors.page.notFound",
  405: "errors.page.methodNotAllowed",
  413: "errors.page.tooLarge",
  415: "errors.page.badRequest",
};

function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = errorPageKeys[status] ?? "errors.page.unexpected";
  return (
    <section className="error-page">
      <h1>{t(`${key}.title`)}</h1>
      <p>{t(`${key}.text`)}</p>
      <p>
        <a href="/">{t("errors.page.backHome")}</a>
      </p>
    </section>
  );
}
