import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/**
 * The server's router (the CommonJS build of @remix-run/router that Remix's
 * server runtime requires) is patched at install time
 * (scripts/patches/@remix-run+router+*.patch, applied by `postinstall`): it
 * ranks a route list's branches once instead of on every request, which was
 * ~30 % of a bare request's CPU (bench/README.md, "Ballots").
 */
const require = createRequire(import.meta.url);
const routerPath = require.resolve("@remix-run/router");
const router = require(routerPath) as typeof import("@remix-run/router");

type Route = { id: string; path?: string; index?: boolean; children?: Route[] };

const ids = (routes: Route[], path: string) =>
  router.matchRoutes(routes as never, path)?.map((match) => match.route.id) ?? null;

describe("the patched server router", () => {
  it("is the one Remix's server runtime loads, with the patch applied", () => {
    expect(
      require.resolve("@remix-run/router", {
        paths: [require.resolve("@remix-run/server-runtime")],
      }),
    ).toBe(routerPath);
    expect(readFileSync(routerPath, "utf8")).toContain("rankedBranches.get(routes)");
  });

  it("still ranks routes: static before dynamic before splat, index routes, per list", () => {
    const routes: Route[] = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "home", index: true },
          {
            id: "proposals",
            path: "proposals",
            children: [
              { id: "list", index: true },
              { id: "new", path: "new" },
              { id: "detail", path: ":id" },
            ],
          },
          { id: "splat", path: "*" },
        ],
      },
    ];
    // Twice each: the second answer comes from the remembered ranking.
    for (let round = 0; round < 2; round++) {
      expect(ids(routes, "/")).toEqual(["root", "home"]);
      expect(ids(routes, "/proposals")).toEqual(["root", "proposals", "list"]);
      expect(ids(routes, "/proposals/new")).toEqual(["root", "proposals", "new"]);
      expect(ids(routes, "/proposals/abc")).toEqual(["root", "proposals", "detail"]);
      expect(ids(routes, "/elsewhere/x")).toEqual(["root", "splat"]);
    }
    // Another list is ranked on its own.
    expect(ids([{ id: "only", path: "/only" }], "/proposals")).toBeNull();
    expect(ids([{ id: "only", path: "/only" }], "/only")).toEqual(["only"]);
  });

  it("forgets the ranking when a browser router patches routes in", async () => {
    const browserRouter = router
      .createRouter({
        routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }],
        history: router.createMemoryHistory(),
      })
      .initialize();
    await browserRouter.navigate("/later");
    expect(browserRouter.state.errors?.root).toMatchObject({ status: 404 });
    browserRouter.patchRoutes("root", [{ id: "later", path: "later" }]);
    await browserRouter.navigate("/later");
    expect(browserRouter.state.errors).toBeNull();
    expect(browserRouter.state.matches.map((match) => match.route.id)).toEqual(["root", "later"]);
    browserRouter.dispose();
  });
});
