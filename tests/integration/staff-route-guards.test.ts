import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createStaffSession } from "~/modules/staff/session.server";
import { createStaff } from "~/modules/staff/staff.server";
import { prisma } from "~/utils/db.server";

/**
 * Every staff route module, found by file name: a route added later without a
 * role check makes this test fail.
 */
const modules = import.meta.glob<{
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
}>("../../app/routes/staff*.{ts,tsx}", { eager: true });

/** Routes open to anonymous visitors by design. */
const publicRoutes = ["staff_.login.tsx"];
/** Routes that need an admin (moderators get 403). */
const adminRoutes = [
  "staff.users.tsx",
  "staff.audit.tsx",
  "staff.settings.tsx",
  "staff.areas._index.tsx",
  "staff.areas.$id.tsx",
];

const routes = Object.entries(modules)
  .map(([file, mod]) => ({ file: file.split("/").pop()!, mod }))
  .filter(({ file }) => !publicRoutes.includes(file));

async function outcome(
  run: () => Promise<unknown>,
): Promise<{ status: number; location: string | null }> {
  try {
    const result = await run();
    if (result instanceof Response)
      return { status: result.status, location: result.headers.get("Location") };
    return { status: 200, location: null };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

const url = (file: string) =>
  `http://test.local/${file
    .replace(/\.tsx?$/, "")
    .replace(/_/g, "")
    .replace(/\./g, "/")
    .replace("$id", "x")}`;

let moderatorCookie = "";
let moderatorCsrf = "";

beforeAll(async () => {
  const created = await createStaff({
    email: "moderator@example.org",
    name: "Mo",
    role: "moderator",
    password: "moderator-password-123",
    createdById: null,
  });
  if (created.status !== "ok") throw new Error("could not create moderator");
  moderatorCookie = (await createStaffSession(created.id)).split(";")[0];
  moderatorCsrf = (await prisma.staffSession.findFirstOrThrow({ where: { staffId: created.id } }))
    .csrfToken;
});

describe("staff route guards", () => {
  it("finds the staff routes", () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const file of adminRoutes) expect(routes.map((r) => r.file)).toContain(file);
  });

  const withLoader = routes.filter((r) => r.mod.loader);
  const withAction = routes.filter((r) => r.mod.action);
  const adminOnly = routes.filter((r) => adminRoutes.includes(r.file));

  it.each(withLoader)("$file refuses an anonymous visitor's GET", async ({ file, mod }) => {
    const result = await outcome(() =>
      mod.loader!({ request: new Request(url(file)), params: { id: "x" }, context: {} }),
    );
    if (file === "staff_.logout.tsx") {
      expect(result).toEqual({ status: 302, location: "/staff" });
      return;
    }
    expect(
      result.status === 401 || result.status === 403 || result.location?.startsWith("/staff/login"),
    ).toBe(true);
  });

  it.each(withAction)("$file refuses an anonymous visitor's POST", async ({ file, mod }) => {
    const request = new Request(url(file), {
      method: "POST",
      body: new URLSearchParams({ intent: "status", to: "published", csrf: "x" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const result = await outcome(() => mod.action!({ request, params: { id: "x" }, context: {} }));
    expect([401, 403]).toContain(result.status);
  });

  it.each(adminOnly)("$file refuses a moderator (admin only)", async ({ file, mod }) => {
    const headers = { Cookie: moderatorCookie };
    if (mod.loader) {
      const result = await outcome(() =>
        mod.loader!({
          request: new Request(url(file), { headers }),
          params: { id: "x" },
          context: {},
        }),
      );
      expect(result.status).toBe(403);
    }
    if (mod.action) {
      const request = new Request(url(file), {
        method: "POST",
        body: new URLSearchParams({ csrf: moderatorCsrf, intent: "create" }),
        headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
      });
      const result = await outcome(() =>
        mod.action!({ request, params: { id: "x" }, context: {} }),
      );
      expect(result.status).toBe(403);
    }
  });

  it("lets a moderator into the moderation pages", async () => {
    const queue = modules["../../app/routes/staff._index.tsx"];
    const result = await outcome(() =>
      queue.loader!({
        request: new Request("http://test.local/staff", { headers: { Cookie: moderatorCookie } }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(200);
  });
});
