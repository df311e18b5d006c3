import { beforeEach, describe, expect, it } from "vitest";
import { formatPlace, germanPlace, parsePlace, serialisePlace } from "~/modules/addresses/place";
import {
  createAddressIndex,
  nearestAddress,
  placeAt,
  type AddressPoint,
} from "~/modules/addresses/place-index";
import { describePlace, placeLabelFor } from "~/modules/addresses/place.server";
import { getTFor } from "~/i18n/i18n.server";
import { publicProposalsCsv, staffProposalsCsv } from "~/modules/exports/exports.server";
import { getPublishedProposalsGeoJSON } from "~/modules/proposals/proposals.server";
import { loader as placesLoader } from "~/routes/api.places";
import { action as submitAction } from "~/routes/proposals.new";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, formRequest, inside, outside, validProposal } from "./helpers";

/** Eisenbahnstraße 54 (OpenStreetMap address point shipped with the seed). */
const eisenbahn54 = { lon: 12.40347, lat: 51.344097 };
/** In the Rabet park, ~90 m from the nearest house (Kohlgartenstraße 49). */
const park = { lon: 12.4, lat: 51.341 };

beforeEach(() => resetRateLimits());

describe("the place of a point in words", () => {
  it("names the nearest address point within 60 m", async () => {
    // ~20 m north-east of the house.
    const place = await describePlace(eisenbahn54.lon + 0.0002, eisenbahn54.lat + 0.0001);
    expect(place).toEqual({
      kind: "address",
      street: "Eisenbahnstraße",
      housenumber: "54",
      district: "Neustadt-Neuschönefeld",
    });
    expect(germanPlace(place)).toBe("bei Eisenbahnstraße 54");
  });

  it("names the street and the Ortsteil when no house is within 60 m", async () => {
    const place = await describePlace(park.lon, park.lat);
    expect(place).toMatchObject({ kind: "street", district: "Neustadt-Neuschönefeld" });
    expect(germanPlace(place)).toMatch(/^[^,]+, Neustadt-Neuschönefeld$/);
  });

  it("names only the Ortsteil far from every address, and nothing far from everything", () => {
    const index = createAddressIndex([
      { street: "A-Straße", housenumber: "1", district: "X", lon: 12.4, lat: 51.34 },
    ]);
    expect(placeAt(index, "Volkmarsdorf", 12.41, 51.34)).toEqual({
      kind: "district",
      district: "Volkmarsdorf",
    });
    expect(placeAt(index, null, 12.41, 51.34)).toBeNull();
  });

  it("finds the same nearest point as a search over all points (grid index)", async () => {
    const rows: AddressPoint[] = await prisma.address.findMany({
      select: { street: true, housenumber: true, district: true, lon: true, lat: true },
    });
    const index = createAddressIndex(rows);
    const k = Math.cos((51.34 * Math.PI) / 180);
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 300; i++) {
      const lon = 12.39 + random() * 0.05;
      const lat = 51.33 + random() * 0.03;
      const brute = rows
        .map((r) => ({ r, d: Math.hypot((r.lon - lon) * k, r.lat - lat) * 111_320 }))
        .sort((a, b) => a.d - b.d)[0];
      const hit = nearestAddress(index, lon, lat);
      if (brute.d > 255) continue;
      if (brute.d < 245) {
        expect(hit?.point).toBe(brute.r);
        expect(Math.abs((hit?.distanceMeters ?? 0) - brute.d)).toBeLessThan(1);
      }
    }
  });

  it("takes well under 5 ms per lookup", async () => {
    await describePlace(inside.lon, inside.lat); // loads the index once
    const started = performance.now();
    const n = 500;
    for (let i = 0; i < n; i++) {
      await describePlace(12.39 + (i % 50) * 0.001, 51.33 + Math.floor(i / 50) * 0.003);
    }
    const perLookup = (performance.now() - started) / n;
    console.log(`place lookup: ${perLookup.toFixed(3)} ms`);
    expect(perLookup).toBeLessThan(5);
  });

  it("formats the stored place per language; street names stay German", async () => {
    const place = parsePlace(
      serialisePlace({
        kind: "address",
        street: "Eisenbahnstraße",
        housenumber: "54",
        district: "Neustadt-Neuschönefeld",
      }),
    )!;
    expect(formatPlace(place, await getTFor("de"))).toBe("bei Eisenbahnstraße 54");
    expect(formatPlace(place, await getTFor("en"))).toBe("near Eisenbahnstraße 54");
    expect(formatPlace(place, await getTFor("ar"))).toBe("قرب Eisenbahnstraße 54");
    const street = { kind: "street", street: "Rabet", district: "Volkmarsdorf" } as const;
    expect(formatPlace(street, await getTFor("de"))).toBe("Rabet, Volkmarsdorf");
    expect(parsePlace("not json")).toBeNull();
    expect(parsePlace('{"kind":"address"}')).toBeNull();
    expect(parsePlace(null)).toBeNull();
  });
});

describe("GET /api/places", () => {
  it("answers the place in words and that it lies inside, in the visitor's language", async () => {
    const response = await callLoader(
      placesLoader,
      `/api/places?lon=${eisenbahn54.lon}&lat=${eisenbahn54.lat}`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ label: "bei Eisenbahnstraße 54", inside: true });
    const english = await callLoader(
      placesLoader,
      `/api/places?lon=${eisenbahn54.lon}&lat=${eisenbahn54.lat}&lng=en`,
    );
    expect((await english.json()).label).toBe("near Eisenbahnstraße 54");
  });

  it("says how far outside a point lies", async () => {
    const response = await callLoader(
      placesLoader,
      `/api/places?lon=${outside.lon}&lat=${outside.lat}`,
    );
    const body = await response.json();
    expect(body).toMatchObject({ inside: false, direction: expect.any(String) });
    expect(body.distanceMeters).toBeGreaterThan(0);
  });

  it("refuses coordinates that are not numbers or out of range", async () => {
    for (const query of ["", "?lon=abc&lat=51", "?lon=200&lat=51", "?lon=12.4"]) {
      const response = await callLoader(placesLoader, `/api/places${query}`);
      expect(response.status, query).toBe(400);
    }
  });
});

describe("the stored place", () => {
  it("is stored with a new initiative and shown in the exports and the GeoJSON", async () => {
    const response = await callAction(
      submitAction,
      formRequest("/proposals/new", {
        ...validProposal,
        title: "Ort in Worten",
        lon: String(eisenbahn54.lon),
        lat: String(eisenbahn54.lat),
        intent: "submit",
      }),
    );
    expect(response.status).toBe(303);
    const stored = await prisma.proposal.findFirstOrThrow({ where: { title: "Ort in Worten" } });
    expect(parsePlace(stored.placeLabel)).toEqual({
      kind: "address",
      street: "Eisenbahnstraße",
      housenumber: "54",
      district: "Neustadt-Neuschönefeld",
    });
    await prisma.proposal.update({
      where: { id: stored.id },
      data: { status: "published", publishedAt: new Date() },
    });
    const geojson = await getPublishedProposalsGeoJSON("http://test.local");
    const feature = geojson.features.find((f) => f.properties.id === stored.id);
    expect(feature?.properties.place).toBe("bei Eisenbahnstraße 54");
    expect(await publicProposalsCsv("http://test.local")).toContain("bei Eisenbahnstraße 54");
    const staffCsv = await staffProposalsCsv({ withContacts: false });
    expect(staffCsv.split("\r\n")[0]).toContain(";place;");
    expect(staffCsv).toContain("bei Eisenbahnstraße 54");
  });

  it("is the same value placeLabelFor gives", async () => {
    expect(parsePlace(await placeLabelFor(inside.lon, inside.lat))?.kind).toBe("address");
  });
});
