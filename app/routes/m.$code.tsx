import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { JOIN_INPUT_MAX_CHARS, JoinCodeForm } from "~/components/meetings/join-code-form";
import { phoneRefusal, readPhoneBallotForm } from "~/components/meetings/phone-ballot-form.server";
import { BallotFields, type BallotOption } from "~/components/procedures/ballot-fields";
import {
  emptyBallotValues,
  valuesFromChoices,
  type BallotValues,
} from "~/components/procedures/ballot-values";
import { formatEuro, formatNumber } from "~/components/procedures/format";
import { isLanguage, type Language } from "~/i18n/config";
import { PlaceLine } from "~/modules/addresses/place-line";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { getDeviceKey } from "~/modules/meetings/device-token.server";
import { isVotingOpen } from "~/modules/meetings/meeting-state";
import { buildSnapshot } from "~/modules/meetings/meeting-stream.server";
import {
  castPhoneBallot,
  getMeetingByCode,
  getPhoneBallot,
  joinPath,
  type MeetingView,
} from "~/modules/meetings/meetings.server";
import { localisedText } from "~/modules/procedures/procedure-text";
import { getPublicProcedure } from "~/modules/procedures/procedures.server";
import type { Score } from "~/modules/votes/aggregate";
import { isPlainRecord, yesNoAnswers, type YesNoAnswer } from "~/modules/votes/methods";
import type { PageHandle } from "~/root";
import phoneStyles from "~/styles/meeting-phone.css";
import { formatBerlin } from "~/utils/berlin-time";
import { readForm } from "~/utils/form.server";

/**
 * GET /m/:code — the page a phone opens by scanning the projection's QR code:
 * the meeting's state (waiting, the open question or the whole ballot, voting
 * closed, ended), this device's ballot ("gezählt ✓") and, once shown, the
 * result. Plain server-rendered HTML without Remix scripts, so that it loads
 * fast on little data and works without JavaScript; public/meeting/phone.js
 * (progressive enhancement) follows the meeting's event stream, sends the
 * ballot without a reload and reloads the page when the room moves on.
 *
 * POST /m/:code — the ballot as a form post (without JavaScript): a 303 back
 * to the page on success, the page with the message and the choice kept on a
 * refusal. The script posts to /m/:code/ballot instead, which answers in JSON
 * (a page route cannot answer a document request in JSON).
 */
export const handle: PageHandle = { scripts: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: phoneStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} – ${data.appName}` : "" },
  { name: "robots", content: "noindex" },
];

/** The language, when the address chose it (`?lng=`): kept in links and form targets. */
function languageFromUrl(url: URL): Language | null {
  const lng = url.searchParams.get("lng");
  return isLanguage(lng) ? lng : null;
}

/**
 * What decides which page a phone shows. The script compares it with each
 * event's snapshot (public/meeting/phone.js, `stateKey`) and reloads when it
 * differs: keep both in step.
 */
function stateKey(snapshot: {
  ended: boolean;
  voting: { optionId: string | null; round: number; scope: string };
  open: boolean;
  talliesVisible: boolean;
}): string {
  const { voting } = snapshot;
  return [
    voting.optionId ?? "",
    voting.round,
    voting.scope,
    snapshot.open,
    snapshot.ended,
    snapshot.talliesVisible,
  ].join("|");
}

const isAnswer = (value: unknown): value is YesNoAnswer =>
  yesNoAnswers.some((answer) => answer === value);

type ResultRow = { optionId: string; number: number; title: string; score: Score };

async function procedureTitle(meeting: MeetingView, language: Language) {
  const known = meeting.procedure.titles[language];
  if (known !== undefined) {
    const german = meeting.procedure.titles.de;
    return { text: known, lang: language !== "de" && known === german ? "de" : language };
  }
  // Not one of the meeting's projection languages: the procedure's own translation, if any.
  const procedure = await getPublicProcedure(meeting.procedure.id);
  if (!procedure) return { text: meeting.procedure.titles.de ?? "", lang: "de" };
  const text = localisedText(procedure, language);
  return { text: text.title, lang: text.titleLanguage };
}

async function meetingPage(request: Request, meeting: MeetingView, language: Language) {
  const url = new URL(request.url);
  const t = await getTFor(language);
  const snapshot = await buildSnapshot(meeting.id);
  if (!snapshot) throw new Response("Not found", { status: 404 });
  const device = await getDeviceKey(request, meeting, { create: false });
  const stored = device.voterKey ? await getPhoneBallot(meeting, device.voterKey) : null;

  const open = snapshot.voting.open && snapshot.voteOpen;
  const phase = snapshot.ended
    ? "ended"
    : open
      ? "open"
      : snapshot.voting.round === 0
        ? "waiting"
        : "closed";
  const scope = snapshot.voting.scope;
  const question = meeting.options.find((option) => option.id === snapshot.voting.optionId) ?? null;
  const given = question && isPlainRecord(stored) ? stored[question.id] : null;
  const storedAnswer = isAnswer(given) ? given : null;
  const counted = question && scope === "question" ? storedAnswer !== null : stored !== null;
  const values: BallotValues =
    stored !== null
      ? valuesFromChoices(meeting.vote.method, stored, emptyBallotValues())
      : emptyBallotValues();

  let results: ResultRow[] | null = null;
  if (snapshot.talliesVisible && snapshot.tally && phase !== "waiting") {
    const shown =
      phase !== "ended" && question
        ? snapshot.tally.rows.filter((row) => row.optionId === question.id)
        : snapshot.tally.rows;
    results = shown.flatMap((row) => {
      const option = meeting.options.find((candidate) => candidate.id === row.optionId);
      return option
        ? [{ optionId: row.optionId, number: option.number, title: option.title, score: row.total }]
        : [];
    });
  }

  const keep = languageFromUrl(url);
  const self = joinPath(meeting.code);
  const endsAt = open ? snapshot.voting.endsAt : null;
  const timeOf = (iso: string) =>
    formatBerlin(iso, language, { hour: "numeric", minute: "2-digit", second: "2-digit" });
  return {
    kind: "meeting" as const,
    appName: t("app.name"),
    pageTitle: t("meetingPhone.pageTitle"),
    code: meeting.code,
    procedureId: meeting.procedure.id,
    title: await procedureTitle(meeting, language),
    key: stateKey({ ...snapshot, open }),
    serverTime: snapshot.serverTime,
    phase,
    scope,
    round: snapshot.voting.round,
    endsAt,
    until: endsAt ? timeOf(endsAt) : null,
    talliesVisible: snapshot.talliesVisible,
    method: meeting.vote.method,
    config: meeting.vote.config,
    question,
    options: meeting.options.map((option): BallotOption => ({
      id: option.id,
      proposalId: option.proposalId,
      title: option.title,
      district: option.district,
      costCents: option.costCents,
    })),
    storedAnswer,
    hasBallot: stored !== null,
    counted,
    values,
    justCounted: url.searchParams.get("counted") === "1",
    results,
    links: {
      self: keep ? `${self}?lng=${keep}` : self,
      form: keep ? `${self}?lng=${keep}` : self,
      json: `${self}/ballot?lng=${language}`,
      events: `${self}/events`,
    },
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const language = await getLanguage(request);
  const input = (params.code ?? "").slice(0, JOIN_INPUT_MAX_CHARS);
  const meeting = await getMeetingByCode(input);
  if (!meeting) {
    const t = await getTFor(language);
    return json(
      {
        kind: "unknown" as const,
        appName: t("app.name"),
        pageTitle: t("meetingPhone.notFound.title"),
        typed: input,
        language: languageFromUrl(url),
      },
      { status: 404 },
    );
  }
  // The device cookie's path is the code as stored: "/m/k7m4" would not carry it.
  if (input !== meeting.code) return redirect(`${joinPath(meeting.code)}${url.search}`);
  return json(await meetingPage(request, meeting, language));
}

export async function action({ request, params }: ActionFunctionArgs) {
  // No rate limit per address here: the phones in a room share one Wi-Fi address,
  // and one device token holds one ballot; the body limit and the checks below apply.
  const form = await readForm(request);
  const url = new URL(request.url);
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const meeting = await getMeetingByCode(params.code ?? "");
  if (!meeting) throw new Response("Not found", { status: 404 });

  const optionIds = meeting.options.map((option) => option.id);
  const reading = readPhoneBallotForm(form, { config: meeting.vote.config, optionIds });
  const refuse = (reason: Parameters<typeof phoneRefusal>[0]) => {
    const { status, message } = phoneRefusal(reason, {
      t,
      language,
      config: meeting.vote.config,
      options: meeting.options,
      selected: reading.values.ballot.selected,
      votingOpenNow: isVotingOpen(meeting.state, new Date()),
    });
    return json({ error: { reason: reason.reason, message }, values: reading.values }, { status });
  };
  if (!reading.ok) return refuse({ reason: reading.reason });

  const device = await getDeviceKey(request, meeting, { create: true });
  const outcome = await castPhoneBallot({
    meeting,
    round: reading.round,
    voterKey: device.voterKey ?? "",
    ballot: reading.ballot,
  });
  if (outcome.status === "refused") return refuse(outcome);

  const keep = languageFromUrl(url);
  const search = new URLSearchParams({ counted: "1" });
  if (keep) search.set("lng", keep);
  return redirect(`${joinPath(meeting.code)}?${search}`, {
    status: 303,
    headers: device.setCookie ? { "Set-Cookie": device.setCookie } : undefined,
  });
}

export default function MeetingPhonePage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (data.kind === "unknown") {
    return (
      <article className="meeting-phone narrow">
        <h1>{t("meetingPhone.notFound.title")}</h1>
        <p>{t("meetingPhone.notFound.text")}</p>
        <JoinCodeForm typed={data.typed} language={data.language} />
      </article>
    );
  }
  return <MeetingPhone data={data} />;
}

// What the loader's JSON makes of it (dates and the like are strings already).
type Data = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "meeting" }>;

function MeetingPhone({ data }: { data: Data }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const error = actionData?.error ?? null;
  const question = data.question;
  return (
    <article
      className="meeting-phone narrow"
      id="meeting-phone"
      data-code={data.code}
      data-events={data.links.events}
      data-key={data.key}
      data-server-time={data.serverTime}
      data-ends-at={data.endsAt ?? ""}
      data-until-template={t("meetingPhone.countdown.until", { time: "{{time}}" })}
      data-left-template={t("meetingPhone.countdown.left", { left: "{{left}}" })}
      data-counted={t("meetingPhone.counted")}
      data-change={t("meetingPhone.change")}
      data-sending={t("meetingPhone.sending")}
      data-network={t("meetingPhone.errors.network")}
    >
      <p className="mp-connection" data-connection hidden>
        {t("meetingPhone.reconnecting")}
      </p>
      <p className="meta mp-eyebrow">{t("meetingPhone.meetingCode", { code: data.code })}</p>
      <h1 dir="auto" lang={data.title.lang}>
        {data.title.text}
      </h1>
      <p className="mp-new-question" data-new-question hidden>
        <a href={data.links.self} className="button primary wide">
          {t("meetingPhone.newQuestion")}
        </a>
      </p>
      {data.justCounted && data.counted && !error && data.phase === "open" ? (
        <p className="alert alert-ok" role="status">
          {t("meetingPhone.countedAlert")}
        </p>
      ) : null}

      {error && data.phase !== "open" ? (
        <p className="alert alert-error" role="alert">
          {error.message}
        </p>
      ) : null}

      {data.phase === "waiting" ? (
        <section className="mp-state">
          <h2>{t("meetingPhone.waiting.title")}</h2>
          <p>{t("meetingPhone.waiting.text")}</p>
        </section>
      ) : null}

      {data.phase === "open" && data.scope === "question" && question ? (
        <>
          <QuestionCard question={question} />
          <Countdown data={data} />
          <form
            method="post"
            action={data.links.form}
            className="stack mp-ballot"
            data-ballot
            data-json={data.links.json}
          >
            <input type="hidden" name="round" value={data.round} />
            <input type="hidden" name="optionId" value={question.id} />
            <fieldset className="mp-choices">
              <legend>{t("meetingPhone.question.legend", { number: question.number })}</legend>
              {yesNoAnswers.map((answer) => (
                <label key={answer} className={`mp-choice mp-choice-${answer}`}>
                  <input
                    type="radio"
                    name="answer"
                    value={answer}
                    required
                    defaultChecked={
                      (error && actionData?.values.optionId === question.id
                        ? actionData.values.answer
                        : data.storedAnswer) === answer
                    }
                  />
                  <span>{t(`ballot.yesNo.${answer}`)}</span>
                </label>
              ))}
            </fieldset>
            <SubmitArea data={data} error={error?.message ?? null} />
          </form>
        </>
      ) : null}

      {data.phase === "open" && data.scope === "all" ? (
        <>
          <h2>{t("meetingPhone.all.title")}</h2>
          <Countdown data={data} />
          <form
            method="post"
            action={data.links.form}
            className="stack mp-ballot"
            data-ballot
            data-json={data.links.json}
          >
            <input type="hidden" name="round" value={data.round} />
            <BallotFields
              config={data.config}
              options={data.options}
              defaults={error && actionData ? actionData.values.ballot : data.values}
              live={null}
            />
            <SubmitArea data={data} error={error?.message ?? null} />
          </form>
        </>
      ) : null}

      {data.phase === "closed" ? (
        <section className="mp-state">
          <h2>{t("meetingPhone.closed.title")}</h2>
          {question ? <QuestionCard question={question} compact /> : null}
          {data.storedAnswer ? (
            <p className="mp-your-answer">
              {t("meetingPhone.closed.yourAnswer", {
                answer: t(`ballot.yesNo.${data.storedAnswer}`),
              })}
            </p>
          ) : !question && data.hasBallot ? (
            <p className="mp-your-answer">{t("meetingPhone.closed.yourBallot")}</p>
          ) : null}
          {!data.talliesVisible ? <p>{t("meetingPhone.closed.resultSoon")}</p> : null}
          <p>{t("meetingPhone.closed.text")}</p>
        </section>
      ) : null}

      {data.phase === "ended" ? (
        <section className="mp-state">
          <h2>{t("meetingPhone.ended.title")}</h2>
          <p>{t("meetingPhone.ended.text")}</p>
          <p>
            <a href={`/procedures/${data.procedureId}`}>{t("meetingPhone.ended.toProcedure")}</a>
          </p>
        </section>
      ) : null}

      {data.results ? <Results data={data} rows={data.results} /> : null}

      <p className="mp-refresh">
        <a href={data.links.self}>{t("meetingPhone.refresh")}</a>
      </p>
      <script src="/meeting/phone.js" defer />
    </article>
  );
}

function QuestionCard({
  question,
  compact = false,
}: {
  question: NonNullable<Data["question"]>;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="mp-question" aria-labelledby="mp-question-title">
      <p className="mp-number">{t("meetingPhone.question.number", { number: question.number })}</p>
      <h2 id="mp-question-title" dir="auto">
        {question.title}
      </h2>
      {compact ? null : (
        <>
          {question.district ? (
            <p className="meta">
              <bdi>{question.district}</bdi>
            </p>
          ) : null}
          <PlaceLine placeLabel={question.placeLabel} />
          {question.costCents !== null ? (
            <p>
              {t("meetingPhone.question.cost", {
                cost: formatEuro(question.costCents, i18n.language),
              })}
            </p>
          ) : null}
          {question.summary ? (
            <p className="mp-summary" dir="auto">
              {question.summary}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The countdown's end; the script adds the time left (and follows changes of the end). */
function Countdown({ data }: { data: Data }) {
  const { t } = useTranslation();
  return (
    <p className="mp-countdown" data-countdown hidden={!data.until}>
      <span data-until>
        {data.until ? t("meetingPhone.countdown.until", { time: data.until }) : null}
      </span>{" "}
      <strong data-time-left />
    </p>
  );
}

function SubmitArea({ data, error }: { data: Data; error: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="alert alert-error" role="alert" data-error hidden={!error}>
        {error}
      </p>
      <p className="mp-counted" role="status" data-status>
        {data.counted && !error ? t("meetingPhone.counted") : null}
      </p>
      <button type="submit" className="primary wide mp-submit" data-submit>
        {t(data.counted ? "meetingPhone.change" : "meetingPhone.submit")}
      </button>
      <p className="hint">{t("meetingPhone.changeHint")}</p>
    </>
  );
}

const slot = (name: string) => `\uE000${name}\uE001`;

/**
 * A translated sentence with numbers in it ("Ja 12 · Nein 3 · Enthaltung 1"),
 * each number in its own element, so that the script can update it.
 */
function Numbers({ text, values }: { text: string; values: Record<string, number> }) {
  const { i18n } = useTranslation();
  const parts = text.split(/\uE000(\w+)\uE001/);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} data-n={part}>
            {formatNumber(values[part] ?? 0, i18n.language)}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

const segmentsOf = (score: Score) =>
  "yes" in score
    ? [
        { name: "yes", value: score.yes },
        { name: "no", value: score.no },
        { name: "abstain", value: score.abstain },
      ]
    : [{ name: "points", value: score.points }];

function Results({ data, rows }: { data: Data; rows: ResultRow[] }) {
  const { t } = useTranslation();
  const sum = (score: Score) => segmentsOf(score).reduce((total, s) => total + s.value, 0);
  const scale = Math.max(1, ...rows.map((row) => sum(row.score)));
  const percent = (value: number) => `${(value / scale) * 100}%`;
  return (
    <section className="mp-results" aria-labelledby="mp-results-title" data-results>
      <h2 id="mp-results-title">{t("meetingPhone.results.title")}</h2>
      <ul className="mp-result-list">
        {rows.map((row) => {
          const segments = segmentsOf(row.score);
          let offset = 0;
          return (
            <li key={row.optionId} data-option={row.optionId}>
              <p className="mp-result-title">
                <span className="mp-number">
                  {t("meetingPhone.question.number", { number: row.number })}
                </span>{" "}
                <bdi>{row.title}</bdi>
              </p>
              {/* SVG, not inline styles: the CSP allows no style attributes. The numbers say it all. */}
              <svg
                className="result-bar"
                aria-hidden="true"
                focusable="false"
                width="100%"
                height="14"
              >
                <rect className="bar-track" x="0" y="0" width="100%" height="14" />
                {segments.map((segment) => {
                  const x = percent(offset);
                  offset += segment.value;
                  return (
                    <rect
                      key={segment.name}
                      className={segment.name === "points" ? "bar-points" : `bar-${segment.name}`}
                      data-seg={segment.name}
                      x={x}
                      y="0"
                      width={percent(segment.value)}
                      height="14"
                    />
                  );
                })}
              </svg>
              <p className="result-numbers">
                {"yes" in row.score ? (
                  <Numbers
                    text={t("results.yesNoScore", {
                      yes: slot("yes"),
                      no: slot("no"),
                      abstain: slot("abstain"),
                    })}
                    values={row.score}
                  />
                ) : (
                  <Numbers
                    text={t(`results.points.${data.method}`, { value: slot("points") })}
                    values={row.score}
                  />
                )}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
