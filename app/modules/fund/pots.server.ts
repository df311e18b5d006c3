import type { Prisma } from "~/db/generated/client";
import { prisma } from "~/utils/db.server";
import { potAvailable } from "./pot-math";

type Db = Prisma.TransactionClient | typeof prisma;

export type PotView = {
  id: string;
  name: string;
  kind: string;
  amountCents: number;
  grantedCents: number;
  returnedCents: number;
  availableCents: number;
};

/** A round's pots with what is still free, in their order. */
export async function listPotBalances(roundId: string, db: Db = prisma): Promise<PotView[]> {
  const pots = await db.fundPot.findMany({
    where: { roundId },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      kind: true,
      amountCents: true,
      grantedCents: true,
      returnedCents: true,
    },
  });
  return pots.map((pot) => ({ ...pot, availableCents: potAvailable(pot) }));
}

export type AllocateResult =
  | { status: "ok" }
  | {
      status: "refused";
      reason: "pot-short";
      potId: string;
      potName: string;
      availableCents: number;
    };

/**
 * Takes money from pots, inside the caller's transaction. Each pot is raised
 * with a conditional UPDATE that only changes the row while the pot still
 * holds the amount, so two decisions saved at the same moment can never
 * overdraw it together: the database decides, not a balance read earlier.
 * On a refusal, earlier pots of the same call are already raised — the caller
 * must roll its transaction back (throw), which `decide` does.
 * The pot's CHECK constraint (grantedCents - returnedCents <= amountCents) is the backstop.
 */
export async function allocate(
  tx: Prisma.TransactionClient,
  allocations: ReadonlyArray<{ potId: string; amountCents: number }>,
): Promise<AllocateResult> {
  for (const { potId, amountCents } of allocations) {
    if (amountCents <= 0) continue;
    const changed = await tx.$executeRaw`
      UPDATE "FundPot" SET "grantedCents" = "grantedCents" + ${amountCents}
      WHERE "id" = ${potId} AND "grantedCents" + ${amountCents} - "returnedCents" <= "amountCents"`;
    if (changed === 0) {
      const pot = await tx.fundPot.findUnique({
        where: { id: potId },
        select: { name: true, amountCents: true, grantedCents: true, returnedCents: true },
      });
      return {
        status: "refused",
        reason: "pot-short",
        potId,
        potName: pot?.name ?? "",
        availableCents: pot ? potAvailable(pot) : 0,
      };
    }
  }
  return { status: "ok" };
}
