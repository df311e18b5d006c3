import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLanguage } from "~/i18n/i18n.server";
import { resultsCsv } from "~/modules/votes/votes.server";

/** A vote's public result as CSV (no codes, no personal data); 404 while it is not public. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const voteId = params.voteId ?? "";
  const csv = await resultsCsv(voteId, await getLanguage(request));
  if (csv === null) throw new Response("Not found", { status: 404 });
  const safeId = voteId.replace(/[^A-Za-z0-9_-]/g, "");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="abstimmung-${safeId}-ergebnis.csv"`,
      // Live results change with every ballot: browsers ask again each time.
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
