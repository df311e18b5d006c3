import { useTranslation } from "react-i18next";
import type { Score } from "~/modules/votes/aggregate";
import type { Channel } from "~/modules/votes/channels";
import type { RuleText } from "~/modules/votes/methods";
import type { RowReason } from "~/modules/votes/tally";
import { IsolatedList, IsolatedT } from "~/components/user-text";
import { formatCount, formatEuro } from "./format";

type Row = {
  optionId: string;
  costCents: number | null;
  byChannel: Record<Channel, Score>;
  total: Score;
  value: number;
  rank: number;
  position: number;
  passed?: boolean;
  selected: boolean;
  reason: RowReason;
};

type Tie = {
  rank: number;
  optionIds: string[];
  decisive: boolean;
  brokenBy: "lot" | "decision" | null;
  seed?: string;
  reason?: string;
};

export type StaffResultsView = {
  method: string;
  tally: {
    channels: Channel[];
    turnout: { total: number; byChannel: Record<Channel, number> };
    rows: Row[];
    ties: Tie[];
    needsTieBreak: boolean;
    budget: { budgetCents: number; usedCents: number; remainingCents: number } | null;
    rule: RuleText & { details: RuleText[] };
  };
  options: Array<{ id: string; proposalId: string; title: string; costCents: number | null }>;
};

const isYesNo = (score: Score): score is { yes: number; no: number; abstain: number } =>
  "yes" in score;

/**
 * The count as staff see it before (and after) publishing: turnout per
 * channel, one row per initiative with its score in each channel, a bar, and
 * whether it is selected and why. Bars are <meter> elements with the number
 * written next to them, so nothing depends on colour or on seeing the bar.
 */
export function VoteResults({ results }: { results: StaffResultsView }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { tally } = results;
  const count = (value: number) => formatCount(value, language);
  const titles = new Map(results.options.map((option) => [option.id, option.title]));
  const title = (optionId: string) => titles.get(optionId) ?? optionId;
  const scoreText = (score: Score) =>
    isYesNo(score)
      ? t("staff.votes.results.yesNoScore", {
          yes: count(score.yes),
          no: count(score.no),
          abstain: count(score.abstain),
        })
      : count(score.points);
  const maxPoints = Math.max(
    1,
    ...tally.rows.map((row) => (isYesNo(row.total) ? 0 : row.total.points)),
  );
  const channelName = (channel: Channel) => t(`staff.votes.channels.${channel}`);

  return (
    <div className="stack">
      {/* Rule params are plain numbers; the votes catalogue formats them (currency, plurals). */}
      <p>
        {t(tally.rule.key, tally.rule.params)}{" "}
        {tally.rule.details.map((detail) => t(detail.key, detail.params)).join(" ")}
      </p>
      <p>
        <strong>{t("staff.votes.results.turnout", { count: tally.turnout.total })}</strong>
        {tally.channels.length ? (
          <>
            {" "}
            (
            {tally.channels
              .map(
                (channel) => `${channelName(channel)}: ${count(tally.turnout.byChannel[channel])}`,
              )
              .join(" · ")}
            )
          </>
        ) : null}
      </p>
      {tally.budget ? (
        <p>
          {t("staff.votes.results.budget", {
            used: formatEuro(tally.budget.usedCents, language),
            budget: formatEuro(tally.budget.budgetCents, language),
            remaining: formatEuro(tally.budget.remainingCents, language),
          })}
        </p>
      ) : null}

      {tally.rows.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("staff.votes.results.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.votes.results.position")}</th>
                <th scope="col">{t("staff.votes.results.initiative")}</th>
                {results.method === "budget" ? (
                  <th scope="col">{t("staff.votes.options.cost")}</th>
                ) : null}
                {tally.channels.map((channel) => (
                  <th scope="col" key={channel}>
                    {channelName(channel)}
                  </th>
                ))}
                <th scope="col">{t("staff.votes.results.total")}</th>
                <th scope="col">{t("staff.votes.results.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {tally.rows.map((row) => {
                const total = row.total;
                const meter = isYesNo(total)
                  ? { value: total.yes, max: Math.max(1, total.yes + total.no + total.abstain) }
                  : { value: total.points, max: maxPoints };
                return (
                  <tr key={row.optionId}>
                    <td>
                      {row.position}
                      {row.rank !== row.position ? (
                        <small> ({t("staff.votes.results.rank", { rank: row.rank })})</small>
                      ) : null}
                    </td>
                    <th scope="row" dir="auto">
                      {title(row.optionId)}
                    </th>
                    {results.method === "budget" ? (
                      <td>{row.costCents === null ? "–" : formatEuro(row.costCents, language)}</td>
                    ) : null}
                    {tally.channels.map((channel) => (
                      <td key={channel}>{scoreText(row.byChannel[channel])}</td>
                    ))}
                    <td>
                      {scoreText(total)}
                      <br />
                      <meter
                        min={0}
                        max={meter.max}
                        value={meter.value}
                        aria-label={
                          isYesNo(total)
                            ? t("staff.votes.results.yesShare", { title: title(row.optionId) })
                            : t("staff.votes.results.pointsBar", { title: title(row.optionId) })
                        }
                      />
                    </td>
                    <td>
                      {row.selected ? (
                        <strong>✓ {t("staff.votes.results.selected")}</strong>
                      ) : (
                        <span>– {t("staff.votes.results.notSelected")}</span>
                      )}
                      <br />
                      <small>{t(`staff.votes.results.reasons.${row.reason}`)}</small>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("staff.votes.results.noRows")}</p>
      )}

      {tally.ties.length ? (
        <>
          <h3>{t("staff.votes.results.tiesTitle")}</h3>
          <ul>
            {tally.ties.map((tie) => (
              <li key={`${tie.rank}-${tie.optionIds.join()}`}>
                <IsolatedT
                  i18nKey="staff.votes.results.tie"
                  values={{ rank: tie.rank }}
                  nodes={{
                    titles: <IsolatedList items={tie.optionIds.map(title)} separator=", " />,
                  }}
                />{" "}
                {tie.decisive ? (
                  tie.brokenBy === "lot" ? (
                    t("staff.votes.results.tieLot", { seed: tie.seed })
                  ) : tie.brokenBy === "decision" ? (
                    <IsolatedT
                      i18nKey="staff.votes.results.tieDecision"
                      user={{ reason: tie.reason ?? "" }}
                    />
                  ) : (
                    t("staff.votes.results.tieOpen")
                  )
                ) : (
                  t("staff.votes.results.tieHarmless")
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
