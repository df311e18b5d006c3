import { useRouteLoaderData } from "@remix-run/react";

/** Hidden CSRF field for the decision team's forms (the token comes from the jury layout's loader). */
export function JuryCsrfInput() {
  const data = useRouteLoaderData<{ csrf: string }>("routes/jury");
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}
