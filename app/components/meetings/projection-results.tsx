import type { MeetingTally } from "~/modules/meetings/meeting-state";
import type { Score } from "~/modules/votes/aggregate";
import type { Channel } from "~/modules/votes/channels";
import type { VoteMethod } from "~/modules/votes/methods";
import { Bi, useWall } from "./bilingual";
import type { ProjectionLabelName } from "./projection-labels";

export type ProjectionOption = {
  id: string;
  number: number;
  title: string;
  summary: string;
  /** Where it is, in words, per wall language ("bei Eisenbahnstraße 54"). */
  place: Partial<Record<string, string>>;
  costCents: number | null;
  lon: number;
  lat: number;
};

const answers = ["yes", "no", "abstain"] as const;

function scoreTotal(score: Score | undefined): number {
  if (!score) return 0;
  return "yes" in score ? score.yes + score.no + score.abstain : score.points;
}

/** How tightly the rows sit: more initiatives, smaller type, still no scrolling. */
function density(count: number): string {
  if (count <= 5) return "roomy";
  if (count <= 8) return "normal";
  if (count <= 12) return "compact";
  return "dense";
}

/**
 * The list of initiatives with their numbers (as on the map pins) and, once
 * shown, a bar per initiative with its numbers written out: yes/no/abstain
 * or points, per channel, and the total. While tallies are hidden, only the
 * list and the number of ballots cast.
 */
export function ProjectionResults({
  options,
  method,
  tally,
  spotlightId,
  votingOptionId,
  numberLanguage,
}: {
  options: ProjectionOption[];
  method: VoteMethod;
  tally: MeetingTally | null;
  spotlightId: string | null;
  votingOptionId: string | null;
  numberLanguage: string;
}) {
  const { languages, labels } = useWall();
  const first = labels[languages[0]!];
  const number = (value: number) => new Intl.NumberFormat(numberLanguage).format(value);
  const rows = new Map((tally?.rows ?? []).map((row) => [row.optionId, row]));
  const scale = Math.max(1, ...[...rows.values()].map((row) => scoreTotal(row.total)));
  const channels: Channel[] = tally?.channels ?? [];

  if (options.length === 0) {
    return (
      <p className="pj-empty">
        <Bi name="noOptions" />
      </p>
    );
  }

  return (
    <>
      {tally ? (
        <ul className="pj-legend" aria-hidden="true">
          <li className="pj-legend-what">
            <Bi name="points" />
          </li>
          {method === "yes_no"
            ? answers.map((answer) => (
                <li key={answer}>
                  <Swatch className={`pj-seg-${answer}`} />
                  <Bi name={answer} />
                </li>
              ))
            : channels.map((channel) => (
                <li key={channel}>
                  <Swatch className={`pj-ch-${channel}`} />
                  <Bi name={`channel_${channel}`} />
                </li>
              ))}
        </ul>
      ) : (
        <p className="pj-hidden-note pj-stacked">
          <Bi name="hidden" />
        </p>
      )}
      <ol className="pj-results" data-density={density(options.length)}>
        {options.map((option) => {
          const row = rows.get(option.id);
          const total = row ? scoreTotal(row.total) : null;
          return (
            <li
              key={option.id}
              className="pj-row"
              data-option-id={option.id}
              data-total={total ?? undefined}
              data-spotlight={option.id === spotlightId ? "true" : undefined}
              data-voting={option.id === votingOptionId ? "true" : undefined}
            >
              <span className="pj-num">{number(option.number)}</span>
              <span className="pj-row-title" dir="auto">
                {option.title}
              </span>
              {row && total !== null ? (
                <>
                  <span className="pj-row-total">{number(total)}</span>
                  <Bar
                    score={row.total}
                    byChannel={row.byChannel}
                    channels={channels}
                    scale={scale}
                  />
                  <span className="pj-row-numbers">
                    {numbersText(
                      row.total,
                      row.byChannel,
                      channels,
                      (name) => first?.[name] ?? name,
                      number,
                    )}
                  </span>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** "Ja 12 · Nein 3 · Enthaltung 1 — Telefon 9 · Handzeichen 7", or "Telefon 9 · Mit Code 4". */
function numbersText(
  total: Score,
  byChannel: Partial<Record<Channel, Score>>,
  channels: Channel[],
  label: (name: ProjectionLabelName) => string,
  number: (value: number) => string,
): string {
  const perChannel = channels
    .filter((channel) => scoreTotal(byChannel[channel]) > 0)
    .map((channel) => `${label(`channel_${channel}`)} ${number(scoreTotal(byChannel[channel]))}`)
    .join(" · ");
  if (!("yes" in total)) return perChannel;
  const perAnswer = answers
    .map((answer) => `${label(answer)} ${number(total[answer])}`)
    .join(" · ");
  return perChannel ? `${perAnswer} — ${perChannel}` : perAnswer;
}

function Swatch({ className }: { className: string }) {
  return (
    <svg className="pj-swatch" viewBox="0 0 10 10" focusable="false" aria-hidden="true">
      <rect className={className} width="10" height="10" />
    </svg>
  );
}

/**
 * One bar: yes/no/abstain stacked, or the points stacked by channel in the
 * legend's order. SVG attributes, not inline styles: the page's CSP allows
 * no style attributes. The numbers next to it say the same.
 */
function Bar({
  score,
  byChannel,
  channels,
  scale,
}: {
  score: Score;
  byChannel: Partial<Record<Channel, Score>>;
  channels: Channel[];
  scale: number;
}) {
  const segments =
    "yes" in score
      ? answers.map((answer) => ({ className: `pj-seg-${answer}`, value: score[answer] }))
      : channels.map((channel) => ({
          className: `pj-ch-${channel}`,
          value: scoreTotal(byChannel[channel]),
        }));
  let offset = 0;
  return (
    <svg
      className="pj-bar"
      viewBox="0 0 1000 10"
      preserveAspectRatio="none"
      focusable="false"
      aria-hidden="true"
    >
      <rect className="pj-track" width="1000" height="10" />
      {segments
        .filter((segment) => segment.value > 0)
        .map((segment) => {
          const x = (offset / scale) * 1000;
          offset += segment.value;
          return (
            <rect
              key={segment.className}
              className={segment.className}
              x={x}
              width={(segment.value / scale) * 1000}
              height="10"
            />
          );
        })}
    </svg>
  );
}
