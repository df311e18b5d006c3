import type { LoaderFunctionArgs } from "@remix-run/node";
import { fundFileResponse } from "~/modules/fund/application-files.server";
import { findFundFile } from "~/modules/fund/tracking.server";
import { requireStaff } from "~/modules/staff/session.server";

/** Any file of a fund application, for staff who manage the fund. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:fund");
  const file = await findFundFile(params.fileId ?? "");
  if (!file)
    throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const size = new URL(request.url).searchParams.get("size") === "small" ? "small" : "large";
  return fundFileResponse(file, size);
}
