/**
 * One-time voting codes, printed on letters or slips and typed in by
 * residents. Pure and crypto-free so it can be tested with a fixed byte
 * source: the server passes `crypto.getRandomValues`/`randomBytes`.
 *
 * Every character that looks like another is left out as a pair — 0/O, 1/I
 * (and lowercase l/i), 5/S, 2/Z, 8/B — so no look-alike of a code character
 * is itself a code character. That makes the typing rules simple: case does
 * not matter, spaces and dashes are ignored, and anything else outside the
 * alphabet is refused rather than guessed at (a typed "0" could have been
 * meant as "Q", "D" or nothing; guessing would only turn a clear error into
 * an "unknown code").
 */

export const CODE_ALPHABET = "34679ACDEFGHJKLMNPQRTUVWXY";
export const CODE_LENGTH = 10;
/** 10 characters from 26 give 47.0 bits. Enough for codes that are rate-limited and single-use. */
export const CODE_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);
const GROUP = 4;

/**
 * Bytes at or above this are thrown away: 234 = 9 × 26, so each character
 * is hit by exactly 9 byte values. Taking `byte % 26` of every byte would
 * make the first 22 characters more likely than the last 4.
 */
const ACCEPT_BELOW = 256 - (256 % CODE_ALPHABET.length);
/** A real random source loses 8.6 % of bytes; hundreds of empty rounds mean a broken one. */
const MAX_ROUNDS = 100;

export function generateCode(randomBytes: (n: number) => Uint8Array): string {
  let code = "";
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Ask for exactly what is missing: no byte is drawn and thrown away unseen.
    for (const byte of randomBytes(CODE_LENGTH - code.length)) {
      if (byte >= ACCEPT_BELOW) continue;
      code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
      if (code.length === CODE_LENGTH) return code;
    }
  }
  throw new Error("generateCode: the random source keeps returning unusable bytes");
}

/** "K7M4XH3PQR" → "K7M4-XH3P-QR", for letters and the screen. */
export function formatCode(code: string): string {
  const groups: string[] = [];
  for (let start = 0; start < code.length; start += GROUP) {
    groups.push(code.slice(start, start + GROUP));
  }
  return groups.join("-");
}

/** True for a code in stored (canonical) form; use `normaliseCode` for what a resident typed. */
export function isWellFormedCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((char) => CODE_ALPHABET.includes(char));
}

export type NormalisedCode =
  | { ok: true; code: string }
  | { ok: false; reason: "empty" | "wrong-length" }
  | { ok: false; reason: "invalid-character"; characters: string[] };

/**
 * What a resident typed → the stored form. NFKC first, so full-width
 * characters from a phone keyboard in another script count as their ASCII
 * twins; then any whitespace and any dash is dropped and letters are
 * upper-cased. Refuses characters outside the alphabet, naming them, so the
 * page can say "0 never appears in a code — did you mean …?".
 */
export function normaliseCode(input: string): NormalisedCode {
  const compact = input
    .normalize("NFKC")
    .replace(/[\s\p{Pd}\u2212]/gu, "")
    .toUpperCase();
  if (compact.length === 0) return { ok: false, reason: "empty" };
  const invalid = [...new Set([...compact].filter((char) => !CODE_ALPHABET.includes(char)))];
  if (invalid.length > 0) return { ok: false, reason: "invalid-character", characters: invalid };
  if (compact.length !== CODE_LENGTH) return { ok: false, reason: "wrong-length" };
  return { ok: true, code: compact };
}
