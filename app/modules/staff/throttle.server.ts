import { createHmac } from "node:crypto";
import { addressBucket } from "~/utils/address-bucket.server";
import { prisma } from "~/utils/db.server";
import { getCookieSecret } from "~/utils/secrets.server";

/**
 * Guessing budgets for passwords, in the database (table LoginThrottle).
 *
 * A budget allows `limit` attempts per window of THROTTLE_MINUTES, counted
 * from the first attempt. An attempt is *reserved* before the password is
 * verified, by one SQL statement that checks the limit and counts the attempt
 * together; the password is verified only when the reservation succeeded. So
 * however many guesses arrive at the same moment, at most `limit` of them are
 * verified per window. A correct password gives its attempt back.
 *
 * Logins have two budgets: per e-mail address *and* client address (small:
 * the one who is guessing is locked out, the owner at another address is
 * not) and per e-mail address across all client addresses (larger: bounds a
 * guessing attack spread over many addresses). The e-mail address is counted
 * whether an account exists or not, so a real and an unknown address behave
 * the same. Client addresses count by household (IPv6 by its /64). Only
 * keyed hashes (HMAC-SHA256 with the server secret) of e-mail and client
 * addresses are stored, so the table tells nobody who tried what from where.
 */
export const THROTTLE_MINUTES = 15;
/** Failed logins per e-mail address and client address in THROTTLE_MINUTES. */
export const LOGIN_ATTEMPTS_PER_ADDRESS = 5;
/** Failed logins per e-mail address from all client addresses together in THROTTLE_MINUTES. */
export const LOGIN_ATTEMPTS_PER_ACCOUNT = 50;
/** Wrong current passwords in the password-change form per account in THROTTLE_MINUTES. */
export const PASSWORD_CHANGE_ATTEMPTS = 5;

const WINDOW_MS = THROTTLE_MINUTES * 60_000;
/** `source` of the row that counts across all client addresses. */
const ALL_SOURCES = "*";

const keyedHash = async (value: string) =>
  createHmac("sha256", await getCookieSecret())
    .update(value)
    .digest("hex");

export type ThrottleKey = { subject: string; source: string };
export type Slot = { attempts: number; windowStart: Date };

export const loginSubject = (email: string) => keyedHash(`login:${email.trim().toLowerCase()}`);
const passwordChangeSubject = (staffId: string) => keyedHash(`password:${staffId}`);
const sourceOf = (clientAddress: string) =>
  keyedHash(`login-source:${addressBucket(clientAddress)}`);

/**
 * Reserves one attempt of a budget: one statement that starts a new window
 * when the old one has run out, counts the attempt when the limit allows it,
 * and returns the count, or null (nothing counted) when the budget is spent.
 */
export async function reserveAttempt(
  key: ThrottleKey,
  limit: number,
  now = new Date(),
): Promise<Slot | null> {
  const expired = new Date(now.getTime() - WINDOW_MS);
  const rows = await prisma.$queryRaw<Array<{ attempts: number | bigint; windowStart: Date }>>`
    INSERT INTO "LoginThrottle" ("subject", "source", "attempts", "windowStart")
    VALUES (${key.subject}, ${key.source}, 1, ${now})
    ON CONFLICT ("subject", "source") DO UPDATE SET
      "attempts" = CASE WHEN "windowStart" <= ${expired} THEN 1 ELSE "attempts" + 1 END,
      "windowStart" = CASE WHEN "windowStart" <= ${expired} THEN ${now} ELSE "windowStart" END
    WHERE "windowStart" <= ${expired} OR "attempts" < ${limit}
    RETURNING "attempts", "windowStart"`;
  const row = rows[0];
  return row ? { attempts: Number(row.attempts), windowStart: new Date(row.windowStart) } : null;
}

/** Gives a reserved attempt back (it was not a failure, or was never verified). */
export async function releaseAttempt(key: ThrottleKey): Promise<void> {
  await prisma.loginThrottle.updateMany({
    where: { ...key, attempts: { gt: 0 } },
    data: { attempts: { decrement: 1 } },
  });
}

export const lockedUntil = (slot: Slot) => new Date(slot.windowStart.getTime() + WINDOW_MS);

export type LoginAttempt =
  | { reserved: false }
  | {
      reserved: true;
      /** Budgets that this attempt used up: if it fails, they are locked until the window ends. */
      exhausts: Array<{ scope: "address" | "account"; lockedUntil: Date }>;
    };

/**
 * Reserves a login attempt in both budgets, or in none: when the address's
 * budget had room but the account's did not, the address's attempt is given back.
 */
export async function reserveLoginAttempt(
  email: string,
  clientAddress: string,
  now = new Date(),
): Promise<LoginAttempt> {
  const subject = await loginSubject(email);
  const pair = { subject, source: await sourceOf(clientAddress) };
  const address = await reserveAttempt(pair, LOGIN_ATTEMPTS_PER_ADDRESS, now);
  if (!address) return { reserved: false };
  const account = await reserveAttempt(
    { subject, source: ALL_SOURCES },
    LOGIN_ATTEMPTS_PER_ACCOUNT,
    now,
  );
  if (!account) {
    await releaseAttempt(pair);
    return { reserved: false };
  }
  const exhausts: Array<{ scope: "address" | "account"; lockedUntil: Date }> = [];
  if (address.attempts >= LOGIN_ATTEMPTS_PER_ADDRESS)
    exhausts.push({ scope: "address", lockedUntil: lockedUntil(address) });
  if (account.attempts >= LOGIN_ATTEMPTS_PER_ACCOUNT)
    exhausts.push({ scope: "account", lockedUntil: lockedUntil(account) });
  return { reserved: true, exhausts };
}

/**
 * After a correct password: the address starts afresh, and the attempt is
 * given back to the account's budget (which keeps counting other addresses' failures).
 */
export async function loginSucceeded(email: string, clientAddress: string): Promise<void> {
  const subject = await loginSubject(email);
  await prisma.loginThrottle.deleteMany({
    where: { subject, source: await sourceOf(clientAddress) },
  });
  await releaseAttempt({ subject, source: ALL_SOURCES });
}

export type LoginLockState = {
  /** Failed logins in the current window, from all addresses. */
  failures: number;
  /** Set when the account's budget across all addresses is spent. */
  accountLockedUntil: Date | null;
  /** Client addresses whose budget for this account is spent. */
  lockedAddresses: number;
  /** When the last of these locks ends. */
  lockedUntil: Date | null;
};

/** The lock state of accounts by e-mail address, for admins. */
export async function loginLockStates(
  emails: string[],
  now = new Date(),
): Promise<Map<string, LoginLockState>> {
  const subjects = new Map(
    await Promise.all(emails.map(async (email) => [await loginSubject(email), email] as const)),
  );
  const rows = await prisma.loginThrottle.findMany({
    where: {
      subject: { in: [...subjects.keys()] },
      windowStart: { gt: new Date(now.getTime() - WINDOW_MS) },
    },
  });
  const states = new Map<string, LoginLockState>();
  for (const email of emails) {
    states.set(email, {
      failures: 0,
      accountLockedUntil: null,
      lockedAddresses: 0,
      lockedUntil: null,
    });
  }
  for (const row of rows) {
    const state = states.get(subjects.get(row.subject)!)!;
    const until = lockedUntil(row);
    let locked: boolean;
    if (row.source === ALL_SOURCES) {
      state.failures = row.attempts;
      locked = row.attempts >= LOGIN_ATTEMPTS_PER_ACCOUNT;
      if (locked) state.accountLockedUntil = until;
    } else {
      locked = row.attempts >= LOGIN_ATTEMPTS_PER_ADDRESS;
      if (locked) state.lockedAddresses += 1;
    }
    if (locked && (!state.lockedUntil || until > state.lockedUntil)) state.lockedUntil = until;
  }
  return states;
}

export const passwordChangeKey = async (staffId: string): Promise<ThrottleKey> => ({
  subject: await passwordChangeSubject(staffId),
  source: ALL_SOURCES,
});

/** Deletes rows whose window has ended (they would start afresh anyway). */
export async function pruneThrottle(now = new Date()): Promise<void> {
  await prisma.loginThrottle.deleteMany({
    where: { windowStart: { lte: new Date(now.getTime() - WINDOW_MS) } },
  });
}
