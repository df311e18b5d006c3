import type { LoaderFunctionArgs } from "@remix-run/node";
import { isPhotoSize } from "~/modules/photos/photo-policy";
import {
  PUBLIC_PHOTO_CACHE,
  findPhotoFileForStaff,
  findPublicPhotoFile,
} from "~/modules/photos/photos.server";
import { getStaffUser } from "~/modules/staff/session.server";
import { can } from "~/modules/staff/permissions";
import { storedFileResponse } from "~/modules/uploads/uploads.server";

/**
 * A photo of an initiative: public while the initiative is public and the
 * photo not hidden; staff also see the others (never stored by a cache).
 * Everyone else gets 404, whether the photo exists or not.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const size = params.size;
  if (!isPhotoSize(size) || id.length > 40) throw notFound();
  const file = await findPublicPhotoFile(id, size);
  if (file) return storedFileResponse(file, PUBLIC_PHOTO_CACHE);
  const staff = await getStaffUser(request);
  if (staff && can(staff.role, "moderate:proposal")) {
    const staffFile = await findPhotoFileForStaff(id, size);
    if (staffFile) return storedFileResponse(staffFile, "private, no-store");
  }
  throw notFound();
}

const notFound = () =>
  new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
