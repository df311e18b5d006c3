import { describe, expect, it } from "vitest";
import { MAX_REDIRECT_LENGTH, safeRedirectPath } from "~/utils/safe-redirect";
import { hostileRedirectTargets, sameSiteRedirectTargets } from "../fixtures/redirect-targets";

/** How a browser reads the Location header of a page on http://test.local. */
const resolvedOrigin = (location: string) => new URL(location, "http://test.local/page").origin;

describe("safeRedirectPath", () => {
  it.each(hostileRedirectTargets.map((target) => [JSON.stringify(target), target]))(
    "refuses %s",
    (_, target) => {
      expect(safeRedirectPath(target, "/fallback")).toBe("/fallback");
      expect(resolvedOrigin(safeRedirectPath(target))).toBe("http://test.local");
    },
  );

  it.each(sameSiteRedirectTargets)("keeps %j as %j", (target, expected) => {
    expect(safeRedirectPath(target, "/fallback")).toBe(expected);
    expect(resolvedOrigin(expected)).toBe("http://test.local");
  });

  it("refuses what is not a string, and uses / as the default fallback", () => {
    for (const target of [undefined, null, 42, ["/ok"], { toString: () => "/ok" }]) {
      expect(safeRedirectPath(target)).toBe("/");
    }
    expect(safeRedirectPath("//evil.example")).toBe("/");
  });

  it("caps the length", () => {
    const path = `/${"a".repeat(MAX_REDIRECT_LENGTH - 1)}`;
    expect(safeRedirectPath(path)).toBe(path);
    expect(safeRedirectPath(`${path}a`)).toBe("/");
  });

  it("refuses every control character and any backslash", () => {
    for (let code = 0; code < 0x20; code++) {
      expect(safeRedirectPath(`/a${String.fromCharCode(code)}b`, "/f")).toBe("/f");
    }
    for (const code of [0x7f, 0x80, 0x85, 0x9f]) {
      expect(safeRedirectPath(`/a${String.fromCharCode(code)}b`, "/f")).toBe("/f");
    }
    expect(safeRedirectPath("/a\\b", "/f")).toBe("/f");
  });
});
