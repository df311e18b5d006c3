import { getEnv } from "~/utils/env.server";
import { nodeMeetingStream } from "./meeting-stream.server";
import { getMeetingByCode } from "./meetings.server";

type Request = {
  method: string;
  params: Record<string, string | undefined>;
  on(event: "close", listener: () => void): unknown;
};
type Response = Parameters<typeof nodeMeetingStream>[2] & {
  end(body?: string): unknown;
};

/**
 * `GET /m/:code/events` in the production server (server.mjs, ahead of Remix
 * and compression): the same answers as the resource route
 * `app/routes/m.$code_.events.ts`, but written straight to Node's response
 * (see `nodeMeetingStream`). Public like the join page: it carries the state
 * of the room and, once shown, counts; never a name, code or token.
 */
export async function meetingEvents(req: Request, res: Response, next: (error?: unknown) => void) {
  try {
    const meeting = await getMeetingByCode(req.params.code ?? "");
    if (!meeting) {
      res.writeHead(404, {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
      });
      res.end("Unknown meeting");
      return;
    }
    if (req.method === "HEAD") {
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store, no-transform",
      });
      res.end();
      return;
    }
    nodeMeetingStream({ id: meeting.id, voteId: meeting.vote.id }, req, res, {
      maxAgeSeconds: getEnv().SSE_MAX_AGE_SECONDS,
    });
  } catch (error) {
    next(error);
  }
}
