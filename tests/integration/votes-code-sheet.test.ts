import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PDFDocument } from "pdf-lib";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CARDS_PER_PAGE,
  qrBitmap,
  qrMatrix,
  renderCodeSheetPdf,
} from "~/modules/votes/code-sheet-pdf.server";
import { formatCode } from "~/modules/votes/codes";
import { castBallot } from "~/modules/votes/votes.server";
import { action as codesAction } from "~/routes/staff.votes.$voteId.codes";
import { prisma } from "~/utils/db.server";
import { callAction } from "./helpers";
import { type TestStaff, auditEntries, createStaffUser, staffForm } from "./staff-helpers";
import { setUpVote } from "./votes-fixtures";

let staff: TestStaff;

beforeAll(async () => {
  staff = await createStaffUser("moderator");
});

/** The QR matrix drawn as a PNG (4 px per module), the way a phone camera would see it. */
function matrixPng(text: string): Buffer {
  const { width, bytes } = qrBitmap(qrMatrix(text));
  const scale = 4;
  const png = new PNG({ width: width * scale, height: width * scale });
  const rowBytes = Math.ceil(width / 8);
  for (let y = 0; y < width * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      const mx = Math.floor(x / scale);
      const my = Math.floor(y / scale);
      const white = (bytes[my * rowBytes + (mx >> 3)]! >> (7 - (mx & 7))) & 1;
      const offset = (y * png.width + x) * 4;
      png.data[offset] = png.data[offset + 1] = png.data[offset + 2] = white ? 255 : 0;
      png.data[offset + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

function decode(pngBytes: Buffer, crop?: { x: number; y: number; width: number; height: number }) {
  const png = PNG.sync.read(pngBytes);
  const area = crop ?? { x: 0, y: 0, width: png.width, height: png.height };
  const data = new Uint8ClampedArray(area.width * area.height * 4);
  for (let y = 0; y < area.height; y++) {
    const from = ((area.y + y) * png.width + area.x) * 4;
    data.set(png.data.subarray(from, from + area.width * 4), y * area.width * 4);
  }
  return jsQR(data, area.width, area.height)?.data ?? null;
}

const hasPdftoppm = (() => {
  try {
    execFileSync("pdftoppm", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("QR codes on the sheet", () => {
  it("decode to the ballot address with the code", () => {
    const url = "https://beteiligung.example.org/votes/cm0abcdefghijklmnopqrstu?code=K7M4-XH3P-QR";
    expect(decode(matrixPng(url))).toBe(url);
    const { width, bytes } = qrBitmap(qrMatrix(url));
    // One bit per module, a quiet zone of four modules on each side, rows padded to bytes.
    expect(width).toBe(qrMatrix(url).size + 8);
    expect(bytes.length).toBe(Math.ceil(width / 8) * width);
    expect(bytes[0]).toBe(0xff);
  });
});

describe("the code sheet PDF", () => {
  it("is A4 with eight cards per page", async () => {
    const codes = Array.from({ length: 17 }, (_, i) => `K7M4XH3P${"ACDEFGHJKLMNPQRTUVWXY"[i]}Q`);
    const pdf = await renderCodeSheetPdf({
      codes,
      title: "Bürgerhaushalt Leipziger Osten 2027 — مشاريع الحي",
      ballotUrl: (code) => `https://beteiligung.example.org/votes/v1?code=${formatCode(code)}`,
    });
    const doc = await PDFDocument.load(pdf);
    expect(CARDS_PER_PAGE).toBe(8);
    expect(doc.getPageCount()).toBe(3);
    for (const page of doc.getPages()) {
      expect(Math.round(page.getWidth())).toBe(595);
      expect(Math.round(page.getHeight())).toBe(842);
    }
    expect(doc.getTitle()).toBe("Bürgerhaushalt Leipziger Osten 2027 — مشاريع الحي");
  });
});

describe("POST /staff/votes/:voteId/codes", () => {
  it("answers the PDF once, logs number and label, stores hashes only", async () => {
    const { voteId, optionIds } = await setUpVote(staff.id);
    const response = await callAction(
      codesAction,
      staffForm(`/staff/votes/${voteId}/codes`, staff, { count: "9", label: "Haus 12" }),
      { voteId },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="abstimmungscodes-.*\.pdf"$/,
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);
    expect(await prisma.voteCode.count({ where: { voteId } })).toBe(9);
    const audit = (await auditEntries("vote.codesGenerated")).at(-1)!;
    expect(audit).toMatchObject({
      staffId: staff.id,
      entityId: voteId,
      after: { count: 9, label: "Haus 12" },
    });
    expect(Object.keys(audit.after as object).sort()).toEqual(["count", "label", "sheetId"]);

    if (!hasPdftoppm) return;
    // Print it (200 dpi), scan every card's QR code, and vote with what it says.
    const dir = mkdtempSync(path.join(os.tmpdir(), "qs-sheet-"));
    try {
      writeFileSync(path.join(dir, "sheet.pdf"), bytes);
      execFileSync("pdftoppm", [
        "-r",
        "200",
        "-png",
        "-f",
        "1",
        "-l",
        "1",
        path.join(dir, "sheet.pdf"),
        path.join(dir, "page"),
      ]);
      const page = readFileSync(path.join(dir, "page-1.png"));
      const { width, height } = PNG.sync.read(page);
      const urls: Array<string | null> = [];
      for (let row = 0; row < 4; row++) {
        for (let column = 0; column < 2; column++) {
          // Around the QR code: A4 with 10 mm margins, cards 95 × 69.25 mm, the code at their right.
          const mm = (value: number, of: number, total: number) => Math.round((value / total) * of);
          const crop = {
            x: mm(10 + column * 95 + 58, width, 210),
            y: mm(10 + row * 69.25 + 8, height, 297),
            width: mm(37, width, 210),
            height: mm(40, height, 297),
          };
          urls.push(decode(page, crop));
        }
      }
      expect(urls.every((url) => url?.startsWith(`http://test.local/votes/${voteId}?code=`))).toBe(
        true,
      );
      const scanned = urls.map((url) => new URL(url!).searchParams.get("code")!);
      expect(new Set(scanned).size).toBe(8);
      for (const code of scanned) {
        expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
        expect(
          await castBallot({
            voteId,
            channel: "code",
            code,
            choices: [optionIds[0]],
            eligible: true,
          }),
        ).toMatchObject({ status: "ok", changed: false });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("sends refusals back to the vote's page", async () => {
    const { voteId } = await setUpVote(staff.id);
    const post = (fields: Record<string, string>, id = voteId) =>
      callAction(codesAction, staffForm(`/staff/votes/${id}/codes`, staff, fields), { voteId: id });
    for (const [fields, reason] of [
      [{ count: "0", label: "x" }, "count"],
      [{ count: "2001", label: "x" }, "count"],
      [{ count: "zehn", label: "x" }, "count"],
      [{ count: "5", label: "x".repeat(101) }, "label"],
    ] as const) {
      const response = await post(fields);
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe(`/staff/votes/${voteId}?codeSheet=${reason}`);
    }
    const openOnly = await setUpVote(staff.id, { channels: ["open"] });
    expect((await post({ count: "5", label: "x" }, openOnly.voteId)).headers.get("Location")).toBe(
      `/staff/votes/${openOnly.voteId}?codeSheet=channel-off`,
    );
    const missingCsrf = await callAction(
      codesAction,
      staffForm(
        `/staff/votes/${voteId}/codes`,
        { ...staff, csrf: "wrong" },
        { count: "5", label: "x" },
      ),
      { voteId },
    );
    expect(missingCsrf.status).toBe(403);
    expect(await prisma.voteCode.count({ where: { voteId } })).toBe(0);
  });
});
