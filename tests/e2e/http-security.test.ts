import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

describe("the server in front of the app", () => {
  it("refuses a form posted from another site, but not the open JSON API", async () => {
    const form = (origin: string) =>
      fetch(`${baseUrl}/language`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: "language=ar&redirectTo=/",
      });
    expect((await form("https://evil.example")).status).toBe(403);
    expect((await form(baseUrl)).status).toBe(303);

    const api = await fetch(`${baseUrl}/api/proposals`, {
      method: "POST",
      headers: { Origin: "https://someone-elses-app.example", "Content-Type": "application/json" },
      body: JSON.stringify({ title: "x" }),
    });
    expect(api.status).toBe(400);
  });

  it("answers the ballot API ahead of Remix with the same headers and refusals", async () => {
    const ballot = (type: string, query = "") =>
      fetch(`${baseUrl}/api/votes/no-such-vote/ballots${query}`, {
        method: "POST",
        headers: { "Content-Type": type },
        body: JSON.stringify({ choices: [], eligible: true }),
      });
    const unknown = await ballot("application/json", "?lng=en");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("cache-control")).toBe("no-store");
    expect(unknown.headers.get("x-content-type-options")).toBe("nosniff");
    expect(unknown.headers.get("content-type")).toMatch(/^application\/json/);
    const { error } = await unknown.json();
    expect(error.code).toBe("not_found");
    expect(error.message).toMatch(/[a-z]/i);
    // Another body type is passed on to the route, which refuses it.
    const text = await ballot("text/plain");
    expect(text.status).toBe(415);
    expect(text.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("sends security headers and no framework banner", async () => {
    const response = await fetch(`${baseUrl}/`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});

describe("cache policy", () => {
  const publicPolicy = "public, max-age=0, s-maxage=10";

  async function someProposalId() {
    const geojson = await (await fetch(`${baseUrl}/api/proposals.geojson`)).json();
    return geojson.features[0].properties.id as string;
  }

  it("public pages for anonymous visitors: a short shared cache, revalidated by browsers, per cookie", async () => {
    const id = await someProposalId();
    for (const path of [
      "/",
      "/proposals",
      "/proposals?page=2",
      `/proposals/${id}`,
      "/proposals/new",
      "/imprint",
      "/privacy",
    ]) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe(publicPolicy);
      expect(response.headers.get("vary") ?? "", path).toMatch(/Cookie/);
    }
    // Loader data follows its page.
    const data = await fetch(`${baseUrl}/proposals?_data=routes%2Fproposals._index`);
    expect(data.headers.get("cache-control")).toBe(publicPolicy);
  });

  it("staff pages, tracking pages, form answers and personal visitors are never stored", async () => {
    const submitted = await fetch(`${baseUrl}/api/proposals`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        title: "Cache-Test",
        description: "Eine Idee, um die Cache-Regeln der Seiten zu prüfen.",
        category: "community",
        lon: 12.4029903,
        lat: 51.3434382,
      }),
    });
    expect(submitted.status).toBe(201);
    expect(submitted.headers.get("cache-control")).toBe("no-store");
    const trackingPath = new URL((await submitted.json()).trackingUrl).pathname;

    const noStore = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${baseUrl}${path}`, { redirect: "manual", ...init });
      expect(response.headers.get("cache-control"), `${init.method ?? "GET"} ${path}`).toBe(
        "no-store",
      );
    };
    await noStore(trackingPath);
    await noStore("/staff/login");
    await noStore("/staff");
    await noStore("/staff/exports/proposals.csv");
    // A supporter's pages show their own support state.
    const id = await someProposalId();
    await noStore(`/proposals/${id}`, { headers: { Cookie: "qs_supporter=abc" } });
    // The answer to a form post may echo what was typed.
    await noStore("/proposals/new", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=submit&title=x",
    });
  });
});

describe("body limits at the server", () => {
  it("answers an oversized comment with 413 fast, without echoing it", async () => {
    const id = (await (await fetch(`${baseUrl}/api/proposals.geojson`)).json()).features[0]
      .properties.id;
    const started = Date.now();
    const response = await fetch(`${baseUrl}/proposals/${id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=comment&body=" + "a".repeat(8 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    const text = await response.text();
    expect(text.length).toBeLessThan(50_000);
    expect(text).not.toContain("aaaaaaaaaaaaaaaaaaaaaaaa");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("answers other methods with 405 on pages, in the visitor's language", async () => {
    const response = await fetch(`${baseUrl}/proposals/new?lng=ar`, { method: "PUT" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain("POST");
    const html = await response.text();
    expect(html).toContain('lang="ar"');
    expect(html).toContain("الإجراء غير ممكن");
  });
});
