import type { Prisma } from "~/db/generated/client";
import { publicStatuses } from "./statuses";

/**
 * What is public, said once: an initiative that staff published once and
 * whose status is one of the public ones. Photos follow it (photos.server.ts).
 */
export const publicProposalWhere = {
  publishedAt: { not: null },
  status: { in: [...publicStatuses] },
} satisfies Prisma.ProposalWhereInput;
