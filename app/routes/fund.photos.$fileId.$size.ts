import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  PUBLIC_REPORT_PHOTO_CACHE,
  findPublicReportPhotoFile,
} from "~/modules/fund/reports.server";
import { isPhotoSize } from "~/modules/photos/photo-policy";
import { storedFileResponse } from "~/modules/uploads/uploads.server";

/**
 * A photo of a spending report: public once staff accepted the report of a
 * granted project (it is shown on "Gefördert im Verfügungsfonds"). Everyone
 * else gets 404, whether the photo exists or not; staff and the applicant see
 * their files through their own routes.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = params.fileId ?? "";
  const size = params.size;
  if (!isPhotoSize(size) || id.length > 40) throw notFound();
  const file = await findPublicReportPhotoFile(id, size);
  if (!file) throw notFound();
  return storedFileResponse(file, PUBLIC_REPORT_PHOTO_CACHE);
}

const notFound = () =>
  new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
