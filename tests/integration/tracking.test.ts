import { beforeEach, describe, expect, it } from "vitest";
import { action as submitApi } from "~/routes/api.proposals";
import { action as trackingAction, loader as trackingLoader } from "~/routes/track.$token";
import { loader as detailLoader } from "~/routes/proposals.$id";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, formRequest, inside, jsonRequest, validProposal } from "./helpers";

beforeEach(async () => {
  resetRateLimits();
  await prisma.proposal.deleteMany();
});

async function submit() {
  const response = await callAction(
    submitApi,
    jsonRequest("/api/proposals", {
      ...validProposal,
      ...inside,
      name: "Olena",
      email: "olena@example.org",
      consent: true,
    }),
  );
  const body = await response.json();
  return { id: body.id as string, token: String(body.trackingUrl).split("/").pop()! };
}

describe("private tracking page", () => {
  it("shows status and history to the token holder only", async () => {
    const { id, token } = await submit();
    const page = await (await callLoader(trackingLoader, `/track/${token}`, { token })).json();
    expect(page.proposal).toMatchObject({
      id,
      status: "submitted",
      isPublic: false,
      hasPersonalData: true,
    });
    expect(page.proposal.statusChanges.map((s: { toStatus: string }) => s.toStatus)).toEqual([
      "submitted",
    ]);

    const wrong = await callLoader(trackingLoader, `/track/${"A".repeat(32)}`, {
      token: "A".repeat(32),
    });
    expect(wrong.status).toBe(404);
    const malformed = await callLoader(trackingLoader, "/track/abc", { token: "abc" });
    expect(malformed.status).toBe(404);
  });

  it("a submitted initiative is not on the public detail page", async () => {
    const { id } = await submit();
    const response = await callLoader(detailLoader, `/proposals/${id}`, { id });
    expect(response.status).toBe(404);
  });

  it("deletes name and email but keeps the initiative", async () => {
    const { id, token } = await submit();
    const response = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, { intent: "erase-personal-data" }),
      { token },
    );
    expect(response.status).toBe(303);
    const stored = await prisma.proposal.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({
      submitterName: null,
      submitterEmail: null,
      contactConsentAt: null,
    });
    expect(stored.title).toBe(validProposal.title);
  });

  it("withdraws the initiative with a history entry, and refuses a second withdrawal", async () => {
    const { id, token } = await submit();
    await prisma.proposal.update({
      where: { id },
      data: { status: "published", publishedAt: new Date() },
    });
    expect((await callLoader(detailLoader, `/proposals/${id}`, { id })).status).toBe(200);

    const response = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, { intent: "withdraw" }),
      { token },
    );
    expect(response.status).toBe(303);
    const stored = await prisma.proposal.findUniqueOrThrow({
      where: { id },
      include: { statusChanges: true },
    });
    expect(stored.status).toBe("withdrawn");
    expect(stored.statusChanges.map((s) => s.toStatus)).toContain("withdrawn");
    // No longer public.
    expect((await callLoader(detailLoader, `/proposals/${id}`, { id })).status).toBe(404);

    const again = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, { intent: "withdraw" }),
      { token },
    );
    expect(again.status).toBe(409);
  });

  it("rejects unknown actions with 400", async () => {
    const { token } = await submit();
    const response = await callAction(
      trackingAction,
      formRequest(`/track/${token}`, { intent: "publish" }),
      { token },
    );
    expect(response.status).toBe(400);
  });
});
