import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicProposalsCsv } from "~/modules/exports/exports.server";
import { baseUrl } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return new Response(await publicProposalsCsv(baseUrl(request)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="quartiersstimme-ideen.csv"',
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
