import { redirect } from "@remix-run/node";
import type { Prisma } from "~/db/generated/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { can } from "~/modules/staff/permissions";
import { getStaffUser, requireStaffAction, type StaffUser } from "~/modules/staff/session.server";
import { readForm } from "~/utils/form.server";
import { prisma } from "~/utils/db.server";

/**
 * The decision team's side of the fund. A jury account (role "jury") sees only
 * the rounds it is a member of (FundJuryMember), checked here for every loader
 * and action; staff with `manage:fund` see every round. Nothing here selects
 * an applicant's name, e-mail, phone or address: the team decides on the
 * project, not the person (an association's name is shown).
 */

export type JuryViewer = { user: StaffUser; manager: boolean };

/** Statuses the team sees: ready for the session, and decided. */
export const juryVisibleStatuses = ["complete", "granted", "refused"] as const;

function isManager(user: { role: string }) {
  return can(user.role, "manage:fund");
}

/** For jury loaders: a visitor without a session logs in; anyone else without the role gets 403. */
export async function requireJuryViewer(request: Request): Promise<JuryViewer> {
  const user = await getStaffUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/staff/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!isManager(user) && !can(user.role, "view:fund-jury")) {
    throw new Response("Forbidden", { status: 403 });
  }
  return { user, manager: isManager(user) };
}

/** For jury actions: the same, plus the staff area's CSRF and origin checks. */
export async function requireJuryAction(
  request: Request,
): Promise<JuryViewer & { formData: FormData }> {
  const known = await getStaffUser(request);
  const permission = known && isManager(known) ? "manage:fund" : "view:fund-jury";
  const { user, formData } = await requireStaffAction(request, permission, (r) => readForm(r));
  return { user, manager: isManager(user), formData };
}

/** The role of an account (for where it lands after login). */
export async function getStaffRole(staffId: string): Promise<string | undefined> {
  const staff = await prisma.staff.findUnique({ where: { id: staffId }, select: { role: true } });
  return staff?.role;
}

export type RoundAccess = {
  roundId: string;
  procedureId: string;
  title: string;
  quorumRule: string;
  manager: boolean;
  /** The viewer's membership, when they are on the team. */
  member: { id: string; isChair: boolean } | null;
};

const notFound = () => new Response("Not found", { status: 404 });

/**
 * The round, if the viewer may see it. A jury account outside the team gets
 * 404, the same answer as for a round that does not exist.
 */
export async function requireRoundAccess(
  viewer: JuryViewer,
  roundId: string,
): Promise<RoundAccess> {
  const round = await prisma.fundRound.findUnique({
    where: { id: roundId },
    select: {
      id: true,
      procedureId: true,
      quorumRule: true,
      procedure: { select: { title: true } },
      members: { where: { staffId: viewer.user.id }, select: { id: true, isChair: true } },
    },
  });
  if (!round) throw notFound();
  const member = round.members[0] ?? null;
  if (!viewer.manager && !member) throw notFound();
  return {
    roundId: round.id,
    procedureId: round.procedureId,
    title: round.procedure.title,
    quorumRule: round.quorumRule,
    manager: viewer.manager,
    member,
  };
}

export type SessionAccess = RoundAccess & {
  sessionId: string;
  /** Staff with manage:fund and the team's chair run the session; other members read it. */
  canRun: boolean;
};

export async function requireSessionAccess(
  viewer: JuryViewer,
  sessionId: string,
): Promise<SessionAccess> {
  const session = await prisma.fundSession.findUnique({
    where: { id: sessionId },
    select: { id: true, roundId: true },
  });
  if (!session) throw notFound();
  const round = await requireRoundAccess(viewer, session.roundId);
  return {
    ...round,
    sessionId: session.id,
    canRun: round.manager || Boolean(round.member?.isChair),
  };
}

/** The rounds on the viewer's start page: a member's own rounds; every round for staff. */
export async function listJuryRounds(viewer: JuryViewer) {
  const rounds = await prisma.fundRound.findMany({
    where: viewer.manager ? {} : { members: { some: { staffId: viewer.user.id } } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      procedure: { select: { title: true } },
      sessions: {
        orderBy: { heldAt: "asc" },
        select: { id: true, heldAt: true, place: true, closedAt: true },
      },
      _count: { select: { applications: { where: { status: { in: [...juryVisibleStatuses] } } } } },
    },
  });
  return rounds.map((round) => ({
    id: round.id,
    title: round.procedure.title,
    sessions: round.sessions,
    applications: round._count.applications,
  }));
}

/**
 * The applications of a round for the team: the project, its cost plan and
 * whether a quote exists — never the applicant's contact data or the quote
 * itself (quotes can carry addresses and names).
 */
export async function getJuryRound(roundId: string, memberId: string | null) {
  const applications = await prisma.fundApplication.findMany({
    where: { roundId, status: { in: [...juryVisibleStatuses] } },
    orderBy: [{ submittedAt: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      status: true,
      applicantKind: true,
      organisation: true,
      organisationRegistered: true,
      title: true,
      description: true,
      district: true,
      placeLabel: true,
      startsOn: true,
      endsOn: true,
      targetGroups: true,
      expectedParticipants: true,
      ownMoneyCents: true,
      volunteerHours: true,
      requestedCents: true,
      costLines: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          description: true,
          amountCents: true,
          potKind: true,
          _count: { select: { files: { where: { purpose: "quote" } } } },
        },
      },
      conflicts: memberId
        ? { where: { memberId }, select: { note: true } }
        : { where: { id: "" }, select: { note: true } },
      decision: { select: { outcome: true, grantedCents: true, reason: true } },
    },
  });
  return applications.map(({ conflicts, costLines, targetGroups, ...application }) => ({
    ...application,
    // Only an association's name: a person's name is private.
    organisation: application.applicantKind === "association" ? application.organisation : null,
    targetGroups: parseKeys(targetGroups),
    costLines: costLines.map(({ _count, ...line }) => ({ ...line, hasQuote: _count.files > 0 })),
    myConflict: conflicts[0] ? { note: conflicts[0].note } : null,
  }));
}

function parseKeys(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === "string")
      : [];
  } catch {
    return [];
  }
}

/** Takes SQLite's write lock first (a no-op write), so the checks below see what the writes change. */
async function lockRound(tx: Prisma.TransactionClient, roundId: string) {
  await tx.$executeRaw`UPDATE "FundRound" SET "quorumRule" = "quorumRule" WHERE "id" = ${roundId}`;
}

export type ConflictResult =
  { status: "ok" } | { status: "refused"; reason: "not-member" | "not-found" | "decided" };

/** A member declares a conflict of interest (before the decision); it becomes a recusal in the session. */
export async function declareConflict(input: {
  access: RoundAccess;
  staffId: string;
  applicationId: string;
  note: string | null;
}): Promise<ConflictResult> {
  const member = input.access.member;
  if (!member) return { status: "refused", reason: "not-member" };
  return prisma.$transaction(async (tx): Promise<ConflictResult> => {
    await lockRound(tx, input.access.roundId);
    const application = await tx.fundApplication.findFirst({
      where: { id: input.applicationId, roundId: input.access.roundId },
      select: { status: true },
    });
    if (
      !application ||
      !(juryVisibleStatuses as ReadonlyArray<string>).includes(application.status)
    ) {
      return { status: "refused", reason: "not-found" };
    }
    if (application.status !== "complete") return { status: "refused", reason: "decided" };
    await tx.fundConflict.upsert({
      where: {
        memberId_applicationId: { memberId: member.id, applicationId: input.applicationId },
      },
      create: { memberId: member.id, applicationId: input.applicationId, note: input.note },
      update: { note: input.note },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "fund.conflict.declared",
      entityType: "fundApplication",
      entityId: input.applicationId,
      after: { memberId: member.id, note: input.note },
    });
    return { status: "ok" };
  });
}

/** Withdraws a declared conflict while the application is not decided. */
export async function withdrawConflict(input: {
  access: RoundAccess;
  staffId: string;
  applicationId: string;
}): Promise<ConflictResult> {
  const member = input.access.member;
  if (!member) return { status: "refused", reason: "not-member" };
  return prisma.$transaction(async (tx): Promise<ConflictResult> => {
    await lockRound(tx, input.access.roundId);
    const application = await tx.fundApplication.findFirst({
      where: { id: input.applicationId, roundId: input.access.roundId },
      select: { status: true },
    });
    if (!application) return { status: "refused", reason: "not-found" };
    if (application.status !== "complete") return { status: "refused", reason: "decided" };
    await tx.fundConflict.deleteMany({
      where: { memberId: member.id, applicationId: input.applicationId },
    });
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "fund.conflict.withdrawn",
      entityType: "fundApplication",
      entityId: input.applicationId,
      after: { memberId: member.id },
    });
    return { status: "ok" };
  });
}
