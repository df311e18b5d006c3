import { useTranslation } from "react-i18next";

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`statuses.${status}`)}</span>;
}

export function CategoryTag({ category }: { category: string }) {
  const { t } = useTranslation();
  return <span className={`tag category-${category}`}>{t(`categories.${category}`)}</span>;
}
