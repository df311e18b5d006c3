import type { ActionFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { getLanguage, getTFor } from "~/i18n/i18n.server";
import { ProposalInputSchema } from "~/modules/proposals/proposal.schema.server";
import { submitProposal } from "~/modules/proposals/proposals.server";
import { outsideAreaMessage } from "~/modules/proposals/submission-messages";
import { readJson } from "~/utils/form.server";
import { baseUrl } from "~/utils/http.server";
import { normaliseInput } from "~/utils/text-normalise";
import { clientAddress, consumeSubmission } from "~/utils/rate-limit.server";

/**
 * POST /api/proposals — submit an initiative as JSON. Same validation as the form.
 * Optional `procedureId`: submitted into that procedure while its collection phase runs.
 * 201 {id, status, trackingUrl} | 400 invalid_input | 400 phase_closed
 * | 422 outside_funding_area | 429 rate_limited
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const read = await readJson(request);
  // Every string normalised before validation (unpaired surrogates, controls, NFC, …).
  const body = read.ok ? normaliseInput(read.value) : undefined;
  const bodyLanguage =
    body && typeof body === "object" && "language" in body ? body.language : undefined;
  const language = isLanguage(bodyLanguage) ? bodyLanguage : await getLanguage(request);
  const t = await getTFor(language);

  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return Response.json(
      { error: { code: "invalid_input", message: t("errors.api.notJson"), fields: {} } },
      { status: 400 },
    );
  }

  const parsed = ProposalInputSchema.safeParse(body);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "_");
      fields[field] ??= t(issue.message, { defaultValue: t("errors.api.invalidValue") });
    }
    return Response.json(
      { error: { code: "invalid_input", message: t("errors.api.invalidInput"), fields } },
      { status: 400 },
    );
  }

  const limit = await consumeSubmission(clientAddress(context));
  if (!limit.allowed) {
    return Response.json(
      {
        error: {
          code: "rate_limited",
          retryAfterSeconds: limit.retryAfterSeconds,
          message: t("errors.rateLimited"),
        },
      },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }

  // Mails (with SMTP_URL and an address) are written in the language of the answers.
  const result = await submitProposal(parsed.data, { formLanguage: language });
  if (result.status === "refused" && result.reason !== "outside-area") {
    return Response.json(
      result.reason === "phase-closed"
        ? { error: { code: "phase_closed", message: t("phaseRefusal.submit") } }
        : {
            error: {
              code: "invalid_input",
              message: t("errors.api.invalidInput"),
              fields: { procedureId: t("phaseRefusal.unknownProcedure") },
            },
          },
      { status: 400 },
    );
  }
  if (result.status === "refused") {
    return Response.json(
      {
        error: {
          code: "outside_funding_area",
          distanceMeters: result.distanceMeters,
          direction: result.direction,
          message: outsideAreaMessage(t, result),
        },
      },
      { status: 422 },
    );
  }
  return Response.json(
    {
      id: result.id,
      status: "submitted",
      trackingUrl: `${baseUrl(request)}/track/${result.trackingToken}`,
    },
    { status: 201 },
  );
}

export async function loader() {
  return Response.json(
    {
      error: {
        code: "method_not_allowed",
        message: "Use POST; published initiatives are at /api/proposals.geojson.",
      },
    },
    { status: 405, headers: { Allow: "POST" } },
  );
}
