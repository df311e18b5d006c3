import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/modules/audit/audit.server";
import { csvResponse } from "~/modules/exports/exports.server";
import { roundOverviewCsv } from "~/modules/fund/fund-csv.server";
import { requireStaff } from "~/modules/staff/session.server";
import { prisma } from "~/utils/db.server";

/** The round's annual overview for the city's office: granted projects, no personal data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:fund");
  const roundId = params.roundId ?? "";
  const round = await prisma.fundRound.findUnique({ where: { id: roundId }, select: { id: true } });
  if (!round) throw new Response("Not found", { status: 404 });
  await recordAudit(prisma, {
    staffId: user.id,
    action: "export.fund_overview",
    entityType: "fund_round",
    entityId: roundId,
  });
  const date = new Date().toISOString().slice(0, 10);
  return csvResponse(await roundOverviewCsv(roundId), `verfuegungsfonds-uebersicht-${date}.csv`);
}
