import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { requireStaffAction } from "~/modules/staff/session.server";
import { formatCode } from "~/modules/votes/codes";
import {
  MAX_CODES_PER_SHEET,
  generateCodeSheet,
  renderCodeSheetPdf,
} from "~/modules/votes/votes.server";
import { prisma } from "~/utils/db.server";
import { baseUrl } from "~/utils/http.server";
import { userText } from "~/utils/user-text.schema.server";

/**
 * POST /staff/votes/:voteId/codes — generates a new sheet of one-time codes
 * and answers its PDF as a download. This answer is the only place the codes
 * ever exist in plain text: the database keeps their hashes, the audit log
 * the number and the label (written by `generateCodeSheet`). Not stored by
 * any cache, so a second download is impossible by design: staff print it.
 *
 * Fields: `count` (1–2000), `label` (e.g. "Briefe Haus 12", up to 100
 * characters), `csrf`. A refusal goes back to the vote's staff page with
 * `?codeSheet=<reason>` (count | label | not-found | channel-off | closed),
 * for the page to explain.
 */
const FormSchema = z.object({
  count: z.coerce.number().int().min(1).max(MAX_CODES_PER_SHEET),
  label: userText().max(100),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireStaffAction(request, "manage:procedure");
  const voteId = params.voteId ?? "";
  const back = (reason: string) =>
    redirect(`/staff/votes/${encodeURIComponent(voteId)}?codeSheet=${reason}`, 303);

  const parsed = FormSchema.safeParse({
    count: formData.get("count") ?? undefined,
    label: formData.get("label") ?? "",
  });
  if (!parsed.success) {
    return back(parsed.error.issues.some((issue) => issue.path[0] === "count") ? "count" : "label");
  }

  const result = await generateCodeSheet({
    voteId,
    count: parsed.data.count,
    label: parsed.data.label,
    staffId: user.id,
  });
  if (result.status === "refused") return back(result.reason);

  const vote = await prisma.vote.findUniqueOrThrow({
    where: { id: voteId },
    select: { procedure: { select: { title: true } } },
  });
  const origin = baseUrl(request);
  // The grouped form (K7M4-XH3P-QR), so the pre-filled field looks like the card.
  const pdf = await renderCodeSheetPdf({
    codes: result.codes,
    title: vote.procedure.title,
    ballotUrl: (code) => `${origin}/votes/${encodeURIComponent(voteId)}?code=${formatCode(code)}`,
  });
  const date = new Date().toISOString().slice(0, 10);
  // slice(): a copy backed by a plain ArrayBuffer, which is what a Response body takes.
  return new Response(pdf.slice(), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="abstimmungscodes-${date}-${result.sheetId}.pdf"`,
      "Content-Length": String(pdf.byteLength),
      "Cache-Control": "no-store",
    },
  });
}
