import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RoundPots, RoundRules } from "~/components/fund/rounds/round-info";
import { LazyMap } from "~/components/lazy-map";
import { useBackArrow, useLanguageAttributes } from "~/components/procedures/localised-text";
import { PhaseNow, PhaseTimeline } from "~/components/procedures/phase-timeline";
import { toResultsView } from "~/components/procedures/results-view";
import { VoteResults } from "~/components/procedures/vote-results";
import { CategoryTag } from "~/components/status-badge";
import { UserText } from "~/components/user-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { getPublicRound } from "~/modules/fund/rounds.server";
import { mapAssets } from "~/modules/areas/map-types";
import { allows, type Capability } from "~/modules/procedures/phases";
import { localisedText } from "~/modules/procedures/procedure-text";
import { getPublicProcedure } from "~/modules/procedures/procedures.server";
import { getResults } from "~/modules/votes/votes.server";
import { getEnv } from "~/utils/env.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.procedure.title} – ${data.appName}` : "" },
];

async function loadVote(id: string, language: string, now: Date) {
  const results = await getResults(id, { audience: "public", language, now });
  return {
    id,
    isOpen: results?.isOpen ?? false,
    // The server decides what is public: published results, or live ones if the vote shows them.
    results: results?.visible ? toResultsView(id, results) : null,
    hiddenReason: results && !results.visible ? (results.hiddenReason ?? null) : null,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const now = new Date();
  const procedure = await getPublicProcedure(params.id ?? "", now);
  if (!procedure) throw new Response("Not found", { status: 404 });
  const t = await getTFor(language);
  const text = localisedText(procedure, language);
  const published = procedure.state === "published";
  // The phase table decides which actions the page offers; every command asks it again.
  const can = (capability: Capability) => published && allows(procedure.situation, capability);
  const [votes, attributions, fundRound] = await Promise.all([
    Promise.all(procedure.votes.map(({ id }) => loadVote(id, language, now))),
    listAttributions(),
    // A fund round shows its rules and pots instead of ideas and votes.
    procedure.kind === "fund_round" && procedure.fundRound
      ? getPublicRound(procedure.fundRound.id)
      : null,
  ]);
  const votingStarted = procedure.phases.some(
    (phase) => phase.kind === "voting" && phase.startsAt <= now,
  );
  return {
    appName: t("app.name"),
    now: now.toISOString(),
    procedure: {
      id: procedure.id,
      kind: procedure.kind,
      archived: procedure.state === "archived",
      ...text,
      phases: procedure.phases,
      currentPhase: procedure.currentPhase,
      nextPhase: procedure.nextPhase,
    },
    canSubmit: can("proposal:submit"),
    fundRound,
    canApply: fundRound !== null && can("application:submit"),
    canVote: can("ballot:cast"),
    // Staff may close a vote before its phase ends: then "voting until …" would mislead.
    votingClosed:
      procedure.situation === "voting" && votes.length > 0 && votes.every((vote) => !vote.isOpen),
    votingStarted,
    votes,
    proposals: procedure.proposals,
    attributions,
    styleUrl: getEnv().MAP_STYLE_URL,
  };
}

export default function ProcedureDetail() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { procedure, proposals, votes, now } = data;
  const languageOf = useLanguageAttributes();
  const backArrow = useBackArrow();
  const openVotes = data.canVote ? votes.filter((vote) => vote.isOpen) : [];

  return (
    <article className="procedure-detail">
      <p>
        <Link to="/procedures">
          <span aria-hidden="true">{backArrow}</span> {t("procedures.detail.back")}
        </Link>
      </p>
      <p className="meta">
        <span className="tag">{t(`procedures.kind.${procedure.kind}`)}</span>
      </p>
      <h1>
        <span {...languageOf(procedure.titleLanguage)}>{procedure.title}</span>
      </h1>
      <PhaseNow
        phases={procedure.phases}
        currentPhase={procedure.currentPhase}
        nextPhase={procedure.nextPhase}
        archived={procedure.archived}
        votingClosed={data.votingClosed}
        now={now}
      />

      {data.fundRound && data.canApply ? (
        <div className="procedure-actions">
          <p>
            <Link to={`/fund/${data.fundRound.id}/apply`} className="button primary">
              {t("fundRounds.public.apply")}
            </Link>
          </p>
          <p className="hint">{t("fundRounds.public.applyHint")}</p>
        </div>
      ) : null}

      {openVotes.length > 0 || data.canSubmit ? (
        <div className="procedure-actions">
          {openVotes.map((vote) => (
            <p key={vote.id}>
              <Link to={`/votes/${vote.id}`} className="button primary">
                {t("procedures.detail.voteNow")}
              </Link>
            </p>
          ))}
          {data.canSubmit ? (
            <>
              <p>
                <Link
                  to={`/proposals/new?procedure=${procedure.id}`}
                  className={openVotes.length ? "button secondary" : "button primary"}
                >
                  {t("procedures.detail.submitIdea")}
                </Link>
              </p>
              <p className="hint">{t("procedures.detail.submitHint")}</p>
            </>
          ) : null}
        </div>
      ) : null}

      <div {...languageOf(procedure.descriptionLanguage)}>
        <UserText text={procedure.description} className="description" />
      </div>

      {votes.map((vote) =>
        vote.results ? (
          <VoteResults key={vote.id} results={vote.results} now={now} />
        ) : data.votingStarted && vote.hiddenReason ? (
          <section key={vote.id} aria-labelledby={`results-${vote.id}`}>
            <h2 id={`results-${vote.id}`}>{t("results.title")}</h2>
            <p className="alert alert-info">{t(`results.hidden.${vote.hiddenReason}`)}</p>
          </section>
        ) : null,
      )}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("procedures.detail.timeline")}</h2>
        <PhaseTimeline phases={procedure.phases} now={now} archived={procedure.archived} />
      </section>

      {data.fundRound ? (
        <>
          <section aria-labelledby="fund-rules-heading">
            <h2 id="fund-rules-heading">{t("fundRounds.public.rulesTitle")}</h2>
            <RoundRules round={data.fundRound} />
          </section>
          <section aria-labelledby="fund-pots-heading">
            <h2 id="fund-pots-heading">{t("fundRounds.public.potsTitle")}</h2>
            <RoundPots round={data.fundRound} />
            <p>
              <Link to="/fund">{t("fundRounds.public.fundedLink")}</Link>
            </p>
          </section>
        </>
      ) : procedure.kind === "fund_round" ? null : (
        <section aria-labelledby="ideas-heading">
          <h2 id="ideas-heading">{t("procedures.detail.ideasTitle")}</h2>
          <p className="result-count">{t("procedures.list.ideas", { count: proposals.length })}</p>
          {proposals.length === 0 ? (
            <p>{t("procedures.detail.noIdeas")}</p>
          ) : (
            <>
              <ul className="cards">
                {proposals.map((proposal) => (
                  <li key={proposal.id} className="card">
                    <h3>
                      <Link to={`/proposals/${proposal.id}`} dir="auto">
                        {proposal.title}
                      </Link>
                    </h3>
                    <p className="meta">
                      <CategoryTag category={proposal.category} />
                      {proposal.district ? (
                        <span>
                          {" "}
                          · <bdi>{proposal.district}</bdi>
                        </span>
                      ) : null}
                      <span> · {t("supports.count", { count: proposal.supportCount })}</span>
                    </p>
                  </li>
                ))}
              </ul>
              <h3>{t("procedures.detail.mapTitle")}</h3>
              <p className="hint">{t("procedures.detail.mapHint")}</p>
              <LazyMap
                mode="browse"
                procedureId={data.procedure.id}
                styleUrl={data.styleUrl}
                attributions={data.attributions}
              />
            </>
          )}
        </section>
      )}
    </article>
  );
}
