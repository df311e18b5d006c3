import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireJuryAction } from "~/modules/fund/jury.server";
import { destroyStaffSession } from "~/modules/staff/session.server";

/** Logging out from the decision team's area (jury accounts have no staff area to log out from). */
export async function action({ request }: ActionFunctionArgs) {
  await requireJuryAction(request);
  return redirect("/staff/login", {
    status: 303,
    headers: { "Set-Cookie": await destroyStaffSession(request) },
  });
}

export async function loader() {
  return redirect("/jury");
}
