import QRCode from "qrcode";
import { baseUrl } from "~/utils/http.server";

export type QrSymbol = {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One SVG path of all dark modules, in module units. */
  path: string;
};

/**
 * A QR code as SVG path data, built on the server: the page draws it with
 * one <path> (no image, no script), and the browser never loads the QR
 * library. Horizontal runs of dark modules become one rectangle each.
 */
export function qrSymbol(text: string): QrSymbol {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = modules.size;
  let path = "";
  for (let row = 0; row < size; row++) {
    let column = 0;
    while (column < size) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      let run = 1;
      while (column + run < size && modules.get(row, column + run)) run++;
      path += `M${column} ${row}h${run}v1h-${run}z`;
      column += run;
    }
  }
  return { size, path };
}

/**
 * Where phones join a meeting: the absolute URL (PUBLIC_BASE_URL, else the
 * request's origin) and the short form shown next to the QR code
 * ("beteiligung.example.org/m/K7M4").
 */
export function joinLink(request: Request, joinPath: string) {
  const url = `${baseUrl(request).replace(/\/+$/, "")}${joinPath}`;
  return { url, short: url.replace(/^https?:\/\//, "") };
}
