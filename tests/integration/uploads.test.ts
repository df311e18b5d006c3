import { readdirSync, rmSync } from "node:fs";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { IMAGE_MAX_PIXELS, type UploadPolicy } from "~/modules/uploads/upload-policy";
import {
  checkUploads,
  readStoredFile,
  storeUploads,
  uploadDirectory,
} from "~/modules/uploads/uploads.server";
import { readUploadForm, type FormFile } from "~/utils/form.server";
import {
  exifHasGps,
  gifImage,
  heicHeader,
  phoneJpeg,
  pngBomb,
  pngImage,
  truncatedJpeg,
  webpImage,
} from "../fixtures/images";

const MB = 1024 * 1024;
const photos: UploadPolicy = { kinds: "image", maxBytes: 10 * MB, maxFiles: 3 };
const receipts: UploadPolicy = { kinds: "image+pdf", maxBytes: 10 * MB, maxFiles: 5 };

const file = (bytes: Buffer, filename: string, declaredType = "", field = "photo1"): FormFile => ({
  field,
  filename,
  declaredType,
  size: bytes.byteLength,
  bytes,
});

const storedFiles = () => {
  try {
    return readdirSync(uploadDirectory());
  } catch {
    return [];
  }
};

beforeEach(() => rmSync(uploadDirectory(), { recursive: true, force: true }));

describe("images are decoded, re-encoded and stored without metadata", () => {
  it("strips the GPS position and all other metadata, applies the orientation, stores two sizes", async () => {
    const original = await phoneJpeg();
    const before = await sharp(original).metadata();
    // The test image really carries what a phone writes.
    expect(exifHasGps(before.exif)).toBe(true);
    expect(before.exif?.toString("latin1")).toContain("TestPhone");
    expect(before.orientation).toBe(6);

    const result = await storeUploads([file(original, "IMG_0001.jpg", "image/jpeg")], photos);
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    const [stored] = result.files;
    if (stored?.kind !== "image") throw new Error("expected an image");

    // Turned upright (1200 × 900 stored sideways → 900 × 1200), never enlarged.
    expect(stored.large).toMatchObject({ width: 900, height: 1200 });
    expect(stored.small).toMatchObject({ width: 480, height: 640 });
    for (const version of [stored.large, stored.small]) {
      expect(version.name).toMatch(/^[0-9a-f]{32}-[sl]\.webp$/);
      const bytes = await readStoredFile(version.name);
      expect(bytes).not.toBeNull();
      const meta = await sharp(bytes!).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(bytes!.toString("latin1")).not.toContain("TestPhone");
    }
    expect(storedFiles().sort()).toEqual([stored.large.name, stored.small.name].sort());
  });

  it("takes PNG and WebP, and a PNG named .jpg (the bytes decide, not the name)", async () => {
    const result = await storeUploads(
      [
        file(await pngImage(), "karte.png", "image/png", "photo1"),
        file(await webpImage(), "ecke.webp", "image/webp", "photo2"),
        file(await pngImage(2000, 1000), "umbenannt.jpg", "image/jpeg", "photo3"),
      ],
      photos,
    );
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    expect(result.files.map((f) => f.field)).toEqual(["photo1", "photo2", "photo3"]);
    const third = result.files[2]!;
    expect(third.kind === "image" && [third.large.width, third.large.height]).toEqual([1600, 800]);
    const bytes = await readStoredFile(third.kind === "image" ? third.large.name : "");
    expect((await sharp(bytes!).metadata()).format).toBe("webp");
  });

  it("gives every stored file a new random name", async () => {
    const image = await pngImage(64, 64);
    const result = await storeUploads(
      [file(image, "a.png", "image/png"), file(image, "a.png", "image/png")],
      photos,
    );
    expect(result.status === "ok" && new Set(storedFiles()).size).toBe(4);
  });
});

describe("bad files are refused with a reason per file, and nothing is stored", () => {
  it.each([
    [
      "a text file renamed .jpg",
      () => Buffer.from("Liebe Nachbarn, …"),
      "brief.jpg",
      "image/jpeg",
      "disguised",
    ],
    [
      "a text file",
      () => Buffer.from("Liebe Nachbarn, …"),
      "brief.txt",
      "text/plain",
      "not-accepted",
    ],
    [
      "an HTML page claiming to be a PNG",
      () => Buffer.from("<html><script>alert(1)</script>"),
      "x.png",
      "image/png",
      "disguised",
    ],
    ["a truncated JPEG", truncatedJpeg, "abgebrochen.jpg", "image/jpeg", "damaged"],
    [
      "a decompression bomb (20,000 × 20,000 PNG)",
      pngBomb,
      "bombe.png",
      "image/png",
      "too-many-pixels",
    ],
    ["a GIF", gifImage, "animiert.gif", "image/gif", "unsupported-image"],
    ["an iPhone HEIC", heicHeader, "IMG_4711.HEIC", "image/heic", "heic-unsupported"],
    ["an empty file", () => Buffer.alloc(0), "leer.jpg", "image/jpeg", "empty"],
  ])("%s", async (_label, make, filename, declaredType, reason) => {
    const bytes = await make();
    const started = Date.now();
    const result = await storeUploads([file(bytes, filename, declaredType)], photos);
    expect(result).toEqual({
      status: "refused",
      refusals: [{ field: "photo1", filename, reason }],
    });
    expect(storedFiles()).toEqual([]);
    // A bomb is refused from its header, not after decoding 400 million pixels.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses the bomb although it is only a few kilobytes", () => {
    const bomb = pngBomb();
    expect(bomb.byteLength).toBeLessThan(100_000);
    expect(20_000 * 20_000).toBeGreaterThan(IMAGE_MAX_PIXELS);
  });

  it("refuses a file over the size limit without looking at it", async () => {
    const tooBig: FormFile = {
      field: "photo1",
      filename: "riesig.jpg",
      declaredType: "image/jpeg",
      size: 12 * MB,
      bytes: null,
    };
    const result = await storeUploads([tooBig], photos);
    expect(result).toEqual({
      status: "refused",
      refusals: [{ field: "photo1", filename: "riesig.jpg", reason: "too-big" }],
    });
  });

  it("refuses more files than the policy allows, and names every bad file in one answer", async () => {
    const good = await pngImage(64, 64);
    const result = await checkUploads(
      [
        file(good, "1.png", "image/png", "photo1"),
        file(Buffer.from("kein Bild"), "2.jpg", "image/jpeg", "photo2"),
        file(good, "3.png", "image/png", "photo3"),
        file(await truncatedJpeg(), "4.jpg", "image/jpeg", "photo4"),
      ],
      photos,
    );
    expect(result.status === "refused" && result.refusals.map((r) => r.reason)).toEqual([
      "too-many-files",
      "disguised",
      "damaged",
    ]);
    expect(storedFiles()).toEqual([]);
  });

  it("stores none of the files when one of them is bad", async () => {
    const result = await storeUploads(
      [
        file(await phoneJpeg(), "gut.jpg", "image/jpeg", "photo1"),
        file(await truncatedJpeg(), "kaputt.jpg", "image/jpeg", "photo2"),
      ],
      photos,
    );
    expect(result.status).toBe("refused");
    expect(storedFiles()).toEqual([]);
  });
});

describe("PDF, for the neighbourhood fund's quotes and receipts", () => {
  async function pdf() {
    const document = await PDFDocument.create();
    document.addPage([595, 842]).drawText("Angebot: 3 Sitzbänke, 1.230 €");
    return Buffer.from(await document.save({ useObjectStreams: false }));
  }

  it("stores a PDF as sent, under a random name", async () => {
    const bytes = await pdf();
    const result = await storeUploads([file(bytes, "angebot.pdf", "application/pdf")], receipts);
    expect(result.status).toBe("ok");
    if (result.status !== "ok" || result.files[0]?.kind !== "pdf") throw new Error("no PDF");
    expect(result.files[0]).toMatchObject({ pages: 1, mediaType: "application/pdf" });
    expect(result.files[0].name).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect((await readStoredFile(result.files[0].name))?.equals(bytes)).toBe(true);
  });

  it("refuses an encrypted PDF, a broken one, and any PDF where only images are taken", async () => {
    const whole = (await pdf()).toString("latin1");
    // An encryption dictionary in the trailer is what a password-protected PDF has.
    const encrypted = Buffer.from(
      whole.replace("trailer\n<<", "trailer\n<<\n/Encrypt 1 0 R"),
      "latin1",
    );
    const broken = Buffer.from("%PDF-1.7\n" + "x".repeat(500), "latin1");
    const result = await checkUploads(
      [
        file(encrypted, "geschuetzt.pdf", "application/pdf", "quote1"),
        file(broken, "kaputt.pdf", "application/pdf", "quote2"),
      ],
      receipts,
    );
    expect(result.status === "refused" && result.refusals.map((r) => r.reason)).toEqual([
      "pdf-encrypted",
      "damaged",
    ]);
    const asPhoto = await checkUploads([file(await pdf(), "foto.pdf", "application/pdf")], photos);
    expect(asPhoto.status === "refused" && asPhoto.refusals[0]?.reason).toBe("not-accepted");
  });
});

describe("reading a multipart form", () => {
  const post = (form: FormData, headers: Record<string, string> = {}) =>
    new Request("http://test.local/proposals/new", { method: "POST", body: form, headers });

  it("keeps a file over its limit out of memory but reports it, with the text fields", async () => {
    const form = new FormData();
    form.append("title", "Ein Titel");
    form.append("photo1", new File([Buffer.alloc(2 * MB, 1)], "gross.jpg", { type: "image/jpeg" }));
    form.append("photo2", new File([], "", { type: "application/octet-stream" }));
    const { form: fields, files } = await readUploadForm(post(form), { maxFileBytes: MB });
    expect(fields.get("title")).toBe("Ein Titel");
    expect(files).toEqual([
      {
        field: "photo1",
        filename: "gross.jpg",
        declaredType: "image/jpeg",
        size: 2 * MB,
        bytes: null,
      },
    ]);
  });

  it("refuses a body over the path's limit with 413 while reading it", async () => {
    const form = new FormData();
    form.append("photo1", new File([Buffer.alloc(3 * MB)], "a.jpg"));
    const thrown = await readUploadForm(post(form), { maxFileBytes: 10 * MB, maxBytes: MB }).catch(
      (error: unknown) => error,
    );
    expect(thrown instanceof Response && thrown.status).toBe(413);
  });

  it("reads an urlencoded post of the same page as a form without files", async () => {
    const request = new Request("http://test.local/proposals/new", {
      method: "POST",
      body: new URLSearchParams({ intent: "search-address", photo1: "IMG_1.jpg" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const { form, files } = await readUploadForm(request, { maxFileBytes: MB });
    expect(form.get("intent")).toBe("search-address");
    expect(files).toEqual([]);
  });
});
