import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { requireJuryViewer, requireSessionAccess } from "~/modules/fund/jury.server";
import { getMinutes } from "~/modules/fund/minutes.server";
import styles from "~/styles/fund-session.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/** GET /jury/sessions/:sessionId/minutes — the printable minutes; the PDF next to it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireJuryViewer(request);
  const access = await requireSessionAccess(viewer, params.sessionId ?? "");
  const [t, language] = await Promise.all([getT(request), getLanguage(request)]);
  const minutes = await getMinutes(access.sessionId, t, language);
  if (!minutes) throw new Response("Not found", { status: 404 });
  return {
    pageTitle: `${minutes.title} – ${t("app.name")}`,
    sessionId: access.sessionId,
    minutes,
  };
}

export default function SessionMinutes() {
  const { t } = useTranslation();
  const { minutes, sessionId } = useLoaderData<typeof loader>();
  return (
    <article className="minutes-sheet">
      <p className="button-row no-print">
        <Link to={`/jury/sessions/${sessionId}`}>{t("fundSession.minutes.back")}</Link>
        <a href={`/jury/sessions/${sessionId}/minutes.pdf`} download>
          {t("fundSession.minutes.pdf")}
        </a>
      </p>
      <p className="hint no-print">{t("fundSession.minutes.printHint")}</p>
      {minutes.blocks.map((block, index) => {
        if (block.kind === "title") return <h1 key={index}>{block.text}</h1>;
        if (block.kind === "heading")
          return (
            <h2 key={index}>
              <bdi>{block.text}</bdi>
            </h2>
          );
        if (block.kind === "text") return <p key={index}>{block.text}</p>;
        return (
          <dl key={index}>
            <dt>
              <bdi>{block.label}</bdi>
            </dt>
            <dd dir="auto">{block.value}</dd>
          </dl>
        );
      })}
    </article>
  );
}
