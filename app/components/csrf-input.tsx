import { useRouteLoaderData } from "@remix-run/react";

/** Hidden CSRF field for every state-changing staff form (the token comes from the staff layout's loader). */
export function CsrfInput() {
  const data = useRouteLoaderData<{ csrf: string }>("routes/staff");
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}
