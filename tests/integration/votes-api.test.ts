import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ballotApi } from "~/modules/votes/ballot-api.server";
import { languageCookie } from "~/i18n/i18n.server";
import { closeVote } from "~/modules/votes/votes.server";
import { loader as pingLoader } from "~/routes/api.ping";
import { action, loader } from "~/routes/api.votes.$voteId.ballots";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, context, jsonRequest } from "./helpers";
import { type TestStaff, cookiePair, createStaffUser } from "./staff-helpers";
import { ballotRows, codesFor, setUpVote } from "./votes-fixtures";

let staff: TestStaff;
let server: ReturnType<ReturnType<typeof express>["listen"]>;
let origin = "";
/** Requests the fast path passed on to the route. */
let passedOn = 0;

beforeAll(async () => {
  staff = await createStaffUser("moderator");
  // The production server's way in (server.mjs): the fast path first, then the Remix route.
  const app = express();
  app.set("trust proxy", true);
  app.post("/api/votes/:voteId/ballots", ballotApi, async (req, res) => {
    passedOn++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const response = await callAction(
      action,
      new Request(`http://test.local${req.originalUrl}`, {
        method: "POST",
        headers,
        body: Buffer.concat(chunks),
      }),
      { voteId: req.params.voteId! },
      context(req.ip),
    );
    res.status(response.status);
    response.headers.forEach((value, name) => res.append(name, value));
    res.send(Buffer.from(await response.arrayBuffer()));
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

afterEach(() => {
  delete process.env.BALLOT_RATE_LIMIT;
  resetRateLimits();
});

type Post = (
  voteId: string,
  body: unknown,
  headers?: Record<string, string>,
  address?: string,
  query?: string,
) => Promise<Response>;

/** Through the Remix route, as the development server and any passed-on request. */
const viaRoute: Post = (voteId, body, headers = {}, address, query = "") =>
  callAction(
    action,
    jsonRequest(`/api/votes/${voteId}/ballots${query}`, body, headers),
    { voteId },
    context(address),
  );

/** Over HTTP through the production server's fast path (`ballotApi`). */
const viaServer: Post = async (voteId, body, headers = {}, address, query = "") => {
  const before = passedOn;
  const response = await fetch(`${origin}/api/votes/${voteId}/ballots${query}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: {
      "Content-Type": "application/json",
      "X-Forwarded-For": address ?? context().clientAddress,
      ...headers,
    },
  });
  // A JSON body of a declared length never reaches Remix on this way in.
  expect(passedOn).toBe(before);
  return response;
};

describe.each([
  ["the Remix route", viaRoute],
  ["the server's fast path", viaServer],
])("POST /api/votes/:voteId/ballots through %s", (_way, post) => {
  it("casts and changes a ballot with a code", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const [code] = await codesFor(voteId, staff.id, 1);
    const first = await post(voteId, { code, choices: [optionIds[0]], eligible: true });
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    expect(await first.json()).toEqual({ status: "ok", changed: false });
    const again = await post(voteId, { code, choices: [optionIds[1]], eligible: true });
    expect(await again.json()).toEqual({ status: "ok", changed: true });
    expect(await ballotRows(voteId)).toHaveLength(1);
  });

  it("counts an open ballot per browser cookie", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const first = await post(voteId, { choices: [optionIds[0]], eligible: true });
    expect(await first.json()).toEqual({ status: "ok", changed: false });
    const setCookie = first.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^qs_supporter=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    const cookie = cookiePair(setCookie);
    const again = await post(
      voteId,
      { choices: [optionIds[1]], eligible: true },
      { Cookie: cookie },
    );
    expect(await again.json()).toEqual({ status: "ok", changed: true });
    expect(again.headers.get("Set-Cookie")).toBeNull();
    // Without the cookie it is another browser: the page warns that open votes are not protected.
    await post(voteId, { choices: [optionIds[1]], eligible: true });
    expect(await ballotRows(voteId)).toHaveLength(2);
  });

  it("answers refusals with a code, a status and a message in the visitor's language", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const [code] = await codesFor(voteId, staff.id, 1);
    const expectError = async (
      response: Response,
      status: number,
      error: Record<string, unknown>,
    ) => {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(body.error).toMatchObject(error);
      expect(typeof body.error.message).toBe("string");
      return body.error;
    };
    await expectError(await post(voteId, "{nope"), 400, { code: "invalid_input" });
    await expectError(await post(voteId, { eligible: true }), 400, { code: "invalid_input" });
    await expectError(await post(voteId, { code: 42, choices: [] }), 400, {
      code: "invalid_input",
    });
    await expectError(await post(voteId, { code, choices: [optionIds[0]] }), 422, {
      code: "not_eligible",
    });
    const tooMany = await expectError(
      await post(voteId, { code, choices: optionIds, eligible: true }),
      422,
      { code: "invalid_ballot", detail: "too-many-choices" },
    );
    expect(tooMany.message).toMatch(/mehr Initiativen angekreuzt/);
    const typo = await expectError(
      await post(voteId, { code: "K7M4-XH3P-Q0", choices: [optionIds[0]], eligible: true }),
      422,
      { code: "code_unknown", detail: "invalid-character:0" },
    );
    expect(typo.message).toMatch(/: 0$/);
    await expectError(
      await post(voteId, { code: "K7M4-XH3P-QR", choices: [optionIds[0]], eligible: true }),
      422,
      { code: "code_unknown" },
    );
    await expectError(await post("nope", { choices: [], eligible: true }), 404, {
      code: "not_found",
    });
    const english = await post(voteId, { choices: [optionIds[0]] }, {}, undefined, "?lng=en");
    expect((await english.json()).error.message).toMatch(/confirm that you are allowed to vote/);
    const arabic = await post(
      voteId,
      { choices: [optionIds[0]] },
      { Cookie: cookiePair(await languageCookie.serialize("ar")) },
    );
    expect((await arabic.json()).error.message).toMatch(/[\u0600-\u06FF]/);

    await closeVote(voteId, staff.id);
    await expectError(await post(voteId, { code, choices: [optionIds[0]], eligible: true }), 409, {
      code: "closed",
    });
  });

  it("keeps one ballot per code and per browser under 200 identical requests in parallel", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const [code] = await codesFor(voteId, staff.id, 1);
    const first = await post(voteId, { choices: [optionIds[0]], eligible: true });
    const browser = { Cookie: cookiePair(first.headers.get("Set-Cookie")!) };
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2
          ? post(voteId, { code, choices: [optionIds[1]], eligible: true })
          : post(voteId, { choices: [optionIds[2]], eligible: true }, browser),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    // Of the code's 100 requests exactly one created the ballot; the browser's had one already.
    expect(bodies.filter((body, i) => i % 2 && !body.changed)).toHaveLength(1);
    expect(bodies.filter((body, i) => !(i % 2) && !body.changed)).toHaveLength(0);
    const rows = await ballotRows(voteId);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.channel).sort()).toEqual(["code", "open"]);
  });

  it("limits ballots per address", async () => {
    process.env.BALLOT_RATE_LIMIT = "3";
    resetRateLimits();
    const { voteId, optionIds } = await setUpVote(staff.id);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await post(voteId, { choices: [optionIds[0]], eligible: true }, {}, "10.9.9.9")).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await post(voteId, { choices: [optionIds[0]], eligible: true }, {}, "10.9.9.9");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(
      (await post(voteId, { choices: [optionIds[0]], eligible: true }, {}, "10.9.9.10")).status,
    ).toBe(200);
  });
});

describe("what the server's fast path passes on to the route", () => {
  it("refuses another body type, a too large body and GET like the route", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const url = `${origin}/api/votes/${voteId}/ballots`;
    const before = passedOn;
    const text = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ choices: [optionIds[0]], eligible: true }),
      headers: { "Content-Type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect((await text.json()).error.code).toBe("unsupported_media_type");
    const huge = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ choices: [optionIds[0]], pad: "x".repeat(70 * 1024) }),
      headers: { "Content-Type": "application/json" },
    });
    expect(huge.status).toBe(413);
    expect(passedOn).toBe(before + 2);
    expect(await ballotRows(voteId)).toHaveLength(0);
    const wrongMethod = await callLoader(loader, `/api/votes/${voteId}/ballots`);
    expect(wrongMethod.status).toBe(405);
  });

  it("casts a ballot sent without a Content-Length (chunked) through the route", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const before = passedOn;
    const body = new Blob([JSON.stringify({ choices: [optionIds[1]], eligible: true })]).stream();
    const response = await fetch(`${origin}/api/votes/${voteId}/ballots`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", changed: false });
    expect(passedOn).toBe(before + 1);
    expect(await ballotRows(voteId)).toHaveLength(1);
  });
});

describe("GET /api/ping", () => {
  it("answers without touching anything", async () => {
    const response = await callLoader(pingLoader as never, "/api/ping");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});
