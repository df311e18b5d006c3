import { describe, expect, it } from "vitest";
import {
  acceptAttribute,
  claimsAccepted,
  refusalMessageKey,
  sniffType,
} from "~/modules/uploads/upload-policy";

const bytes = (...values: Array<number | string>) =>
  new Uint8Array(
    values.flatMap((value) =>
      typeof value === "number" ? [value] : [...value].map((c) => c.charCodeAt(0)),
    ),
  );

describe("sniffType: the type comes from the bytes", () => {
  it.each([
    ["jpeg", bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, "JFIF")],
    ["png", bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ["webp", bytes("RIFF", 0, 0, 0, 0, "WEBPVP8 ")],
    ["heif", bytes(0, 0, 0, 24, "ftypheic", 0, 0, 0, 0)],
    ["heif", bytes(0, 0, 0, 24, "ftypavif", 0, 0, 0, 0)],
    ["pdf", bytes("%PDF-1.7\n")],
    ["other-image", bytes("GIF89a", 1, 0, 1, 0)],
    ["other-image", bytes("II*", 0, 8, 0, 0, 0)],
    ["other-image", bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')],
  ])("recognises %s", (type, sample) => {
    expect(sniffType(sample)).toBe(type);
  });

  it.each([
    ["text", bytes("Hallo, das ist ein Brief an das Quartiersmanagement.")],
    ["an MP4 video", bytes(0, 0, 0, 24, "ftypisom", 0, 0, 0, 0)],
    ["HTML", bytes("<!doctype html><script>alert(1)</script>")],
    ["nothing", bytes()],
    ["a PDF marker later in the file", bytes("Hallo %PDF-1.4")],
  ])("finds nothing accepted in %s", (_label, sample) => {
    expect(sniffType(sample)).toBeNull();
  });
});

describe("claimsAccepted: only words a refusal", () => {
  it("sees a photo in the name or the browser's type", () => {
    expect(claimsAccepted("image", { filename: "Foto.JPG", declaredType: "" })).toBe(true);
    expect(claimsAccepted("image", { filename: "scan", declaredType: "image/png" })).toBe(true);
    expect(claimsAccepted("image", { filename: "brief.txt", declaredType: "text/plain" })).toBe(
      false,
    );
  });

  it("takes a PDF name as a claim only where PDF is allowed", () => {
    const file = { filename: "angebot.pdf", declaredType: "application/pdf" };
    expect(claimsAccepted("image", file)).toBe(false);
    expect(claimsAccepted("image+pdf", file)).toBe(true);
  });
});

describe("messages and inputs follow the policy", () => {
  it("words 'not accepted' after what the policy takes", () => {
    expect(refusalMessageKey("not-accepted", "image")).toBe("uploads.errors.not-accepted.image");
    expect(refusalMessageKey("disguised", "image+pdf")).toBe("uploads.errors.disguised.imageOrPdf");
    expect(refusalMessageKey("too-big", "image")).toBe("uploads.errors.too-big");
  });

  it("offers PDF in the file chooser only where PDF is taken, and never HEIC", () => {
    expect(acceptAttribute("image")).not.toMatch(/pdf|heic/);
    expect(acceptAttribute("image+pdf")).toMatch(/application\/pdf/);
  });
});
