import { describe, expect, it } from "vitest";
import { isCacheableRequest, storableFor } from "~/utils/page-cache.server";

const request = (path: string, headers: Record<string, string> = {}, method = "GET") => ({
  method,
  path,
  headers,
});

describe("page cache rules", () => {
  it("looks up only anonymous GETs of public pages", () => {
    for (const path of [
      "/",
      "/proposals",
      "/proposals/abc123",
      "/imprint",
      "/privacy",
      "/leichte-sprache",
    ]) {
      expect(isCacheableRequest(request(path)), path).toBe(true);
    }
    for (const language of ["de", "tr", "uk", "ru"]) {
      expect(isCacheableRequest(request(`/locales/${language}.json`)), language).toBe(true);
    }
    expect(isCacheableRequest(request("/__manifest"))).toBe(true);
    for (const path of [
      "/proposals/new",
      "/staff",
      "/staff/login",
      "/track/xyz",
      "/api/proposals",
    ]) {
      expect(isCacheableRequest(request(path)), path).toBe(false);
    }
    expect(isCacheableRequest(request("/proposals", {}, "POST"))).toBe(false);
    expect(isCacheableRequest(request("/proposals", {}, "HEAD"))).toBe(false);
  });

  it("allows the language cookie and no other", () => {
    expect(isCacheableRequest(request("/", { cookie: "lng=ImVuIg%3D%3D" }))).toBe(true);
    expect(isCacheableRequest(request("/", { cookie: "qs_staff=x" }))).toBe(false);
    expect(isCacheableRequest(request("/", { cookie: "qs_supporter=x" }))).toBe(false);
    expect(isCacheableRequest(request("/", { cookie: "lng=ImVuIg%3D%3D; qs_supporter=x" }))).toBe(
      false,
    );
    expect(isCacheableRequest(request("/", { cookie: "_ga=1" }))).toBe(false);
    expect(isCacheableRequest(request("/", { authorization: "Basic eDp5" }))).toBe(false);
  });

  it("stores only what the app marked public, for its shared-cache lifetime (at most 30 s)", () => {
    const cc = (value: string) => ({ "cache-control": value });
    expect(storableFor(cc("public, max-age=0, s-maxage=10"), 200)).toBe(10_000);
    expect(storableFor(cc("public, max-age=300"), 200)).toBe(30_000);
    expect(storableFor(cc("public, max-age=0"), 200)).toBe(0);
    expect(storableFor(cc("no-store"), 200)).toBe(0);
    expect(storableFor(cc("private, max-age=60"), 200)).toBe(0);
    expect(storableFor(cc("public, no-cache, s-maxage=10"), 200)).toBe(0);
    expect(storableFor({}, 200)).toBe(0);
    expect(storableFor(cc("public, s-maxage=10"), 404)).toBe(0);
    expect(storableFor({ ...cc("public, s-maxage=10"), "set-cookie": ["a=1"] }, 200)).toBe(0);
  });
});
