import { CODE_ALPHABET } from "~/modules/votes/codes";

/**
 * A meeting's join code: four characters from the voting codes' alphabet,
 * which leaves out every look-alike pair (0/O, 1/I, 5/S, 2/Z, 8/B), so it
 * can be read off a projector and typed on a phone. 26⁴ ≈ 457,000 codes;
 * uniqueness is the database's job (Meeting.joinCode is unique).
 */
export const JOIN_CODE_LENGTH = 4;
const ACCEPT_BELOW = 256 - (256 % CODE_ALPHABET.length);

export function generateJoinCode(randomBytes: (n: number) => Uint8Array): string {
  let code = "";
  for (let round = 0; round < 100 && code.length < JOIN_CODE_LENGTH; round++) {
    for (const byte of randomBytes(JOIN_CODE_LENGTH - code.length)) {
      if (byte >= ACCEPT_BELOW) continue;
      code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
  }
  if (code.length !== JOIN_CODE_LENGTH) {
    throw new Error("generateJoinCode: the random source keeps returning unusable bytes");
  }
  return code;
}

/** What a person typed or a URL carried → the stored form, or null if it cannot be a code. */
export function normaliseJoinCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  if (code.length !== JOIN_CODE_LENGTH) return null;
  return [...code].every((char) => CODE_ALPHABET.includes(char)) ? code : null;
}
