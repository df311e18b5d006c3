import { createCookie } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import { getCookieSecret } from "~/utils/secrets.server";

/**
 * One device token per phone and meeting: a random id in a signed, httpOnly
 * cookie whose path is the meeting's join path, so the browser sends it only
 * to that meeting. The token names its meeting, and a ballot is keyed by a
 * hash of both, so a token copied into another meeting is refused there and
 * nothing in the database leads back to the cookie.
 */
const MAX_AGE_SECONDS = 60 * 60 * 24;

async function deviceCookie(code: string) {
  return createCookie(`qs_device_${code}`, {
    path: `/m/${code}`,
    httpOnly: true,
    sameSite: "lax",
    maxAge: MAX_AGE_SECONDS,
    secrets: [await getCookieSecret()],
  });
}

type Token = { meetingId: string; id: string };

function isToken(value: unknown, meetingId: string): value is Token {
  if (!value || typeof value !== "object") return false;
  const token = value as Record<string, unknown>;
  return (
    token.meetingId === meetingId &&
    typeof token.id === "string" &&
    /^[A-Za-z0-9_-]{22,64}$/.test(token.id)
  );
}

export function phoneVoterKey(meetingId: string, tokenId: string): string {
  return `phone:${createHash("sha256").update(`meeting-device:${meetingId}:${tokenId}`).digest("hex")}`;
}

/**
 * The device's voter key in this meeting. With `create`, a phone without a
 * valid token gets one: send `setCookie` with the response.
 */
export async function getDeviceKey(
  request: Request,
  meeting: { id: string; code: string },
  options: { create: boolean },
): Promise<{ voterKey: string | null; setCookie?: string }> {
  const cookie = await deviceCookie(meeting.code);
  const value: unknown = await cookie.parse(request.headers.get("Cookie"));
  if (isToken(value, meeting.id)) return { voterKey: phoneVoterKey(meeting.id, value.id) };
  if (!options.create) return { voterKey: null };
  const token: Token = { meetingId: meeting.id, id: randomBytes(16).toString("base64url") };
  return {
    voterKey: phoneVoterKey(meeting.id, token.id),
    setCookie: await cookie.serialize(token),
  };
}
