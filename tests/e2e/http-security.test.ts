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

  it("sends security headers and no framework banner", async () => {
    const response = await fetch(`${baseUrl}/`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});
