import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { BallotFields } from "~/components/procedures/ballot-fields";
import {
  emptyBallotValues,
  pointsValue,
  readBallotValues,
  valuesFromChoices,
  type BallotValues,
} from "~/components/procedures/ballot-values";
import { procedureFormatter, useProcedureFormat } from "~/components/procedures/format";
import { useBackArrow, useLanguageAttributes } from "~/components/procedures/localised-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import type { Language } from "~/i18n/config";
import { localisedText } from "~/modules/procedures/procedure-text";
import { getPublicProcedure } from "~/modules/procedures/procedures.server";
import { formatCode, normaliseCode } from "~/modules/votes/codes";
import { budgetUsed, yesNoAnswers, type BallotRefusal } from "~/modules/votes/methods";
import { getVoterBrowserKey } from "~/modules/votes/vote-keys.server";
import { castBallot, getBallotChoices, getVoteForBallot } from "~/modules/votes/votes.server";
import { readForm } from "~/utils/form.server";
import { clientAddress, consume } from "~/utils/rate-limit.server";

/** The channels a resident can use on this page (paper ballots are counted by staff). */
const webChannels = ["code", "open"] as const;
type WebChannel = (typeof webChannels)[number];

const CODE_MAX_CHARS = 64;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} – ${data.appName}` : "" },
  // A ballot link may carry a personal code: keep it out of search engines and Referer headers.
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

/** The page can show a stored ballot: never kept by a shared cache. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/**
 * When the vote is not open: whether it has not started yet (and when it
 * starts) or is over (and when it ended), from the procedure's voting phase.
 */
async function votingTiming(procedureId: string, closedAt: Date | string | null, now: Date) {
  const procedure = await getPublicProcedure(procedureId, now);
  const voting = procedure?.phases.find((phase) => phase.kind === "voting");
  if (!closedAt && voting && voting.startsAt > now) {
    return { state: "not-started" as const, at: voting.startsAt.toISOString() };
  }
  const ended = closedAt ? new Date(closedAt) : (voting?.endsAt ?? null);
  return { state: "ended" as const, at: ended && ended <= now ? ended.toISOString() : null };
}

/** Title and texts of the procedure with the language they are in (German when not translated). */
async function procedureText(procedureId: string, language: Language, now: Date) {
  const procedure = await getPublicProcedure(procedureId, now);
  if (!procedure) return null;
  const voting = procedure.phases.find((phase) => phase.kind === "voting");
  return {
    ...localisedText(procedure, language),
    votingEndsAt: voting ? voting.endsAt.toISOString() : null,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const voteId = params.voteId ?? "";
  const language = await getLanguage(request);
  const now = new Date();
  const ballot = await getVoteForBallot(voteId, language, now);
  if (!ballot) throw new Response("Not found", { status: 404 });
  const t = await getTFor(language);
  const { vote, procedure } = ballot;
  const channels = webChannels.filter((channel) => vote.channels.includes(channel));
  const url = new URL(request.url);
  const code = (url.searchParams.get("code") ?? "").slice(0, CODE_MAX_CHARS).trim();

  let values: BallotValues = emptyBallotValues(channels.length === 1 ? channels[0] : "");
  let voted = false;
  if (ballot.isOpen && channels.includes("code") && code) {
    values = { ...values, channel: "code", code };
    const stored = await getBallotChoices(voteId, { code });
    if (stored !== null && stored !== undefined) {
      values = valuesFromChoices(vote.method, stored, values);
      voted = true;
    }
  }
  if (ballot.isOpen && !voted && channels.includes("open")) {
    const { key } = await getVoterBrowserKey(request, { create: false });
    const stored = key ? await getBallotChoices(voteId, { browserKey: key }) : null;
    if (stored !== null && stored !== undefined) {
      values = valuesFromChoices(vote.method, stored, { ...values, channel: "open" });
      voted = true;
    }
  }

  const [text, timing] = await Promise.all([
    procedureText(procedure.id, language, now),
    ballot.isOpen ? null : votingTiming(procedure.id, vote.closedAt, now),
  ]);
  return json(
    {
      appName: t("app.name"),
      pageTitle: text?.title ?? procedure.title,
      now: now.toISOString(),
      vote: {
        id: vote.id,
        method: vote.method,
        config: vote.config,
        eligibilityNote: vote.eligibilityNote,
      },
      procedure: {
        id: procedure.id,
        title: text?.title ?? procedure.title,
        titleLanguage: text?.titleLanguage ?? language,
        votingEndsAt: text?.votingEndsAt ?? null,
      },
      options: ballot.options.map((option) => ({
        id: option.id,
        proposalId: option.proposalId,
        title: option.title,
        district: option.district ?? null,
        costCents: option.costCents ?? null,
      })),
      channels,
      isOpen: ballot.isOpen,
      timing,
      values,
      voted,
      done: url.searchParams.get("done") === "1",
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

// Built on the first request, so that the browser bundle carries no zod.
const ballotFormSchema = (channels: ReadonlyArray<WebChannel>) =>
  z
    .object({
      channel: z.enum(channels as [WebChannel, ...WebChannel[]], {
        error: "ballot.errors.channelRequired",
      }),
      code: z.string().trim().max(CODE_MAX_CHARS, "ballot.errors.code-unknown"),
      eligible: z.literal(true, { error: "ballot.errors.not-eligible" }),
      answers: z.record(z.string(), z.enum(yesNoAnswers, { error: "ballot.errors.invalid" })),
      selected: z.array(z.string()),
      points: z.record(
        z.string(),
        z
          .string()
          .transform(pointsValue)
          .pipe(z.number({ error: "ballot.errors.points" }).int().min(0)),
      ),
    })
    .refine((value) => value.channel !== "code" || value.code !== "", {
      message: "ballot.errors.codeRequired",
      path: ["code"],
    });

type BallotError = { key: string; message: string };

/** Refusals of `validateBallot` that have their own message. */
const choiceRefusals = [
  "empty",
  "unknown-option",
  "too-many-choices",
  "too-many-points",
  "too-many-on-one",
  "over-budget",
] as const satisfies ReadonlyArray<BallotRefusal>;

const refusalStatus = {
  closed: 409,
  phase: 409,
  "channel-off": 400,
  "code-unknown": 400,
  "code-voided": 403,
  "not-eligible": 400,
  "invalid-ballot": 400,
  "meeting-closed": 409,
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const voteId = params.voteId ?? "";
  const form = await readForm(request);
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const now = new Date();
  const ballot = await getVoteForBallot(voteId, language, now);
  if (!ballot) throw new Response("Not found", { status: 404 });
  const { vote } = ballot;
  const { config } = vote;
  const channels = webChannels.filter((channel) => vote.channels.includes(channel));
  // What the resident chose goes back into the form with every refusal.
  const values = readBallotValues(
    form,
    ballot.options.map((option) => option.id),
  );
  const refuse = (status: number, key: string, params: Record<string, string> = {}) =>
    json({ error: { key, message: t(key, params) } satisfies BallotError, values }, { status });

  if (channels.length === 0) return refuse(400, "ballot.errors.channel-off");
  const parsed = ballotFormSchema(channels).safeParse(values);
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.message ?? "";
    return refuse(400, key.startsWith("ballot.errors.") ? key : "ballot.errors.invalid");
  }
  const { channel, code, answers, selected, points } = parsed.data;
  const choices =
    config.method === "yes_no" ? answers : config.method === "dot" ? points : selected;

  const limit = await consume("ballot", clientAddress(context));
  if (!limit.allowed) return refuse(429, "ballot.errors.rateLimited");

  const browser = channel === "open" ? await getVoterBrowserKey(request, { create: true }) : null;
  const outcome = await castBallot({
    voteId,
    channel,
    ...(channel === "code" ? { code } : { browserKey: browser?.key ?? undefined }),
    choices,
    eligible: true,
    now,
  });

  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    if (outcome.reason === "closed" || outcome.reason === "phase") {
      const timing = await votingTiming(ballot.procedure.id, vote.closedAt, now);
      const format = procedureFormatter(t, language, now);
      return timing.state === "not-started"
        ? refuse(409, "ballot.errors.notStarted", { start: format.moment(timing.at) })
        : refuse(409, "ballot.errors.ended");
    }
    if (outcome.reason === "invalid-ballot") {
      const detail = choiceRefusals.find((refusal) => refusal === outcome.detail);
      const format = procedureFormatter(t, language, now);
      const params: Record<string, string> = {};
      if (config.method === "approval") params.max = String(config.maxChoices);
      if (config.method === "dot") {
        params.points = String(config.points);
        params.max = String(config.maxPerOption);
      }
      if (config.method === "budget") {
        params.used = format.euro(budgetUsed(ballot.options, selected));
        params.budget = format.euro(config.budgetCents);
      }
      return refuse(
        400,
        detail ? `ballot.errors.choices.${detail}` : "ballot.errors.invalid",
        params,
      );
    }
    if (outcome.reason === "code-unknown" && outcome.detail) {
      // A code that cannot be one: say what is wrong with it ("0 never appears in a code").
      const [problem, characters = ""] = outcome.detail.split(":");
      if (problem === "empty") return refuse(400, "ballot.errors.codeRequired");
      if (problem === "wrong-length" || problem === "invalid-character") {
        return refuse(400, `votes.codeProblems.${problem}`, {
          characters: [...characters].join(" "),
        });
      }
    }
    return refuse(refusalStatus[outcome.reason], `ballot.errors.${outcome.reason}`);
  }

  const search = new URLSearchParams({ done: "1" });
  if (channel === "code") {
    const normalised = normaliseCode(code);
    search.set("code", normalised.ok ? formatCode(normalised.code) : code);
  }
  return redirect(`/votes/${voteId}?${search}`, {
    status: 303,
    headers: browser?.setCookie ? { "Set-Cookie": browser.setCookie } : undefined,
  });
}

export default function BallotPage() {
  const data = useLoaderData<typeof loader>();
  // A fresh form for another vote or another code (its own pre-filled ballot).
  return <BallotPageContent key={`${data.vote.id}:${data.values.code}`} />;
}

function BallotPageContent() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const format = useProcedureFormat(data.now);
  const languageOf = useLanguageAttributes();
  const backArrow = useBackArrow();
  // After a refusal the form shows what was sent (without JavaScript: the page renders anew).
  const defaults: BallotValues = actionData?.values ?? data.values;
  const formRef = useRef<HTMLFormElement>(null);
  const [live, setLive] = useState<BallotValues | null>(null);
  const readLive = () => {
    if (!formRef.current) return;
    const ids = data.options.map((option) => option.id);
    setLive(readBallotValues(new FormData(formRef.current), ids));
  };
  // Once the scripts run: pick up whatever was ticked before they arrived.
  useEffect(readLive, []); // eslint-disable-line react-hooks/exhaustive-deps
  const { vote, procedure, channels } = data;
  const both = channels.length > 1;
  // Without JavaScript both are shown; with it, only what fits the chosen way.
  const showCode = channels.includes("code") && (!both || live?.channel !== "open");
  const showOpenNotice = channels.includes("open") && (!both || live?.channel !== "code");

  return (
    <article className="ballot-page narrow">
      <p>
        <Link to={`/procedures/${procedure.id}`}>
          <span aria-hidden="true">{backArrow}</span>{" "}
          <span {...languageOf(procedure.titleLanguage)}>{procedure.title}</span>
        </Link>
      </p>
      <h1>
        <span {...languageOf(procedure.titleLanguage)}>{procedure.title}</span>
      </h1>
      <p className="meta">
        {t(`ballot.method.${vote.method}`)}
        {data.isOpen && procedure.votingEndsAt
          ? ` · ${t("ballot.openUntil", { end: format.moment(procedure.votingEndsAt) })}`
          : null}
      </p>

      {/* After a refused change the form's error speaks; "counted" would contradict it. */}
      {data.done && !actionData?.error ? (
        <p className="alert alert-ok" role="status">
          {t("ballot.done")}
        </p>
      ) : data.voted ? (
        <p className="alert alert-info" role="status">
          {t("ballot.alreadyVoted")}
        </p>
      ) : null}

      {!data.isOpen ? (
        <div className="alert alert-info" role="status">
          <p>
            {data.timing?.state === "not-started"
              ? t("ballot.notStarted", { start: format.moment(data.timing.at) })
              : data.timing?.at
                ? t("ballot.endedAt", { end: format.moment(data.timing.at) })
                : t("ballot.ended")}
          </p>
          <p>
            <Link to={`/procedures/${procedure.id}`}>{t("ballot.toProcedure")}</Link>
          </p>
        </div>
      ) : channels.length === 0 ? (
        <p className="alert alert-info">{t("ballot.paperOnly")}</p>
      ) : (
        <Form
          method="post"
          className="stack ballot-form"
          preventScrollReset
          ref={formRef}
          onChange={readLive}
        >
          {actionData?.error ? (
            <div className="alert alert-error" role="alert">
              <p>{actionData.error.message}</p>
            </div>
          ) : null}

          {both ? (
            <fieldset className="field">
              <legend>{t("ballot.channel.legend")}</legend>
              {channels.map((channel) => (
                <label key={channel} className="radio">
                  <input
                    type="radio"
                    name="channel"
                    value={channel}
                    required
                    defaultChecked={defaults.channel === channel}
                  />
                  {t(`ballot.channel.${channel}`)}
                </label>
              ))}
            </fieldset>
          ) : (
            <input type="hidden" name="channel" value={channels[0]} />
          )}

          {channels.includes("code") ? (
            // Hidden, not removed, when "without code" is chosen: switching back keeps the code.
            <div className="field" hidden={!showCode}>
              <label htmlFor="ballot-code">{t("ballot.code.label")}</label>
              <input
                id="ballot-code"
                name="code"
                type="text"
                defaultValue={defaults.code}
                maxLength={CODE_MAX_CHARS}
                required={!both}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                dir="ltr"
                aria-describedby="ballot-code-hint"
                className="code-input"
              />
              <p className="hint" id="ballot-code-hint">
                {t(both ? "ballot.code.hintBoth" : "ballot.code.hint")}
              </p>
            </div>
          ) : null}

          {channels.includes("open") ? (
            <p className="alert alert-info open-notice" hidden={!showOpenNotice}>
              {t("ballot.openNotice")}
            </p>
          ) : null}

          <BallotFields
            config={vote.config}
            options={data.options}
            defaults={defaults}
            live={live}
          />

          <fieldset className="field eligibility">
            <legend>{t("ballot.eligibility.legend")}</legend>
            <p id="eligibility-note" dir="auto">
              {vote.eligibilityNote}
            </p>
            <label className="checkbox">
              <input
                type="checkbox"
                name="eligible"
                value="yes"
                required
                defaultChecked={defaults.eligible}
                aria-describedby="eligibility-note"
              />
              <span>{t("ballot.eligibility.confirm")}</span>
            </label>
          </fieldset>

          <button type="submit" className="primary wide" disabled={busy}>
            {busy ? t("ballot.sending") : t(data.voted ? "ballot.change" : "ballot.submit")}
          </button>
          <p className="hint">{t("ballot.changeHint")}</p>
        </Form>
      )}
    </article>
  );
}
