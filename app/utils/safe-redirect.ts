/**
 * Redirect targets that come from a request (a hidden `redirectTo` field, a
 * query parameter) may only lead to a path on this site. Compared after URL
 * normalisation, the way a browser reads a Location header: `/.//evil.example`
 * resolves to `//evil.example`, which a browser would treat as another host.
 */

/** Any origin would do: only "is it still the same one" matters. */
const PROBE_ORIGIN = "http://same-site.invalid";
/** Longer targets are not paths this app makes; refuse instead of echoing them. */
export const MAX_REDIRECT_LENGTH = 2000;

/**
 * Backslashes (browsers read `\` as `/` in http URLs) and control characters
 * (browsers drop tab and newline inside URLs, so `/\t/evil` is `//evil`).
 */
const REFUSED_CHARACTERS = /[\\\u0000-\u001F\u007F-\u009F]/;

/**
 * The normalised path, query and fragment of `target` if it stays on this
 * site, else `fallback`. Only absolute paths (starting with one `/`) count;
 * full URLs, protocol-relative URLs, other schemes and anything that
 * normalises to a path starting with `//` or `/\` are refused.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string") return fallback;
  if (target.length === 0 || target.length > MAX_REDIRECT_LENGTH) return fallback;
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  if (REFUSED_CHARACTERS.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
