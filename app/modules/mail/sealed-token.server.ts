import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getCookieSecret } from "~/utils/secrets.server";

/**
 * The private tracking token, sealed for later mails. The proposal keeps only
 * the token's hash; a status mail sent weeks later still needs the link, so
 * the subscription keeps the token encrypted (AES-256-GCM) under a key derived
 * from the app secret (COOKIE_SECRET, or the one generated into the database).
 * A changed secret makes old seals unreadable: those mails then go out
 * without the link and point to the first mail instead.
 */
const INFO = "quartiersstimme:mail:tracking-token:v1";

async function key(): Promise<Buffer> {
  return Buffer.from(hkdfSync("sha256", await getCookieSecret(), "", INFO, 32));
}

export async function sealToken(token: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await key(), iv);
  const sealed = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

export async function unsealToken(sealed: string): Promise<string | null> {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.length < 29) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", await key(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
