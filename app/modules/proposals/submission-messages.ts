import type { TFunction } from "i18next";
import type { Compass } from "~/modules/areas/geo";

/** "About 420 m outside the funding area, which lies to the east of your pin." */
export function outsideAreaMessage(
  t: TFunction,
  outside: { distanceMeters: number; direction: Compass },
): string {
  return t("errors.location.outside", {
    distance: outside.distanceMeters,
    direction: t(`compass.${outside.direction}`),
  });
}
