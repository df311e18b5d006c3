import { RateLimiterMemory } from "rate-limiter-flexible";
import { getEnv } from "./env.server";

export function clientAddress(context: unknown): string {
  if (context && typeof context === "object" && "clientAddress" in context) {
    const value = context.clientAddress;
    if (typeof value === "string" && value) return value;
  }
  return "unknown";
}

/**
 * Per-client budgets. In memory: one app instance. With several instances,
 * swap in rate-limiter-flexible's PostgreSQL or Redis store.
 */
const budgets = {
  /** New initiatives (form and API together): so that a script cannot flood the queue. */
  submission: () => ({ points: getEnv().SUBMISSION_RATE_LIMIT, duration: 60 * 60 }),
  /** Comments, supports and reports. */
  participation: () => ({ points: 60, duration: 60 * 60 }),
  /**
   * Posts with photos (each photo is decoded and encoded anew, seconds of CPU
   * for a large one), counted before the form is validated: 30 an hour is ten
   * times what one initiative needs, also after a few corrected mistakes.
   */
  upload: () => ({ points: 30, duration: 60 * 60 }),
  /**
   * Login requests per address (successful ones too), on top of the guessing
   * budgets of app/modules/staff/throttle.server.ts. LOGIN_RATE_LIMIT raises
   * it where many people log in from one address (a test suite's browsers).
   */
  login: () => ({ points: positiveInt(process.env.LOGIN_RATE_LIMIT) ?? 20, duration: 15 * 60 }),
  /**
   * Ballots cast or changed (code and open channel, form and API together).
   * Open votes count one ballot per browser; this bounds how many fresh
   * browsers one address can fake, and how many codes it can try. 120 in
   * 10 minutes still lets a polling table at a street party, where every
   * tablet shares one address, take a ballot every 5 seconds.
   * BALLOT_RATE_LIMIT raises it (load tests, a big event behind one address).
   */
  ballot: () => ({ points: positiveInt(process.env.BALLOT_RATE_LIMIT) ?? 120, duration: 10 * 60 }),
} as const;

function positiveInt(value: string | undefined): number | null {
  const number = Number(value);
  return value && Number.isSafeInteger(number) && number > 0 ? number : null;
}

export type Budget = keyof typeof budgets;

const limiters = new Map<Budget, RateLimiterMemory>();

export async function consume(
  budget: Budget,
  key: string,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  let limiter = limiters.get(budget);
  if (!limiter) {
    limiter = new RateLimiterMemory(budgets[budget]());
    limiters.set(budget, limiter);
  }
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (rejection) {
    const ms =
      rejection && typeof rejection === "object" && "msBeforeNext" in rejection
        ? Number(rejection.msBeforeNext)
        : 60_000;
    return { allowed: false, retryAfterSeconds: Math.ceil(ms / 1000) };
  }
}

export function consumeSubmission(address: string) {
  return consume("submission", address);
}

/** For tests: start with fresh budgets. */
export function resetRateLimits() {
  limiters.clear();
}
