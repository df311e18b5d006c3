import { createCookie } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "~/db/generated/client";
import type { PhaseSituation } from "~/modules/procedures/phases";
import { proposalAllows } from "~/modules/procedures/procedures.server";
import { publicDataChanged } from "~/modules/proposals/public-data-cache.server";
import { publicStatuses } from "~/modules/proposals/statuses";
import { prisma } from "~/utils/db.server";
import { getCookieSecret } from "~/utils/secrets.server";

async function supporterCookie() {
  return createCookie("qs_supporter", {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    maxAge: 60 * 60 * 24 * 730,
    secrets: [await getCookieSecret()],
  });
}

/**
 * An anonymous, signed browser id: one support (and one comment report) per
 * browser without an account. Only its hash is stored.
 */
export async function getSupporterKey(
  request: Request,
  options: { create: boolean },
): Promise<{ key: string | null; setCookie?: string }> {
  return supporterKeyFromCookie(request.headers.get("Cookie"), options);
}

/** `getSupporterKey` for a request's Cookie header (servers that answer without a Fetch Request). */
export async function supporterKeyFromCookie(
  cookieHeader: string | null,
  options: { create: boolean },
): Promise<{ key: string | null; setCookie?: string }> {
  const cookie = await supporterCookie();
  const id = await cookie.parse(cookieHeader);
  if (typeof id === "string" && id.length >= 20) return { key: hash(id) };
  if (!options.create) return { key: null };
  const fresh = randomBytes(18).toString("base64url");
  return { key: hash(fresh), setCookie: await cookie.serialize(fresh) };
}

const hash = (id: string) => createHash("sha256").update(`supporter:${id}`).digest("hex");

export type SupportResult =
  | { status: "ok" }
  | { status: "refused"; reason: "not-found" }
  /** The initiative's procedure is in a phase without supports (e.g. voting). */
  | { status: "refused"; reason: "phase"; situation: PhaseSituation };

/**
 * Asks the phase table whether supports of this initiative may change now
 * (free ideas: always). Giving and withdrawing follow the same answer: once a
 * procedure's support phase is over, its counts stay as they were.
 */
async function supportsOpen(
  tx: Prisma.TransactionClient,
  proposalId: string,
  now: Date | undefined,
): Promise<SupportResult> {
  const check = await proposalAllows(proposalId, "support:create", now, tx);
  if (check.allowed) return { status: "ok" };
  return check.reason === "phase"
    ? { status: "refused", reason: "phase", situation: check.situation }
    : { status: "refused", reason: "not-found" };
}

export async function supportProposal(
  proposalId: string,
  supporterKey: string,
  now?: Date,
): Promise<SupportResult> {
  const result = await prisma.$transaction(async (tx): Promise<SupportResult> => {
    const proposal = await tx.proposal.findFirst({
      where: { id: proposalId, publishedAt: { not: null }, status: { in: [...publicStatuses] } },
      select: { id: true },
    });
    if (!proposal) return { status: "refused", reason: "not-found" } as const;
    const open = await supportsOpen(tx, proposal.id, now);
    if (open.status === "refused") return open;
    const existing = await tx.support.findUnique({
      where: { proposalId_supporterKey: { proposalId, supporterKey } },
    });
    if (!existing) {
      await tx.support.create({ data: { proposalId, supporterKey } });
      await tx.proposal.update({
        where: { id: proposalId },
        data: { supportCount: { increment: 1 } },
      });
    }
    return { status: "ok" } as const;
  });
  // After the commit, so that a rebuild of the public data sees the new count.
  if (result.status === "ok") publicDataChanged();
  return result;
}

export async function withdrawSupport(
  proposalId: string,
  supporterKey: string,
  now?: Date,
): Promise<SupportResult> {
  const result = await prisma.$transaction(async (tx): Promise<SupportResult> => {
    const existing = await tx.support.findUnique({
      where: { proposalId_supporterKey: { proposalId, supporterKey } },
    });
    if (!existing) return { status: "ok" } as const;
    const open = await supportsOpen(tx, proposalId, now);
    if (open.status === "refused") return open;
    await tx.support.delete({ where: { id: existing.id } });
    await tx.proposal.update({
      where: { id: proposalId },
      data: { supportCount: { decrement: 1 } },
    });
    return { status: "ok" } as const;
  });
  if (result.status === "ok") publicDataChanged();
  return result;
}

export async function hasSupported(proposalId: string, supporterKey: string | null) {
  if (!supporterKey) return false;
  const row = await prisma.support.findUnique({
    where: { proposalId_supporterKey: { proposalId, supporterKey } },
    select: { id: true },
  });
  return row !== null;
}
