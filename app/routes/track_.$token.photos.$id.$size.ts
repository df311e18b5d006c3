import type { LoaderFunctionArgs } from "@remix-run/node";
import { isPhotoSize } from "~/modules/photos/photo-policy";
import { findTrackingPhotoFile } from "~/modules/photos/photos.server";
import { storedFileResponse } from "~/modules/uploads/uploads.server";

/**
 * The resident's own photos behind the private tracking link, also before
 * publication and when hidden. Never stored by a cache (the token is in the path).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const size = params.size;
  if (!isPhotoSize(size)) throw notFound();
  const file = await findTrackingPhotoFile(params.token ?? "", params.id ?? "", size);
  if (!file) throw notFound();
  return storedFileResponse(file, "private, no-store");
}

const notFound = () =>
  new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
