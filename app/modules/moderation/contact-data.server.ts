import { recordAudit } from "~/modules/audit/audit.server";
import { prisma } from "~/utils/db.server";

/**
 * The rule for submitters' contact data (name, e-mail address, consent) in
 * the staff area: nobody sees it in passing. A staff member who needs it for
 * one initiative asks for it (permission `view:contact`, moderators and
 * admins) and the request is logged as `proposal.contactViewed`; all of it at
 * once is the admins' CSV export, logged as `export.contacts`.
 */
export type ContactData = { name: string | null; email: string | null; consentAt: Date | null };

export type ViewContactResult =
  { status: "ok"; contact: ContactData } | { status: "refused"; reason: "not-found" };

export async function viewContactData(input: {
  staffId: string;
  proposalId: string;
}): Promise<ViewContactResult> {
  return prisma.$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({
      where: { id: input.proposalId },
      select: { submitterName: true, submitterEmail: true, contactConsentAt: true },
    });
    if (!proposal) return { status: "refused", reason: "not-found" } as const;
    // Which fields were shown, never their values: the log must not become a copy of the data.
    await recordAudit(tx, {
      staffId: input.staffId,
      action: "proposal.contactViewed",
      entityType: "proposal",
      entityId: input.proposalId,
      after: {
        fields: [
          ...(proposal.submitterName !== null ? ["name"] : []),
          ...(proposal.submitterEmail !== null ? ["email"] : []),
        ],
      },
    });
    return {
      status: "ok",
      contact: {
        name: proposal.submitterName,
        email: proposal.submitterEmail,
        consentAt: proposal.contactConsentAt,
      },
    } as const;
  });
}
