import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { languages } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18n.server";
import { readForm } from "~/utils/form.server";
import { safeRedirectPath } from "~/utils/safe-redirect";

// A function, so that the browser bundle (which has no loader/action) carries no zod.
const languageSchema = () =>
  z.object({
    language: z.enum(languages),
    // Only paths on this site, judged after URL normalisation: never redirect to another site.
    redirectTo: z.unknown().transform((value) => safeRedirectPath(value, "/")),
  });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = languageSchema().safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return redirect("/", 303);
  const target = new URL(parsed.data.redirectTo, "http://local");
  target.searchParams.delete("lng");
  return redirect(target.pathname + target.search, {
    status: 303,
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.language) },
  });
}

export async function loader() {
  return redirect("/");
}
