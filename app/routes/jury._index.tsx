import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getLanguage } from "~/i18n/i18n.server";
import { listJuryRounds, requireJuryViewer } from "~/modules/fund/jury.server";
import { formatBerlin } from "~/utils/berlin-time";

/** GET /jury — the rounds of the viewer's decision team, with their sessions. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireJuryViewer(request);
  const [rounds, language] = await Promise.all([listJuryRounds(viewer), getLanguage(request)]);
  return {
    rounds: rounds.map((round) => ({
      ...round,
      sessions: round.sessions.map((session) => ({
        id: session.id,
        when: formatBerlin(session.heldAt, language),
        place: session.place,
        closed: session.closedAt !== null,
      })),
    })),
  };
}

export default function JuryIndex() {
  const { t } = useTranslation();
  const { rounds } = useLoaderData<typeof loader>();
  return (
    <article>
      <h1>{t("fundSession.area.myRounds")}</h1>
      <p className="lead">{t("fundSession.area.intro")}</p>
      {rounds.length === 0 ? <p>{t("fundSession.area.noRounds")}</p> : null}
      <ul className="cards">
        {rounds.map((round) => (
          <li key={round.id} className="card">
            <h2>
              <Link to={`/jury/rounds/${round.id}`}>
                <bdi>{round.title}</bdi>
              </Link>
            </h2>
            <p className="meta">
              {t("fundSession.area.applicationCount", { n: round.applications })}
            </p>
            {round.sessions.length > 0 ? (
              <>
                <h3>{t("fundSession.sessions.title")}</h3>
                <ul>
                  {round.sessions.map((session) => (
                    <li key={session.id}>
                      <Link to={`/jury/sessions/${session.id}`}>
                        {session.when} · <bdi>{session.place}</bdi>
                      </Link>{" "}
                      {session.closed ? `(${t("fundSession.session.closedShort")})` : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="hint">{t("fundSession.sessions.none")}</p>
            )}
          </li>
        ))}
      </ul>
    </article>
  );
}
