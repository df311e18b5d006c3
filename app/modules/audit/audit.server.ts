import type { Prisma } from "~/db/generated/client";
import { prisma } from "~/utils/db.server";

type Db = Prisma.TransactionClient | typeof prisma;

export type AuditInput = {
  staffId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

/**
 * Appends an entry to the audit log, inside the caller's transaction so that
 * an action and its record are stored together or not at all. There is no
 * update or delete function for audit entries, by design.
 */
export async function recordAudit(db: Db, entry: AuditInput) {
  await db.auditEntry.create({
    data: {
      staffId: entry.staffId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    },
  });
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEntries(page: number) {
  const [total, entries] = await prisma.$transaction([
    prisma.auditEntry.count(),
    prisma.auditEntry.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { staff: { select: { name: true, email: true } } },
    }),
  ]);
  return { total, page, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), entries };
}
