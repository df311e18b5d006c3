import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroyStaffSession, requireStaffAction } from "~/modules/staff/session.server";

export async function action({ request }: ActionFunctionArgs) {
  await requireStaffAction(request, "view:staff-area");
  return redirect("/staff/login", {
    status: 303,
    headers: { "Set-Cookie": await destroyStaffSession(request) },
  });
}

export async function loader() {
  return redirect("/staff");
}
