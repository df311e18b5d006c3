/** A QR symbol as the server built it (join-link.server.ts). */
export type QrSymbolProps = { size: number; path: string };

/** The quiet zone around the symbol, in modules (the standard asks for four). */
const QUIET = 4;

/**
 * The join URL as a QR code: one SVG path of the dark modules on white,
 * sharp at any size. The URL is written next to it, so the code is never
 * the only way in; `label` names it for screen readers.
 */
export function QrCode({ size, path, label }: QrSymbolProps & { label: string }) {
  const side = size + 2 * QUIET;
  return (
    <svg
      className="pj-qr"
      viewBox={`${-QUIET} ${-QUIET} ${side} ${side}`}
      shapeRendering="crispEdges"
      role="img"
      aria-label={label}
      data-qr
    >
      <rect x={-QUIET} y={-QUIET} width={side} height={side} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
