import { useTranslation } from "react-i18next";
import { formatCents } from "~/modules/fund/money";
import type { LineDiff, ReportMoney } from "~/modules/fund/report-diff";

/** A line's difference from the plan in words ("75,00 € weniger als geplant (−25 %)"). */
export function LineFlagText({ diff, id }: { diff: LineDiff; id?: string }) {
  const { t, i18n } = useTranslation();
  const amount = formatCents(Math.abs(diff.differenceCents), i18n.language);
  const percent = diff.differencePercent === null ? "" : ` (${Math.abs(diff.differencePercent)} %)`;
  const className =
    diff.flag === "over-plan"
      ? "fund-flag fund-flag-over"
      : diff.flag === "as-planned" || diff.flag === "not-reported"
        ? "fund-flag"
        : "fund-flag fund-flag-under";
  return (
    <p className={className} id={id} data-flag={diff.flag}>
      {t(`fundReport.flags.${diff.flag}`, { amount, percent })}
    </p>
  );
}

/** The money of a report: planned, spent, the fund's share, what goes back and what is repaid. */
export function ReportTotals({ money, live = false }: { money: ReportMoney; live?: boolean }) {
  const { t, i18n } = useTranslation();
  const euros = (cents: number) => formatCents(cents, i18n.language);
  return (
    <dl className="fund-totals" aria-live={live ? "polite" : undefined} data-testid="report-totals">
      <div>
        <dt>{t("fundReport.totals.planned")}</dt>
        <dd>{euros(money.plannedCents)}</dd>
      </div>
      <div>
        <dt>{t("fundReport.totals.spent")}</dt>
        <dd data-testid="total-spent">{euros(money.spentCents)}</dd>
      </div>
      <div>
        <dt>{t("fundReport.totals.fundShare")}</dt>
        <dd>{euros(money.fundShareSpentCents)}</dd>
      </div>
      <div>
        <dt>{t("fundReport.totals.unspent")}</dt>
        <dd data-testid="total-unspent">{euros(money.unspentCents)}</dd>
      </div>
      {money.repayCents > 0 ? (
        <div>
          <dt>{t("fundReport.totals.repay")}</dt>
          <dd>{euros(money.repayCents)}</dd>
        </div>
      ) : null}
    </dl>
  );
}
