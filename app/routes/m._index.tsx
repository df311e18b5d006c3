import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { JOIN_INPUT_MAX_CHARS, JoinCodeForm } from "~/components/meetings/join-code-form";
import { isLanguage } from "~/i18n/config";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { normaliseJoinCode } from "~/modules/meetings/join-code";
import { getMeetingByCode, joinPath } from "~/modules/meetings/meetings.server";
import type { PageHandle } from "~/root";
import phoneStyles from "~/styles/meeting-phone.css";

/**
 * GET /m — typing a meeting's join code by hand (when the QR code cannot be
 * scanned). `?code=` is looked up case-insensitively; a known code goes on to
 * /m/CODE, a wrong one comes back with a message and the input kept.
 * A light page like the phone page: no Remix scripts.
 */
export const handle: PageHandle = { scripts: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: phoneStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} – ${data.appName}` : "" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const language = await getLanguage(request);
  const t = await getTFor(language);
  const lng = url.searchParams.get("lng");
  const keepLanguage = isLanguage(lng) ? lng : null;
  const typed = (url.searchParams.get("code") ?? "").slice(0, JOIN_INPUT_MAX_CHARS);
  const base = {
    appName: t("app.name"),
    pageTitle: t("meetingPhone.join.title"),
    language: keepLanguage,
    typed,
  };
  if (!url.searchParams.has("code")) return json({ ...base, error: null });
  if (typed.trim() === "") {
    return json({ ...base, error: t("meetingPhone.join.empty") }, { status: 400 });
  }
  const meeting = await getMeetingByCode(typed);
  if (!meeting) {
    const malformed = normaliseJoinCode(typed) === null;
    return json(
      {
        ...base,
        error: t(malformed ? "meetingPhone.join.malformed" : "meetingPhone.join.unknown"),
      },
      { status: malformed ? 400 : 404 },
    );
  }
  const search = keepLanguage ? `?lng=${keepLanguage}` : "";
  return redirect(`${joinPath(meeting.code)}${search}`, 303);
}

export default function JoinMeetingPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <article className="meeting-phone narrow">
      <h1>{t("meetingPhone.join.title")}</h1>
      <p>{t("meetingPhone.join.intro")}</p>
      <JoinCodeForm typed={data.typed} error={data.error} language={data.language} />
    </article>
  );
}
