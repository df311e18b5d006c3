import fontkit from "@pdf-lib/fontkit";
import {
  PDFDocument,
  StandardFonts,
  concatTransformationMatrix,
  drawObject,
  grayscale,
  popGraphicsState,
  pushGraphicsState,
  type PDFFont,
  type PDFPage,
} from "pdf-lib";
import QRCode from "qrcode";
import { getTFor } from "~/i18n/i18n.server";
import { loadSansFont as loadFont, wrap } from "~/modules/pdf/pdf-text.server";
import { formatCode } from "~/modules/votes/codes";

/**
 * The printable sheet of voting codes: A4 portrait, 2 × 4 cards with dashed
 * cut lines. Each card has the vote's title, the code in large monospaced
 * type, a QR code that opens the ballot with the code filled in, the address
 * to type instead, and two short instructions each in German, English and
 * Arabic.
 *
 * Fonts: the code uses the PDF standard font Courier Bold (ASCII only, always
 * available). Everything else uses DejaVu Sans, embedded as a subset, because
 * titles and the Arabic instructions need glyphs the standard fonts lack.
 * pdf-lib lays custom-font text out with fontkit, which applies the font's
 * Arabic joining forms and puts a right-to-left run in visual order, so
 * Arabic needs no separate reshaping step. fontkit reverses a whole run,
 * though, so the Arabic sheet texts must not contain Latin letters or digits
 * (a unit test checks the catalogue).
 *
 * The QR code is a 1-bit image with one pixel per module (`qrBitmap`), drawn
 * without interpolation: sharp at any printer resolution, and 2,000 cards
 * stay a small file.
 */

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN = 10 * MM;
const COLUMNS = 2;
const ROWS = 4;
export const CARDS_PER_PAGE = COLUMNS * ROWS;
const CARD = {
  width: (PAGE.width - 2 * MARGIN) / COLUMNS,
  height: (PAGE.height - 2 * MARGIN) / ROWS,
};
const PADDING = 4.5 * MM;
const QR_SIZE = 27 * MM;
const GAP = 2 * MM;

export type QrMatrix = { size: number; isDark: (row: number, column: number) => boolean };

/**
 * The QR symbol for a text (error correction M: still reads with a crease or
 * a smudge across 15 % of it). Exported so tests can decode what the sheet draws.
 */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return { size: modules.size, isDark: (row, column) => Boolean(modules.get(row, column)) };
}

/**
 * The symbol as a 1-bit grey image, one pixel per module, with the 4-module
 * quiet zone: rows of bits, 1 = white, each row padded to whole bytes. Drawn
 * scaled up without interpolation, the modules stay sharp at any printer
 * resolution, and a card's QR code costs about 200 bytes.
 */
export function qrBitmap(matrix: QrMatrix): { width: number; bytes: Uint8Array } {
  const width = matrix.size + 8;
  const rowBytes = Math.ceil(width / 8);
  const bytes = new Uint8Array(rowBytes * width).fill(0xff);
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (!matrix.isDark(row, column)) continue;
      const x = column + 4;
      const index = (row + 4) * rowBytes + (x >> 3);
      bytes[index] = bytes[index]! & ~(0x80 >> (x & 7));
    }
  }
  return { width, bytes };
}

function drawQr(doc: PDFDocument, page: PDFPage, text: string, x: number, y: number, size: number) {
  const { width, bytes } = qrBitmap(qrMatrix(text));
  const image = doc.context.register(
    doc.context.flateStream(bytes, {
      Type: "XObject",
      Subtype: "Image",
      Width: width,
      Height: width,
      ColorSpace: "DeviceGray",
      BitsPerComponent: 1,
      Interpolate: false,
    }),
  );
  const name = page.node.newXObject("QR", image);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(size, 0, 0, size, x, y),
    drawObject(name),
    popGraphicsState(),
  );
}

/** At most `maxLines`, the last one shortened with "…" if text was cut. */
function clamp(lines: string[], maxLines: number, font: PDFFont, size: number, maxWidth: number) {
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1]}…`;
  while (last.length > 1 && font.widthOfTextAtSize(last, size) > maxWidth) {
    last = `${last.slice(0, -2)}…`;
  }
  kept[maxLines - 1] = last;
  return kept;
}

type SheetTexts = {
  codeLabel: string;
  codeLabelAr: string;
  address: string;
  instructions: Array<{ text: string; rtl: boolean }>;
};

async function sheetTexts(): Promise<SheetTexts> {
  const [de, en, ar] = await Promise.all([getTFor("de"), getTFor("en"), getTFor("ar")]);
  return {
    codeLabel: `${de("votes.sheet.codeLabel")} · ${en("votes.sheet.codeLabel")}`,
    codeLabelAr: ar("votes.sheet.codeLabel"),
    address: `${de("votes.sheet.address")} · ${en("votes.sheet.address")}`,
    instructions: [
      { text: de("votes.sheet.instructions"), rtl: false },
      { text: en("votes.sheet.instructions"), rtl: false },
      { text: ar("votes.sheet.instructions"), rtl: true },
    ],
  };
}

/** The printed address: host and path only, so it is short enough to type. */
function printedAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

export type CodeSheetInput = {
  /** Canonical codes (as `generateCodeSheet` returns them); printed grouped as K7M4-XH3P-QR. */
  codes: ReadonlyArray<string>;
  /** The vote's title as residents know it (the procedure's title). */
  title: string;
  /** The address the QR code opens for a code, e.g. `${origin}/votes/${voteId}?code=K7M4-XH3P-QR`. */
  ballotUrl: (code: string) => string;
};

export async function renderCodeSheetPdf(input: CodeSheetInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(input.title);
  doc.setCreator("Quartiersstimme");
  doc.setProducer("Quartiersstimme");
  // No creation date: nothing on the sheet should help match it to a moment in the logs.
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const [sans, mono, texts] = await Promise.all([
    loadFont().then((bytes) => doc.embedFont(bytes, { subset: true })),
    doc.embedFont(StandardFonts.CourierBold),
    sheetTexts(),
  ]);

  // Everything but the code and its QR code is the same on every card. Laying
  // out text with fontkit costs about a millisecond a line, so the common part
  // is drawn once on a scratch page, turned into a reusable form XObject and
  // placed on each card: 2,000 cards take seconds instead of half a minute,
  // and the file holds the text once.
  const scratch = doc.addPage([CARD.width, CARD.height]);
  const address = input.codes.length > 0 ? printedAddress(input.ballotUrl(input.codes[0]!)) : "";
  const layout = drawCardTemplate(scratch, input.title, address, texts, sans);
  const template = await doc.embedPage(scratch);
  doc.removePage(0);

  let page: PDFPage | undefined;
  for (const [index, code] of input.codes.entries()) {
    const slot = index % CARDS_PER_PAGE;
    if (slot === 0) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      drawCutLines(page);
    }
    const left = MARGIN + (slot % COLUMNS) * CARD.width;
    const bottom = PAGE.height - MARGIN - (Math.floor(slot / COLUMNS) + 1) * CARD.height;
    page!.drawPage(template, { x: left, y: bottom });
    const printed = formatCode(code);
    page!.drawText(printed, {
      x: left + PADDING,
      y: bottom + layout.codeBaseline,
      size: layout.codeSize,
      font: mono,
      color: grayscale(0),
    });
    drawQr(doc, page!, input.ballotUrl(code), left + layout.qr.x, bottom + layout.qr.y, QR_SIZE);
    // 2,000 cards take a couple of seconds of CPU: let other requests in between pages.
    if (slot === CARDS_PER_PAGE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  // Saving is the other long stretch; pdf-lib yields every 50 objects while it writes.
  return doc.save();
}

type InstructionBlock = {
  size: number;
  leading: number;
  paragraphs: Array<{ lines: string[]; rtl: boolean }>;
  height: number;
};

/** The largest type size (7 pt down to 5.5 pt) at which the three instructions fit in their space. */
function layoutInstructions(
  instructions: SheetTexts["instructions"],
  font: PDFFont,
  width: number,
): InstructionBlock {
  const available = CARD.height - 2 * PADDING - 2 * 12 - QR_SIZE - 2 * GAP;
  let block: InstructionBlock | undefined;
  for (let size = 7; size >= 5.5; size -= 0.25) {
    const leading = size * 1.25;
    const paragraphs = instructions.map(({ text, rtl }) => ({
      lines: wrap(text, font, size, width),
      rtl,
    }));
    const lineCount = paragraphs.reduce((sum, paragraph) => sum + paragraph.lines.length, 0);
    const height = lineCount * leading + (paragraphs.length - 1) * size * 0.4;
    block = { size, leading, paragraphs, height };
    if (height <= available) return block;
  }
  return block!;
}

function drawCutLines(page: PDFPage) {
  const dash = { dashArray: [3, 3], thickness: 0.5, color: grayscale(0.55) };
  for (let column = 0; column <= COLUMNS; column++) {
    const x = MARGIN + column * CARD.width;
    page.drawLine({ start: { x, y: MARGIN }, end: { x, y: PAGE.height - MARGIN }, ...dash });
  }
  for (let row = 0; row <= ROWS; row++) {
    const y = MARGIN + row * CARD.height;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE.width - MARGIN, y }, ...dash });
  }
}

/**
 * Draws the part of a card that is the same for every code, on a page of
 * exactly one card's size, and returns where the code and the QR code go
 * (coordinates from the card's bottom-left corner).
 */
function drawCardTemplate(
  page: PDFPage,
  title: string,
  address: string,
  texts: SheetTexts,
  sans: PDFFont,
): { codeBaseline: number; codeSize: number; qr: { x: number; y: number } } {
  const innerWidth = CARD.width - 2 * PADDING;
  const x = PADDING;
  const top = CARD.height - PADDING;
  const black = grayscale(0);
  const grey = grayscale(0.3);
  let y = top;

  // Title, up to two lines.
  const titleSize = 10;
  for (const line of clamp(
    wrap(title, sans, titleSize, innerWidth),
    2,
    sans,
    titleSize,
    innerWidth,
  )) {
    y -= titleSize * 1.2;
    page.drawText(line, { x, y: y + 2, size: titleSize, font: sans, color: black });
  }
  y = top - 2 * 12 - GAP;

  // QR code on the right (drawn per card), code label, code and address on the left.
  const qrTop = y;
  const leftWidth = innerWidth - QR_SIZE - GAP;
  const labelSize = 7;
  y -= labelSize + 4;
  page.drawText(texts.codeLabel, { x, y, size: labelSize, font: sans, color: grey });
  const arWidth = sans.widthOfTextAtSize(texts.codeLabelAr, labelSize);
  y -= labelSize * 1.4;
  page.drawText(texts.codeLabelAr, {
    x: x + leftWidth - arWidth,
    y,
    size: labelSize,
    font: sans,
    color: grey,
  });

  // Courier: every code has the same width, so one size fits all.
  const codeSize = Math.min(20, leftWidth / (0.6 * 12));
  y -= codeSize + 4;
  const codeBaseline = y;

  y -= labelSize + 8;
  page.drawText(texts.address, { x, y, size: labelSize, font: sans, color: grey });
  let addressSize = 8;
  while (addressSize > 5 && sans.widthOfTextAtSize(address, addressSize) > leftWidth) {
    addressSize -= 0.25;
  }
  const addressLines = clamp(
    wrap(address, sans, addressSize, leftWidth),
    2,
    sans,
    addressSize,
    leftWidth,
  );
  for (const line of addressLines) {
    y -= addressSize * 1.3;
    page.drawText(line, { x, y, size: addressSize, font: sans, color: black });
  }

  // Instructions at the bottom of the card, Arabic right-aligned.
  const instructions = layoutInstructions(texts.instructions, sans, innerWidth);
  y = qrTop - QR_SIZE - GAP;
  const { size, leading } = instructions;
  instructions.paragraphs.forEach((paragraph, index) => {
    if (index > 0) y -= size * 0.4;
    for (const line of paragraph.lines) {
      y -= leading;
      const lineX = paragraph.rtl ? x + innerWidth - sans.widthOfTextAtSize(line, size) : x;
      page.drawText(line, { x: lineX, y: y + 1, size, font: sans, color: black });
    }
  });
  return { codeBaseline, codeSize, qr: { x: x + innerWidth - QR_SIZE, y: qrTop - QR_SIZE } };
}
