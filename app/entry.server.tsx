import type { EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getI18nInstance, getLanguage } from "./i18n/i18n.server";
import { ALLOWED_FORM_METHODS } from "./utils/form.server";
import { applyCachePolicy, contentSecurityPolicy } from "./utils/security-headers.server";

export { getServerConfig } from "./utils/server-config.server";
export { pageCache } from "./utils/page-cache.server";
export { staticFiles } from "./utils/static-files.server";
export { startMailWorker } from "./modules/mail/mail-worker.server";
export { meetingEvents } from "./modules/meetings/meeting-events-node.server";
export { ballotApi } from "./modules/votes/ballot-api.server";

/**
 * Pages are rendered to one string, not streamed: the app uses no deferred
 * data, the whole page is needed anyway to hash its inline scripts for the
 * Content-Security-Policy, and React 18.3's streaming renderer can split a
 * multi-byte character at a chunk boundary (facebook/react#31134).
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const instance = getI18nInstance(await getLanguage(request));
  const html =
    "<!DOCTYPE html>" +
    renderToString(
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} />
      </I18nextProvider>,
    );
  const matches = remixContext.staticHandlerContext.matches;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(html));
  applyCachePolicy(
    request,
    matches.map((match) => match.route.id),
    responseStatusCode,
    responseHeaders,
  );
  if (responseStatusCode === 405 && !responseHeaders.has("Allow")) {
    const leaf = matches[matches.length - 1]?.route.id;
    const hasAction = leaf ? Boolean(remixContext.manifest.routes[leaf]?.hasAction) : false;
    responseHeaders.set("Allow", hasAction ? ALLOWED_FORM_METHODS : "GET, HEAD");
  }
  return new Response(html, { headers: responseHeaders, status: responseStatusCode });
}

/** Loader data fetched by the browser (`?_data=`) follows the same cache rules as its page. */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  const routeId = new URL(request.url).searchParams.get("_data");
  const headers = new Headers(response.headers);
  applyCachePolicy(request, routeId ? [routeId] : [], response.status, headers);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
};
