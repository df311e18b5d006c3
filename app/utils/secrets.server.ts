import { randomBytes } from "node:crypto";
import { prisma } from "./db.server";

let cached: string | undefined;

/**
 * Secret for signing cookies. From COOKIE_SECRET when set; otherwise generated
 * once and kept in the database, so that `npm start` needs no configuration
 * and restarts do not invalidate cookies.
 */
export async function getCookieSecret(): Promise<string> {
  if (cached) return cached;
  const fromEnv = process.env.COOKIE_SECRET;
  if (fromEnv && fromEnv.length >= 32) return (cached = fromEnv);
  const generated = randomBytes(32).toString("base64url");
  // upsert with an empty update keeps the first value if two requests race.
  const row = await prisma.setting.upsert({
    where: { key: "cookieSecret" },
    create: { key: "cookieSecret", value: generated },
    update: {},
  });
  return (cached = row.value);
}
