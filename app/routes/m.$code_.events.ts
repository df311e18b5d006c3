import type { LoaderFunctionArgs } from "@remix-run/node";
import { getMeetingByCode } from "~/modules/meetings/meetings.server";
import { meetingStream } from "~/modules/meetings/meeting-stream.server";
import { getEnv } from "~/utils/env.server";

/**
 * GET /m/:code/events — the meeting's live state as server-sent events, for
 * the projection and the phones. Public like the join page: it carries the
 * state of the room and, once shown, counts; never a name, code or token.
 * Every new connection (also a reconnect with Last-Event-ID) starts with the
 * latest snapshot, which is the whole state.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const meeting = await getMeetingByCode(params.code ?? "");
  if (!meeting) {
    return new Response("Unknown meeting", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return meetingStream({ id: meeting.id, voteId: meeting.vote.id }, request.signal, {
    maxAgeSeconds: getEnv().SSE_MAX_AGE_SECONDS,
  });
}
