import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { requireJuryViewer, requireSessionAccess } from "~/modules/fund/jury.server";
import { formatCents } from "~/modules/fund/money";
import { getSessionView } from "~/modules/fund/sessions.server";
import type { PageHandle } from "~/root";
import styles from "~/styles/fund-session.css";
import { formatBerlin } from "~/utils/berlin-time";

/** Full screen: no site header or footer around the projection. */
export const handle: PageHandle = { chrome: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/** Seconds between two looks at the session: decisions show up on the wall within this time. */
const POLL_SECONDS = 4;

/**
 * GET /jury/sessions/:sessionId/projection — the pots and the decisions for
 * the projector, in big type. Nothing personal: project titles, amounts and
 * outcomes (no names of applicants, no votes by member). Live by polling its
 * own small loader every few seconds.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireJuryViewer(request);
  const access = await requireSessionAccess(viewer, params.sessionId ?? "");
  const [view, language, t] = await Promise.all([
    getSessionView(access.sessionId),
    getLanguage(request),
    getT(request),
  ]);
  if (!view) throw new Response("Not found", { status: 404 });
  const euro = (cents: number) => formatCents(cents, language);
  return {
    pageTitle: `${t("fundSession.projection.title")} – ${t("app.name")}`,
    title: view.round.title,
    when: formatBerlin(view.session.heldAt, language),
    place: view.session.place,
    closed: view.session.closedAt !== null,
    quorum: view.quorum,
    pots: view.pots.map((pot) => ({
      id: pot.id,
      name: pot.name,
      amount: euro(pot.amountCents),
      available: euro(pot.availableCents),
    })),
    applications: view.applications.map((application) => ({
      id: application.id,
      title: application.title,
      requested: euro(application.requestedCents),
      decision: application.decision
        ? { outcome: application.decision.outcome, amount: euro(application.decision.grantedCents) }
        : null,
    })),
  };
}

export default function SessionProjection() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (data.closed) return;
    const timer = window.setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible")
        revalidator.revalidate();
    }, POLL_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [data.closed, revalidator]);
  return (
    <main className="fund-projection" id="main">
      <header>
        <h1>
          <bdi>{data.title}</bdi>
        </h1>
        <p>
          {data.when} · <bdi>{data.place}</bdi> ·{" "}
          {t(data.quorum.reached ? "fundSession.quorum.reached" : "fundSession.quorum.notReached")}
        </p>
      </header>
      <section aria-labelledby="projection-pots">
        <h2 id="projection-pots">{t("fundSession.pots.title")}</h2>
        <ul className="pots">
          {data.pots.map((pot) => (
            <li key={pot.id} className="pot" data-pot={pot.id}>
              <bdi>{pot.name}</bdi>
              <span className="pot-available" data-available>
                {pot.available}
              </span>
              {t("fundSession.projection.ofAmount", { amount: pot.amount })}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="projection-decisions">
        <h2 id="projection-decisions">{t("fundSession.round.applications")}</h2>
        <ul className="decisions">
          {data.applications.map((application) => (
            <li key={application.id}>
              <bdi>{application.title}</bdi> — {application.requested}:{" "}
              <strong>
                {application.decision
                  ? `${t(`fundSession.outcome.${application.decision.outcome}`)}${
                      application.decision.outcome !== "refused"
                        ? ` ${application.decision.amount}`
                        : ""
                    }`
                  : t("fundSession.decision.none")}
              </strong>
            </li>
          ))}
        </ul>
      </section>
      <footer>
        {data.closed ? t("fundSession.session.closedShort") : t("fundSession.projection.live")}
      </footer>
    </main>
  );
}
