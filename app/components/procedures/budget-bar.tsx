import { useTranslation } from "react-i18next";
import { formatEuro } from "./format";

/**
 * "1.250 € von 5.000 € verplant" with a `<meter>`: the numbers are always
 * written out, the bar only repeats them. Used on the ballot (updated live)
 * and in the results (what the selected initiatives cost).
 */
export function BudgetBar({
  usedCents,
  budgetCents,
  live = false,
  id,
}: {
  usedCents: number;
  budgetCents: number;
  live?: boolean;
  id?: string;
}) {
  const { t, i18n } = useTranslation();
  const euro = (cents: number) => formatEuro(cents, i18n.language);
  const remaining = budgetCents - usedCents;
  const over = remaining < 0;
  const label = t("ballot.budget.used", { used: euro(usedCents), budget: euro(budgetCents) });
  return (
    <div className={over ? "budget-bar budget-over" : "budget-bar"} id={id}>
      {/* The bar repeats the sentence below it; screen readers read the sentence. */}
      <meter
        min={0}
        max={budgetCents}
        value={Math.min(usedCents, budgetCents)}
        aria-hidden="true"
      />
      <p aria-live={live ? "polite" : undefined} className="budget-text">
        <strong>{label}</strong>{" "}
        {over
          ? t("ballot.budget.over", { amount: euro(-remaining) })
          : t("ballot.budget.remaining", { amount: euro(remaining) })}
      </p>
    </div>
  );
}
