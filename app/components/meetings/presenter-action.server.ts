import { getMeeting, presenterCommand } from "~/modules/meetings/meetings.server";
import { parsePresenterForm } from "./meeting-forms.schema.server";

export type PresenterOutcome =
  | { status: "ok" }
  /** A catalogue reason under staff.meetings.refusals (a command's refusal or a form error). */
  | { status: "refused"; reason: string };

/**
 * One presenter command from a form (the remote's buttons, the projection's
 * keys): parse, run, say how it went. The caller has checked the role and
 * the CSRF token.
 */
export async function runPresenterForm(
  meetingId: string,
  staffId: string,
  formData: FormData,
): Promise<PresenterOutcome> {
  const parsed = parsePresenterForm(formData);
  if (!parsed.ok) return { status: "refused", reason: parsed.error };
  let command = parsed.command;
  if (command.kind === "toggle-hide") {
    // The key toggles what the meeting does now, which the snapshot does not tell
    // (tallies may be visible because they are not hidden, or because they were revealed).
    const meeting = await getMeeting(meetingId);
    if (!meeting) return { status: "refused", reason: "not-found" };
    command = { kind: "hide", hide: !meeting.state.hideTallies };
  }
  const result = await presenterCommand(meetingId, staffId, command);
  return result.status === "ok" ? { status: "ok" } : result;
}
