import { getDistrictsFeatureCollection } from "~/modules/areas/areas.server";
import { geoJsonResponse } from "~/utils/http.server";

export async function loader() {
  return geoJsonResponse(await getDistrictsFeatureCollection(), { maxAge: 3600 });
}
