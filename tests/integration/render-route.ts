import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import type { Language } from "~/i18n/config";
import { getI18nInstance } from "~/i18n/i18n.server";

export type RouteModule = {
  loader: (args: LoaderFunctionArgs) => Promise<unknown>;
  Component: ComponentType;
};

/** Server-renders one route (loader, then component) as a visitor in `language` gets it. */
export async function renderRoute(
  path: string,
  url: string,
  route: RouteModule,
  language: Language,
) {
  const handler = createStaticHandler([
    {
      id: "route",
      path,
      loader: (args) => route.loader({ request: args.request, params: args.params, context: {} }),
      Component: route.Component,
    },
  ]);
  const routing = await handler.query(
    new Request(`http://test.local${url}${url.includes("?") ? "&" : "?"}lng=${language}`),
  );
  if (routing instanceof Response) throw new Error(`unexpected response ${routing.status}`);
  const router = createStaticRouter(handler.dataRoutes, routing);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n: getI18nInstance(language) },
      createElement(StaticRouterProvider, { router, context: routing, hydrate: false }),
    ),
  );
}
