import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous / "page X of Y" / next, as plain links (works without JavaScript). */
export function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  const { t } = useTranslation();
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("proposals.list.pagination")}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {t("proposals.list.previous")}
        </Link>
      ) : null}
      <span aria-current="page">{t("proposals.list.pageOf", { page, pages: pageCount })}</span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          {t("proposals.list.next")}
        </Link>
      ) : null}
    </nav>
  );
}
