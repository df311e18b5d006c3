import { useTranslation } from "react-i18next";
import { photoUrl } from "~/modules/photos/photo-policy";

type Photo = {
  id: string;
  width: number;
  height: number;
  smallWidth: number;
  smallHeight: number;
  alt: string;
};

/**
 * An initiative's photos: the small versions (phones on little data), each a
 * link to the large one. Width and height are set so that nothing moves while
 * they load; the alt text is the resident's, in its own direction.
 */
export function PhotoGallery({
  photos,
  src = (id, size) => photoUrl(id, size),
}: {
  photos: ReadonlyArray<Photo>;
  /** Where the files are (the tracking page serves them behind its link). */
  src?: (id: string, size: "small" | "large") => string;
}) {
  const { t } = useTranslation();
  if (!photos.length) return null;
  return (
    <ul className="photo-gallery" aria-label={t("photos.gallery.title")}>
      {photos.map((photo, index) => (
        <li key={photo.id}>
          <a href={src(photo.id, "large")} title={t("photos.gallery.openLarge", { n: index + 1 })}>
            <img
              src={src(photo.id, "small")}
              width={photo.smallWidth}
              height={photo.smallHeight}
              alt={photo.alt}
              dir="auto"
              loading={index === 0 ? "eager" : "lazy"}
              decoding="async"
            />
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * The first photo on a list card: small, loaded when it scrolls into view.
 * An alt text that only repeats the card's title is left empty (read once).
 */
export function CardPhoto({ photo, title }: { photo: Photo | null; title: string }) {
  if (!photo) return null;
  return (
    <img
      className="card-photo"
      src={photoUrl(photo.id, "small")}
      width={photo.smallWidth}
      height={photo.smallHeight}
      alt={photo.alt === title ? "" : photo.alt}
      dir="auto"
      loading="lazy"
      decoding="async"
    />
  );
}
