import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Color, PDFFont, PDFPage } from "pdf-lib";
import { isRtlText, visualRuns } from "./bidi";

/**
 * Text in the app's PDFs (the vote's code sheet, the fund's minutes): the
 * embedded DejaVu Sans (Latin, Cyrillic, Arabic, Turkish), line wrapping, and
 * lines that mix writing directions.
 */

const FONT_FILE = "app/modules/votes/fonts/DejaVuSans.ttf";
let fontBytes: Promise<Uint8Array> | undefined;

/** The font file, read once. Relative to the working directory: the app always runs from the repo root. */
export function loadSansFont(): Promise<Uint8Array> {
  fontBytes ??= readFile(path.resolve(process.cwd(), FONT_FILE)).catch((error: unknown) => {
    fontBytes = undefined;
    throw error;
  });
  return fontBytes;
}

/** Words → lines no wider than `maxWidth`; a word longer than a line is broken by characters. */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= maxWidth;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Draws one line that may mix directions: run by run (see bidi.ts), aligned
 * to the left, or to the right of `width` when the line or `rtl` says so.
 */
export function drawBidiLine(
  page: PDFPage,
  text: string,
  options: {
    x: number;
    y: number;
    width: number;
    size: number;
    font: PDFFont;
    color: Color;
    rtl?: boolean;
  },
) {
  const rtl = options.rtl ?? isRtlText(text);
  const runs = visualRuns(text, rtl);
  const widths = runs.map((run) => options.font.widthOfTextAtSize(run.text, options.size));
  const total = widths.reduce((sum, width) => sum + width, 0);
  let x = rtl ? options.x + options.width - total : options.x;
  runs.forEach((run, index) => {
    page.drawText(run.text, {
      x,
      y: options.y,
      size: options.size,
      font: options.font,
      color: options.color,
    });
    x += widths[index]!;
  });
}
