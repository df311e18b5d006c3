/**
 * The encoding to send, given the request's Accept-Encoding and the variants
 * at hand: brotli, then gzip, then the plain body (null). Honours `q=0` and `*`.
 */
export function preferredEncoding(
  acceptEncoding: string | undefined,
  available: { br: boolean; gzip: boolean } = { br: true, gzip: true },
): "br" | "gzip" | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const wildcard = accepted.get("*") ?? 0;
  if (available.br && (accepted.get("br") ?? wildcard) > 0) return "br";
  if (available.gzip && (accepted.get("gzip") ?? wildcard) > 0) return "gzip";
  return null;
}
