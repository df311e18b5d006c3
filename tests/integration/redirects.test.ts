import { describe, expect, it } from "vitest";
import { action as languageAction } from "~/routes/language";
import { loader as loginLoader } from "~/routes/staff_.login";
import { hostileRedirectTargets, sameSiteRedirectTargets } from "../fixtures/redirect-targets";
import { callAction, callLoader, formRequest } from "./helpers";

const site = "http://test.local";

/** Where a browser on the site goes with this Location header. */
const resolve = (location: string | null) => new URL(location ?? "", `${site}/proposals`);

async function switchLanguage(redirectTo: string) {
  const response = await callAction(
    languageAction,
    formRequest("/language", { language: "en", redirectTo }),
  );
  expect(response.status).toBe(303);
  return response.headers.get("Location");
}

describe("language switch: redirects only to this site", () => {
  it.each(hostileRedirectTargets.map((target) => [JSON.stringify(target), target]))(
    "%s goes to the start page",
    async (_, target) => {
      const location = await switchLanguage(target);
      expect(resolve(location).origin).toBe(site);
      expect(location).toBe("/");
    },
  );

  it.each(sameSiteRedirectTargets)("%j stays %j", async (target, expected) => {
    const location = await switchLanguage(target);
    expect(resolve(location).origin).toBe(site);
    // The switch drops a fragment and re-encodes the query (to remove ?lng=).
    const normalised = (url: URL) => `${url.pathname}?${url.searchParams}`;
    expect(normalised(resolve(location))).toBe(normalised(new URL(expected, site)));
    expect(location).not.toContain("#");
  });

  it("removes a ?lng= parameter and sets the language cookie", async () => {
    const response = await callAction(
      languageAction,
      formRequest("/language", { language: "ar", redirectTo: "/proposals?lng=de&page=2" }),
    );
    expect(response.headers.get("Location")).toBe("/proposals?page=2");
    expect(response.headers.get("Set-Cookie")).toMatch(/^lng=/);
  });
});

describe("staff login: redirectTo stays inside the staff area", () => {
  async function loginTarget(redirectTo: string) {
    const response = await callLoader(
      loginLoader,
      `/staff/login?redirectTo=${encodeURIComponent(redirectTo)}`,
    );
    expect(response.status).toBe(200);
    return (await response.json()).redirectTo as string;
  }

  it.each([
    ...hostileRedirectTargets,
    "/staff/..//evil.example",
    "/staff/../proposals",
    "/staffing",
    "/staff\\evil.example",
    "/%73taff",
  ])("%j leads to /staff", async (target) => {
    expect(await loginTarget(target)).toBe("/staff");
  });

  it.each([
    ["/staff", "/staff"],
    ["/staff/proposals/abc?tab=notes", "/staff/proposals/abc?tab=notes"],
    ["/staff?queue=comments", "/staff?queue=comments"],
    ["/staff/./users", "/staff/users"],
  ])("%j stays %j", async (target, expected) => {
    expect(await loginTarget(target)).toBe(expected);
  });
});
