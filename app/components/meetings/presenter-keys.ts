import type { MeetingSnapshot } from "~/modules/meetings/meeting-state";
import type { VoteMethod } from "~/modules/votes/methods";
import {
  COUNTDOWN_MAX_SECONDS,
  DEFAULT_COUNTDOWN_SECONDS,
  type PresenterIntent,
} from "./meeting-forms";

export type KeyAction =
  { kind: "command"; intent: PresenterIntent; fields?: Record<string, string> } | { kind: "help" };

/** The keys in the order of the key help, with their catalogue keys (staff.meetings.keys.*). */
export const keyHelp = [
  { keys: ["→", "PgDn"], text: "next" },
  { keys: ["←", "PgUp"], text: "previous" },
  { keys: ["Space"], text: "space" },
  { keys: ["A"], text: "openAll" },
  { keys: ["C"], text: "countdown" },
  { keys: ["R"], text: "reveal" },
  { keys: ["H"], text: "hide" },
  { keys: ["O", "Esc"], text: "overview" },
  { keys: ["?"], text: "help" },
] as const;

/**
 * What a key on the projection laptop does, given what the room sees now.
 * Space is the one key for "go" and "stop": it closes open voting; otherwise
 * it opens the spotlighted question (yes/no votes) or the whole vote.
 * C starts a one-minute countdown, or adds a minute to a running one.
 */
export function keyAction(
  key: string,
  context: {
    snapshot: Pick<MeetingSnapshot, "voting" | "spotlightOptionId">;
    method: VoteMethod;
    /** Seconds left on the countdown as the page shows it; null without one. */
    secondsLeft: number | null;
  },
): KeyAction | null {
  const { snapshot, method, secondsLeft } = context;
  const votingOpen = snapshot.voting.open && secondsLeft !== 0;
  switch (key) {
    case "ArrowRight":
    case "PageDown":
      return { kind: "command", intent: "next" };
    case "ArrowLeft":
    case "PageUp":
      return { kind: "command", intent: "previous" };
    case " ":
    case "Spacebar":
      if (votingOpen) return { kind: "command", intent: "close" };
      return {
        kind: "command",
        intent:
          method === "yes_no" && snapshot.spotlightOptionId !== null ? "open-question" : "open-all",
      };
    case "a":
    case "A":
      return { kind: "command", intent: "open-all" };
    case "c":
    case "C": {
      const seconds =
        votingOpen && secondsLeft !== null && secondsLeft > 0
          ? Math.min(COUNTDOWN_MAX_SECONDS, secondsLeft + DEFAULT_COUNTDOWN_SECONDS)
          : DEFAULT_COUNTDOWN_SECONDS;
      return { kind: "command", intent: "countdown", fields: { seconds: String(seconds) } };
    }
    case "r":
    case "R":
      return { kind: "command", intent: "reveal" };
    case "h":
    case "H":
      return { kind: "command", intent: "toggle-hide" };
    case "o":
    case "O":
    case "Escape":
      return { kind: "command", intent: "overview" };
    case "?":
      return { kind: "help" };
    default:
      return null;
  }
}

/** Keys typed into a field, or with a modifier (browser shortcuts), are not commands. */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
