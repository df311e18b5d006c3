import { redirect } from "@remix-run/node";
import type { z } from "zod";
import { getLanguage, getT } from "~/i18n/i18n.server";
import { getAddress, searchAddresses } from "~/modules/addresses/addresses.server";
import { confirmPlace } from "~/modules/addresses/place.server";
import { isValidLonLat } from "~/modules/areas/geo";
import { readUploadForm } from "~/utils/form.server";
import { clientAddress, consume, consumeSubmission } from "~/utils/rate-limit.server";
import { checkQuoteFiles, QUOTE_MAX_BYTES } from "./application-files.server";
import {
  readApplicationForm,
  type ApplicationFormAnswer,
  type ApplicationFormValues,
} from "./application-form";
import { applicationInputSchema } from "./application.schema.server";
import {
  createApplication,
  updateApplication,
  type SaveApplicationResult,
} from "./applications.server";

/**
 * The one POST handler of the application form, for a new application
 * (`/fund/<roundId>/apply`) and behind the private link
 * (`/track/<token>/application`): read the body, search an address, or
 * validate (zod), check the quotes, and save or submit. Every refusal shows
 * the form again with what was typed and says why; nothing is saved half-way.
 */
export async function handleApplicationPost(
  request: Request,
  context: unknown,
  target: { kind: "new"; roundId: string } | { kind: "edit"; token: string },
): Promise<Response> {
  const { form, files } = await readUploadForm(request, { maxFileBytes: QUOTE_MAX_BYTES });
  const language = await getLanguage(request);
  const values = readApplicationForm(form);
  const addressQuery = String(form.get("addressQuery") ?? "")
    .trim()
    .slice(0, 100);
  const answer = (status: number, extra: Omit<ApplicationFormAnswer, "values"> = {}) =>
    Response.json(
      {
        values,
        addressQuery,
        quotesDropped: files.length > 0,
        ...extra,
      } satisfies ApplicationFormAnswer,
      { status },
    );

  const intent = form.get("intent");
  if (intent === "search-address") {
    return answer(200, {
      addresses: addressQuery ? await searchAddresses(addressQuery) : [],
      place: await placeOf(request, values),
      quotesDropped: false,
    });
  }
  if (intent !== "save" && intent !== "submit") {
    return answer(400, { formErrors: ["fund.errors.unknownAction"] });
  }
  // An address picked from the search results sets the place (the no-JavaScript path).
  const addressId = form.get("addressId");
  if (typeof addressId === "string" && addressId) {
    const address = await getAddress(addressId.slice(0, 100));
    if (address) {
      values.lon = String(address.lon);
      values.lat = String(address.lat);
    }
  }

  const parsed = applicationInputSchema(language).safeParse(values);
  if (files.length && !(await consume("upload", clientAddress(context))).allowed) {
    return answer(429, {
      formErrors: ["errors.rateLimited"],
      place: await placeOf(request, values),
    });
  }
  const quotes = await checkQuoteFiles(files, values.costLines.length);
  if (!parsed.success || quotes.status === "refused") {
    return answer(400, {
      formErrors: ["fund.errors.summary"],
      fieldErrors: parsed.success ? {} : fieldErrorsOf(parsed.error),
      quoteProblems: quotes.status === "refused" ? quotes.problems : [],
      place: await placeOf(request, values),
    });
  }

  let outcome: SaveApplicationResult;
  if (target.kind === "new") {
    const limit = await consumeSubmission(clientAddress(context));
    if (!limit.allowed) {
      return answer(429, {
        formErrors: ["errors.rateLimited"],
        place: await placeOf(request, values),
      });
    }
    outcome = await createApplication(target.roundId, parsed.data, {
      intent,
      quotes: quotes.quotes,
      language,
    });
  } else {
    outcome = await updateApplication(target.token, parsed.data, {
      intent,
      quotes: quotes.quotes,
    });
  }

  if (outcome.status === "refused") {
    if (outcome.reason === "not-found") throw new Response("Not found", { status: 404 });
    if (outcome.reason === "rules") {
      return answer(422, {
        formErrors: ["fund.errors.rules"],
        check: outcome.check,
        place: await placeOf(request, values),
      });
    }
    return answer(409, {
      formErrors: [
        outcome.reason === "phase-closed" ? "fund.errors.phaseClosed" : "fund.errors.notEditable",
      ],
      place: await placeOf(request, values),
    });
  }
  if (target.kind === "new") {
    return redirect(`/track/${outcome.trackingToken}?created=${intent}`, 303);
  }
  return redirect(
    `/track/${target.token}?done=${intent === "submit" ? "submitted" : "saved"}`,
    303,
  );
}

async function placeOf(request: Request, values: ApplicationFormValues) {
  const lon = Number(values.lon);
  const lat = Number(values.lat);
  if (values.lon === "" || values.lat === "" || !isValidLonLat(lon, lat)) return null;
  return confirmPlace(lon, lat, await getT(request));
}

/** zod's issues as catalogue keys per form field ("costLines[2].amount"). */
function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path
      .map((part, index) =>
        typeof part === "number" ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
      )
      .join("");
    const name = field === "lon" || field === "lat" ? "place" : field;
    (out[name] ??= []).push(issue.message);
  }
  return out;
}
