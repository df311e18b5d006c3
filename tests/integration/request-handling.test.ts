import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { FIELD_MAX_CHARS, TEXT_FORM_MAX_BYTES, bodyLimitFor } from "~/utils/form.server";
import { MAX_PHOTOS, PHOTO_MAX_BYTES } from "~/modules/photos/photo-policy";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { context } from "./helpers";
import { createStaffUser, publishDirectly, submitProposal, type TestStaff } from "./staff-helpers";

/**
 * Every route module with an action, found by file name: a route added later
 * that reads its body some other way makes this test fail.
 */
const modules = import.meta.glob<{
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
}>("../../app/routes/*.{ts,tsx}", { eager: true });

/** JSON API routes (api.*): they answer in JSON and take a JSON body. */
const isJsonRoute = (file: string) => file.startsWith("api.");

const routes = Object.entries(modules)
  .map(([file, mod]) => ({ file: file.split("/").pop()!, action: mod.action }))
  .filter((route): route is { file: string; action: NonNullable<typeof route.action> } =>
    Boolean(route.action),
  );

let admin: TestStaff;
let proposalId = "";
let trackingToken = "";

beforeAll(async () => {
  admin = await createStaffUser("admin");
  const submitted = await submitProposal();
  proposalId = submitted.id;
  trackingToken = submitted.token;
  await publishDirectly(proposalId);
});

/** The URL path of a route file, with real ids for its parameters. */
function pathOf(file: string) {
  const segments = file
    .replace(/\.tsx?$/, "")
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) =>
      segment
        .replace(/_$/, "")
        .replace(/^_/, "")
        .replace(/\u0000/g, "."),
    )
    .map((segment) =>
      segment === "$id" ? proposalId : segment === "$token" ? trackingToken : segment,
    );
  return "/" + segments.join("/");
}

async function answer(
  route: (typeof routes)[number],
  init: RequestInit & { headers?: Record<string, string> },
) {
  const path = pathOf(route.file);
  const request = new Request(`http://test.local${path}`, {
    ...init,
    headers: { Cookie: admin.cookie, ...init.headers },
  });
  const params = { id: proposalId, token: trackingToken };
  try {
    const result = await route.action({ request, params, context: context() });
    return result instanceof Response ? result : Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function rowCounts() {
  const [proposals, comments, supports, reports, audit, sessions, areas] = await Promise.all([
    prisma.proposal.count(),
    prisma.comment.count(),
    prisma.support.count(),
    prisma.commentReport.count(),
    prisma.auditEntry.count(),
    prisma.staffSession.count(),
    prisma.fundingArea.count(),
  ]);
  return { proposals, comments, supports, reports, audit, sessions, areas };
}

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});

describe("request handling on every route with an action", () => {
  it("finds the routes with actions", () => {
    const files = routes.map((route) => route.file);
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of ["proposals.new.tsx", "proposals.$id.tsx", "track.$token.tsx"]) {
      expect(files).toContain(file);
    }
    expect(files).toContain("staff_.login.tsx");
    expect(files).toContain("language.tsx");
  });

  describe.each(routes)("$file", (route) => {
    const isJson = isJsonRoute(route.file);

    it.each(["PUT", "PATCH", "DELETE"])(
      "answers %s with 405 and an Allow header",
      async (method) => {
        const before = await rowCounts();
        const response = await answer(route, {
          method,
          ...form({ intent: "comment", body: "Hallo" }),
        });
        expect(response.status).toBe(405);
        expect(response.headers.get("Allow")).toMatch(/POST/);
        expect(await rowCounts()).toEqual(before);
      },
    );

    const unreadable: Array<[string, RequestInit & { headers?: Record<string, string> }]> = [
      [
        "a JSON body",
        {
          body: JSON.stringify({ intent: "comment", body: "Hallo" }),
          headers: { "Content-Type": "application/json" },
        },
      ],
      ["a text/plain body", { body: "intent=comment", headers: { "Content-Type": "text/plain" } }],
      ["an empty body without a type", {}],
      [
        "a broken multipart body",
        {
          body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated',
          headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
        },
      ],
      [
        "multipart without a boundary",
        { body: "a=b", headers: { "Content-Type": "multipart/form-data" } },
      ],
    ];

    it.each(unreadable)("answers %s with 400 or 415, never 5xx", async (label, init) => {
      if (isJson && label === "a JSON body") return; // the JSON API reads JSON: covered in api.test.ts
      const before = await rowCounts();
      const response = await answer(route, { method: "POST", ...init });
      expect([400, 415]).toContain(response.status);
      expect(await rowCounts()).toEqual(before);
    });

    it("answers a body over the route's limit with 413, without reading it", async () => {
      resetRateLimits();
      const before = await rowCounts();
      const limit = bodyLimitFor(pathOf(route.file));
      let pulled = 0;
      // A stream that would go on far beyond the limit: the route must stop early.
      const chunk = new TextEncoder().encode("body=" + "a".repeat(16 * 1024));
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk.byteLength;
          if (pulled > limit * 4) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const response = await answer(route, {
        method: "POST",
        body,
        // Node's fetch needs duplex for a streamed request body.
        duplex: "half",
        headers: {
          "Content-Type": isJson ? "application/json" : "application/x-www-form-urlencoded",
        },
      });
      expect(response.status).toBe(413);
      expect(pulled).toBeLessThan(limit * 2);
      expect(await rowCounts()).toEqual(before);
    });

    it("answers a declared Content-Length over the limit with 413 at once", async () => {
      const limit = bodyLimitFor(pathOf(route.file));
      const response = await answer(route, {
        method: "POST",
        body: "x",
        headers: {
          "Content-Type": isJson ? "application/json" : "application/x-www-form-urlencoded",
          "Content-Length": String(limit + 1),
        },
      });
      expect(response.status).toBe(413);
      // The error answer never echoes the input.
      expect((await response.text()).length).toBeLessThan(2_000);
    });
  });
});

describe("form field limits", () => {
  it("refuses a single text field longer than any field limit (413), without echoing it", async () => {
    const route = routes.find((r) => r.file === "proposals.$id.tsx")!;
    const before = await rowCounts();
    const response = await answer(route, {
      method: "POST",
      ...form({ intent: "comment", body: "ä".repeat(FIELD_MAX_CHARS + 1) }),
    });
    expect(response.status).toBe(413);
    expect((await response.text()).length).toBeLessThan(2_000);
    expect(await rowCounts()).toEqual(before);
  });

  it("text forms are limited to 64 KB; uploads have larger limits only where they are taken", () => {
    expect(bodyLimitFor("/language")).toBe(TEXT_FORM_MAX_BYTES);
    expect(bodyLimitFor(`/proposals/${proposalId}`)).toBe(TEXT_FORM_MAX_BYTES);
    expect(bodyLimitFor("/staff/areas")).toBeGreaterThan(1_000_000);
    // Three photos of 10 MB and the text fields, on the submit form and the tracking page.
    const photoForm = MAX_PHOTOS * PHOTO_MAX_BYTES + TEXT_FORM_MAX_BYTES;
    expect(bodyLimitFor("/proposals/new")).toBeGreaterThanOrEqual(photoForm);
    expect(bodyLimitFor(`/track/${trackingToken}`)).toBeGreaterThanOrEqual(photoForm);
    expect(bodyLimitFor(`/track/${trackingToken}/photos/x/small`)).toBe(TEXT_FORM_MAX_BYTES);
  });
});
