import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorAlert } from "~/components/error-alert";
import { LanguageFields } from "~/components/meetings/language-fields";
import { HAND_COUNT_MAX, isPresenterIntent, refusalKey } from "~/components/meetings/meeting-forms";
import {
  handCountValues,
  parseHandCount,
  type HandCountValues,
} from "~/components/meetings/meeting-forms.schema.server";
import { joinLink } from "~/components/meetings/join-link.server";
import { runPresenterForm } from "~/components/meetings/presenter-action.server";
import { useCountdown, useMeetingStream } from "~/components/meetings/use-meeting-stream";
import { ConfirmAction } from "~/components/staff-procedures/confirm-action";
import { formatStaffDate } from "~/components/staff-procedures/format";
import { IsolatedT } from "~/components/user-text";
import { languageNames } from "~/i18n/config";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { connectedClients, buildSnapshot } from "~/modules/meetings/meeting-stream.server";
import { getMeeting, setHandCount } from "~/modules/meetings/meetings.server";
import { can } from "~/modules/staff/permissions";
import type { ChannelAggregate } from "~/modules/votes/aggregate";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import meetingStyles from "~/styles/meetings.css";
import { formatBerlin } from "~/utils/berlin-time";
import { readForm } from "~/utils/form.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/**
 * GET /staff/meetings/:id — the remote: a staff member's phone (or any
 * browser) steers the meeting with plain forms, works without JavaScript,
 * and enters hand counts. With JavaScript it follows the meeting live.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:procedure");
  const meeting = await getMeeting(params.id ?? "");
  if (!meeting) throw new Response("Not found", { status: 404 });
  const [snapshot, language, t] = await Promise.all([
    buildSnapshot(meeting.id),
    getLanguage(request),
    getT(request),
  ]);
  if (!snapshot) throw new Response("Not found", { status: 404 });
  const link = joinLink(request, meeting.joinPath);
  const done = new URL(request.url).searchParams.get("done");
  return {
    pageTitle: `${t("staff.meetings.remote.pageTitle", { code: meeting.code })} – ${t("app.name")}`,
    meeting: {
      id: meeting.id,
      code: meeting.code,
      joinUrl: link.url,
      shortUrl: link.short,
      languages: meeting.languages,
      createdAt: meeting.createdAt.toISOString(),
      endedAt: meeting.state.endedAt?.toISOString() ?? null,
      hideTallies: meeting.state.hideTallies,
    },
    procedureTitle: meeting.procedure.titles[language] ?? meeting.procedure.titles.de ?? "",
    voteId: meeting.vote.id,
    method: meeting.vote.method,
    options: meeting.options.map((option) => ({
      id: option.id,
      number: option.number,
      title: option.title,
    })),
    handCounts: meeting.handCounts,
    snapshot: { ...snapshot, seq: 0, covers: 0 },
    devices: connectedClients(meeting.id),
    canCount: can(user.role, "enter:paper"),
    done: done && /^[a-z-]{1,20}$/.test(done) ? done : null,
  };
}

type RemoteAnswer = {
  intent: string;
  /** Catalogue reason under staff.meetings.refusals. */
  error: string;
  /** Hand count: the typed numbers and the fields that were not numbers. */
  values?: HandCountValues;
  fields?: string[];
  optionId?: string;
};

const answer = (data: RemoteAnswer, status: number) => Response.json(data, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  // Hand counts are their own permission; the intent is read from a copy of the
  // body first, the role and CSRF checks then run on the real one.
  const peeked = (await readForm(request.clone())).get("intent");
  const permission = peeked === "hand-count" ? "enter:paper" : "manage:procedure";
  const { user, formData } = await requireStaffAction(request, permission);
  const meetingId = params.id ?? "";
  const intent = formData.get("intent");
  const done = (what: string) => redirect(`/staff/meetings/${meetingId}?done=${what}`, 303);

  if (intent === "hand-count") {
    const meeting = await getMeeting(meetingId);
    if (!meeting) throw new Response("Not found", { status: 404 });
    const values = handCountValues(formData);
    const optionId = String(formData.get("optionId") ?? "");
    const parsed = parseHandCount(meeting.vote.method, formData);
    if (!parsed.ok) {
      return answer({ intent, error: "counts", values, fields: parsed.fields, optionId }, 400);
    }
    const result = await setHandCount({
      meetingId,
      staffId: user.id,
      optionId: parsed.optionId,
      score: parsed.score,
      people: parsed.people,
    });
    if (result.status === "refused") {
      const fields = result.reason === "implausible" ? ["people"] : [];
      return answer({ intent, error: result.reason, values, fields, optionId }, 409);
    }
    return done("hand-count");
  }

  if (!isPresenterIntent(intent)) return answer({ intent: "unknown", error: "invalid" }, 400);
  const outcome = await runPresenterForm(meetingId, user.id, formData);
  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    return answer({ intent, error: outcome.reason }, 409);
  }
  return done(intent);
}

/** Which section shows a refusal: the one whose form was sent. */
const sections = {
  step: ["next", "previous", "overview", "spotlight"],
  voting: ["open-question", "open-all", "countdown", "close"],
  tallies: ["reveal", "hide", "show", "toggle-hide"],
  languages: ["languages"],
  end: ["end", "unknown"],
  hands: ["hand-count"],
} as const;

const stepIntents: ReadonlyArray<string> = sections.step;

/** Between two reloads of the page's data, while events arrive. */
const REFRESH_MS = 1_500;

export default function MeetingRemote() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<RemoteAnswer>();
  const revalidator = useRevalidator();
  const { meeting, options, method } = data;

  // With JavaScript the page follows the meeting: each event reloads the
  // page's data (at most every REFRESH_MS), so the loader stays the one source.
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { snapshot, connection, clockOffset } = useMeetingStream(
    meeting.code,
    data.snapshot,
    () => {
      if (pending.current) return;
      const wait = Math.max(0, lastRefresh.current + REFRESH_MS - Date.now());
      pending.current = setTimeout(() => {
        pending.current = null;
        lastRefresh.current = Date.now();
        revalidator.revalidate();
      }, wait);
    },
  );
  const secondsLeft = useCountdown(
    snapshot.voting.open ? snapshot.voting.endsAt : null,
    clockOffset,
  );
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  const errorFor = (section: keyof typeof sections) =>
    actionData && (sections[section] as ReadonlyArray<string>).includes(actionData.intent)
      ? refusalKey(actionData.error)
      : null;
  const number = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  const spotlight = options.find((option) => option.id === snapshot.spotlightOptionId) ?? null;
  const votingOption =
    snapshot.voting.scope === "question"
      ? (options.find((option) => option.id === snapshot.voting.optionId) ?? null)
      : null;
  const ended = snapshot.ended || meeting.endedAt !== null;
  const votingText = ended
    ? t("staff.meetings.remote.voting.ended")
    : snapshot.voting.open
      ? snapshot.voting.scope === "question" && votingOption
        ? t("staff.meetings.remote.voting.openQuestion", { number: votingOption.number })
        : t("staff.meetings.remote.voting.openAll")
      : snapshot.voting.round === 0
        ? t("staff.meetings.remote.voting.notYet")
        : t("staff.meetings.remote.voting.closed");

  return (
    <article className="meeting-remote stack">
      <p>
        <Link to={`/staff/votes/${data.voteId}`}>
          ← <bdi>{data.procedureTitle}</bdi>
        </Link>
      </p>
      <h1>{t("staff.meetings.remote.title", { code: meeting.code })}</h1>
      {data.done ? (
        <p className="alert alert-ok" role="status">
          {t(`staff.meetings.done.${stepIntents.includes(data.done) ? "step" : data.done}`, {
            defaultValue: t("staff.meetings.done.saved"),
          })}
        </p>
      ) : null}

      <section aria-labelledby="meeting-join" className="stack">
        <h2 id="meeting-join">{t("staff.meetings.remote.joinTitle")}</h2>
        <p className="remote-join">
          <span className="remote-code" dir="ltr" data-join-code>
            {meeting.code}
          </span>
          <a href={meeting.joinUrl} dir="ltr">
            {meeting.shortUrl}
          </a>
        </p>
        <p>
          <a
            className="button primary"
            href={`/staff/meetings/${meeting.id}/projection`}
            target="_blank"
            rel="noopener"
          >
            {t("staff.meetings.remote.openProjection")}
          </a>
        </p>
        <p className="hint">{t("staff.meetings.remote.projectionHint")}</p>
      </section>

      <section aria-labelledby="meeting-state" className="stack">
        <h2 id="meeting-state">{t("staff.meetings.remote.stateTitle")}</h2>
        <dl className="remote-state" data-connection={connection}>
          <dt>{t("staff.meetings.remote.state.voting")}</dt>
          <dd data-voting={snapshot.voting.open ? snapshot.voting.scope : "closed"}>
            {votingText}
            {snapshot.voting.open && snapshot.voting.endsAt
              ? ` · ${t("staff.meetings.remote.state.countdown", {
                  time: formatBerlin(snapshot.voting.endsAt, i18n.language, {
                    hour: "2-digit",
                    minute: "2-digit",
                    second: "2-digit",
                  }),
                  seconds: secondsLeft === null ? "–" : number(secondsLeft),
                })}`
              : null}
          </dd>
          {!snapshot.voteOpen && !ended ? (
            <>
              <dt>{t("staff.meetings.remote.state.vote")}</dt>
              <dd>{t("staff.meetings.remote.state.voteClosed")}</dd>
            </>
          ) : null}
          <dt>{t("staff.meetings.remote.state.spotlight")}</dt>
          <dd>
            {spotlight ? (
              <>
                {number(spotlight.number)}. <bdi>{spotlight.title}</bdi>
              </>
            ) : (
              t("staff.meetings.remote.state.overview")
            )}
          </dd>
          <dt>{t("staff.meetings.remote.state.tallies")}</dt>
          <dd>
            {t(
              snapshot.talliesVisible
                ? "staff.meetings.remote.state.talliesVisible"
                : "staff.meetings.remote.state.talliesHidden",
            )}
          </dd>
          <dt>{t("staff.meetings.remote.state.ballots")}</dt>
          <dd>
            {t("staff.meetings.remote.state.ballotsValue", {
              total: number(snapshot.ballots.total),
              phone: number(snapshot.ballots.phone),
            })}
          </dd>
          <dt>{t("staff.meetings.remote.state.devices")}</dt>
          <dd>{number(data.devices)}</dd>
          <dt>{t("staff.meetings.remote.state.languages")}</dt>
          <dd>
            {meeting.languages.map((language, index) => (
              <span key={language} lang={language}>
                {index > 0 ? ", " : ""}
                {languageNames[language]}
              </span>
            ))}
          </dd>
        </dl>
        <p className="remote-live" aria-live="polite">
          {connection === "open"
            ? t("staff.meetings.remote.live")
            : t("staff.meetings.remote.notLive")}
        </p>
      </section>

      {ended ? (
        <p className="alert alert-info">
          {t("staff.meetings.remote.endedAt", {
            date: formatStaffDate(meeting.endedAt ?? snapshot.serverTime, i18n.language),
          })}
        </p>
      ) : (
        <>
          <section aria-labelledby="meeting-step" className="stack">
            <h2 id="meeting-step">{t("staff.meetings.remote.stepTitle")}</h2>
            <Form method="post" className="remote-grid remote-steps">
              <CsrfInput />
              <button type="submit" name="intent" value="previous" className="secondary">
                {t("staff.meetings.remote.previous")}
              </button>
              <button type="submit" name="intent" value="overview" className="secondary">
                {t("staff.meetings.remote.overview")}
              </button>
              <button type="submit" name="intent" value="next" className="secondary">
                {t("staff.meetings.remote.next")}
              </button>
            </Form>
            {options.length > 0 ? (
              <Form method="post" className="stack">
                <CsrfInput />
                <div className="field">
                  <label htmlFor="meeting-spotlight">{t("staff.meetings.remote.jumpLabel")}</label>
                  <select
                    // A new spotlight (also from the projection's keys) preselects it again.
                    key={spotlight?.id ?? "overview"}
                    id="meeting-spotlight"
                    name="optionId"
                    defaultValue={spotlight?.id ?? options[0]!.id}
                  >
                    {options.map((option) => (
                      <option key={option.id} value={option.id}>
                        {number(option.number)}. {option.title}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" name="intent" value="spotlight" className="secondary">
                  {t("staff.meetings.remote.jump")}
                </button>
              </Form>
            ) : null}
            <ErrorAlert errors={errorFor("step")} />
          </section>

          <section aria-labelledby="meeting-voting" className="stack">
            <h2 id="meeting-voting">{t("staff.meetings.remote.votingTitle")}</h2>
            <Form method="post" className="stack">
              <CsrfInput />
              <div className="field">
                <label htmlFor="meeting-seconds">{t("staff.meetings.remote.seconds")}</label>
                <input
                  id="meeting-seconds"
                  name="seconds"
                  type="number"
                  inputMode="numeric"
                  min={5}
                  max={3600}
                  step={1}
                  aria-describedby="meeting-seconds-hint"
                />
                <p className="hint" id="meeting-seconds-hint">
                  {t("staff.meetings.remote.secondsHint")}
                </p>
              </div>
              <div className="remote-grid">
                {method === "yes_no" ? (
                  <button type="submit" name="intent" value="open-question" className="primary">
                    {t("staff.meetings.remote.openQuestion")}
                  </button>
                ) : null}
                <button type="submit" name="intent" value="open-all" className="primary">
                  {t("staff.meetings.remote.openAll")}
                </button>
                <button type="submit" name="intent" value="countdown" className="secondary">
                  {t("staff.meetings.remote.countdown")}
                </button>
                <button type="submit" name="intent" value="close" className="danger">
                  {t("staff.meetings.remote.close")}
                </button>
              </div>
            </Form>
            <ErrorAlert errors={errorFor("voting")} />
          </section>

          <section aria-labelledby="meeting-tallies" className="stack">
            <h2 id="meeting-tallies">{t("staff.meetings.remote.talliesTitle")}</h2>
            <Form method="post" className="remote-grid">
              <CsrfInput />
              <button type="submit" name="intent" value="reveal" className="primary">
                {t("staff.meetings.remote.reveal")}
              </button>
              {meeting.hideTallies ? (
                <button type="submit" name="intent" value="show" className="secondary">
                  {t("staff.meetings.remote.show")}
                </button>
              ) : (
                <button type="submit" name="intent" value="hide" className="secondary">
                  {t("staff.meetings.remote.hide")}
                </button>
              )}
            </Form>
            <p className="hint">
              {t(
                meeting.hideTallies
                  ? "staff.meetings.remote.hideOnHint"
                  : "staff.meetings.remote.hideOffHint",
              )}
            </p>
            <ErrorAlert errors={errorFor("tallies")} />
          </section>

          {data.canCount ? (
            <HandCountSection
              option={spotlight}
              method={method}
              stored={data.handCounts}
              answer={actionData?.intent === "hand-count" ? actionData : null}
              error={errorFor("hands")}
            />
          ) : null}

          <section aria-labelledby="meeting-languages" className="stack">
            <h2 id="meeting-languages">{t("staff.meetings.remote.languagesTitle")}</h2>
            <Form method="post" className="stack">
              <CsrfInput />
              <LanguageFields current={meeting.languages} idPrefix="meeting-language" />
              <button type="submit" name="intent" value="languages" className="secondary">
                {t("staff.meetings.remote.saveLanguages")}
              </button>
            </Form>
            <ErrorAlert errors={errorFor("languages")} />
          </section>

          <section aria-labelledby="meeting-end" className="stack">
            <h2 id="meeting-end">{t("staff.meetings.remote.endTitle")}</h2>
            <ConfirmAction
              summary={t("staff.meetings.remote.end")}
              explanation={t("staff.meetings.remote.endConfirm")}
              confirmLabel={t("staff.meetings.remote.endYes")}
              intent="end"
              danger
            />
            <ErrorAlert errors={errorFor("end")} />
          </section>
        </>
      )}
    </article>
  );
}

function HandCountSection({
  option,
  method,
  stored,
  answer,
  error,
}: {
  option: { id: string; number: number; title: string } | null;
  method: string;
  stored: ChannelAggregate;
  answer: RemoteAnswer | null;
  error: string | null;
}) {
  const { t, i18n } = useTranslation();
  const own = answer && option && answer.optionId === option.id ? answer : null;
  const score = option ? stored.options[option.id] : undefined;
  const storedValue = (name: "yes" | "no" | "abstain" | "points") => {
    if (!score) return "0";
    if ("yes" in score) return name === "points" ? "0" : String(score[name]);
    return name === "points" ? String(score.points) : "0";
  };
  const value = (name: keyof HandCountValues) =>
    own?.values ? own.values[name] : name === "people" ? String(stored.ballots) : storedValue(name);
  const invalid = (name: string) => (own?.fields?.includes(name) ? true : undefined);
  const fields: Array<keyof HandCountValues> =
    method === "yes_no" ? ["yes", "no", "abstain"] : ["points"];
  return (
    <section aria-labelledby="meeting-hands" className="stack">
      <h2 id="meeting-hands">{t("staff.meetings.hand.title")}</h2>
      {!option ? (
        <p className="hint">{t("staff.meetings.hand.noSpotlight")}</p>
      ) : (
        <Form method="post" className="stack" key={option.id}>
          <CsrfInput />
          <input type="hidden" name="optionId" value={option.id} />
          <p>
            <IsolatedT
              i18nKey="staff.meetings.hand.for"
              user={{ title: option.title }}
              values={{ number: new Intl.NumberFormat(i18n.language).format(option.number) }}
            />
          </p>
          <fieldset className="field">
            <legend>{t("staff.meetings.hand.answers")}</legend>
            <div className="remote-numbers">
              {fields.map((name) => (
                <div className="field" key={name}>
                  <label htmlFor={`hand-${name}`}>
                    {t(
                      name === "points" && method === "dot"
                        ? "staff.meetings.hand.dotPoints"
                        : `staff.meetings.hand.${name}`,
                    )}
                  </label>
                  <input
                    id={`hand-${name}`}
                    name={name}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={HAND_COUNT_MAX}
                    step={1}
                    required
                    defaultValue={value(name)}
                    aria-invalid={invalid(name)}
                  />
                </div>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="hand-people">{t("staff.meetings.hand.people")}</label>
            <input
              id="hand-people"
              name="people"
              type="number"
              inputMode="numeric"
              min={0}
              max={HAND_COUNT_MAX}
              step={1}
              required
              defaultValue={value("people")}
              aria-invalid={invalid("people")}
              aria-describedby="hand-people-hint"
            />
            <p className="hint" id="hand-people-hint">
              {t("staff.meetings.hand.peopleHint")}
            </p>
          </div>
          <ErrorAlert errors={error} />
          <button type="submit" name="intent" value="hand-count" className="primary">
            {t("staff.meetings.hand.save")}
          </button>
        </Form>
      )}
    </section>
  );
}
