import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, grayscale, type PDFFont, type PDFPage } from "pdf-lib";
import { isRtlText } from "~/modules/pdf/bidi";
import { drawBidiLine, loadSansFont, wrap } from "~/modules/pdf/pdf-text.server";
import type { Minutes } from "./minutes.server";

/**
 * The minutes as an A4 PDF. DejaVu Sans is embedded (as for the code sheet),
 * so titles in Arabic, Cyrillic or Turkish print; lines that mix directions
 * are laid out run by run (app/modules/pdf/bidi.ts).
 */

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN = 20 * MM;
const WIDTH = PAGE.width - 2 * MARGIN;

export async function renderMinutesPdf(minutes: Minutes): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(minutes.title);
  doc.setCreator("Quartiersstimme");
  doc.setProducer("Quartiersstimme");
  const font = await doc.embedFont(await loadSansFont(), { subset: true });
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;

  const line = (text: string, size: number, color = grayscale(0), gapBefore = 0) => {
    y -= gapBefore;
    for (const part of wrap(text, font, size, WIDTH)) {
      if (y - size * 1.35 < MARGIN) {
        page = doc.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - MARGIN;
      }
      y -= size * 1.35;
      draw(page, part, size, font, color);
    }
  };
  const draw = (target: PDFPage, text: string, size: number, f: PDFFont, color = grayscale(0)) =>
    drawBidiLine(target, text, {
      x: MARGIN,
      y,
      width: WIDTH,
      size,
      font: f,
      color,
      // Each line takes the direction of its first letter (an Arabic label, a German title).
      rtl: isRtlText(text),
    });

  for (const block of minutes.blocks) {
    if (block.kind === "title") line(block.text, 16, grayscale(0), 0);
    else if (block.kind === "heading") line(block.text, 12, grayscale(0), 10);
    else if (block.kind === "text") line(block.text, 10, grayscale(0.3), 2);
    else line(`${block.label}: ${block.value}`, 10, grayscale(0), 2);
  }
  return doc.save();
}
