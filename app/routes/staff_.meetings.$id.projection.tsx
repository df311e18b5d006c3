import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { useLoaderData, useRevalidator, type ShouldRevalidateFunction } from "@remix-run/react";
import { joinLink, qrSymbol } from "~/components/meetings/join-link.server";
import { projectionLabels } from "~/components/meetings/projection-labels";
import { runPresenterForm } from "~/components/meetings/presenter-action.server";
import { ProjectionView, type ProjectionData } from "~/components/meetings/projection-view";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { formatStoredPlace } from "~/modules/addresses/place";
import { mapAssets } from "~/modules/areas/map-types";
import { buildSnapshot } from "~/modules/meetings/meeting-stream.server";
import { getMeeting } from "~/modules/meetings/meetings.server";
import { requireStaff, requireStaffAction } from "~/modules/staff/session.server";
import type { PageHandle } from "~/root";
import meetingStyles from "~/styles/meetings.css";
import { getEnv } from "~/utils/env.server";

/** Full screen: no site header or footer around the projection. */
export const handle: PageHandle = { chrome: false };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: mapAssets.css },
  { rel: "stylesheet", href: meetingStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "robots", content: "noindex, nofollow" },
];

/**
 * GET /staff/meetings/:id/projection — the wall of a meeting room. Staff
 * only (it is opened on the office's laptop); the room sees nothing
 * personal: titles, short texts and places of the initiatives, counts.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:procedure");
  const meeting = await getMeeting(params.id ?? "");
  if (!meeting) throw new Response("Not found", { status: 404 });
  const [snapshot, uiLanguage] = await Promise.all([
    buildSnapshot(meeting.id),
    getLanguage(request),
  ]);
  if (!snapshot) throw new Response("Not found", { status: 404 });
  const t = await getTFor(uiLanguage);
  const link = joinLink(request, meeting.joinPath);
  const wall = await Promise.all(
    meeting.languages.map(async (language) => ({ language, t: await getTFor(language) })),
  );
  const labels = Object.fromEntries(
    wall.map(({ language, t: tFor }) => [language, projectionLabels(tFor, meeting.vote.method)]),
  );
  const german = meeting.procedure.titles.de ?? "";
  // A language without its own title shows the German one, marked as German.
  const titles = Object.fromEntries(
    Object.entries(meeting.procedure.titles).map(([language, text]) => [
      language,
      { text, lang: language === "de" || text !== german ? language : "de" },
    ]),
  );
  const data: ProjectionData = {
    meeting: {
      id: meeting.id,
      code: meeting.code,
      joinUrl: link.url,
      shortUrl: link.short,
      languages: meeting.languages,
    },
    action: `/staff/meetings/${meeting.id}/projection`,
    csrf: user.csrfToken,
    method: meeting.vote.method,
    titles,
    labels,
    options: meeting.options.map((option) => ({
      id: option.id,
      number: option.number,
      title: option.title,
      summary: option.summary,
      place: Object.fromEntries(
        wall.map(({ language, t: tFor }) => [
          language,
          formatStoredPlace(option.placeLabel, tFor) ?? option.district ?? "",
        ]),
      ),
      costCents: option.costCents,
      lon: option.lon,
      lat: option.lat,
    })),
    qr: qrSymbol(link.url),
    snapshot: { ...snapshot, seq: 0, covers: 0 },
    map: { styleUrl: getEnv().MAP_STYLE_URL },
  };
  return {
    pageTitle: `${t("staff.meetings.projection.pageTitle", { code: meeting.code })} – ${t("app.name")}`,
    data,
  };
}

/** The presenter's keys: one command per request; a refusal comes back as a reason to show. */
export async function action({ request, params }: ActionFunctionArgs) {
  let staff: Awaited<ReturnType<typeof requireStaffAction>>;
  try {
    staff = await requireStaffAction(request, "manage:procedure");
  } catch (thrown) {
    // An expired session must not replace the wall with an error page in the
    // middle of a meeting: the key is refused, the room keeps its view.
    if (thrown instanceof Response && (thrown.status === 401 || thrown.status === 403)) {
      return Response.json({ status: "refused", reason: "session" }, { status: thrown.status });
    }
    throw thrown;
  }
  const { user, formData } = staff;
  const outcome = await runPresenterForm(params.id ?? "", user.id, formData);
  const status = outcome.status === "ok" ? 200 : outcome.reason === "not-found" ? 404 : 409;
  return Response.json(outcome, { status });
}

/**
 * The stream keeps the page current; a key press does not reload the whole
 * page (which counts the vote again). Only an explicit revalidation does
 * (new languages need their labels).
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formMethod,
  defaultShouldRevalidate,
}) => (formMethod ? false : defaultShouldRevalidate);

export default function MeetingProjection() {
  const { data } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  return (
    <ProjectionView
      data={data}
      onLanguagesChanged={() => {
        if (revalidator.state === "idle") revalidator.revalidate();
      }}
    />
  );
}
