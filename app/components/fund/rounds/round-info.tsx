import { useTranslation } from "react-i18next";
import { formatEuro } from "~/components/procedures/format";
import { formatBerlin } from "~/utils/berlin-time";

export type PublicRoundView = {
  maxPerProjectCents: number;
  maxPerItemCents: number;
  volunteerRateCents: number;
  minOwnContributionPercent: number | null;
  earliestProjectStart: string | Date | null;
  reportDueDays: number;
  pots: Array<{ id: string; name: string; kind: string; amountCents: number; freeCents: number }>;
};

/** A fund round's rules in plain words, for residents. */
export function RoundRules({ round }: { round: PublicRoundView }) {
  const { t, i18n } = useTranslation();
  const euro = (cents: number) => formatEuro(cents, i18n.language);
  const weeks = round.reportDueDays % 7 === 0 ? round.reportDueDays / 7 : null;
  return (
    <ul className="fund-rules">
      <li>
        {t("fundRounds.public.rules.maxPerProject", { amount: euro(round.maxPerProjectCents) })}
      </li>
      <li>{t("fundRounds.public.rules.maxPerItem", { amount: euro(round.maxPerItemCents) })}</li>
      <li>
        {round.minOwnContributionPercent
          ? t("fundRounds.public.rules.ownContribution", {
              percent: round.minOwnContributionPercent,
            })
          : t("fundRounds.public.rules.noOwnContribution")}
      </li>
      {round.volunteerRateCents > 0 ? (
        <li>
          {t("fundRounds.public.rules.volunteerRate", { amount: euro(round.volunteerRateCents) })}
        </li>
      ) : null}
      <li>
        {round.earliestProjectStart
          ? t("fundRounds.public.rules.earliestStart", {
              date: formatBerlin(round.earliestProjectStart, i18n.language, { dateStyle: "long" }),
            })
          : t("fundRounds.public.rules.startAfterDecision")}
      </li>
      <li>
        {weeks
          ? t("fundRounds.public.rules.reportWeeks", { count: weeks })
          : t("fundRounds.public.rules.reportDays", { count: round.reportDueDays })}
      </li>
    </ul>
  );
}

/** The round's pots: how much each has, and how much is still free. */
export function RoundPots({ round }: { round: PublicRoundView }) {
  const { t, i18n } = useTranslation();
  const euro = (cents: number) => formatEuro(cents, i18n.language);
  if (round.pots.length === 0) return <p>{t("fundRounds.public.noPots")}</p>;
  return (
    <ul className="fund-pots">
      {round.pots.map((pot) => (
        <li key={pot.id}>
          <strong>
            <bdi>{pot.name}</bdi>
          </strong>{" "}
          ({t(`fund.potKindShort.${pot.kind}`)}):{" "}
          {t("fundRounds.public.potLine", {
            amount: euro(pot.amountCents),
            free: euro(pot.freeCents),
          })}
        </li>
      ))}
    </ul>
  );
}
