import { randomBytes } from "node:crypto";
import { recordAudit } from "~/modules/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { generatePassword, hashPassword, verifyPassword } from "./password.server";
import type { Role } from "./permissions";
import {
  PASSWORD_CHANGE_ATTEMPTS,
  loginLockStates,
  loginSubject,
  loginSucceeded,
  passwordChangeKey,
  pruneThrottle,
  reserveAttempt,
  reserveLoginAttempt,
} from "./throttle.server";

/**
 * Every failed login is answered this long after it arrived, whatever the
 * reason (unknown address, wrong password, locked), so that the time tells
 * nothing about which accounts exist or are locked.
 */
export const FAILED_LOGIN_MS = 800;

// Verified against whenever no real hash may be checked (unknown or
// deactivated account, spent budget), so that every case does the same work.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(32).toString("base64url")));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One answer for every failure: the route cannot tell an unknown address,
 * a wrong password and a lock apart, and so neither can the visitor.
 */
export type LoginResult = { status: "ok"; staffId: string } | { status: "refused" };

export type LoginOptions = {
  /** The client's address (`context.clientAddress`): guessing budgets are per account and address. */
  address?: string;
  /** For tests: waits (default setTimeout). */
  delay?: (ms: number) => Promise<void>;
  /** For tests: a millisecond clock for the answer time (default performance.now). */
  clock?: () => number;
  /** For tests: the password check (default argon2id verification). */
  verify?: (passwordHash: string, password: string) => Promise<boolean>;
};

/**
 * Checks e-mail and password. An attempt is reserved in the guessing budgets
 * (throttle.server.ts) before the password is verified; without a reserved
 * attempt the real password hash is not looked at. Every failure is answered
 * FAILED_LOGIN_MS after the call began.
 */
export async function login(
  email: string,
  password: string,
  options: LoginOptions = {},
): Promise<LoginResult> {
  const clock = options.clock ?? (() => performance.now());
  const delay = options.delay ?? sleep;
  const verify = options.verify ?? verifyPassword;
  const started = clock();
  const address = options.address ?? "unknown";
  const normalised = email.trim().toLowerCase();

  const attempt = await reserveLoginAttempt(normalised, address);
  const staff = await prisma.staff.findUnique({
    where: { email: normalised },
    select: { id: true, passwordHash: true, active: true },
  });
  const checkable = attempt.reserved && staff !== null && staff.active;
  // The same argon2 work in every case; only a reserved attempt sees the real hash.
  const matches = await verify(checkable ? staff.passwordHash : await getDummyHash(), password);

  if (checkable && matches) {
    await loginSucceeded(normalised, address);
    await prisma.staff.update({ where: { id: staff.id }, data: { lastLoginAt: new Date() } });
    return { status: "ok", staffId: staff.id };
  }
  if (checkable) {
    for (const lock of attempt.exhausts) {
      await recordAudit(prisma, {
        staffId: null,
        action: "staff.locked",
        entityType: "staff",
        entityId: staff.id,
        after: lock,
      });
    }
  }
  await pruneThrottle();
  await delay(Math.max(0, started + FAILED_LOGIN_MS - clock()));
  return { status: "refused" };
}

export type CreateStaffResult =
  { status: "ok"; id: string; password: string } | { status: "refused"; reason: "email-taken" };

export async function createStaff(input: {
  email: string;
  name: string;
  role: Role;
  password?: string;
  createdById: string | null;
}): Promise<CreateStaffResult> {
  const email = input.email.trim().toLowerCase();
  if (await prisma.staff.findUnique({ where: { email } })) {
    return { status: "refused", reason: "email-taken" };
  }
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const staff = await prisma.$transaction(async (tx) => {
    const created = await tx.staff.create({
      data: { email, name: input.name, role: input.role, passwordHash },
    });
    await recordAudit(tx, {
      staffId: input.createdById,
      action: "staff.created",
      entityType: "staff",
      entityId: created.id,
      after: { email, name: input.name, role: input.role },
    });
    return created;
  });
  return { status: "ok", id: staff.id, password };
}

export async function listStaff() {
  const staff = await prisma.staff.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      active: true,
      lastLoginAt: true,
    },
  });
  const locks = await loginLockStates(staff.map((member) => member.email));
  return staff.map((member) => ({ ...member, ...locks.get(member.email)! }));
}

/** Lifts the login locks of an account, for every client address. */
export async function unlockStaff(
  id: string,
  byId: string,
): Promise<{ status: "ok" } | { status: "refused"; reason: "not-found" }> {
  const staff = await prisma.staff.findUnique({ where: { id }, select: { email: true } });
  if (!staff) return { status: "refused", reason: "not-found" };
  const before = (await loginLockStates([staff.email])).get(staff.email)!;
  await prisma.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { subject: await loginSubject(staff.email) } });
    await recordAudit(tx, {
      staffId: byId,
      action: "staff.unlocked",
      entityType: "staff",
      entityId: id,
      before,
      after: { lockedUntil: null },
    });
  });
  return { status: "ok" };
}

export type SetActiveResult =
  { status: "ok" } | { status: "refused"; reason: "self" | "last-admin" | "not-found" };

/** Deactivating ends the person's sessions at once. An admin cannot lock everyone out. */
export async function setStaffActive(
  id: string,
  active: boolean,
  byId: string,
): Promise<SetActiveResult> {
  if (id === byId && !active) return { status: "refused", reason: "self" };
  return prisma.$transaction(async (tx) => {
    const staff = await tx.staff.findUnique({ where: { id } });
    if (!staff) return { status: "refused", reason: "not-found" } as const;
    if (!active && staff.role === "admin") {
      const admins = await tx.staff.count({ where: { role: "admin", active: true } });
      if (admins <= 1) return { status: "refused", reason: "last-admin" } as const;
    }
    await tx.staff.update({ where: { id }, data: { active } });
    if (!active) await tx.staffSession.deleteMany({ where: { staffId: id } });
    await recordAudit(tx, {
      staffId: byId,
      action: active ? "staff.activated" : "staff.deactivated",
      entityType: "staff",
      entityId: id,
      before: { active: staff.active },
      after: { active },
    });
    return { status: "ok" } as const;
  });
}

export type ChangePasswordResult =
  | { status: "ok" }
  | { status: "refused"; reason: "wrong-password" }
  /** Too many wrong current passwords: every session of the account has ended. */
  | { status: "refused"; reason: "too-many" };

/**
 * Changes one's own password; other sessions of the account end. Wrong
 * current passwords are budgeted like logins (PASSWORD_CHANGE_ATTEMPTS per
 * account in 15 minutes, reserved before verifying): the attempt that spends
 * the budget ends all sessions of the account, so that someone with a stolen
 * session cannot go on guessing.
 */
export async function changePassword(
  input: {
    staffId: string;
    currentPassword: string;
    newPassword: string;
    keepSessionId?: string;
  },
  options: Pick<LoginOptions, "verify"> = {},
): Promise<ChangePasswordResult> {
  const verify = options.verify ?? verifyPassword;
  const key = await passwordChangeKey(input.staffId);
  const slot = await reserveAttempt(key, PASSWORD_CHANGE_ATTEMPTS);
  const staff = await prisma.staff.findUniqueOrThrow({ where: { id: input.staffId } });
  if (slot && (await verify(staff.passwordHash, input.currentPassword))) {
    const passwordHash = await hashPassword(input.newPassword);
    await prisma.$transaction(async (tx) => {
      await tx.staff.update({ where: { id: staff.id }, data: { passwordHash } });
      await tx.loginThrottle.deleteMany({ where: key });
      await tx.staffSession.deleteMany({
        where: {
          staffId: staff.id,
          ...(input.keepSessionId ? { id: { not: input.keepSessionId } } : {}),
        },
      });
      await recordAudit(tx, {
        staffId: staff.id,
        action: "staff.passwordChanged",
        entityType: "staff",
        entityId: staff.id,
      });
    });
    return { status: "ok" };
  }
  if (slot && slot.attempts < PASSWORD_CHANGE_ATTEMPTS) {
    return { status: "refused", reason: "wrong-password" };
  }
  // The budget is spent: end every session (the one guessing included). The
  // count starts afresh, as the next attempt needs a new login, i.e. the password.
  await prisma.$transaction(async (tx) => {
    const ended = await tx.staffSession.deleteMany({ where: { staffId: staff.id } });
    await tx.loginThrottle.deleteMany({ where: key });
    if (slot || ended.count > 0) {
      await recordAudit(tx, {
        staffId: staff.id,
        action: "staff.passwordAttemptsExceeded",
        entityType: "staff",
        entityId: staff.id,
        after: { attempts: PASSWORD_CHANGE_ATTEMPTS, sessionsEnded: ended.count },
      });
    }
  });
  return { status: "refused", reason: "too-many" };
}
