import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { PhaseNow } from "~/components/procedures/phase-timeline";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { allows, type PhaseSituation } from "~/modules/procedures/phases";
import { localisedText } from "~/modules/procedures/procedure-text";
import { listPublicProcedures } from "~/modules/procedures/procedures.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

const EXCERPT_CHARS = 220;

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const now = new Date();
  const { current, past } = await listPublicProcedures(now);
  const row = (procedure: (typeof current)[number]) => {
    const text = localisedText(procedure, language);
    const situation: PhaseSituation = procedure.situation;
    const published = procedure.state === "published";
    return {
      id: procedure.id,
      kind: procedure.kind,
      archived: procedure.state === "archived",
      title: text.title,
      titleLanguage: text.titleLanguage,
      excerpt:
        text.description.length > EXCERPT_CHARS
          ? `${text.description.slice(0, EXCERPT_CHARS).trimEnd()} …`
          : text.description,
      descriptionLanguage: text.descriptionLanguage,
      phases: procedure.phases,
      currentPhase: procedure.currentPhase,
      nextPhase: procedure.nextPhase,
      ideas: procedure._count.proposals,
      canSubmit: published && allows(situation, "proposal:submit"),
      canVote: published && allows(situation, "ballot:cast"),
      // A fund round takes applications (on its own form), not ideas.
      applyRoundId:
        procedure.fundRound && published && allows(situation, "application:submit")
          ? procedure.fundRound.id
          : null,
    };
  };
  return {
    pageTitle: `${t("procedures.list.title")} – ${t("app.name")}`,
    now: now.toISOString(),
    current: current.map(row),
    past: past.map(row),
  };
}

type Row = SerializeFrom<typeof loader>["current"][number];

export default function ProcedureList() {
  const { t } = useTranslation();
  const { current, past, now } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("procedures.list.title")}</h1>
      <p>{t("procedures.list.intro")}</p>
      <p>
        <Link to="/fund">{t("fundRounds.public.fundedLink")}</Link>
      </p>

      <section aria-labelledby="current-heading">
        <h2 id="current-heading">{t("procedures.list.current")}</h2>
        {current.length === 0 ? (
          <p>{t("procedures.list.noCurrent")}</p>
        ) : (
          <ul className="cards procedure-cards">
            {current.map((procedure) => (
              <ProcedureCard key={procedure.id} procedure={procedure} now={now} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="past-heading">
        <h2 id="past-heading">{t("procedures.list.past")}</h2>
        {past.length === 0 ? (
          <p>{t("procedures.list.noPast")}</p>
        ) : (
          <ul className="cards procedure-cards">
            {past.map((procedure) => (
              <ProcedureCard key={procedure.id} procedure={procedure} now={now} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ProcedureCard({ procedure, now }: { procedure: Row; now: string }) {
  const { t } = useTranslation();
  const languageOf = useLanguageAttributes();
  return (
    <li className="card procedure-card">
      <p className="meta">
        <span className="tag">{t(`procedures.kind.${procedure.kind}`)}</span>
      </p>
      <h3>
        <Link to={`/procedures/${procedure.id}`}>
          <span {...languageOf(procedure.titleLanguage)}>{procedure.title}</span>
        </Link>
      </h3>
      <PhaseNow
        phases={procedure.phases}
        currentPhase={procedure.currentPhase}
        nextPhase={procedure.nextPhase}
        archived={procedure.archived}
        now={now}
      />
      <p {...languageOf(procedure.descriptionLanguage)}>{procedure.excerpt}</p>
      {procedure.kind === "fund_round" ? null : (
        <p className="meta">{t("procedures.list.ideas", { count: procedure.ideas })}</p>
      )}
      {procedure.applyRoundId ? (
        <p className="actions">
          <Link to={`/procedures/${procedure.id}`} className="button secondary">
            {t("procedures.list.toProcedure")}
          </Link>
          <Link to={`/fund/${procedure.applyRoundId}/apply`} className="button primary">
            {t("fundRounds.public.apply")}
          </Link>
        </p>
      ) : null}
      {procedure.canVote || procedure.canSubmit ? (
        <p className="actions">
          <Link to={`/procedures/${procedure.id}`} className="button primary">
            {t(procedure.canVote ? "procedures.detail.voteNow" : "procedures.list.toProcedure")}
          </Link>
          {procedure.canSubmit ? (
            <Link to={`/proposals/new?procedure=${procedure.id}`} className="button secondary">
              {t("procedures.detail.submitIdea")}
            </Link>
          ) : null}
        </p>
      ) : null}
    </li>
  );
}
