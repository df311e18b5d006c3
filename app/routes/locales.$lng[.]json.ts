import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { catalogues } from "~/i18n/catalogues.server";

export async function loader({ params }: LoaderFunctionArgs) {
  if (!isLanguage(params.lng)) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(catalogues[params.lng]), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
}
