import type { AddressInfo } from "node:net";
import http from "node:http";
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getLanguage, languageCookie } from "~/i18n/i18n.server";
import { postComment, setCommentMode } from "~/modules/comments/comments.server";
import { publicDataChanged, publicDataVersion } from "~/modules/events/events.server";
import { changeStatus } from "~/modules/moderation/moderation.server";
import { getSupporterKey, supportProposal } from "~/modules/supports/supports.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as proposalsGeoJson } from "~/routes/api.proposals[.]geojson";
import { loader as detailLoader } from "~/routes/proposals.$id";
import { loader as listLoader } from "~/routes/proposals._index";
import { pageCache } from "~/utils/page-cache.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callLoader } from "./helpers";
import {
  createStaffUser,
  publishDirectly,
  resetData,
  submitProposal,
  type TestStaff,
} from "./staff-helpers";

/**
 * The page cache in front of the real loaders and commands, with a real SQLite
 * file: an Express app like server.mjs (compression, then the cache, then a
 * "renderer" that runs the route's real loader). The renderer stands in for
 * Remix: it sets the public Cache-Control the app gives anonymous pages and
 * writes the page's language and loader data into the HTML.
 */
let server: http.Server;
let base: string;
let renders = 0;
/** The next render waits for this (to change public data while a page is being rendered). */
let holdNextRender: Promise<void> | null = null;

beforeAll(async () => {
  const app = express();
  app.use(compression());
  app.all("*", pageCache.middleware, async (req, res, next) => {
    try {
      renders++;
      if (holdNextRender) {
        const hold = holdNextRender;
        holdNextRender = null;
        await hold;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const url = `http://test.local${req.originalUrl}`;
      const request = new Request(url, { headers });
      const path = req.path;
      const id = /^\/proposals\/([^/]+)$/.exec(path)?.[1];
      const data =
        path === "/"
          ? await homeLoader({ request, params: {}, context: {} })
          : path === "/proposals"
            ? await listLoader({ request, params: {}, context: {} })
            : id
              ? await detailLoader({ request, params: { id }, context: {} })
              : { page: path };
      // As app/utils/security-headers.server.ts: personal for staff and supporters.
      const personal = /(?:^|;\s*)(?:qs_staff|qs_supporter)=/.test(req.get("cookie") ?? "");
      res.setHeader("Cache-Control", personal ? "no-store" : "public, max-age=0, s-maxage=10");
      res.setHeader("Vary", "Cookie");
      if (req.query.cookie) res.setHeader("Set-Cookie", "something=1; Path=/");
      if (req.query.encoded) {
        // A route that compresses its own body (as the public GeoJSON does).
        res.setHeader("Content-Encoding", "gzip");
        res.type("html").send(gzipSync(`<!DOCTYPE html><html lang="de">${path}</html>`));
        return;
      }
      res
        .type("html")
        .send(
          `<!DOCTYPE html><html lang="${await getLanguage(request)}"><body>` +
            `<script type="application/json">${JSON.stringify(data)}</script></body></html>`,
        );
    } catch (error) {
      next(error);
    }
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let moderator: TestStaff;
let proposalId: string;

beforeEach(async () => {
  resetRateLimits();
  await resetData();
  pageCache.clear();
  moderator = await createStaffUser("moderator");
  proposalId = (await submitProposal()).id;
  await publishDirectly(proposalId);
  renders = 0;
});

type Page = {
  status: number;
  cache: string | undefined;
  encoding: string;
  headers: http.IncomingHttpHeaders;
  html: string;
  lang: string;
  data: Record<string, unknown>;
};

/** A GET over node:http, so that the encoding on the wire is seen (fetch would decode it). */
function get(path: string, headers: Record<string, string> = {}): Promise<Page> {
  return new Promise((resolve, reject) => {
    http
      .get(base + path, { headers: { "accept-encoding": "gzip, br", ...headers } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const raw = Buffer.concat(chunks);
          const encoding = String(response.headers["content-encoding"] ?? "identity");
          const body =
            encoding === "br"
              ? brotliDecompressSync(raw)
              : encoding === "gzip"
                ? gunzipSync(raw)
                : raw;
          const html = body.toString("utf8");
          const json = /<script type="application\/json">([\s\S]*)<\/script>/.exec(html)?.[1];
          resolve({
            status: response.statusCode ?? 0,
            cache: response.headers["x-page-cache"] as string | undefined,
            encoding,
            headers: response.headers,
            html,
            lang: /<html lang="([^"]+)"/.exec(html)?.[1] ?? "",
            data: json ? JSON.parse(json) : {},
          });
        });
      })
      .on("error", reject);
  });
}

const supportCount = (page: Page) => (page.data.proposal as { supportCount: number }).supportCount;

describe("page cache for anonymous visitors", () => {
  it("serves the page rendered for one anonymous visitor to the next one, compressed", async () => {
    const first = await get("/proposals");
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    const second = await get("/proposals");
    expect(second.cache).toBe("hit");
    expect(second.html).toBe(first.html);
    expect(renders).toBe(1);
    // Each encoding from the stored variants; the app's headers as they were.
    expect(second.encoding).toBe("br");
    expect(second.headers["cache-control"]).toBe("public, max-age=0, s-maxage=10");
    expect(String(second.headers.vary)).toMatch(/Cookie/);
    expect(String(second.headers.vary)).toMatch(/Accept-Encoding/);
    expect((await get("/proposals", { "accept-encoding": "gzip" })).encoding).toBe("gzip");
    const plain = await get("/proposals", { "accept-encoding": "identity" });
    expect(plain.encoding).toBe("identity");
    expect(plain.html).toBe(first.html);
    expect(renders).toBe(1);
  });

  it("renders once for many simultaneous first visitors", async () => {
    const pages = await Promise.all(Array.from({ length: 20 }, () => get("/")));
    expect(pages.every((page) => page.status === 200 && page.html === pages[0].html)).toBe(true);
    expect(renders).toBe(1);
  });

  it("never serves a cached page to a visitor with a staff or supporter cookie", async () => {
    // The supporter has supported: their page says so, nobody else's may.
    const { key, setCookie } = await getSupporterKey(new Request("http://test.local/"), {
      create: true,
    });
    await supportProposal(proposalId, key!);
    const supporterCookie = setCookie!.split(";")[0];
    const anonymous = await get(`/proposals/${proposalId}`);
    expect(anonymous.cache).toBe("miss");
    expect(anonymous.data.supported).toBe(false);

    const supporter = await get(`/proposals/${proposalId}`, { cookie: supporterCookie });
    expect(supporter.cache).toBeUndefined();
    expect(supporter.data.supported).toBe(true);
    expect(supporter.headers["cache-control"]).toBe("no-store");

    const staff = await get(`/proposals/${proposalId}`, { cookie: moderator.cookie });
    expect(staff.cache).toBeUndefined();
    // Any other cookie passes by the cache too.
    expect((await get(`/proposals/${proposalId}`, { cookie: "other=1" })).cache).toBeUndefined();
    expect(renders).toBe(4);

    // And what they got was not stored for anyone else.
    const next = await get(`/proposals/${proposalId}`);
    expect(next.cache).toBe("hit");
    expect(next.data.supported).toBe(false);
    expect(next.html).toBe(anonymous.html);
  });

  it("keeps one entry per language (query parameter or language cookie)", async () => {
    const german = await get("/proposals");
    expect(german.lang).toBe("de");
    const englishCookie = (await languageCookie.serialize("en")).split(";")[0];
    const english = await get("/proposals", { cookie: englishCookie });
    expect(english.cache).toBe("miss");
    expect(english.lang).toBe("en");
    expect((await get("/proposals", { cookie: englishCookie })).cache).toBe("hit");
    const arabic = await get("/proposals?lng=ar");
    expect(arabic.lang).toBe("ar");
    expect(arabic.cache).toBe("miss");
    // The German page is still the German one.
    const germanAgain = await get("/proposals");
    expect(germanAgain.cache).toBe("hit");
    expect(germanAgain.lang).toBe("de");
    expect(renders).toBe(3);
  });

  it("never stores a response that sets a cookie or forbids storing", async () => {
    expect((await get("/imprint?cookie=1")).headers["set-cookie"]).toBeDefined();
    const again = await get("/imprint?cookie=1");
    expect(again.cache).toBe("miss");
    expect(again.headers["set-cookie"]).toBeDefined();
    expect(renders).toBe(2);
    // A body the app encoded itself is sent as it is and not stored.
    const encoded = await get("/privacy?encoded=1");
    expect(encoded.encoding).toBe("gzip");
    expect(encoded.html).toContain("/privacy");
    expect((await get("/privacy?encoded=1")).cache).toBe("miss");
    expect(renders).toBe(4);
    // Paths that are not public pages are not even looked up.
    expect((await get("/proposals/new")).cache).toBeUndefined();
    expect((await get("/staff")).cache).toBeUndefined();
  });

  it("is emptied when an initiative is published (changeStatus)", async () => {
    const before = await get("/proposals");
    expect((before.data.list as { total: number }).total).toBe(1);
    const homeBefore = await get("/");
    expect(homeBefore.data.published).toBe(1);

    const second = await submitProposal({ title: "Trinkbrunnen am Rabet" });
    // A submission is not public: the cache stays.
    expect((await get("/proposals")).cache).toBe("hit");
    const result = await changeStatus({
      staffId: moderator.id,
      proposalId: second.id,
      to: "published",
    });
    expect(result.status).toBe("ok");

    const after = await get("/proposals");
    expect(after.cache).toBe("miss");
    expect((after.data.list as { total: number }).total).toBe(2);
    expect(after.html).toContain("Trinkbrunnen am Rabet");
    expect((await get("/")).data.published).toBe(2);
  });

  it("is emptied when a comment becomes visible (postComment in post-moderation)", async () => {
    await setCommentMode("post", moderator.id);
    const before = await get(`/proposals/${proposalId}`);
    expect(before.data.commentMode).toBe("post");
    expect(before.data.comments).toEqual([]);
    expect((await get(`/proposals/${proposalId}`)).cache).toBe("hit");

    await postComment({ proposalId, body: "Gute Idee, bin dabei!" });
    const after = await get(`/proposals/${proposalId}`);
    expect(after.cache).toBe("miss");
    expect(after.data.comments).toEqual([
      expect.objectContaining({ body: "Gute Idee, bin dabei!", official: false }),
    ]);
  });

  it("is emptied, like the public GeoJSON, when an initiative is supported", async () => {
    const geojson = async () =>
      (await (await callLoader(proposalsGeoJson, "/api/proposals.geojson")).json()).features[0]
        .properties.supportCount;
    expect(await geojson()).toBe(0);
    const before = await get(`/proposals/${proposalId}`);
    expect(supportCount(before)).toBe(0);
    const version = publicDataVersion();

    const { key } = await getSupporterKey(new Request("http://test.local/"), { create: true });
    expect((await supportProposal(proposalId, key!)).status).toBe("ok");

    // One signal for both caches.
    expect(publicDataVersion()).toBe(version + 1);
    const after = await get(`/proposals/${proposalId}`);
    expect(after.cache).toBe("miss");
    expect(supportCount(after)).toBe(1);
    expect(await geojson()).toBe(1);
  });

  it("does not store a page whose rendering began before public data changed", async () => {
    let release!: () => void;
    holdNextRender = new Promise<void>((resolve) => (release = resolve));
    const pending = get("/privacy");
    await new Promise((resolve) => setTimeout(resolve, 50));
    publicDataChanged();
    release();
    expect((await pending).cache).toBe("miss");
    expect((await get("/privacy")).cache).toBe("miss");
    expect((await get("/privacy")).cache).toBe("hit");
  });
});
