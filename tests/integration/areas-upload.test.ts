import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  activateArea,
  createDraftArea,
  discardDraftArea,
  getAreaPreview,
  validateAreaGeoJSON,
} from "~/modules/areas/area-upload.server";
import { getActiveAreas, invalidateAreaCache, locatePoint } from "~/modules/areas/areas.server";
import { loader as areasGeoJson } from "~/routes/api.areas.current[.]geojson";
import { action as submitApi } from "~/routes/api.proposals";
import { action as areaAction, loader as areaLoader } from "~/routes/staff.areas.$id";
import { action as uploadAction, loader as areasLoader } from "~/routes/staff.areas._index";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, inside, jsonRequest, validProposal } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
  staffMultipart,
  submitProposal,
  type TestStaff,
} from "./staff-helpers";

const SEED_SLUG = "leipziger-osten-szp-approx";
const realFile = readFileSync(
  path.resolve(__dirname, "../../prisma/geodata/leipziger-osten-szp-approx.geojson"),
  "utf8",
);

/** ~46 ha around Stadtteilpark Rabet, inside the seeded area. */
const rabetSquare = {
  type: "Polygon",
  coordinates: [
    [
      [12.398, 51.34],
      [12.408, 51.34],
      [12.408, 51.346],
      [12.398, 51.346],
      [12.398, 51.34],
    ],
  ],
};
/** Inside the seeded area (Anger-Crottendorf) but outside the Rabet square. */
const eastPoint = { lon: 12.42, lat: 51.335 };

let admin: TestStaff;
let moderator: TestStaff;
let seedArea: { id: string };

beforeEach(async () => {
  resetRateLimits();
  await resetData();
  await prisma.fundingArea.deleteMany({ where: { slug: { not: SEED_SLUG } } });
  seedArea = await prisma.fundingArea.update({
    where: { id: (await prisma.fundingArea.findFirstOrThrow({ where: { slug: SEED_SLUG } })).id },
    data: { validTo: null, status: "active" },
  });
  invalidateAreaCache();
  admin = await createStaffUser("admin");
  moderator = await createStaffUser("moderator");
});

function errorKeys(text: string) {
  const result = validateAreaGeoJSON(text);
  return result.ok ? [] : result.errors.map((e) => e.key);
}

function localDate(date: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const meta = {
  name: "Fördergebiet Rabet 2026",
  source: "Stadt Leipzig, Amt für Stadterneuerung",
  licence: "dl-de/by-2-0",
  attribution: "© Stadt Leipzig",
};

function upload(staff: TestStaff, fields: Record<string, string | Blob>) {
  return callAction(
    uploadAction,
    staffMultipart("/staff/areas", staff, { csrf: staff.csrf, ...fields }),
  );
}

async function uploadDraft(geometry: object = rabetSquare) {
  const response = await upload(admin, { ...meta, geojsonText: JSON.stringify(geometry) });
  expect(response.status).toBe(303);
  const id = (response.headers.get("Location") ?? "").split("/").pop()!;
  return prisma.fundingArea.findUniqueOrThrow({ where: { id } });
}

describe("validateAreaGeoJSON", () => {
  it("accepts the real funding area file, a bare geometry and Feature / FeatureCollection wrappers", () => {
    const fromFile = validateAreaGeoJSON(realFile);
    expect(fromFile.ok).toBe(true);
    if (!fromFile.ok) return;
    expect(fromFile.geometry.type).toBe("Polygon");
    expect(fromFile.areaHa).toBeGreaterThan(350);
    expect(fromFile.areaHa).toBeLessThan(400);
    expect(fromFile.vertices).toBeGreaterThan(10);

    const geometry = JSON.parse(realFile).features[0].geometry;
    const feature = { type: "Feature", properties: { name: "x" }, geometry };
    for (const wrapped of [geometry, feature, { type: "FeatureCollection", features: [feature] }]) {
      const result = validateAreaGeoJSON(JSON.stringify(wrapped));
      expect(result.ok, wrapped.type).toBe(true);
      if (result.ok) expect(result.geometry).toEqual(geometry);
    }
    const square = validateAreaGeoJSON(JSON.stringify(rabetSquare));
    expect(square).toMatchObject({ ok: true, vertices: 5 });
    // Two polygons become one MultiPolygon; an explicit WGS84 CRS is fine.
    const shifted = {
      ...rabetSquare,
      coordinates: [rabetSquare.coordinates[0].map(([x, y]) => [x + 0.02, y])],
    };
    const multi = validateAreaGeoJSON(
      JSON.stringify({
        type: "FeatureCollection",
        crs: { type: "name", properties: { name: "urn:ogc:def:crs:OGC:1.3:CRS84" } },
        features: [rabetSquare, shifted].map((g) => ({
          type: "Feature",
          properties: {},
          geometry: g,
        })),
      }),
    );
    expect(multi.ok && multi.geometry.type).toBe("MultiPolygon");
  });

  it("names each problem with its own error key", () => {
    expect(errorKeys("{ this is not json")).toEqual(["errors.area.notJson"]);
    expect(errorKeys("42")).toEqual(["errors.area.notGeoJson"]);

    const point = validateAreaGeoJSON(
      JSON.stringify({ type: "Point", coordinates: [inside.lon, inside.lat] }),
    );
    expect(point).toEqual({
      ok: false,
      errors: [{ key: "errors.area.wrongType", params: { type: "Point" } }],
    });
    expect(errorKeys(JSON.stringify({ type: "FeatureCollection", features: [] }))).toEqual([
      "errors.area.wrongType",
    ]);
    expect(
      errorKeys(
        JSON.stringify({
          type: "Feature",
          properties: {},
          geometry: {
            type: "LineString",
            coordinates: [
              [12.4, 51.3],
              [12.41, 51.31],
            ],
          },
        }),
      ),
    ).toEqual(["errors.area.wrongType"]);

    // UTM 33N (EPSG:25833) numbers instead of lon/lat.
    const utm = {
      type: "Polygon",
      coordinates: [
        [
          [318000, 5690000],
          [319000, 5690000],
          [319000, 5691000],
          [318000, 5691000],
          [318000, 5690000],
        ],
      ],
    };
    expect(errorKeys(JSON.stringify(utm))).toEqual(["errors.area.notWgs84"]);
    expect(
      errorKeys(
        JSON.stringify({
          type: "FeatureCollection",
          crs: { type: "name", properties: { name: "EPSG:25833" } },
          features: [],
        }),
      ),
    ).toEqual(["errors.area.notWgs84"]);

    const unclosed = {
      type: "Polygon",
      coordinates: [
        [
          [12.398, 51.34],
          [12.408, 51.34],
          [12.408, 51.346],
          [12.398, 51.346],
          [12.399, 51.3401],
        ],
      ],
    };
    const unclosedResult = validateAreaGeoJSON(JSON.stringify(unclosed));
    expect(unclosedResult).toEqual({
      ok: false,
      errors: [{ key: "errors.area.ringNotClosed", params: { polygon: 1, ring: 1 } }],
    });
    expect(
      errorKeys(
        JSON.stringify({
          type: "Polygon",
          coordinates: [
            [
              [12.4, 51.34],
              [12.41, 51.34],
              [12.4, 51.34],
            ],
          ],
        }),
      ),
    ).toEqual(["errors.area.ringTooShort"]);

    const bowTie = {
      type: "Polygon",
      coordinates: [
        [
          [12.398, 51.34],
          [12.408, 51.346],
          [12.408, 51.34],
          [12.398, 51.346],
          [12.398, 51.34],
        ],
      ],
    };
    const bowTieResult = validateAreaGeoJSON(JSON.stringify(bowTie));
    expect(bowTieResult.ok).toBe(false);
    if (!bowTieResult.ok) {
      expect(bowTieResult.errors[0].key).toBe("errors.area.selfIntersection");
      // Where: the crossing point in the middle of the bow tie.
      expect(Number(bowTieResult.errors[0].params?.lon)).toBeCloseTo(12.403, 3);
      expect(Number(bowTieResult.errors[0].params?.lat)).toBeCloseTo(51.343, 3);
    }

    const tiny = {
      type: "Polygon",
      coordinates: [
        [
          [12.4, 51.34],
          [12.4002, 51.34],
          [12.4002, 51.3402],
          [12.4, 51.3402],
          [12.4, 51.34],
        ],
      ],
    };
    const tinyResult = validateAreaGeoJSON(JSON.stringify(tiny));
    expect(tinyResult.ok).toBe(false);
    if (!tinyResult.ok)
      expect(tinyResult.errors).toEqual([
        { key: "errors.area.tooSmall", params: { ha: 0, min: 1 } },
      ]);

    const paris = {
      type: "Polygon",
      coordinates: [
        [
          [2.33, 48.85],
          [2.36, 48.85],
          [2.36, 48.87],
          [2.33, 48.87],
          [2.33, 48.85],
        ],
      ],
    };
    expect(errorKeys(JSON.stringify(paris))).toEqual(["errors.area.outOfBounds"]);
    // Swapped lon/lat (a classic) is caught as well.
    const swapped = {
      ...rabetSquare,
      coordinates: [rabetSquare.coordinates[0].map(([x, y]) => [y, x])],
    };
    expect(errorKeys(JSON.stringify(swapped))).toEqual(["errors.area.outOfBounds"]);
  });
});

describe("uploading and activating a funding area", () => {
  it("a moderator may not upload (403) and no draft is stored", async () => {
    const response = await upload(moderator, { ...meta, geojsonText: JSON.stringify(rabetSquare) });
    expect(response.status).toBe(403);
    expect(await prisma.fundingArea.count()).toBe(1);
    expect(
      (await callLoader(areasLoader, "/staff/areas", {}, staffHeaders(moderator))).status,
    ).toBe(403);
  });

  it("an upload without the CSRF token is refused", async () => {
    const response = await callAction(
      uploadAction,
      staffMultipart("/staff/areas", admin, { ...meta, geojsonText: JSON.stringify(rabetSquare) }),
    );
    expect(response.status).toBe(403);
    expect(await prisma.fundingArea.count()).toBe(1);
  });

  it("an admin's upload becomes a draft (not in force) with an audit entry", async () => {
    const draft = await uploadDraft();
    expect(draft).toMatchObject({
      status: "draft",
      name: meta.name,
      source: meta.source,
      licence: meta.licence,
      attribution: meta.attribution,
      uploadedById: admin.id,
      validTo: null,
    });
    expect(JSON.parse(draft.geometry)).toEqual(rabetSquare);
    const [entry] = await auditEntries("area.uploaded");
    expect(entry).toMatchObject({
      staffId: admin.id,
      entityType: "area",
      entityId: draft.id,
      after: { name: meta.name },
    });

    // A draft changes nothing for residents.
    expect((await getActiveAreas()).map((a) => a.id)).toEqual([seedArea.id]);
    expect(await locatePoint(eastPoint.lon, eastPoint.lat)).toEqual({
      inside: true,
      areaId: seedArea.id,
    });

    const list = await (
      await callLoader(areasLoader, "/staff/areas", {}, staffHeaders(admin))
    ).json();
    expect(list.areas.map((a: { id: string; status: string }) => [a.id, a.status]).sort()).toEqual(
      [
        [draft.id, "draft"],
        [seedArea.id, "active"],
      ].sort(),
    );
  });

  it("also takes the GeoJSON as a file, and reports invalid files and missing metadata with 400", async () => {
    const file = await upload(admin, {
      ...meta,
      file: new Blob([realFile], { type: "application/geo+json" }),
    });
    expect(file.status).toBe(303);

    const bad = await upload(admin, {
      name: "",
      source: "x",
      licence: "",
      attribution: "",
      geojsonText: '{"type":"Point","coordinates":[12.4,51.3]}',
    });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.errors.map((e: { key: string }) => e.key)).toEqual([
      "errors.area.nameRequired",
      "errors.area.sourceRequired",
      "errors.area.licenceRequired",
      "errors.area.attributionRequired",
      "errors.area.wrongType",
    ]);
    // What was typed is kept for the form.
    expect(body.values.geojsonText).toContain("Point");

    const empty = await upload(admin, { ...meta, geojsonText: "  " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors).toEqual([{ key: "errors.area.fileRequired" }]);
    expect(await prisma.fundingArea.count({ where: { status: "draft" } })).toBe(1);
  });

  it("answers an oversized upload (over 5 MB) with a client error, not a server error", async () => {
    const huge = JSON.stringify({ ...rabetSquare, padding: "x".repeat(5_100_000) });
    const request = staffMultipart("/staff/areas", admin, {
      csrf: admin.csrf,
      ...meta,
      file: new File([huge], "gebiet.geojson", { type: "application/geo+json" }),
    });
    const response = await callAction(uploadAction, request);
    expect([400, 413]).toContain(response.status);
    expect(await prisma.fundingArea.count({ where: { status: "draft" } })).toBe(0);
  });

  it("the preview lists existing initiatives that would fall outside the new area", async () => {
    const inRabet = await submitProposal({ title: "Bänke im Rabet" });
    const east = await submitProposal({ title: "Spielplatz in Anger-Crottendorf", ...eastPoint });
    const withdrawnEast = await submitProposal({ title: "Zurückgezogen", ...eastPoint });
    await prisma.proposal.update({
      where: { id: withdrawnEast.id },
      data: { status: "withdrawn" },
    });
    const draft = await uploadDraft();

    const preview = await getAreaPreview(draft.id);
    expect(preview).not.toBeNull();
    expect(preview!.checked).toBe(2);
    expect(preview!.outsideCount).toBe(1);
    expect(preview!.outside.map((p) => p.id)).toEqual([east.id]);
    expect(preview!.outside.map((p) => p.id)).not.toContain(inRabet.id);
    expect(preview!.areaHa).toBeGreaterThan(40);
    expect(preview!.areaHa).toBeLessThan(50);

    const page = await callLoader(
      areaLoader,
      `/staff/areas/${draft.id}`,
      { id: draft.id },
      staffHeaders(admin),
    );
    expect(page.status).toBe(200);
    expect((await page.json()).outside.map((p: { id: string }) => p.id)).toEqual([east.id]);
    expect(
      (
        await callLoader(
          areaLoader,
          `/staff/areas/${draft.id}`,
          { id: draft.id },
          staffHeaders(moderator),
        )
      ).status,
    ).toBe(403);
    expect(
      (await callLoader(areaLoader, "/staff/areas/nope", { id: "nope" }, staffHeaders(admin)))
        .status,
    ).toBe(404);
  });

  it("activating from today ends the old area, new submissions use the new one, old initiatives keep theirs", async () => {
    const before = await submitProposal({ title: "Spielplatz in Anger-Crottendorf", ...eastPoint });
    expect(
      (await prisma.proposal.findUniqueOrThrow({ where: { id: before.id } })).fundingAreaId,
    ).toBe(seedArea.id);
    const draft = await uploadDraft();

    // A moderator cannot activate.
    const today = localDate(new Date());
    const refused = await callAction(
      areaAction,
      staffForm(`/staff/areas/${draft.id}`, moderator, { intent: "activate", validFrom: today }),
      { id: draft.id },
    );
    expect(refused.status).toBe(403);
    // A date is required.
    const noDate = await callAction(
      areaAction,
      staffForm(`/staff/areas/${draft.id}`, admin, { intent: "activate", validFrom: "morgen" }),
      { id: draft.id },
    );
    expect(noDate.status).toBe(400);
    expect((await noDate.json()).error).toBe("errors.area.dateRequired");
    expect((await prisma.fundingArea.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe(
      "draft",
    );

    const response = await callAction(
      areaAction,
      staffForm(`/staff/areas/${draft.id}`, admin, { intent: "activate", validFrom: today }),
      { id: draft.id },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/staff/areas/${draft.id}`);

    const validFrom = new Date(`${today}T00:00:00`);
    const activated = await prisma.fundingArea.findUniqueOrThrow({ where: { id: draft.id } });
    expect(activated).toMatchObject({ status: "active", validTo: null });
    expect(activated.validFrom.getTime()).toBe(validFrom.getTime());
    const old = await prisma.fundingArea.findUniqueOrThrow({ where: { id: seedArea.id } });
    expect(old.status).toBe("active");
    expect(old.validTo?.getTime()).toBe(validFrom.getTime());

    invalidateAreaCache(); // activateArea does this itself; harmless
    expect((await getActiveAreas()).map((a) => a.id)).toEqual([draft.id]);
    expect(await locatePoint(inside.lon, inside.lat)).toEqual({ inside: true, areaId: draft.id });
    expect((await locatePoint(eastPoint.lon, eastPoint.lat)).inside).toBe(false);
    // History: yesterday, the old area applied.
    const yesterday = new Date(validFrom.getTime() - 12 * 3600_000);
    expect(await locatePoint(eastPoint.lon, eastPoint.lat, yesterday)).toEqual({
      inside: true,
      areaId: seedArea.id,
    });

    // New submissions are judged by the new area.
    const outside = await callAction(
      submitApi,
      jsonRequest("/api/proposals", { ...validProposal, ...eastPoint }),
    );
    expect(outside.status).toBe(422);
    const insideNew = await submitProposal();
    expect(
      (await prisma.proposal.findUniqueOrThrow({ where: { id: insideNew.id } })).fundingAreaId,
    ).toBe(draft.id);
    // The initiative submitted before keeps its area.
    expect(
      (await prisma.proposal.findUniqueOrThrow({ where: { id: before.id } })).fundingAreaId,
    ).toBe(seedArea.id);

    const current = await (await callLoader(areasGeoJson, "/api/areas/current.geojson")).json();
    expect(current.features.map((f: { id: string }) => f.id)).toEqual([draft.id]);
    expect(current.features[0].properties).toMatchObject({
      name: meta.name,
      attribution: meta.attribution,
    });

    const [entry] = await auditEntries("area.activated");
    expect(entry).toMatchObject({
      staffId: admin.id,
      entityId: draft.id,
      before: { status: "draft" },
      after: { status: "active" },
    });
    expect(entry.before.ended.map((a: { id: string }) => a.id)).toEqual([seedArea.id]);

    // Activating twice is refused; an active area cannot be discarded.
    const again = await callAction(
      areaAction,
      staffForm(`/staff/areas/${draft.id}`, admin, { intent: "activate", validFrom: today }),
      { id: draft.id },
    );
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe("errors.area.not-draft");
    await callAction(
      areaAction,
      staffForm(`/staff/areas/${draft.id}`, admin, { intent: "discard" }),
      { id: draft.id },
    );
    expect(await prisma.fundingArea.findUnique({ where: { id: draft.id } })).not.toBeNull();
  });

  it("activating from a future date keeps the current area in force until then", async () => {
    const draft = await createDraftArea({
      ...meta,
      geometry: rabetSquare as never,
      staffId: admin.id,
    });
    const from = new Date(Date.now() + 7 * 24 * 3600_000);
    expect(await activateArea({ id: draft.id, validFrom: from, staffId: admin.id })).toEqual({
      status: "ok",
    });
    expect(
      (
        await prisma.fundingArea.findUniqueOrThrow({ where: { id: seedArea.id } })
      ).validTo?.getTime(),
    ).toBe(from.getTime());
    expect(await locatePoint(eastPoint.lon, eastPoint.lat)).toEqual({
      inside: true,
      areaId: seedArea.id,
    });
    expect((await getActiveAreas()).map((a) => a.id)).toEqual([seedArea.id]);
    const later = new Date(from.getTime() + 3600_000);
    expect((await locatePoint(eastPoint.lon, eastPoint.lat, later)).inside).toBe(false);
    expect(await locatePoint(inside.lon, inside.lat, later)).toEqual({
      inside: true,
      areaId: draft.id,
    });
  });

  it("a draft can be discarded (with audit); unknown drafts are 409/no-ops", async () => {
    const draft = await uploadDraft();
    const response = await callAction(
      areaAction,
      staffForm(`/staff/areas/${draft.id}`, admin, { intent: "discard" }),
      { id: draft.id },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/staff/areas");
    expect(await prisma.fundingArea.findUnique({ where: { id: draft.id } })).toBeNull();
    const [entry] = await auditEntries("area.discarded");
    expect(entry).toMatchObject({
      staffId: admin.id,
      entityId: draft.id,
      before: { name: meta.name },
    });

    const missing = await callAction(
      areaAction,
      staffForm("/staff/areas/nope", admin, {
        intent: "activate",
        validFrom: localDate(new Date()),
      }),
      { id: "nope" },
    );
    expect(missing.status).toBe(409);
    expect((await missing.json()).error).toBe("errors.area.not-found");
    await discardDraftArea(seedArea.id, admin.id); // not a draft: nothing happens
    expect(await prisma.fundingArea.findUnique({ where: { id: seedArea.id } })).not.toBeNull();
  });
});
