import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { csvResponse, staffProposalsCsv } from "~/modules/exports/exports.server";
import { requireStaff } from "~/modules/staff/session.server";
import { prisma } from "~/utils/db.server";

const QuerySchema = z.object({ contacts: z.enum(["0", "1"]).catch("0") });

export async function loader({ request }: LoaderFunctionArgs) {
  const { contacts } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const withContacts = contacts === "1";
  const user = await requireStaff(request, withContacts ? "export:contacts" : "export:proposals");
  // Who downloaded personal data, and when, belongs in the log.
  await recordAudit(prisma, {
    staffId: user.id,
    action: withContacts ? "export.contacts" : "export.proposals",
    entityType: "export",
  });
  const date = new Date().toISOString().slice(0, 10);
  return csvResponse(
    await staffProposalsCsv({ withContacts }),
    `initiativen-${withContacts ? "mit-kontakt-" : ""}${date}.csv`,
  );
}
