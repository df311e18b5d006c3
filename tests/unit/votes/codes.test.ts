import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  CODE_BITS,
  CODE_LENGTH,
  formatCode,
  generateCode,
  isWellFormedCode,
  normaliseCode,
} from "~/modules/votes/codes";

/** xorshift32: a fixed, repeatable byte stream, so the statistics below never flake. */
function seededBytes(seed: number) {
  let state = seed >>> 0 || 1;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    return out;
  };
}

/** Returns the given bytes over and over. */
function cycling(bytes: number[]) {
  let next = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = bytes[next++ % bytes.length];
    return out;
  };
}

const everyByte = Array.from({ length: 256 }, (_, byte) => byte);
const codePattern = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

describe("code alphabet", () => {
  it("leaves out every ambiguous character, in both cases", () => {
    for (const char of "0Oo1lIi5Ss2Zz8Bb") expect(CODE_ALPHABET).not.toContain(char);
    expect(CODE_ALPHABET).toBe(CODE_ALPHABET.toUpperCase());
  });

  it("has no repeated characters and only ASCII letters and digits", () => {
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
    expect(CODE_ALPHABET).toMatch(/^[A-Z0-9]+$/);
  });

  it("gives codes of at least 45 bits", () => {
    expect(CODE_BITS).toBeCloseTo(CODE_LENGTH * Math.log2(CODE_ALPHABET.length), 10);
    expect(CODE_BITS).toBeGreaterThanOrEqual(45);
  });
});

describe("generateCode", () => {
  it("produces well-formed codes shown as XXXX-XXXX-XX", () => {
    const random = seededBytes(7);
    for (let i = 0; i < 200; i++) {
      const code = generateCode(random);
      expect(code).toMatch(codePattern);
      expect(isWellFormedCode(code)).toBe(true);
      expect(formatCode(code)).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
    }
  });

  it("gives different codes for different random bytes and the same for the same", () => {
    expect(generateCode(seededBytes(1))).toBe(generateCode(seededBytes(1)));
    const random = seededBytes(99);
    const codes = new Set(Array.from({ length: 1000 }, () => generateCode(random)));
    expect(codes.size).toBe(1000);
  });

  it("uses every character exactly equally often when fed every byte value equally often", () => {
    // 117 codes use 1170 accepted bytes = 5 rounds of the 234 accepted values.
    // Plain `byte % 26` would also use 234…255 and give 22 characters one extra hit per round.
    const random = cycling(everyByte);
    const counts = new Map<string, number>();
    for (let i = 0; i < 117; i++) {
      for (const char of generateCode(random)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(CODE_ALPHABET.length);
    expect(new Set(counts.values())).toEqual(new Set([45]));
  });

  it("throws away bytes from 234 up instead of folding them onto the alphabet", () => {
    // 235 % 26 would be "4"; only the 0s may be used.
    expect(generateCode(cycling([235, 0]))).toBe(CODE_ALPHABET[0].repeat(CODE_LENGTH));
    expect(generateCode(cycling([255, 250, 234, 25]))).toBe(CODE_ALPHABET[25].repeat(CODE_LENGTH));
    // 233 is the largest accepted byte.
    expect(generateCode(cycling([233]))).toBe(CODE_ALPHABET[233 % 26].repeat(CODE_LENGTH));
  });

  it("is close to uniform over many codes from a pseudo-random stream", () => {
    const random = seededBytes(2024);
    const counts = new Map<string, number>();
    const codes = 20_000;
    for (let i = 0; i < codes; i++) {
      for (const char of generateCode(random)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    const expected = (codes * CODE_LENGTH) / CODE_ALPHABET.length;
    const chiSquare = [...CODE_ALPHABET].reduce(
      (sum, char) => sum + ((counts.get(char) ?? 0) - expected) ** 2 / expected,
      0,
    );
    // 25 degrees of freedom: 60 is about the 99.99th percentile.
    // Plain `byte % 26` would push it to about 270.
    expect(chiSquare).toBeLessThan(60);
  });

  it("refuses a random source that never yields a usable byte", () => {
    expect(() => generateCode(cycling([255]))).toThrow(/random source/);
  });
});

describe("normaliseCode", () => {
  it("accepts the code as printed, in lower case, with spaces or any dash", () => {
    for (const input of [
      "K7M4-XH3P-QR",
      "k7m4-xh3p-qr",
      " K7M4 XH3P QR ",
      "K7M4XH3PQR",
      "K7M4–XH3P—QR",
      "K7M4\u00a0XH3P\tQR",
      "Ｋ７Ｍ４－ＸＨ３Ｐ－ＱＲ",
    ]) {
      expect(normaliseCode(input)).toEqual({ ok: true, code: "K7M4XH3PQR" });
    }
  });

  it("reads a typed lower-case l as the code letter L", () => {
    expect(normaliseCode("k7m4-xh3p-ql")).toEqual({ ok: true, code: "K7M4XH3PQL" });
  });

  it("refuses characters that never appear in codes and names them", () => {
    expect(normaliseCode("K7M4-XH3P-Q0")).toEqual({
      ok: false,
      reason: "invalid-character",
      characters: ["0"],
    });
    expect(normaliseCode("k7m4-xh3p-oi")).toEqual({
      ok: false,
      reason: "invalid-character",
      characters: ["O", "I"],
    });
    expect(normaliseCode("S5S5-B8B8-Z2")).toEqual({
      ok: false,
      reason: "invalid-character",
      characters: ["S", "5", "B", "8", "Z", "2"],
    });
    expect(normaliseCode("K7M4.XH3P.QR")).toMatchObject({ reason: "invalid-character" });
    expect(normaliseCode("K7M4XH3PQ😀")).toMatchObject({ reason: "invalid-character" });
  });

  it("refuses codes that are too short or too long, and empty input", () => {
    expect(normaliseCode("K7M4-XH3P")).toEqual({ ok: false, reason: "wrong-length" });
    expect(normaliseCode("K7M4-XH3P-QRR")).toEqual({ ok: false, reason: "wrong-length" });
    expect(normaliseCode("")).toEqual({ ok: false, reason: "empty" });
    expect(normaliseCode(" - -")).toEqual({ ok: false, reason: "empty" });
  });

  it("turns every generated code, formatted, back into itself", () => {
    const random = seededBytes(5);
    for (let i = 0; i < 200; i++) {
      const code = generateCode(random);
      expect(normaliseCode(formatCode(code))).toEqual({ ok: true, code });
      expect(normaliseCode(formatCode(code).toLowerCase())).toEqual({ ok: true, code });
    }
  });
});

describe("formatCode and isWellFormedCode", () => {
  it("groups in fours", () => {
    expect(formatCode("K7M4XH3PQR")).toBe("K7M4-XH3P-QR");
  });

  it("accepts only the stored form", () => {
    expect(isWellFormedCode("K7M4XH3PQR")).toBe(true);
    for (const code of ["K7M4-XH3P-QR", "k7m4xh3pqr", "K7M4XH3PQ0", "K7M4XH3PQ", "K7M4XH3PQRR"]) {
      expect(isWellFormedCode(code)).toBe(false);
    }
  });
});
