import { describe, expect, it } from "vitest";
import {
  generateJoinCode,
  JOIN_CODE_LENGTH,
  normaliseJoinCode,
} from "~/modules/meetings/join-code";
import { CODE_ALPHABET } from "~/modules/votes/codes";

/** xorshift32: a fixed, repeatable byte stream. */
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
    for (let i = 0; i < n; i++) out[i] = bytes[next++ % bytes.length]!;
    return out;
  };
}

const codePattern = new RegExp(`^[${CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

describe("join codes", () => {
  it("are four characters from the code alphabet, which has no look-alike pairs", () => {
    expect(JOIN_CODE_LENGTH).toBe(4);
    for (const char of "0O1I5S2Z8B") expect(CODE_ALPHABET).not.toContain(char);
    const draw = seededBytes(42);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = generateJoinCode(draw);
      expect(code).toMatch(codePattern);
      seen.add(code);
    }
    // 26⁴ codes: 2000 draws from a fair source hardly ever repeat.
    expect(seen.size).toBeGreaterThan(1990);
  });

  it("use every character of the alphabet, each equally often", () => {
    // Every byte value once: the bytes a fair source gives, in one cycle.
    const counts = new Map<string, number>();
    const draw = cycling(Array.from({ length: 256 }, (_, byte) => byte));
    for (let i = 0; i < 234; i++) {
      for (const char of generateJoinCode(draw)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join("")).toBe([...CODE_ALPHABET].sort().join(""));
    // Bytes ≥ 234 are thrown away, so each character gets exactly 9 of the 234 kept ones per cycle.
    expect(new Set(counts.values())).toEqual(new Set([36]));
  });

  it("skip bytes that would make some characters likelier, and stop on a broken source", () => {
    // 250 is thrown away (≥ 234); 0 → the alphabet's first character.
    expect(generateJoinCode(cycling([250, 0]))).toBe(CODE_ALPHABET[0]!.repeat(4));
    expect(() => generateJoinCode(cycling([255]))).toThrow(/unusable bytes/);
  });
});

describe("normaliseJoinCode", () => {
  it("accepts what a person types: lower case, spaces, dashes", () => {
    expect(normaliseJoinCode("K7M4")).toBe("K7M4");
    expect(normaliseJoinCode("k7m4")).toBe("K7M4");
    expect(normaliseJoinCode(" k7 m4 ")).toBe("K7M4");
    expect(normaliseJoinCode("K7-M4")).toBe("K7M4");
    expect(normaliseJoinCode("k\t7\nm4")).toBe("K7M4");
  });

  it("refuses look-alikes instead of guessing", () => {
    // 0/O, 1/I, 5/S, 2/Z, 8/B: none is a code character, so none is turned into one.
    for (const lookAlike of ["0", "O", "o", "1", "I", "i", "5", "S", "2", "Z", "8", "B"]) {
      expect(normaliseJoinCode(`K7M${lookAlike}`), lookAlike).toBeNull();
    }
  });

  it("refuses the wrong length and anything outside the alphabet", () => {
    expect(normaliseJoinCode("")).toBeNull();
    expect(normaliseJoinCode("K7M")).toBeNull();
    expect(normaliseJoinCode("K7M4A")).toBeNull();
    expect(normaliseJoinCode("K7M!")).toBeNull();
    expect(normaliseJoinCode("K7MÄ")).toBeNull();
    expect(normaliseJoinCode("K7M4/../x")).toBeNull();
    // Full-width letters look the same on a screen but are other characters.
    expect(normaliseJoinCode("Ｋ７Ｍ４")).toBeNull();
  });
});
