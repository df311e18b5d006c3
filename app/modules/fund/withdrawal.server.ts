import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { forgetFundMailRecipient } from "~/modules/mail/outbox.server";
import { hashTrackingToken, isWellFormedToken } from "~/modules/proposals/tracking-token.server";
import { deleteStoredFiles } from "~/modules/uploads/uploads.server";
import { prisma } from "~/utils/db.server";
import { namesOfFileRows } from "./application-files.server";
import { applicantMayWithdraw } from "./statuses";
import { WITHDRAW_CONFIRMED, WITHDRAW_CONFIRM_FIELD, WITHDRAW_INTENT } from "./withdrawal-form";

/**
 * The applicant withdraws their own application behind the private link, as
 * residents withdraw an initiative (app/modules/proposals/proposals.server.ts).
 *
 * A withdrawn application is never funded, so nothing justifies keeping who
 * made it: the same transaction erases the applicant's name and contact data
 * and deletes the application's files (quotes can carry names and addresses;
 * every file has its own random name, so nothing else refers to them). The
 * association's name stays for an association: it names no person, and staff
 * keep a record of which association withdrew. A person's "organisation"
 * (empty from the form, but it would be free text) goes.
 * What stays: the project (title, description, place, cost plan), which
 * initiatives keep on withdrawal too, and the timeline.
 *
 * The phase table is not asked: withdrawing is the applicant's right in every
 * phase until a decision is recorded.
 */

export const WithdrawApplicationSchema = z.object({
  intent: z.literal(WITHDRAW_INTENT),
  [WITHDRAW_CONFIRM_FIELD]: z.literal(WITHDRAW_CONFIRMED, {
    error: "fund.withdraw.errors.confirm",
  }),
});

export type WithdrawRefusal =
  /** No application behind this link. */
  | "not-found"
  | "already-withdrawn"
  /** Granted or refused, or a decision is recorded in a session. */
  | "decided"
  | "ineligible";

export type WithdrawApplicationResult =
  { status: "ok"; applicationId: string } | { status: "refused"; reason: WithdrawRefusal };

/** The command's result, and the stored files to delete after the commit. */
type Outcome = { result: WithdrawApplicationResult; files: string[] };

const refused = (reason: WithdrawRefusal): Outcome => ({
  result: { status: "refused", reason },
  files: [],
});

/** The fields that hold personal data, and what they become. */
function erasedPersonalData(applicantKind: string) {
  return {
    applicantName: "",
    contactEmail: null,
    contactPhone: null,
    contactAddress: null,
    ...(applicantKind === "association"
      ? {}
      : { organisation: null, organisationRegistered: null }),
  };
}

function refusalFor(application: {
  status: string;
  decision: { id: string } | null;
}): WithdrawRefusal | null {
  if (applicantMayWithdraw(application.status, application.decision !== null)) return null;
  if (application.status === "withdrawn") return "already-withdrawn";
  if (application.status === "ineligible") return "ineligible";
  return "decided";
}

/**
 * Sets the application "withdrawn", erases the applicant's personal data,
 * deletes its files, and writes a public "withdrawn" event and an audit entry
 * (actor: the applicant, so no staff account), all in one transaction. The
 * files leave the disk after the commit.
 */
export async function withdrawApplication(input: {
  token: string;
  now?: Date;
}): Promise<WithdrawApplicationResult> {
  if (!isWellFormedToken(input.token)) return refused("not-found").result;
  const hash = hashTrackingToken(input.token);
  const now = input.now ?? new Date();
  const { result, files } = await prisma.$transaction(async (tx): Promise<Outcome> => {
    // A no-op write first takes SQLite's write lock, so that what is read
    // below cannot change before the writes: of two parallel withdrawals (a
    // double click, two tabs), the second waits and then finds "withdrawn";
    // a decision in a session waits for this, or this finds the decision.
    const found = await tx.$executeRaw`
      UPDATE "FundApplication" SET "status" = "status" WHERE "trackingTokenHash" = ${hash}`;
    if (found === 0) return refused("not-found");
    const application = await tx.fundApplication.findUniqueOrThrow({
      where: { trackingTokenHash: hash },
      select: {
        id: true,
        status: true,
        applicantKind: true,
        applicantName: true,
        organisation: true,
        organisationRegistered: true,
        contactEmail: true,
        contactPhone: true,
        contactAddress: true,
        decision: { select: { id: true } },
        files: { select: { id: true, file: true, smallFile: true } },
      },
    });
    const refusal = refusalFor(application);
    if (refusal) return refused(refusal);

    const erased = erasedPersonalData(application.applicantKind);
    await tx.fundApplication.update({
      where: { id: application.id },
      data: { status: "withdrawn", ...erased },
    });
    if (application.files.length) {
      await tx.fundFile.deleteMany({ where: { applicationId: application.id } });
    }
    // No address any more: the sealed link goes, and no waiting mail is sent.
    await forgetFundMailRecipient(tx, application.id);
    await tx.fundEvent.create({
      data: {
        applicationId: application.id,
        kind: "withdrawn",
        actor: "applicant",
        public: true,
        createdAt: now,
      },
    });
    await recordAudit(tx, {
      // The applicant has no account: the entry names them as the actor.
      staffId: null,
      action: "fund.application.withdrawn",
      entityType: "fundApplication",
      entityId: application.id,
      before: { status: application.status },
      after: {
        status: "withdrawn",
        actor: "applicant",
        // Which fields were erased, never their values.
        erased: Object.entries(application)
          .filter(([key, value]) => key in erased && value !== null && value !== "")
          .map(([key]) => key),
        filesDeleted: application.files.length,
      },
    });
    return {
      result: { status: "ok", applicationId: application.id },
      files: namesOfFileRows(application.files),
    };
  });
  await deleteStoredFiles(files);
  return result;
}
