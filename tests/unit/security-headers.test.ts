import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseTrustProxy } from "~/utils/env.server";
import {
  NO_STORE,
  PUBLIC_CACHE_CONTROL,
  cacheControlFor,
  contentSecurityPolicy,
} from "~/utils/security-headers.server";

describe("TRUST_PROXY", () => {
  it.each([
    ["", false],
    ["0", false],
    ["1", 1],
    ["2", 2],
    ["127.0.0.1", ["127.0.0.1"]],
    ["loopback, 10.0.0.0/8", ["loopback", "10.0.0.0/8"]],
    ["::1,fd00::/8", ["::1", "fd00::/8"]],
  ])("accepts %j", (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it.each([
    "true",
    "TRUE",
    "yes",
    "*",
    "all",
    "10.0.0.256",
    "10.0.0.0/33",
    "1.2.3.4/8/8",
    ",",
    "-1",
  ])("refuses %j", (value) => {
    expect(parseTrustProxy(value)).toBeNull();
  });
});

describe("Content-Security-Policy", () => {
  it("allows exactly the page's inline scripts by hash, and no inline code otherwise", () => {
    const inline = 'window.__remixContext = {"a":"ä"};';
    const html = `<html><head><script src="/build/x.js"></script></head><body><script>${inline}</script><script type="module">import "/build/y.js";</script></body></html>`;
    const csp = contentSecurityPolicy(html);
    const hash = (text: string) => createHash("sha256").update(text, "utf8").digest("base64");
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(scriptSrc).toBe(
      `script-src 'self' 'sha256-${hash(inline)}' 'sha256-${hash('import "/build/y.js";')}'`,
    );
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toContain("unsafe");
  });
});

describe("cache policy", () => {
  const headers = () => new Headers();
  const base = { method: "GET", status: 200, requestCookie: null, responseHeaders: headers() };

  it("public pages: short shared cache", () => {
    expect(cacheControlFor({ ...base, routeIds: ["root", "routes/proposals._index"] })).toBe(
      PUBLIC_CACHE_CONTROL,
    );
    expect(
      cacheControlFor({ ...base, routeIds: ["root", "routes/_index"], requestCookie: "lng=ar" }),
    ).toBe(PUBLIC_CACHE_CONTROL);
  });

  it.each([
    ["a staff page", { routeIds: ["root", "routes/staff", "routes/staff._index"] }],
    ["the login page", { routeIds: ["root", "routes/staff_.login"] }],
    ["a tracking page", { routeIds: ["root", "routes/track.$token"] }],
    ["a form answer", { method: "POST", routeIds: ["root", "routes/proposals.new"] }],
    ["a staff visitor", { routeIds: ["routes/_index"], requestCookie: "qs_staff=abc" }],
    [
      "a supporter",
      { routeIds: ["routes/proposals.$id"], requestCookie: "lng=de; qs_supporter=x" },
    ],
    [
      "an answer setting a cookie",
      { routeIds: ["routes/_index"], responseHeaders: new Headers({ "Set-Cookie": "a=b" }) },
    ],
    ["an error page", { routeIds: ["routes/proposals.$id"], status: 404 }],
  ])("never stores %s", (_label, overrides) => {
    expect(cacheControlFor({ ...base, ...overrides })).toBe(NO_STORE);
  });
});
