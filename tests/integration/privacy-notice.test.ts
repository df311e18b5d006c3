import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogues, type Catalogue } from "~/i18n/catalogues.server";
import { languages } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18n.server";
import { getDeviceKey } from "~/modules/meetings/device-token.server";
import { staffSessionCookie } from "~/modules/staff/session.server";
import { getSupporterKey } from "~/modules/supports/supports.server";
import ApplyPage, { loader as applyLoader } from "~/routes/fund.$roundId.apply";
import PrivacyPage, { loader as privacyLoader } from "~/routes/privacy";
import { prisma } from "~/utils/db.server";
import { repoRoot } from "../setup/paths";
import { createFundRound } from "./fund-apply-fixtures";
import { renderRoute } from "./render-route";

/**
 * The privacy notice tells the truth about cookies: every cookie the app can
 * set is named in it, in every language, with the lifetime the code gives it.
 * The cookie names are read from the source, so a new cookie fails this test
 * until the notice (and the lifetime table below) describes it.
 */

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/** What the German notice says about each cookie's lifetime, and what that is in seconds. */
const statedLifetimes: Record<string, { maxAge: number; german: string }> = {
  lng: { maxAge: 365 * DAY, german: "Gilt 1 Jahr." },
  qs_supporter: { maxAge: 730 * DAY, german: "Gilt 2 Jahre." },
  qs_device_: { maxAge: 24 * HOUR, german: "Gilt 24 Stunden." },
  qs_staff: { maxAge: 8 * HOUR, german: "Gilt 8 Stunden" },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full.endsWith(path.join("app", "db")) ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) ? [full] : [];
  });
}

/**
 * Cookie names in the source: `createCookie("name", …)` (a template literal
 * counts by its fixed start, so `qs_device_${code}` is "qs_device_"), and a
 * Set-Cookie header written by hand (`"Set-Cookie": "name=…"`).
 */
function cookieNamesInSource(): string[] {
  const patterns = [
    /createCookie\(\s*["'`]([^"'`$]+)/g,
    /["']Set-Cookie["']\s*[:,]\s*["'`]([A-Za-z0-9_-]+)=/gi,
  ];
  const files = [...sourceFiles(path.join(repoRoot, "app")), path.join(repoRoot, "server.mjs")];
  const names = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) names.add(match[1]!);
    }
  }
  return [...names].sort();
}

function leaves(tree: Catalogue): string[] {
  return Object.values(tree).flatMap((value) =>
    typeof value === "string" ? [value] : leaves(value),
  );
}

const privacyTexts = (language: (typeof languages)[number]) => {
  const privacy = catalogues[language].privacy;
  return typeof privacy === "object" ? leaves(privacy) : [];
};

/** The German notice's list entry for one cookie. */
function germanCookieEntry(name: string): string | undefined {
  const privacy = catalogues.de.privacy;
  if (typeof privacy !== "object" || typeof privacy.cookies !== "object") return undefined;
  const list = privacy.cookies.list;
  if (typeof list !== "object") return undefined;
  return leaves(list).find((text) => text.includes(`<code>${name}`));
}

/** The Set-Cookie headers the app's own code writes, one per cookie. */
async function realSetCookieHeaders(): Promise<string[]> {
  const request = new Request("http://test.local/");
  const supporter = await getSupporterKey(request, { create: true });
  const device = await getDeviceKey(request, { id: "meeting-1", code: "K7M4" }, { create: true });
  return [
    await languageCookie.serialize("de"),
    supporter.setCookie ?? "",
    device.setCookie ?? "",
    await staffSessionCookie.serialize("a-session-token-of-enough-length"),
  ];
}

describe("the privacy notice names every cookie", () => {
  const names = cookieNamesInSource();

  it("finds the app's cookies in its source", () => {
    // The scan works: the language cookie is the oldest one, and there are more.
    expect(names).toContain("lng");
    expect(names.length).toBeGreaterThanOrEqual(4);
  });

  it.each([...languages])("the notice in %s names each of them", (language) => {
    const text = privacyTexts(language).join("\n");
    const missing = names.filter((name) => !text.includes(name));
    expect(missing, `cookies not in the ${language} privacy notice`).toEqual([]);
  });

  it("each cookie has an entry in the German cookie list with the lifetime the code gives it", async () => {
    const headers = await realSetCookieHeaders();
    const problems: string[] = [];
    for (const name of names) {
      const stated = statedLifetimes[name];
      if (!stated) {
        problems.push(`${name}: add its lifetime to this test and to the notice`);
        continue;
      }
      const header = headers.find((value) => {
        const cookieName = value.slice(0, value.indexOf("="));
        return name.endsWith("_") ? cookieName.startsWith(name) : cookieName === name;
      });
      const maxAge = Number(/;\s*Max-Age=(\d+)/i.exec(header ?? "")?.[1]);
      if (maxAge !== stated.maxAge) {
        problems.push(`${name}: the code sets Max-Age=${maxAge}, the notice says ${stated.german}`);
      }
      const entry = germanCookieEntry(name);
      if (!entry?.includes(stated.german)) {
        problems.push(`${name}: the German cookie list should say "${stated.german}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("the privacy page", () => {
  it("has a stable anchor per topic, listed in its table of contents", async () => {
    const html = await renderRoute(
      "/privacy",
      "/privacy",
      { loader: privacyLoader, Component: PrivacyPage },
      "de",
    );
    for (const id of ["what", "mail", "votes", "fund", "cookies", "rights"]) {
      expect(html).toContain(`id="${id}"`);
      expect(html).toContain(`href="#${id}"`);
    }
    expect(html).toContain('<code dir="ltr" translate="no">qs_supporter</code>');
    // Without a mail server the notice promises no mail.
    expect(html).toContain("Diese Seite verschickt zurzeit keine E-Mails.");
    expect(html).not.toContain("Link zum Abbestellen");
  });

  it("is linked from the fund application form, at its fund section", async () => {
    const { roundId } = await createFundRound(prisma);
    const html = await renderRoute(
      "/fund/:roundId/apply",
      `/fund/${roundId}/apply`,
      { loader: applyLoader, Component: ApplyPage },
      "de",
    );
    expect(html).toMatch(
      /<a[^>]*href="\/privacy#fund"[^>]*>Mehr dazu in den Datenschutzhinweisen</,
    );
  });
});
