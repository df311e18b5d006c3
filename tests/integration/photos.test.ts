import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { uploadDirectory } from "~/modules/uploads/uploads.server";
import { loader as publicPhoto } from "~/routes/photos.$id.$size";
import { loader as detailLoader } from "~/routes/proposals.$id";
import { loader as listLoader } from "~/routes/proposals._index";
import { action as submitAction } from "~/routes/proposals.new";
import { loader as geojsonLoader } from "~/routes/api.proposals[.]geojson";
import { action as staffAction } from "~/routes/staff.proposals.$id";
import { action as trackAction } from "~/routes/track.$token";
import { loader as trackingPhoto } from "~/routes/track_.$token.photos.$id.$size";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { exifHasGps, phoneJpeg, pngImage, truncatedJpeg } from "../fixtures/images";
import { callAction, callLoader, formRequest, inside, validProposal } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  publishDirectly,
  resetData,
  staffForm,
  staffHeaders,
  type TestStaff,
} from "./staff-helpers";

const storedFiles = () =>
  existsSync(uploadDirectory())
    ? readdirSync(uploadDirectory()).filter((f) => !f.startsWith("."))
    : [];

function multipart(url: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return new Request(`http://test.local${url}`, { method: "POST", body: form });
}

/** A File for a FormData (copied into a plain ArrayBuffer, as the DOM types want). */
const asFile = (bytes: Buffer, name: string, type: string) =>
  new File([new Uint8Array(bytes)], name, { type });

const jpegFile = async (name = "IMG_0001.jpg") => asFile(await phoneJpeg(), name, "image/jpeg");

const proposalFields = {
  ...validProposal,
  lon: String(inside.lon),
  lat: String(inside.lat),
  intent: "submit",
};

/** Submits through the form with photos; returns the new initiative's id and tracking token. */
async function submitWithPhotos(photos: Record<string, string | File>) {
  const response = await callAction(
    submitAction,
    multipart("/proposals/new", { ...proposalFields, ...photos }),
  );
  expect(response.status).toBe(303);
  const token = (response.headers.get("Location") ?? "").split("/")[2]!.split("?")[0]!;
  const proposal = await prisma.proposal.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
  return { id: proposal.id, token };
}

const photoRequest = (id: string, size: string, headers: HeadersInit = {}) =>
  callLoader(publicPhoto, `/photos/${id}/${size}`, { id, size }, headers);

let staff: TestStaff;

beforeEach(async () => {
  resetRateLimits();
  await prisma.photo.deleteMany();
  await resetData();
  rmSync(uploadDirectory(), { recursive: true, force: true });
  staff = await createStaffUser("moderator");
});

describe("photos on the submit form", () => {
  it("stores the photos with the initiative: two files each, rows in order with the descriptions", async () => {
    const { id } = await submitWithPhotos({
      photo1: await jpegFile("bank.jpg"),
      photo1Alt: "Die kaputte Bank am Teich",
      photo2: asFile(await pngImage(), "plan.png", "image/png"),
    });
    const rows = await prisma.photo.findMany({
      where: { proposalId: id },
      orderBy: { position: "asc" },
    });
    expect(rows.map((row) => [row.position, row.alt, row.width, row.height])).toEqual([
      [0, "Die kaputte Bank am Teich", 900, 1200],
      [1, null, 640, 480],
    ]);
    expect(storedFiles().sort()).toEqual(rows.flatMap((r) => [r.largeFile, r.smallFile]).sort());
  });

  it("refuses a bad photo: names it, keeps the typed text, stores nothing (no row, no file)", async () => {
    const response = await callAction(
      submitAction,
      multipart("/proposals/new", {
        ...proposalFields,
        name: "Ayşe",
        photo1: await jpegFile("gut.jpg"),
        photo1Alt: "Der Spielplatz",
        photo2: new File(["Das ist kein Bild"], "falsch.jpg", { type: "image/jpeg" }),
      }),
    );
    expect(response.status).toBe(400);
    const data = await response.json();
    expect(data.result.error[""]).toEqual(["photos.errors.summary"]);
    expect(data.result.initialValue).toMatchObject({ title: validProposal.title, name: "Ayşe" });
    expect(data.photos).toMatchObject({
      received: ["photo1", "photo2"],
      alts: { photo1Alt: "Der Spielplatz" },
      problems: [
        { field: "photo2", filename: "falsch.jpg", message: "uploads.errors.disguised.image" },
      ],
    });
    expect(await prisma.proposal.count()).toBe(0);
    expect(await prisma.photo.count()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("reports photo problems and text problems in one answer", async () => {
    const response = await callAction(
      submitAction,
      multipart("/proposals/new", {
        ...proposalFields,
        title: "Hi",
        photo1: asFile(await truncatedJpeg(), "halb.jpg", "image/jpeg"),
      }),
    );
    expect(response.status).toBe(400);
    const data = await response.json();
    expect(data.result.error.title).toEqual(["errors.title.tooShort"]);
    expect(data.photos.problems[0]).toMatchObject({
      field: "photo1",
      message: "uploads.errors.damaged",
    });
    expect(storedFiles()).toEqual([]);
  });

  it("stores no photo when the text is invalid, even if the photo is fine", async () => {
    const response = await callAction(
      submitAction,
      multipart("/proposals/new", { ...proposalFields, category: "", photo1: await jpegFile() }),
    );
    expect(response.status).toBe(400);
    expect(await prisma.photo.count()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("removes the written files again when the initiative is refused after the photos were checked", async () => {
    const response = await callAction(
      submitAction,
      multipart("/proposals/new", {
        ...proposalFields,
        lon: "12.382011", // Augustusplatz: outside the funding area
        lat: "51.338905",
        photo1: await jpegFile(),
      }),
    );
    expect(response.status).toBe(422);
    expect((await response.json()).photos.received).toEqual(["photo1"]);
    expect(await prisma.photo.count()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });
});

describe("who sees a photo", () => {
  it("serves it publicly only once the initiative is published, without any metadata", async () => {
    const { id, token } = await submitWithPhotos({ photo1: await jpegFile() });
    const photo = await prisma.photo.findFirstOrThrow({ where: { proposalId: id } });

    expect((await photoRequest(photo.id, "small")).status).toBe(404);
    // The resident sees it behind the tracking link before publication.
    const own = await callLoader(trackingPhoto, "/", { token, id: photo.id, size: "small" });
    expect(own.status).toBe(200);
    expect(own.headers.get("Cache-Control")).toBe("private, no-store");
    expect(
      (await callLoader(trackingPhoto, "/", { token: "x".repeat(32), id: photo.id, size: "small" }))
        .status,
    ).toBe(404);

    await publishDirectly(id);
    const response = await photoRequest(photo.id, "large");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/webp");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toMatch(/^public, max-age=31536000/);
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 900, height: 1200 });
    expect(exifHasGps(meta.exif)).toBe(false);
    expect(meta.exif).toBeUndefined();
    expect((await photoRequest(photo.id, "huge")).status).toBe(404);
  });

  it("shows public photos on the detail page, the list card and in the map data", async () => {
    const { id } = await submitWithPhotos({ photo1: await jpegFile(), photo1Alt: "Die Bank" });
    await publishDirectly(id);
    const photo = await prisma.photo.findFirstOrThrow({ where: { proposalId: id } });

    const detail = await (await callLoader(detailLoader, `/proposals/${id}`, { id })).json();
    expect(detail.photos).toEqual([
      {
        id: photo.id,
        width: 900,
        height: 1200,
        smallWidth: 480,
        smallHeight: 640,
        alt: "Die Bank",
      },
    ]);
    const list = await (await callLoader(listLoader, "/proposals")).json();
    expect(list.list.items[0].photo).toMatchObject({ id: photo.id, smallWidth: 480 });
    const geojson = await (await callLoader(geojsonLoader, "/api/proposals.geojson")).json();
    const feature = geojson.features.find(
      (f: { properties: { id: string } }) => f.properties.id === id,
    );
    expect(feature.properties).toMatchObject({
      photo: `http://test.local/photos/${photo.id}/small`,
      photoWidth: 480,
      photoHeight: 640,
      photoAlt: "Die Bank",
    });
  });

  it("a photo staff hide is gone for the public (404) and still there for staff; both steps are audited", async () => {
    const { id } = await submitWithPhotos({
      photo1: await jpegFile(),
      photo2: await jpegFile("2.jpg"),
    });
    await publishDirectly(id);
    const [first, second] = await prisma.photo.findMany({
      where: { proposalId: id },
      orderBy: { position: "asc" },
    });

    const refused = await callAction(
      staffAction,
      staffForm(`/staff/proposals/${id}`, staff, {
        intent: "photo-hide",
        photoId: first!.id,
        reason: "",
      }),
      { id },
    );
    expect(refused.status).toBe(400);

    const hidden = await callAction(
      staffAction,
      staffForm(`/staff/proposals/${id}`, staff, {
        intent: "photo-hide",
        photoId: first!.id,
        reason: "Kinder sind zu erkennen",
      }),
      { id },
    );
    expect(hidden.status).toBe(303);
    expect((await photoRequest(first!.id, "small")).status).toBe(404);
    expect((await photoRequest(second!.id, "small")).status).toBe(200);
    const forStaff = await photoRequest(first!.id, "small", staffHeaders(staff));
    expect(forStaff.status).toBe(200);
    expect(forStaff.headers.get("Cache-Control")).toBe("private, no-store");
    const detail = await (await callLoader(detailLoader, `/proposals/${id}`, { id })).json();
    expect(detail.photos.map((p: { id: string }) => p.id)).toEqual([second!.id]);
    expect((await auditEntries("photo.hide"))[0]).toMatchObject({
      staffId: staff.id,
      entityId: id,
      after: { photoId: first!.id, hidden: true, reason: "Kinder sind zu erkennen" },
    });

    await callAction(
      staffAction,
      staffForm(`/staff/proposals/${id}`, staff, { intent: "photo-show", photoId: first!.id }),
      { id },
    );
    expect((await photoRequest(first!.id, "small")).status).toBe(200);
    expect(await auditEntries("photo.show")).toHaveLength(1);
  });

  it("photos of an initiative that is no longer public are not served", async () => {
    const { id } = await submitWithPhotos({ photo1: await jpegFile() });
    await publishDirectly(id);
    const photo = await prisma.photo.findFirstOrThrow({ where: { proposalId: id } });
    await prisma.proposal.update({ where: { id }, data: { status: "duplicate" } });
    expect((await photoRequest(photo.id, "small")).status).toBe(404);
  });
});

describe("photos on the tracking page", () => {
  const track = (token: string, fields: Record<string, string | File>) =>
    callAction(trackAction, multipart(`/track/${token}`, fields), { token });

  it("adds photos up to three, refuses more, and removes one with its files", async () => {
    const { id, token } = await submitWithPhotos({ photo1: await jpegFile() });
    const added = await track(token, {
      intent: "add-photos",
      photo1: await jpegFile(),
      photo1Alt: "Von Norden",
    });
    expect(added.status).toBe(303);
    expect(await prisma.photo.count({ where: { proposalId: id } })).toBe(2);

    const tooMany = await track(token, {
      intent: "add-photos",
      photo1: await jpegFile(),
      photo2: await jpegFile(),
    });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).photos.problems[0]).toMatchObject({
      message: "photos.errors.noRoom",
      values: { max: 1 },
    });
    expect(await prisma.photo.count()).toBe(2);
    expect(storedFiles()).toHaveLength(4);

    const photo = await prisma.photo.findFirstOrThrow({ where: { alt: "Von Norden" } });
    const removed = await callAction(
      trackAction,
      formRequest(`/track/${token}`, { intent: "remove-photo", photoId: photo.id }),
      { token },
    );
    expect(removed.status).toBe(303);
    expect(await prisma.photo.count()).toBe(1);
    expect(storedFiles()).not.toContain(photo.largeFile);
    expect(storedFiles()).toHaveLength(2);
  });

  it("takes no new photos once the initiative is published", async () => {
    const { id, token } = await submitWithPhotos({});
    await publishDirectly(id);
    const response = await track(token, { intent: "add-photos", photo1: await jpegFile() });
    expect(response.status).toBe(409);
    expect(storedFiles()).toEqual([]);
  });

  it("erasing the personal data deletes the photos and their files", async () => {
    const { id, token } = await submitWithPhotos({
      photo1: await jpegFile(),
      photo2: await jpegFile(),
    });
    await publishDirectly(id);
    expect(storedFiles()).toHaveLength(4);
    const photo = await prisma.photo.findFirstOrThrow();
    const response = await callAction(
      trackAction,
      formRequest(`/track/${token}`, { intent: "erase-personal-data" }),
      { token },
    );
    expect(response.status).toBe(303);
    expect(await prisma.photo.count()).toBe(0);
    expect(storedFiles()).toEqual([]);
    expect((await photoRequest(photo.id, "small")).status).toBe(404);
    expect(await prisma.proposal.findUniqueOrThrow({ where: { id } })).toMatchObject({
      submitterName: null,
      status: "published",
    });
  });

  it("withdrawing deletes the photos and their files", async () => {
    const { token } = await submitWithPhotos({ photo1: await jpegFile() });
    const response = await callAction(
      trackAction,
      formRequest(`/track/${token}`, { intent: "withdraw" }),
      { token },
    );
    expect(response.status).toBe(303);
    expect(await prisma.photo.count()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });
});

describe("the data directory", () => {
  it("keeps uploads under DATA_DIR, outside the database", () => {
    expect(uploadDirectory()).toBe(path.join(process.env.DATA_DIR!, "uploads"));
  });
});
