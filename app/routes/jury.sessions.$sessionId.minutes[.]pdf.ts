import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { requireJuryViewer, requireSessionAccess } from "~/modules/fund/jury.server";
import { getMinutes } from "~/modules/fund/minutes.server";
import { renderMinutesPdf } from "~/modules/fund/minutes-pdf.server";

/** GET /jury/sessions/:sessionId/minutes.pdf — the minutes as a PDF download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireJuryViewer(request);
  const access = await requireSessionAccess(viewer, params.sessionId ?? "");
  const [t, language] = await Promise.all([getT(request), getLanguage(request)]);
  const minutes = await getMinutes(access.sessionId, t, language);
  if (!minutes) throw new Response("Not found", { status: 404 });
  const pdf = await renderMinutesPdf(minutes);
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="protokoll-${access.sessionId}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
