import type { LoaderFunctionArgs } from "@remix-run/node";
import { fundFileResponse } from "~/modules/fund/application-files.server";
import { findApplicantFile } from "~/modules/fund/tracking.server";

/** The applicant's own files (quotes, receipts, report photos) behind the private link. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const file = await findApplicantFile(params.token ?? "", params.fileId ?? "");
  if (!file)
    throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const size = new URL(request.url).searchParams.get("size") === "small" ? "small" : "large";
  return fundFileResponse(file, size);
}
