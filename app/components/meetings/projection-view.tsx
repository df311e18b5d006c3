import { useFetcher } from "@remix-run/react";
import { Fragment, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatEuro } from "~/components/procedures/format";
import { isLanguage, textDirection, type Language } from "~/i18n/config";
import type { MeetingSnapshot } from "~/modules/meetings/meeting-state";
import type { VoteMethod } from "~/modules/votes/methods";
import { Bi, useWall, WallLanguages } from "./bilingual";
import { refusalKey } from "./meeting-forms";
import { LazyMeetingMap } from "./meeting-map";
import { isTyping, keyAction, keyHelp } from "./presenter-keys";
import type { ProjectionLabelName, ProjectionLabels } from "./projection-labels";
import { ProjectionResults, type ProjectionOption } from "./projection-results";
import { QrCode, type QrSymbolProps } from "./qr-code";
import { useCountdown, useMeetingStream } from "./use-meeting-stream";

export type ProjectionData = {
  meeting: { id: string; code: string; joinUrl: string; shortUrl: string; languages: Language[] };
  action: string;
  csrf: string;
  method: VoteMethod;
  /** The procedure's title per language (German where no translation exists). */
  titles: Record<string, { text: string; lang: string }>;
  labels: Partial<Record<Language, ProjectionLabels>>;
  options: ProjectionOption[];
  qr: QrSymbolProps;
  snapshot: MeetingSnapshot;
  map: { styleUrl: string };
};

type CommandAnswer = { status: "ok" } | { status: "refused"; reason: string };

/** "1:05" */
function clock(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * The projection: full screen, 16:9, for the wall of a meeting room. The
 * procedure's title in one or two languages, the QR code to join, the map
 * with numbered pins, the list of initiatives with result bars, the
 * spotlighted initiative, and what the room may do now. Live from the
 * meeting's event stream; the presenter steers it with the keyboard.
 */
export function ProjectionView({
  data,
  onLanguagesChanged,
}: {
  data: ProjectionData;
  /** The stream names languages the page has no labels for: load them. */
  onLanguagesChanged: (languages: string[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const ui = isLanguage(i18n.language) ? i18n.language : "de";
  const { snapshot, connection, clockOffset } = useMeetingStream(data.meeting.code, data.snapshot);
  const secondsLeft = useCountdown(
    snapshot.voting.open ? snapshot.voting.endsAt : null,
    clockOffset,
  );
  const [help, setHelp] = useState(true);
  const [message, setMessage] = useState<string | null>(null);
  const fetcher = useFetcher<CommandAnswer>();

  const streamed = snapshot.languages.filter(isLanguage);
  const missing = streamed.some((language) => !data.labels[language]);
  const languages = streamed.length > 0 && !missing ? streamed : data.meeting.languages;
  const first = languages[0] ?? "de";
  useEffect(() => {
    if (missing) onLanguagesChanged(streamed);
    // Only when the set of languages changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [missing, streamed.join()]);

  // The keyboard reads the latest state through a ref: one listener for the page's life.
  const current = useRef({ snapshot, secondsLeft });
  current.current = { snapshot, secondsLeft };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event)) return;
      const action = keyAction(event.key, { ...current.current, method: data.method });
      if (!action) return;
      event.preventDefault();
      if (action.kind === "help") {
        setHelp((shown) => !shown);
        return;
      }
      fetcher.submit(
        { intent: action.intent, csrf: data.csrf, ...action.fields },
        { method: "post", action: data.action },
      );
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data.csrf, data.action, data.method]);

  // A refused command is said briefly, in the presenter's language.
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.status !== "refused") {
      setMessage(null);
      return;
    }
    setMessage(t(refusalKey(fetcher.data.reason)));
    const timer = setTimeout(() => setMessage(null), 5000);
    return () => clearTimeout(timer);
  }, [fetcher.state, fetcher.data, t]);

  const spotlight = data.options.find((option) => option.id === snapshot.spotlightOptionId) ?? null;
  const votingOpen = snapshot.voting.open && secondsLeft !== 0;
  const votingOption =
    votingOpen && snapshot.voting.scope === "question"
      ? (data.options.find((option) => option.id === snapshot.voting.optionId) ?? null)
      : null;

  return (
    <WallLanguages value={{ languages, labels: data.labels }}>
      <div
        className="projection"
        lang={first}
        dir={textDirection(first)}
        data-connection={connection}
        data-tallies={snapshot.talliesVisible ? "visible" : "hidden"}
        data-voting={votingOpen ? snapshot.voting.scope : "closed"}
        data-ended={snapshot.ended ? "true" : undefined}
        data-languages={languages.length}
      >
        <header className="pj-head">
          {languages.map((language) => {
            const title = data.titles[language] ?? data.titles.de;
            return (
              <div key={language} className="pj-half" lang={language} dir={textDirection(language)}>
                <h1 lang={title?.lang} dir="auto">
                  {title?.text}
                </h1>
              </div>
            );
          })}
        </header>

        <main className="pj-main" data-spotlight={spotlight ? "true" : undefined}>
          <div className="pj-left">
            {spotlight ? (
              <Spotlight
                option={spotlight}
                voting={votingOption?.id === spotlight.id}
                moneyLanguage={first}
              />
            ) : null}
            <div className="pj-map">
              <LazyMeetingMap
                options={data.options}
                spotlightId={spotlight?.id ?? null}
                language={first}
                styleUrl={data.map.styleUrl}
                label={data.labels[first]?.mapLabel ?? ""}
              />
            </div>
          </div>
          <section className="pj-right" aria-labelledby="pj-results-title">
            <h2 id="pj-results-title" className="pj-section-title">
              <Bi name="results" />
            </h2>
            <ProjectionResults
              options={data.options}
              method={data.method}
              tally={snapshot.talliesVisible ? snapshot.tally : null}
              spotlightId={spotlight?.id ?? null}
              votingOptionId={votingOption?.id ?? null}
              numberLanguage={first}
            />
          </section>
        </main>

        <aside className="pj-join" aria-labelledby="pj-join-title">
          <h2 id="pj-join-title" className="pj-join-title pj-stacked">
            <Bi name="joinTitle" />
          </h2>
          <QrCode {...data.qr} label={data.meeting.joinUrl} />
          <p className="pj-join-hint pj-stacked">
            <Bi name="joinHint" />
          </p>
          <p className="pj-url" dir="ltr" lang="en">
            {data.meeting.shortUrl}
          </p>
          <p className="pj-code">
            <span className="pj-code-label">
              <Bi name="code" />
            </span>
            <span className="pj-code-value" dir="ltr" data-join-code>
              {data.meeting.code}
            </span>
          </p>
        </aside>

        <footer className="pj-foot">
          <p className="pj-state" aria-live="polite">
            <VotingState snapshot={snapshot} votingOpen={votingOpen} votingOption={votingOption} />
          </p>
          {votingOpen && secondsLeft !== null ? (
            <p className="pj-countdown" data-countdown={secondsLeft}>
              <span className="pj-countdown-label">
                <Bi name="remaining" />
              </span>{" "}
              <span className="pj-countdown-value" dir="ltr">
                {clock(secondsLeft)}
              </span>
            </p>
          ) : null}
          <p className="pj-ballots">
            <span className="pj-ballots-label">
              <Bi name="ballots" />
            </span>{" "}
            <span className="pj-ballots-value" data-ballots={snapshot.ballots.total}>
              {new Intl.NumberFormat(first).format(snapshot.ballots.total)}
            </span>
          </p>
          {connection === "reconnecting" ? (
            <p className="pj-reconnecting" role="status">
              <Bi name="reconnecting" />
            </p>
          ) : null}
        </footer>

        {help ? (
          <div className="pj-keys" lang={ui} dir={textDirection(ui)}>
            <h2 className="visually-hidden">{t("staff.meetings.keys.title")}</h2>
            <ul>
              {keyHelp.map((entry) => (
                <li key={entry.text}>
                  {entry.keys.map((key) => (
                    <kbd key={key}>{key}</kbd>
                  ))}{" "}
                  {t(`staff.meetings.keys.${entry.text}`)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="pj-message" role="status" lang={ui} dir={textDirection(ui)}>
          {message}
        </p>
      </div>
    </WallLanguages>
  );
}

function VotingState({
  snapshot,
  votingOpen,
  votingOption,
}: {
  snapshot: MeetingSnapshot;
  votingOpen: boolean;
  votingOption: ProjectionOption | null;
}) {
  const name: ProjectionLabelName = snapshot.ended
    ? "ended"
    : votingOpen
      ? snapshot.voting.scope === "question"
        ? "openQuestion"
        : "openAll"
      : !snapshot.voteOpen
        ? "voteClosed"
        : snapshot.voting.round === 0
          ? "notYet"
          : "closed";
  return (
    <>
      {name === "openQuestion" && votingOption ? (
        <span className="pj-state-number">{votingOption.number}</span>
      ) : null}
      <span className="pj-stacked">
        <Bi name={name} />
      </span>
    </>
  );
}

/** The initiative the presenter talks about, big: number, title, short text, place, cost. */
function Spotlight({
  option,
  voting,
  moneyLanguage,
}: {
  option: ProjectionOption;
  voting: boolean;
  moneyLanguage: string;
}) {
  const { languages } = useWall();
  // One place per wall language; the same words twice (a street name alone) only once.
  const places = languages
    .map((language) => ({ language, text: option.place[language] ?? "" }))
    .filter(
      (place, index, all) => place.text && all.findIndex((p) => p.text === place.text) === index,
    );
  return (
    <section
      className="pj-spotlight"
      data-spotlight-option-id={option.id}
      data-voting={voting ? "true" : undefined}
      aria-labelledby="pj-spotlight-title"
    >
      <p className="pj-spotlight-number" aria-hidden="true">
        {option.number}
      </p>
      <h2 id="pj-spotlight-title" className="pj-spotlight-title" dir="auto">
        <span className="visually-hidden">{option.number}. </span>
        {option.title}
      </h2>
      <p className="pj-spotlight-summary" dir="auto">
        {option.summary}
      </p>
      <dl className="pj-facts">
        {places.length > 0 ? (
          <div>
            <dt>
              <Bi name="place" />
            </dt>
            <dd>
              {places.map((place, index) => (
                <Fragment key={place.language}>
                  {index > 0 ? (
                    <span className="bi-sep" aria-hidden="true">
                      {" · "}
                    </span>
                  ) : null}
                  <span lang={place.language} dir={textDirection(place.language)}>
                    {place.text}
                  </span>
                </Fragment>
              ))}
            </dd>
          </div>
        ) : null}
        {option.costCents !== null ? (
          <div>
            <dt>
              <Bi name="cost" />
            </dt>
            <dd>{formatEuro(option.costCents, moneyLanguage)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
