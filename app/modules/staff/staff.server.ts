import { recordAudit } from "~/modules/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { generatePassword, hashPassword, verifyPassword } from "./password.server";
import type { Role } from "./permissions";

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

// Verified against when the email is unknown, so that the answer takes as long
// as for a known account and does not reveal which addresses exist.
let dummyHash: Promise<string> | undefined;

export type LoginResult =
  | { status: "ok"; staffId: string }
  | { status: "refused"; reason: "invalid" | "locked"; lockedUntil?: Date };

/**
 * Checks email and password. Failed attempts are slowed down (growing delay)
 * and after LOCK_AFTER_FAILURES the account is locked for LOCK_MINUTES.
 */
export async function login(
  email: string,
  password: string,
  options: { delay?: (ms: number) => Promise<void> } = {},
): Promise<LoginResult> {
  const delay = options.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const staff = await prisma.staff.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!staff || !staff.active) {
    await verifyPassword(await (dummyHash ??= hashPassword("not-a-real-password")), password);
    await delay(300);
    return { status: "refused", reason: "invalid" };
  }
  if (staff.lockedUntil && staff.lockedUntil > new Date()) {
    return { status: "refused", reason: "locked", lockedUntil: staff.lockedUntil };
  }
  if (await verifyPassword(staff.passwordHash, password)) {
    await prisma.staff.update({
      where: { id: staff.id },
      data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() },
    });
    return { status: "ok", staffId: staff.id };
  }
  // Counted atomically: parallel guesses must not slip past the lock.
  const { failures, lockedUntil } = await prisma.$transaction(async (tx) => {
    const counted = await tx.staff.update({
      where: { id: staff.id },
      data: { failedLoginCount: { increment: 1 } },
      select: { failedLoginCount: true, lockedUntil: true },
    });
    if (counted.failedLoginCount < LOCK_AFTER_FAILURES) {
      return { failures: counted.failedLoginCount, lockedUntil: counted.lockedUntil };
    }
    const until = new Date(Date.now() + LOCK_MINUTES * 60_000);
    await tx.staff.update({
      where: { id: staff.id },
      data: { failedLoginCount: 0, lockedUntil: until },
    });
    await recordAudit(tx, {
      staffId: null,
      action: "staff.locked",
      entityType: "staff",
      entityId: staff.id,
      after: { lockedUntil: until },
    });
    return { failures: counted.failedLoginCount, lockedUntil: until };
  });
  const lock = lockedUntil !== null && lockedUntil > new Date();
  await delay(Math.min(250 * 2 ** (failures - 1), 3000));
  return lock && lockedUntil
    ? { status: "refused", reason: "locked", lockedUntil }
    : { status: "refused", reason: "invalid" };
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
  return prisma.staff.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      active: true,
      lockedUntil: true,
      failedLoginCount: true,
      lastLoginAt: true,
    },
  });
}

export async function unlockStaff(
  id: string,
  byId: string,
): Promise<{ status: "ok" } | { status: "refused"; reason: "not-found" }> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.staff.findUnique({ where: { id }, select: { lockedUntil: true } });
    if (!before) return { status: "refused", reason: "not-found" } as const;
    await tx.staff.update({ where: { id }, data: { lockedUntil: null, failedLoginCount: 0 } });
    await recordAudit(tx, {
      staffId: byId,
      action: "staff.unlocked",
      entityType: "staff",
      entityId: id,
      before,
      after: { lockedUntil: null },
    });
    return { status: "ok" } as const;
  });
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
  { status: "ok" } | { status: "refused"; reason: "wrong-password" };

/** Changes one's own password; other sessions of the account end. */
export async function changePassword(input: {
  staffId: string;
  currentPassword: string;
  newPassword: string;
  keepSessionId?: string;
}): Promise<ChangePasswordResult> {
  const staff = await prisma.staff.findUniqueOrThrow({ where: { id: input.staffId } });
  if (!(await verifyPassword(staff.passwordHash, input.currentPassword))) {
    return { status: "refused", reason: "wrong-password" };
  }
  const passwordHash = await hashPassword(input.newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.staff.update({ where: { id: staff.id }, data: { passwordHash } });
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
