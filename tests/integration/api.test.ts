import { beforeEach, describe, expect, it } from "vitest";
import { action as submitApi } from "~/routes/api.proposals";
import { loader as proposalsGeoJson } from "~/routes/api.proposals[.]geojson";
import { loader as areasGeoJson } from "~/routes/api.areas.current[.]geojson";
import { publicDataChanged } from "~/modules/proposals/public-data-cache.server";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import {
  callAction,
  callLoader,
  context,
  inside,
  jsonRequest,
  outside,
  validProposal,
} from "./helpers";

beforeEach(async () => {
  resetRateLimits();
  await prisma.proposal.deleteMany();
});

/** Publishes behind the commands' back, so it must say that public data changed. */
async function publish(id: string) {
  await prisma.proposal.update({
    where: { id },
    data: { status: "published", publishedAt: new Date() },
  });
  publicDataChanged();
}

describe("POST /api/proposals", () => {
  it("creates a submitted initiative: 201 with id, status and a tracking URL", async () => {
    const response = await callAction(
      submitApi,
      jsonRequest("/api/proposals", {
        ...validProposal,
        ...inside,
        email: "x@example.org",
        consent: true,
      }),
    );
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({
      id: expect.any(String),
      status: "submitted",
      trackingUrl: expect.stringMatching(/^http:\/\/test\.local\/track\/[A-Za-z0-9_-]{32}$/),
    });
    const stored = await prisma.proposal.findUniqueOrThrow({ where: { id: body.id } });
    expect(stored.status).toBe("submitted");
    expect(stored.submitterEmail).toBe("x@example.org");
  });

  it("answers 422 outside_funding_area with the distance, in the requested language", async () => {
    const response = await callAction(
      submitApi,
      jsonRequest("/api/proposals", { ...validProposal, ...outside, language: "en" }),
    );
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe("outside_funding_area");
    expect(error.distanceMeters).toBeGreaterThan(500);
    expect(error.message).toContain(`${error.distanceMeters} m`);
    expect(error.message).toMatch(/funding area/i);
    expect(await prisma.proposal.count()).toBe(0);
  });

  it("answers 400 invalid_input with a message per field, never a 500", async () => {
    const bad = [
      { title: "x", description: 5, category: "nope", lon: "a", lat: null },
      { ...validProposal, lon: 999, lat: 51.3 },
      { ...validProposal, ...inside, email: "a@example.org" },
      [],
      "null",
      "{not json",
    ];
    for (const body of bad) {
      const response = await callAction(submitApi, jsonRequest("/api/proposals", body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("invalid_input");
      expect(typeof error.fields).toBe("object");
    }
    const first = await callAction(submitApi, jsonRequest("/api/proposals", bad[0]));
    const { error } = await first.json();
    expect(Object.keys(error.fields).sort()).toEqual([
      "category",
      "description",
      "lat",
      "lon",
      "title",
    ]);
    expect(error.fields.title).toMatch(/Titel/); // German by default
    expect(await prisma.proposal.count()).toBe(0);
  });

  it("rate-limits a client that floods the queue (429 with Retry-After)", async () => {
    const client = context("198.51.100.9");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await callAction(
        submitApi,
        jsonRequest("/api/proposals", { ...validProposal, ...inside }),
        {},
        client,
      );
      statuses.push(response.status);
      if (response.status === 429)
        expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another client is not affected.
    const other = await callAction(
      submitApi,
      jsonRequest("/api/proposals", { ...validProposal, ...inside }),
    );
    expect(other.status).toBe(201);
  });
});

describe("open data GeoJSON", () => {
  it("lists only published initiatives and never personal data or tokens", async () => {
    const created = await callAction(
      submitApi,
      jsonRequest("/api/proposals", {
        ...validProposal,
        ...inside,
        name: "Secret Name",
        email: "secret@example.org",
        consent: true,
      }),
    );
    const { id, trackingUrl } = await created.json();
    const hidden = await callAction(
      submitApi,
      jsonRequest("/api/proposals", { ...validProposal, ...inside }),
    );
    const hiddenId = (await hidden.json()).id;

    let geojson = await (await callLoader(proposalsGeoJson, "/api/proposals.geojson")).json();
    expect(geojson.features).toHaveLength(0);

    await publish(id);
    const response = await callLoader(proposalsGeoJson, "/api/proposals.geojson");
    expect(response.headers.get("Content-Type")).toContain("application/geo+json");
    const text = await response.text();
    geojson = JSON.parse(text);
    expect(geojson.type).toBe("FeatureCollection");
    expect(geojson.features).toHaveLength(1);
    const [feature] = geojson.features;
    expect(feature.geometry).toEqual({ type: "Point", coordinates: [inside.lon, inside.lat] });
    expect(Object.keys(feature.properties).sort()).toEqual([
      "category",
      "createdAt",
      "id",
      "photo",
      "photoAlt",
      "photoHeight",
      "photoWidth",
      "place",
      "status",
      "supportCount",
      "title",
      "url",
    ]);
    expect(feature.properties.url).toBe(`http://test.local/proposals/${id}`);
    expect(text).not.toContain("Secret Name");
    expect(text).not.toContain("secret@example.org");
    expect(text).not.toContain(trackingUrl.split("/").pop());
    expect(text).not.toContain(hiddenId);
  });

  it("serves the current funding area with name and attribution", async () => {
    const geojson = await (await callLoader(areasGeoJson, "/api/areas/current.geojson")).json();
    expect(geojson.features).toHaveLength(1);
    const [area] = geojson.features;
    expect(area.geometry.type).toBe("Polygon");
    expect(area.properties.name).toContain("Leipziger Osten");
    expect(area.properties.attribution).toMatch(/keine amtliche/);
    expect(area.properties.approximation).toBe(true);
  });
});

describe("GeoJSON caching", () => {
  it("answers a repeated request with 304 and serves brotli or gzip when asked", async () => {
    const first = await callLoader(proposalsGeoJson, "/api/proposals.geojson");
    const etag = first.headers.get("ETag");
    expect(etag).toBeTruthy();
    const again = await callLoader(
      proposalsGeoJson,
      "/api/proposals.geojson",
      {},
      { "If-None-Match": etag! },
    );
    expect(again.status).toBe(304);
    const { brotliDecompressSync, gunzipSync } = await import("node:zlib");
    const br = await callLoader(
      proposalsGeoJson,
      "/api/proposals.geojson",
      {},
      { "Accept-Encoding": "gzip, br" },
    );
    expect(br.headers.get("Content-Encoding")).toBe("br");
    const fromBr = JSON.parse(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString());
    expect(fromBr.type).toBe("FeatureCollection");
    const gzipped = await callLoader(
      proposalsGeoJson,
      "/api/proposals.geojson",
      {},
      { "Accept-Encoding": "gzip" },
    );
    expect(gzipped.headers.get("Content-Encoding")).toBe("gzip");
    const body = JSON.parse(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString("utf8"));
    expect(body).toEqual(fromBr);
  });

  it("a published change gives a new ETag", async () => {
    const before = (await callLoader(proposalsGeoJson, "/api/proposals.geojson")).headers.get(
      "ETag",
    );
    const created = await callAction(
      submitApi,
      jsonRequest("/api/proposals", { ...validProposal, ...inside }),
    );
    await publish((await created.json()).id);
    const after = await callLoader(
      proposalsGeoJson,
      "/api/proposals.geojson",
      {},
      { "If-None-Match": before! },
    );
    expect(after.status).toBe(200);
    expect((await after.json()).features).toHaveLength(1);
  });
});
