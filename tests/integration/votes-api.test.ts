import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeVote } from "~/modules/votes/votes.server";
import { loader as pingLoader } from "~/routes/api.ping";
import { action, loader } from "~/routes/api.votes.$voteId.ballots";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, context, jsonRequest } from "./helpers";
import { type TestStaff, cookiePair, createStaffUser } from "./staff-helpers";
import { ballotRows, codesFor, setUpVote } from "./votes-fixtures";

let staff: TestStaff;

beforeAll(async () => {
  staff = await createStaffUser("moderator");
});

afterEach(() => {
  delete process.env.BALLOT_RATE_LIMIT;
  resetRateLimits();
});

const post = (voteId: string, body: unknown, headers: HeadersInit = {}, address?: string) =>
  callAction(
    action,
    jsonRequest(`/api/votes/${voteId}/ballots`, body, headers),
    { voteId },
    context(address),
  );

describe("POST /api/votes/:voteId/ballots", () => {
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
    const english = await callAction(
      action,
      jsonRequest(`/api/votes/${voteId}/ballots?lng=en`, { choices: [optionIds[0]] }),
      { voteId },
    );
    expect((await english.json()).error.message).toMatch(/confirm that you are allowed to vote/);

    await closeVote(voteId, staff.id);
    await expectError(await post(voteId, { code, choices: [optionIds[0]], eligible: true }), 409, {
      code: "closed",
    });
    const wrongMethod = await callLoader(loader, `/api/votes/${voteId}/ballots`);
    expect(wrongMethod.status).toBe(405);
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

describe("GET /api/ping", () => {
  it("answers without touching anything", async () => {
    const response = await callLoader(pingLoader as never, "/api/ping");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});
