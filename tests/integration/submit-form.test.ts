import { beforeEach, describe, expect, it } from "vitest";
import { action } from "~/routes/proposals.new";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, context, formRequest, inside, outside, validProposal } from "./helpers";

beforeEach(async () => {
  resetRateLimits();
  await prisma.proposal.deleteMany();
});

describe("submission form action", () => {
  it("stores a valid initiative as submitted (not public) and redirects to the private tracking page", async () => {
    const response = await callAction(
      action,
      formRequest("/proposals/new", {
        ...validProposal,
        lon: String(inside.lon),
        lat: String(inside.lat),
        name: "Ayşe K.",
        email: "ayse@example.org",
        consent: "on",
        language: "tr",
        intent: "submit",
      }),
    );
    expect(response.status).toBe(303);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/track\/[A-Za-z0-9_-]{32}\?submitted=1$/);

    const stored = await prisma.proposal.findFirstOrThrow({ include: { statusChanges: true } });
    expect(stored).toMatchObject({
      title: validProposal.title,
      status: "submitted",
      publishedAt: null,
      district: "Neustadt-Neuschönefeld",
      submitterName: "Ayşe K.",
      submitterEmail: "ayse@example.org",
      language: "tr",
    });
    expect(stored.contactConsentAt).not.toBeNull();
    expect(stored.statusChanges.map((s) => s.toStatus)).toEqual(["submitted"]);
    // Only a hash of the token is stored.
    const token = location.split("/")[2].split("?")[0];
    expect(stored.trackingTokenHash).not.toContain(token);
  });

  it("refuses a point outside the funding area with the distance, keeps the input and saves nothing", async () => {
    const response = await callAction(
      action,
      formRequest("/proposals/new", {
        ...validProposal,
        lon: String(outside.lon),
        lat: String(outside.lat),
        name: "Max",
        intent: "submit",
      }),
    );
    expect(response.status).toBe(422);
    const data = await response.json();
    expect(data.outside.distanceMeters).toBeGreaterThan(500);
    expect(data.result.error.lon).toEqual(["errors.location.outside"]);
    expect(data.result.initialValue).toMatchObject({ title: validProposal.title, name: "Max" });
    expect(await prisma.proposal.count()).toBe(0);
  });

  it("returns field errors for invalid input and keeps what was typed", async () => {
    const response = await callAction(
      action,
      formRequest("/proposals/new", {
        title: "Hi",
        description: "Ein Text",
        category: "",
        email: "kaputt",
        intent: "submit",
      }),
    );
    expect(response.status).toBe(400);
    const data = await response.json();
    expect(data.result.error).toMatchObject({
      title: ["errors.title.tooShort"],
      description: ["errors.description.tooShort"],
      category: ["errors.category.invalid"],
      lon: ["errors.location.required"],
      email: ["errors.email.invalid"],
    });
    expect(data.result.initialValue).toMatchObject({ title: "Hi", description: "Ein Text" });
    expect(await prisma.proposal.count()).toBe(0);
  });

  it("searches addresses without validating and keeps the typed text (no-JavaScript path)", async () => {
    const response = await callAction(
      action,
      formRequest("/proposals/new", {
        title: "Hof",
        description: "",
        addressQuery: "Eisenbahnstr. 54",
        intent: "search-address",
      }),
    );
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.result.error).toBeUndefined();
    expect(data.result.initialValue).toMatchObject({ title: "Hof" });
    expect(data.addresses[0]).toMatchObject({
      label: "Eisenbahnstraße 54, 04315 Leipzig",
      district: "Neustadt-Neuschönefeld",
    });
  });

  it("takes the location from a chosen address", async () => {
    const search = await callAction(
      action,
      formRequest("/proposals/new", {
        addressQuery: "Eisenbahnstraße 54",
        intent: "search-address",
      }),
    );
    const { addresses } = await search.json();
    const response = await callAction(
      action,
      formRequest("/proposals/new", {
        ...validProposal,
        addressQuery: "Eisenbahnstraße 54",
        addressId: addresses[0].id,
        lon: "",
        lat: "",
        intent: "submit",
      }),
    );
    expect(response.status).toBe(303);
    const stored = await prisma.proposal.findFirstOrThrow();
    expect(stored.lon).toBeCloseTo(12.40347, 5);
    expect(stored.lat).toBeCloseTo(51.344097, 5);
  });

  it("limits submissions per client", async () => {
    const client = context("192.0.2.7");
    const submit = () =>
      callAction(
        action,
        formRequest("/proposals/new", {
          ...validProposal,
          lon: String(inside.lon),
          lat: String(inside.lat),
          intent: "submit",
        }),
        {},
        client,
      );
    for (let i = 0; i < 10; i++) expect((await submit()).status).toBe(303);
    const refused = await submit();
    expect(refused.status).toBe(429);
    expect((await refused.json()).result.error[""]).toEqual(["errors.rateLimited"]);
    expect(await prisma.proposal.count()).toBe(10);
  });
});
