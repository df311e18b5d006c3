import { useTranslation } from "react-i18next";

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`statuses.${status}`)}</span>;
}

/**
 * The colour classes of the former outcome statuses (angenommen, in Umsetzung,
 * umgesetzt) style the implementation states, so that they look as before.
 */
const implementationClass: Record<string, string> = {
  accepted: "status-accepted",
  in_progress: "status-in_progress",
  done: "status-implemented",
};

/** What became of an accepted initiative: angenommen, in Umsetzung, umgesetzt. */
export function ImplementationBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge implementation-${state} ${implementationClass[state] ?? ""}`.trim()}>
      {t(`outcomes.states.${state}`)}
    </span>
  );
}

export function CategoryTag({ category }: { category: string }) {
  const { t } = useTranslation();
  return <span className={`tag category-${category}`}>{t(`categories.${category}`)}</span>;
}
