/**
 * One normalisation for all text that people type or send, applied before
 * validation (form fields, JSON API bodies). Pure and isomorphic: no Node
 * imports, no zod.
 *
 * - unpaired UTF-16 surrogates become U+FFFD (they cannot be stored as UTF-8)
 * - CRLF, CR, NEL and the Unicode line/paragraph separators become LF
 * - C0 and C1 control characters are removed, except newline and tab
 * - bidi embedding (LRE, RLE, PDF) and isolate (LRI, RLI, FSI, PDI) controls
 *   are kept only as balanced pairs within a line; the rest are removed
 * - the bidi overrides LRO/RLO (U+202D/U+202E) are left in place: they disguise
 *   text, so validation refuses them visibly (`containsBidiOverride`)
 * - NFC
 * - invisible characters (zero-width space, joiners, BOM, soft hyphen, …) are
 *   trimmed at both ends; inside the text they stay (ZWNJ in Persian and
 *   Kurdish words, ZWJ in emoji sequences)
 * - a text made only of white space and invisible characters becomes ""
 *
 * Idempotent: normaliseText(normaliseText(x)) === normaliseText(x).
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;
/** C0 without tab (U+0009) and newline (U+000A), DEL, C1. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const BIDI_OVERRIDES = /[\u202D\u202E]/;

/**
 * Invisible characters that carry no meaning at either end of a text:
 * zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen,
 * Mongolian vowel separator, invisible operators, combining grapheme joiner,
 * Hangul fillers, Khmer inherent vowels.
 */
const EDGE_INVISIBLE =
  "\u200B\u200C\u200D\u2060\uFEFF\u00AD\u180E\u2061-\u2064\u034F\u115F\u1160\u3164\uFFA0\u17B4\u17B5";
/**
 * Characters that show nothing on their own (besides white space and the
 * above): direction marks, embedding/isolate controls, variation selectors,
 * tag characters, the blank Braille pattern. Kept inside and at the ends of a
 * text (a trailing RLM can place punctuation in Arabic), but a text made only
 * of them is empty.
 */
const OTHER_BLANK =
  "\u200E\u200F\u061C\u202A-\u202C\u2066-\u2069\uFE00-\uFE0F\u2800\u{E0000}-\u{E007F}";

const LEADING_RUN = new RegExp(`^[\\s${EDGE_INVISIBLE}]+`, "u");
const TRAILING_RUN = new RegExp(`[\\s${EDGE_INVISIBLE}]+$`, "u");
const EDGE_INVISIBLE_CHAR = new RegExp(`[${EDGE_INVISIBLE}]`, "gu");
const BLANK_ONLY = new RegExp(`^[\\s${EDGE_INVISIBLE}${OTHER_BLANK}]*$`, "u");

const LRE = 0x202a;
const RLE = 0x202b;
const PDF = 0x202c;
const LRO = 0x202d;
const RLO = 0x202e;
const LRI = 0x2066;
const RLI = 0x2067;
const FSI = 0x2068;
const PDI = 0x2069;

/**
 * Removes embedding and isolate controls that are not part of a properly
 * nested pair on the same line (a bidi paragraph). An embedding (LRE, RLE, and
 * for pairing also LRO, RLO) is closed by PDF, an isolate (LRI, RLI, FSI) by
 * PDI. Overrides themselves are never removed here (see containsBidiOverride).
 */
function balanceBidiControls(text: string): string {
  if (!/[\u202A-\u202E\u2066-\u2069]/.test(text)) return text;
  const units = [...text];
  const drop = new Set<number>();
  let open: { index: number; isolate: boolean }[] = [];
  const closeLine = () => {
    for (const { index } of open) drop.add(index);
    open = [];
  };
  units.forEach((char, index) => {
    const code = char.codePointAt(0)!;
    if (char === "\n") closeLine();
    else if (code === LRE || code === RLE || code === LRO || code === RLO) {
      open.push({ index, isolate: false });
    } else if (code === LRI || code === RLI || code === FSI) {
      open.push({ index, isolate: true });
    } else if (code === PDF) {
      const top = open[open.length - 1];
      if (top && !top.isolate) open.pop();
      else drop.add(index);
    } else if (code === PDI) {
      let at = open.length - 1;
      while (at >= 0 && !open[at].isolate) at--;
      if (at < 0) drop.add(index);
      else {
        // Embeddings left open inside the isolate are unbalanced.
        for (const entry of open.slice(at + 1)) drop.add(entry.index);
        open = open.slice(0, at);
      }
    }
  });
  closeLine();
  return units
    .filter((char, index) => {
      if (!drop.has(index)) return true;
      const code = char.codePointAt(0)!;
      return code === LRO || code === RLO; // left for validation to refuse
    })
    .join("");
}

function trimInvisibleEdges(text: string): string {
  return text
    .replace(LEADING_RUN, (run) => run.replace(EDGE_INVISIBLE_CHAR, ""))
    .replace(TRAILING_RUN, (run) => run.replace(EDGE_INVISIBLE_CHAR, ""));
}

/** True for a text that shows nothing: only white space and invisible characters. */
export function isBlankText(value: string): boolean {
  return BLANK_ONLY.test(value);
}

export function normaliseText(value: string): string {
  let text = value
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(LINE_BREAKS, "\n")
    .replace(CONTROLS, "");
  text = balanceBidiControls(text).normalize("NFC");
  if (isBlankText(text)) return "";
  return trimInvisibleEdges(text);
}

/** The bidi overrides LRO and RLO (U+202D, U+202E) reorder text to disguise it. */
export function containsBidiOverride(value: string): boolean {
  return BIDI_OVERRIDES.test(value);
}

type JsonContainer = Record<string, unknown> | unknown[];

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function shallowCopy(value: unknown): JsonContainer | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) return [...value];
  // Spread defines own properties, so a "__proto__" key from JSON stays a plain key.
  return isPlainObject(value) ? { ...value } : undefined;
}

/**
 * Normalises every string value in a parsed JSON value (objects and arrays,
 * any depth, without recursion so that deep nesting cannot overflow the stack).
 * Keys and non-string values are kept as they are. Returns a copy.
 */
export function normaliseInput(value: unknown): unknown {
  if (typeof value === "string") return normaliseText(value);
  const root = shallowCopy(value);
  if (!root) return value;
  const pending: JsonContainer[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const target = node as Record<string, unknown>;
    for (const key of Object.keys(target)) {
      const child = target[key];
      if (typeof child === "string") {
        Object.defineProperty(target, key, { value: normaliseText(child) });
      } else {
        const copy = shallowCopy(child);
        if (copy) {
          Object.defineProperty(target, key, { value: copy });
          pending.push(copy);
        }
      }
    }
  }
  return root;
}
