import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export const inside = { lon: 12.4029903, lat: 51.3434382 }; // Stadtteilpark Rabet
export const outside = { lon: 12.382011, lat: 51.338905 }; // Augustusplatz

let counter = 0;
/** A fresh client address per call unless given: rate limits are per client. */
export function context(clientAddress = `10.0.0.${++counter}`) {
  return { clientAddress };
}

export function formRequest(
  url: string,
  fields: Record<string, string>,
  headers: HeadersInit = {},
) {
  return new Request(`http://test.local${url}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

export function jsonRequest(url: string, body: unknown, headers: HeadersInit = {}) {
  return new Request(`http://test.local${url}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...headers },
  });
}

type Action = (args: ActionFunctionArgs) => Promise<unknown>;
type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

/** Calls a route action and returns a Response, also when it throws one. */
export async function callAction(
  action: Action,
  request: Request,
  params: Record<string, string> = {},
  ctx: Record<string, unknown> = context(),
): Promise<Response> {
  try {
    const result = await action({ request, params, context: ctx });
    if (result instanceof Response) return result;
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function callLoader(
  loader: Loader,
  url: string,
  params: Record<string, string> = {},
  headers: HeadersInit = {},
): Promise<Response> {
  const request = new Request(`http://test.local${url}`, { headers });
  try {
    const result = await loader({ request, params, context: {} });
    if (result instanceof Response) return result;
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export const validProposal = {
  title: "Sitzbänke im Rabet",
  description: "Mehr Sitzbänke im Rabet, damit Ältere sich beim Spaziergang ausruhen können.",
  category: "seniors",
};
