import { useTranslation } from "react-i18next";
import type { Score } from "~/modules/votes/aggregate";
import type { Channel } from "~/modules/votes/channels";
import type { RuleText } from "~/modules/votes/methods";
import { IsolatedList, IsolatedT } from "~/components/user-text";
import { BudgetBar } from "./budget-bar";
import { formatEuro, formatNumber, useProcedureFormat } from "./format";
import type { ResultRowView, ResultsView } from "./results-view";

/**
 * A vote's result: one entry per initiative in final order, with the numbers
 * written out (per channel and in total) and a bar that only repeats them,
 * what was selected and why, ties and how they were settled, the rule in
 * words, the turnout, a table of the same numbers and the CSV download.
 */
export function VoteResults({ results, now }: { results: ResultsView; now: string }) {
  const { t, i18n } = useTranslation();
  const format = useProcedureFormat(now);
  const number = (value: number) => formatNumber(value, i18n.language);
  const headingId = `results-${results.voteId}`;
  const ruleText = (rule: RuleText) => t(rule.key, { ...rule.params });
  const list = (items: string[]) =>
    new Intl.ListFormat(i18n.language, { type: "conjunction" }).format(items);

  return (
    <section className="vote-results" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(results.final ? "results.title" : "results.liveTitle")}</h2>
      {results.final && results.publishedAt ? (
        <p className="meta">
          {t("results.publishedOn", { date: format.day(results.publishedAt) })}
        </p>
      ) : (
        <p className="alert alert-info">
          {t(results.closed ? "results.notFinal" : "results.liveNotice")}
        </p>
      )}

      <p className="turnout">
        <strong>{t("results.turnout", { total: number(results.turnout.total) })}</strong>
        {results.turnout.byChannel.length > 0 ? (
          <>
            {" "}
            {t("results.turnoutChannels", {
              channels: list(
                results.turnout.byChannel.map(({ channel, count }) =>
                  t("results.channelCount", {
                    channel: t(`results.channel.${channel}`),
                    ballots: number(count),
                  }),
                ),
              ),
            })}
          </>
        ) : null}
      </p>

      {results.budget ? (
        <BudgetBar usedCents={results.budget.usedCents} budgetCents={results.budget.budgetCents} />
      ) : null}

      {results.needsTieBreak ? (
        <p className="alert alert-info">{t("results.needsTieBreak")}</p>
      ) : null}

      {results.method !== "yes_no" ? <ChannelLegend channels={results.channels} /> : null}
      <ol className="result-list">
        {results.rows.map((row) => (
          <ResultRow key={row.optionId} row={row} results={results} />
        ))}
      </ol>

      {results.ties.length > 0 ? (
        <>
          <h3>{t("results.tiesTitle")}</h3>
          <ul className="ties">
            {results.ties.map((tie) => (
              <li key={tie.rank}>
                <IsolatedT
                  i18nKey="results.tie.shared"
                  values={{ rank: number(tie.rank) }}
                  nodes={{ titles: <IsolatedList items={tie.titles} /> }}
                />{" "}
                {tie.brokenBy === "lot" ? (
                  <>
                    {t("results.tie.lot")} ({t("results.tie.seed")} <code>{tie.seed}</code>)
                  </>
                ) : tie.brokenBy === "decision" ? (
                  <>
                    {t("results.tie.decision")} <span dir="auto">{tie.reason}</span>
                  </>
                ) : tie.decisive ? (
                  t("results.tie.open")
                ) : (
                  t("results.tie.notDecisive")
                )}
              </li>
            ))}
          </ul>
          {results.ties.some((tie) => tie.brokenBy === "lot") ? (
            <p className="hint">{t("results.tie.lotHint")}</p>
          ) : null}
        </>
      ) : null}

      <h3>{t("results.howTitle")}</h3>
      <p>{t(`results.method.${results.method}`)}</p>
      <p>
        {ruleText(results.rule)} {results.rule.details.map((detail) => ruleText(detail)).join(" ")}
      </p>

      <details className="results-table">
        <summary>{t("results.tableSummary")}</summary>
        <ResultsTable results={results} />
      </details>

      <p>
        <a href={`/votes/${results.voteId}/results.csv`} download>
          {t("results.csv")}
        </a>
      </p>
    </section>
  );
}

function useScoreText() {
  const { t, i18n } = useTranslation();
  const number = (value: number) => formatNumber(value, i18n.language);
  return (score: Score) =>
    "yes" in score
      ? t("results.yesNoScore", {
          yes: number(score.yes),
          no: number(score.no),
          abstain: number(score.abstain),
        })
      : number(score.points);
}

function ResultRow({ row, results }: { row: ResultRowView; results: ResultsView }) {
  const { t, i18n } = useTranslation();
  const number = (value: number) => formatNumber(value, i18n.language);
  const scoreText = useScoreText();
  const outcome = row.selected
    ? t(`results.selected.${results.method}`)
    : t(`results.reason.${row.reason}`);
  return (
    <li className={row.selected ? "result-row result-selected" : "result-row"}>
      <h3 className="result-title">
        <span className="result-place">
          {t(row.tied ? "results.placeShared" : "results.place", { place: number(row.rank) })}
        </span>{" "}
        <a href={`/proposals/${row.proposalId}`} dir="auto">
          {row.title}
        </a>
      </h3>
      <p className={row.selected ? "outcome outcome-yes" : "outcome outcome-no"}>
        <span aria-hidden="true">{row.selected ? "✓ " : "– "}</span>
        {outcome}
        {row.costCents !== null && results.method === "budget" ? (
          <> · {t("results.cost", { cost: formatEuro(row.costCents, i18n.language) })}</>
        ) : null}
      </p>
      <ResultBar score={row.total} byChannel={row.byChannel} scale={results.scale} />
      <p className="result-numbers">
        {"yes" in row.total
          ? scoreText(row.total)
          : t(`results.points.${results.method}`, { value: number(row.value) })}
      </p>
      {results.channels.length > 1 ? (
        <p className="meta">
          {row.byChannel
            .map(({ channel, score }) =>
              t("results.channelScore", {
                channel: t(`results.channel.${channel}`),
                score: scoreText(score),
              }),
            )
            .join(" · ")}
        </p>
      ) : null}
    </li>
  );
}

/** The bar repeats the numbers written next to it; screen readers skip it. SVG: no inline styles under the CSP. */
/**
 * One bar per initiative. Point-based methods stack one segment per channel
 * (codes, open, paper, …) in the channel's colour, in the same order as the
 * legend and the numbers next to it; yes/no/abstain stacks the three answers.
 */
function ResultBar({
  score,
  byChannel,
  scale,
}: {
  score: Score;
  byChannel: Array<{ channel: Channel; score: Score }>;
  scale: number;
}) {
  const width = (value: number) => `${Math.max(0, Math.min(100, (value / scale) * 100))}%`;
  const segments =
    "yes" in score
      ? [
          { key: "bar-yes", value: score.yes },
          { key: "bar-no", value: score.no },
          { key: "bar-abstain", value: score.abstain },
        ]
      : byChannel.map(({ channel, score: channelScore }) => ({
          key: `bar-points bar-ch-${channel}`,
          value: "points" in channelScore ? channelScore.points : 0,
        }));
  let offset = 0;
  return (
    <svg className="result-bar" aria-hidden="true" focusable="false" width="100%" height="14">
      <rect className="bar-track" x="0" y="0" width="100%" height="14" />
      {segments
        .filter((segment) => segment.value > 0)
        .map((segment) => {
          const x = width(offset);
          offset += segment.value;
          return (
            <rect
              key={segment.key}
              className={segment.key}
              x={x}
              y="0"
              width={width(segment.value)}
              height="14"
            />
          );
        })}
    </svg>
  );
}

/** The channel colours of the bars, named in words. */
export function ChannelLegend({ channels }: { channels: Channel[] }) {
  const { t } = useTranslation();
  if (channels.length < 2) return null;
  return (
    <ul className="channel-legend" aria-hidden="true">
      {channels.map((channel) => (
        <li key={channel}>
          <svg width="14" height="14" focusable="false">
            <rect className={`bar-points bar-ch-${channel}`} width="14" height="14" />
          </svg>{" "}
          {t(`results.channel.${channel}`)}
        </li>
      ))}
    </ul>
  );
}

function ResultsTable({ results }: { results: ResultsView }) {
  const { t, i18n } = useTranslation();
  const number = (value: number) => formatNumber(value, i18n.language);
  const scoreText = useScoreText();
  const channels: Channel[] = results.channels;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t("results.tableSummary")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("results.column.place")}</th>
            <th scope="col">{t("results.column.idea")}</th>
            {channels.length > 1
              ? channels.map((channel) => (
                  <th scope="col" key={channel}>
                    {t(`results.channel.${channel}`)}
                  </th>
                ))
              : null}
            <th scope="col">{t("results.column.total")}</th>
            <th scope="col">{t("results.column.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {results.rows.map((row) => (
            <tr key={row.optionId}>
              <td>{number(row.rank)}</td>
              <th scope="row" dir="auto">
                {row.title}
              </th>
              {channels.length > 1
                ? row.byChannel.map(({ channel, score }) => (
                    <td key={channel}>{scoreText(score)}</td>
                  ))
                : null}
              <td>{scoreText(row.total)}</td>
              <td>
                {row.selected
                  ? t(`results.selected.${results.method}`)
                  : t(`results.reason.${row.reason}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
