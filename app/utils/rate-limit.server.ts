import { RateLimiterMemory } from "rate-limiter-flexible";
import { getEnv } from "./env.server";

export type LoadContext = { clientAddress?: string };

export function clientAddress(context: unknown): string {
  if (context && typeof context === "object" && "clientAddress" in context) {
    const value = context.clientAddress;
    if (typeof value === "string" && value) return value;
  }
  return "unknown";
}

let submissionLimiter: RateLimiterMemory | undefined;

/**
 * Submissions per client address and hour, shared by the form and the API, so
 * that a script cannot flood the moderation queue. In memory: one app
 * instance. With several instances, swap in RateLimiterPostgres or Redis.
 */
export async function consumeSubmission(
  address: string,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  submissionLimiter ??= new RateLimiterMemory({
    points: getEnv().SUBMISSION_RATE_LIMIT,
    duration: 60 * 60,
  });
  try {
    await submissionLimiter.consume(address);
    return { allowed: true };
  } catch (rejection) {
    const ms =
      rejection && typeof rejection === "object" && "msBeforeNext" in rejection
        ? Number(rejection.msBeforeNext)
        : 60_000;
    return { allowed: false, retryAfterSeconds: Math.ceil(ms / 1000) };
  }
}

/** For tests: start with a fresh budget. */
export function resetRateLimits() {
  submissionLimiter = undefined;
}
