import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LazyMap } from "~/components/lazy-map";
import { PhotoGallery } from "~/components/photos/photo-gallery";
import { formatEuro, useProcedureFormat } from "~/components/procedures/format";
import { useLanguageAttributes } from "~/components/procedures/localised-text";
import { UserText } from "~/components/user-text";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { listAttributions } from "~/modules/areas/areas.server";
import { mapAssets, type MapPoint } from "~/modules/areas/map-types";
import { listFundedProjects } from "~/modules/fund/rounds.server";
import { getEnv } from "~/utils/env.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapAssets.css }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

/** The small image version's longest side (app/modules/uploads/). */
const SMALL_SIDE = 480;

/** Public report photos of the fund (route fund.photos.$fileId.$size). */
const fundPhotoUrl = (id: string, size: "small" | "large") =>
  `/fund/photos/${encodeURIComponent(id)}/${size}`;

/** "Gefördert im Verfügungsfonds": granted projects per round, open rounds. No personal data. */
export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const now = new Date();
  const [rounds, attributions] = await Promise.all([
    listFundedProjects(language, now),
    listAttributions(),
  ]);
  return {
    pageTitle: `${t("fundRounds.public.title")} – ${t("app.name")}`,
    now: now.toISOString(),
    rounds: rounds.map((round) => ({
      ...round,
      projects: round.projects.map(({ photos, ...project }) => ({
        ...project,
        photos: photos.flatMap((photo) => {
          if (!photo.width || !photo.height) return [];
          const scale = Math.min(1, SMALL_SIDE / Math.max(photo.width, photo.height));
          return [
            {
              id: photo.id,
              width: photo.width,
              height: photo.height,
              smallWidth: Math.round(photo.width * scale),
              smallHeight: Math.round(photo.height * scale),
            },
          ];
        }),
      })),
    })),
    attributions,
    styleUrl: getEnv().MAP_STYLE_URL,
  };
}

export default function FundedProjects() {
  const { t, i18n } = useTranslation();
  const { rounds, now, attributions, styleUrl } = useLoaderData<typeof loader>();
  const format = useProcedureFormat(now);
  const languageOf = useLanguageAttributes();
  const euro = (cents: number) => formatEuro(cents, i18n.language);
  const open = rounds.filter((round) => round.openForApplications);
  const withProjects = rounds.filter((round) => round.projects.length > 0);
  const points: MapPoint[] = withProjects.flatMap((round) =>
    round.projects.flatMap((project) =>
      project.lon !== null && project.lat !== null
        ? [
            {
              id: project.id,
              title: project.title,
              lon: project.lon,
              lat: project.lat,
              href: `#project-${project.id}`,
              detail: t("fundRounds.public.granted", { amount: euro(project.grantedCents) }),
            },
          ]
        : [],
    ),
  );

  return (
    <article className="fund-page">
      <h1>{t("fundRounds.public.title")}</h1>
      <p>{t("fundRounds.public.intro")}</p>

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t("fundRounds.public.openTitle")}</h2>
        {open.length === 0 ? (
          <p>{t("fundRounds.public.noOpen")}</p>
        ) : (
          <ul className="cards">
            {open.map((round) => (
              <li key={round.id} className="card">
                <h3>
                  <Link to={`/procedures/${round.procedureId}`}>
                    <span {...languageOf(round.titleLanguage)}>{round.title}</span>
                  </Link>
                </h3>
                {round.applicationDeadline ? (
                  <p>
                    {t("fundRounds.public.deadline", {
                      date: format.moment(round.applicationDeadline),
                    })}
                  </p>
                ) : null}
                <p className="actions">
                  <Link to={`/fund/${round.id}/apply`} className="button primary">
                    {t("fundRounds.public.apply")}
                  </Link>
                  <Link to={`/procedures/${round.procedureId}`} className="button secondary">
                    {t("fundRounds.public.rulesLink")}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="funded-heading">
        <h2 id="funded-heading">{t("fundRounds.public.fundedTitle")}</h2>
        {withProjects.length === 0 ? (
          <p>{t("fundRounds.public.noProjects")}</p>
        ) : (
          <>
            {points.length > 0 ? (
              <>
                <p className="hint">{t("fundRounds.public.mapHint")}</p>
                <LazyMap
                  mode="browse"
                  points={points}
                  styleUrl={styleUrl}
                  attributions={attributions}
                />
              </>
            ) : null}
            {withProjects.map((round) => (
              <section key={round.id} aria-labelledby={`round-${round.id}`}>
                <h3 id={`round-${round.id}`}>
                  <span {...languageOf(round.titleLanguage)}>{round.title}</span>
                </h3>
                <p className="result-count">
                  {t("fundRounds.public.projectCount", { count: round.projects.length })}
                </p>
                <ul className="cards fund-projects">
                  {round.projects.map((project) => (
                    <li key={project.id} className="card" id={`project-${project.id}`}>
                      <h4 dir="auto">{project.title}</h4>
                      <p className="meta">
                        {t("fundRounds.public.granted", { amount: euro(project.grantedCents) })}
                        {project.district ? (
                          <>
                            {" "}
                            · <bdi>{project.district}</bdi>
                          </>
                        ) : null}
                        {project.startsOn && project.endsOn ? (
                          <>
                            {" "}
                            ·{" "}
                            {t("fundRounds.public.dates", {
                              start: format.day(project.startsOn),
                              end: format.day(project.endsOn),
                            })}
                          </>
                        ) : null}
                      </p>
                      {project.summary ? (
                        <>
                          <p>
                            <strong>{t("fundRounds.public.reportTitle")}</strong>
                          </p>
                          <UserText text={project.summary} className="description" />
                        </>
                      ) : null}
                      <PhotoGallery
                        photos={project.photos.map((photo, index) => ({
                          ...photo,
                          alt: t("fundRounds.public.photoAlt", {
                            n: index + 1,
                            title: project.title,
                          }),
                        }))}
                        src={fundPhotoUrl}
                      />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </section>
    </article>
  );
}
