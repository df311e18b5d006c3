import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { languages } from "~/i18n/config";
import { getTFor } from "~/i18n/i18n.server";
import { listApplicationsForReview } from "~/modules/fund/applications.server";
import { getJuryRound } from "~/modules/fund/jury.server";
import {
  decideApplication,
  getSessionView,
  recordAttendance,
  recordJuryVote,
  type SessionActor,
} from "~/modules/fund/sessions.server";
import { withdrawApplication } from "~/modules/fund/withdrawal.server";
import { createTrackingToken } from "~/modules/proposals/tracking-token.server";
import { uploadDirectory } from "~/modules/uploads/uploads.server";
import ReviewPage, { loader as reviewLoader } from "~/routes/staff.fund.applications.$id";
import AuditPage, { loader as auditLoader } from "~/routes/staff.audit";
import { action as trackAction, loader as trackLoader } from "~/routes/track.$token";
import { prisma } from "~/utils/db.server";
import {
  applicantPrivate,
  createFundSessionFixture,
  type FundSessionFixture,
} from "../setup/fund-session-fixtures";
import { createFundRound } from "./fund-apply-fixtures";
import { callAction, callLoader, formRequest } from "./helpers";
import { renderRoute } from "./render-route";
import { auditEntries, createStaffUser, staffHeaders, type TestStaff } from "./staff-helpers";

/**
 * The applicant withdraws their fund application behind the private link
 * (app/modules/fund/withdrawal.server.ts, app/routes/track.$token.tsx),
 * against a real SQLite file: allowed until a decision, refused after it;
 * personal data and files erased in the same transaction as the status, the
 * timeline event and the audit entry; one event for parallel withdrawals;
 * the application leaves the decision team's lists and the session's agenda.
 */

let staff: TestStaff;
let jurors: TestStaff[];
let round: { roundId: string; procedureId: string };

beforeAll(async () => {
  staff = await createStaffUser("moderator");
  jurors = [];
  for (const name of ["Ayşe Demir", "Jonas Weber", "Marija Petrenko"]) {
    jurors.push(await createStaffUser("jury", { name }));
  }
  round = await createFundRound(prisma);
});

/** A stored file name as the upload module writes them (32 hex characters). */
function writeStoredFile(suffix: "-l.webp" | "-s.webp" | ".pdf", id = randomBytes(16)) {
  const name = `${id.toString("hex")}${suffix}`;
  mkdirSync(uploadDirectory(), { recursive: true });
  writeFileSync(path.join(uploadDirectory(), name), "stored bytes");
  return name;
}

const stored = (name: string) => existsSync(path.join(uploadDirectory(), name));

/** An application behind a real private link, in `status`, with a PDF and an image quote. */
async function createApplication(
  status: string,
  options: { kind?: "person" | "association"; roundId?: string } = {},
) {
  const { token, hash } = createTrackingToken();
  const association = options.kind === "association";
  const pdf = writeStoredFile(".pdf");
  const imageId = randomBytes(16);
  const large = writeStoredFile("-l.webp", imageId);
  const small = writeStoredFile("-s.webp", imageId);
  const application = await prisma.fundApplication.create({
    data: {
      roundId: options.roundId ?? round.roundId,
      status,
      trackingTokenHash: hash,
      applicantKind: association ? "association" : "person",
      applicantName: applicantPrivate.name,
      contactEmail: applicantPrivate.email,
      contactPhone: applicantPrivate.phone,
      contactAddress: applicantPrivate.address,
      organisation: association ? "Nachbarschaftsgarten Rabet e. V." : null,
      organisationRegistered: association ? true : null,
      title: `Hochbeete im Rabet (${status})`,
      description: "Wir bauen drei Hochbeete, die alle Nachbarn nutzen können.",
      requestedCents: 39_050,
      submittedAt: status === "draft" ? null : new Date(),
      events: { create: [{ kind: "created", actor: "applicant" }] },
      costLines: {
        create: [
          { position: 1, description: "Holz", amountCents: 38_050, potKind: "investive" },
          { position: 2, description: "Erde", amountCents: 22_000, potKind: "non_investive" },
        ],
      },
    },
    select: { id: true, costLines: { select: { id: true }, orderBy: { position: "asc" } } },
  });
  const [first, second] = application.costLines;
  await prisma.fundFile.create({
    data: {
      applicationId: application.id,
      costLineId: first!.id,
      purpose: "quote",
      kind: "pdf",
      mediaType: "application/pdf",
      file: pdf,
      bytes: 12,
      pages: 1,
    },
  });
  await prisma.fundFile.create({
    data: {
      applicationId: application.id,
      costLineId: second!.id,
      purpose: "quote",
      kind: "image",
      mediaType: "image/webp",
      file: large,
      smallFile: small,
      bytes: 12,
    },
  });
  return { id: application.id, token, files: [pdf, large, small] };
}

async function sessionFixture() {
  return createFundSessionFixture(prisma, { staffIds: jurors.map((juror) => juror.id) });
}

function actorFor(f: FundSessionFixture): SessionActor {
  return { staffId: staff.id, roundId: f.roundId, procedureId: f.procedureId, canRun: true };
}

/** Gives a fixture application a real private link. */
/** All members present and voting "no": the session may now decide the application. */
async function everyoneVotesNo(f: FundSessionFixture, applicationId: string) {
  await recordAttendance({
    actor: actorFor(f),
    sessionId: f.sessionId,
    presentMemberIds: f.members.map((member) => member.id),
  });
  for (const member of f.members) {
    await recordJuryVote({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId,
      memberId: member.id,
      choice: "no",
    });
  }
}

async function linkTo(applicationId: string) {
  const { token, hash } = createTrackingToken();
  await prisma.fundApplication.update({
    where: { id: applicationId },
    data: { trackingTokenHash: hash },
  });
  return token;
}

const withdrawnAudits = async (applicationId: string) =>
  (await auditEntries("fund.application.withdrawn")).filter(
    (entry) => entry.entityId === applicationId,
  );

const eventsOf = (applicationId: string) =>
  prisma.fundEvent.findMany({ where: { applicationId, kind: "withdrawn" } });

const post = (token: string, fields: Record<string, string>) =>
  callAction(trackAction, formRequest(`/track/${token}`, fields), { token });

async function trackingView(token: string) {
  const response = await callLoader(trackLoader, `/track/${token}`, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    kind: string;
    application: { status: string; canWithdraw: boolean; events: Array<{ kind: string }> };
  };
}

describe("withdrawing an application", () => {
  it.each(["draft", "submitted", "returned", "complete"])(
    "is allowed while it is %s: status, event and audit entry, personal data and files gone",
    async (status) => {
      const application = await createApplication(status);
      expect((await trackingView(application.token)).application.canWithdraw).toBe(true);

      const now = new Date("2027-03-01T10:00:00.000Z");
      const result = await withdrawApplication({ token: application.token, now });
      expect(result).toEqual({ status: "ok", applicationId: application.id });

      const row = await prisma.fundApplication.findUniqueOrThrow({
        where: { id: application.id },
        include: { files: true, costLines: true },
      });
      expect(row).toMatchObject({
        status: "withdrawn",
        applicantName: "",
        contactEmail: null,
        contactPhone: null,
        contactAddress: null,
        organisation: null,
        organisationRegistered: null,
        // The project itself stays, as for a withdrawn initiative.
        title: `Hochbeete im Rabet (${status})`,
      });
      expect(row.costLines).toHaveLength(2);
      expect(row.files).toEqual([]);
      for (const name of application.files) expect(stored(name)).toBe(false);

      const events = await eventsOf(application.id);
      expect(events).toEqual([
        expect.objectContaining({
          actor: "applicant",
          public: true,
          staffId: null,
          createdAt: now,
        }),
      ]);
      const audits = await withdrawnAudits(application.id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        staffId: null,
        entityType: "fundApplication",
        before: { status },
        after: {
          status: "withdrawn",
          actor: "applicant",
          filesDeleted: 2,
          erased: expect.arrayContaining([
            "applicantName",
            "contactEmail",
            "contactPhone",
            "contactAddress",
          ]),
        },
      });
      // The log names the erased fields, never their values.
      const logged = JSON.stringify(audits[0]);
      for (const value of Object.values(applicantPrivate)) expect(logged).not.toContain(value);

      const view = await trackingView(application.token);
      expect(view.application.status).toBe("withdrawn");
      expect(view.application.canWithdraw).toBe(false);
      expect(view.application.events.map((event) => event.kind)).toContain("withdrawn");
    },
  );

  it("keeps an association's name (no person) but not the contact person", async () => {
    const application = await createApplication("submitted", { kind: "association" });
    expect(await withdrawApplication({ token: application.token })).toMatchObject({
      status: "ok",
    });
    const row = await prisma.fundApplication.findUniqueOrThrow({ where: { id: application.id } });
    expect(row).toMatchObject({
      applicantName: "",
      contactEmail: null,
      organisation: "Nachbarschaftsgarten Rabet e. V.",
      organisationRegistered: true,
    });
  });

  it.each([
    ["granted", "decided"],
    ["refused", "decided"],
    ["ineligible", "ineligible"],
    ["withdrawn", "already-withdrawn"],
  ])("is refused once it is %s, and nothing changes", async (status, reason) => {
    const application = await createApplication(status);
    expect((await trackingView(application.token)).application.canWithdraw).toBe(false);
    expect(await withdrawApplication({ token: application.token })).toEqual({
      status: "refused",
      reason,
    });
    const row = await prisma.fundApplication.findUniqueOrThrow({
      where: { id: application.id },
      include: { files: true },
    });
    expect(row).toMatchObject({ status, applicantName: applicantPrivate.name });
    expect(row.files).toHaveLength(2);
    for (const name of application.files) expect(stored(name)).toBe(true);
    expect(await eventsOf(application.id)).toEqual([]);
    expect(await withdrawnAudits(application.id)).toEqual([]);
  });

  it("is refused after the decision team decided in the session", async () => {
    const f = await sessionFixture();
    const applicationId = f.applications[0]!;
    const token = await linkTo(applicationId);
    await everyoneVotesNo(f, applicationId);
    const decided = await decideApplication({
      actor: actorFor(f),
      sessionId: f.sessionId,
      applicationId,
      outcome: "refused",
      grantedCents: 0,
      allocations: [],
      reason: "Das Projekt liegt außerhalb der Ziele des Fonds.",
    });
    expect(decided.status).toBe("ok");
    expect(await withdrawApplication({ token })).toEqual({ status: "refused", reason: "decided" });

    // Through the page: 409 with a catalogue message (shown in the visitor's language), nothing changed.
    const response = await post(token, { intent: "withdraw-application", confirm: "yes" });
    expect(response.status).toBe(409);
    const answer = await response.json();
    expect(answer.withdrawError).toBe("fund.withdraw.errors.decided");
    expect((await getTFor("en"))(answer.withdrawError)).toMatch(/already decided/);
    const row = await prisma.fundApplication.findUniqueOrThrow({ where: { id: applicationId } });
    expect(row).toMatchObject({ status: "refused", contactEmail: applicantPrivate.email });
  });

  it("is refused when a decision is recorded, whatever the status says", async () => {
    const f = await sessionFixture();
    const applicationId = f.applications[0]!;
    const token = await linkTo(applicationId);
    // A decision row with the status still "complete": the decision itself counts.
    await prisma.fundDecision.create({
      data: {
        applicationId,
        sessionId: f.sessionId,
        outcome: "refused",
        grantedCents: 0,
        reason: "Abgelehnt.",
      },
    });
    expect((await trackingView(token)).application.canWithdraw).toBe(false);
    expect(await withdrawApplication({ token })).toEqual({ status: "refused", reason: "decided" });
    expect(
      (await prisma.fundApplication.findUniqueOrThrow({ where: { id: applicationId } })).status,
    ).toBe("complete");
  });

  it("ten parallel withdrawals: one succeeds, one event, one audit entry", async () => {
    const application = await createApplication("submitted");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => withdrawApplication({ token: application.token })),
    );
    expect(results.filter((result) => result.status === "ok")).toHaveLength(1);
    expect(results.filter((result) => result.status === "refused")).toEqual(
      Array.from({ length: 9 }, () => ({ status: "refused", reason: "already-withdrawn" })),
    );
    expect(await eventsOf(application.id)).toHaveLength(1);
    expect(await withdrawnAudits(application.id)).toHaveLength(1);
  });

  it("a withdrawal and a decision at the same time: exactly one of them happens", async () => {
    const f = await sessionFixture();
    const applicationId = f.applications[0]!;
    const token = await linkTo(applicationId);
    await everyoneVotesNo(f, applicationId);
    const [withdrawn, decided] = await Promise.all([
      withdrawApplication({ token }),
      decideApplication({
        actor: actorFor(f),
        sessionId: f.sessionId,
        applicationId,
        outcome: "refused",
        grantedCents: 0,
        allocations: [],
        reason: "Passt nicht zu den Zielen.",
      }),
    ]);
    expect([withdrawn.status, decided.status].sort()).toEqual(["ok", "refused"]);
    const row = await prisma.fundApplication.findUniqueOrThrow({
      where: { id: applicationId },
      select: { status: true, decision: { select: { id: true } } },
    });
    if (withdrawn.status === "ok") expect(row).toEqual({ status: "withdrawn", decision: null });
    else expect(row.status).toBe("refused");
  });

  it("unknown or malformed links: not found", async () => {
    const unknown = createTrackingToken().token;
    expect(await withdrawApplication({ token: unknown })).toEqual({
      status: "refused",
      reason: "not-found",
    });
    expect(await withdrawApplication({ token: "abc" })).toEqual({
      status: "refused",
      reason: "not-found",
    });
    const response = await post(unknown, { intent: "withdraw-application", confirm: "yes" });
    expect(response.status).toBe(404);
  });
});

describe("the withdrawal form on the private page", () => {
  it("without the confirmation: 422 with a message, and nothing changes", async () => {
    const application = await createApplication("submitted");
    const withoutConfirmation: Array<Record<string, string>> = [
      { intent: "withdraw-application" },
      { intent: "withdraw-application", confirm: "on" },
    ];
    for (const fields of withoutConfirmation) {
      const response = await post(application.token, fields);
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        withdrawError: "fund.withdraw.errors.confirm",
        confirmMissing: true,
      });
    }
    const row = await prisma.fundApplication.findUniqueOrThrow({
      where: { id: application.id },
      include: { files: true },
    });
    expect(row).toMatchObject({
      status: "submitted",
      applicantName: applicantPrivate.name,
      contactEmail: applicantPrivate.email,
    });
    expect(row.files).toHaveLength(2);
    for (const name of application.files) expect(stored(name)).toBe(true);
    expect(await eventsOf(application.id)).toEqual([]);
    expect(await withdrawnAudits(application.id)).toEqual([]);
  });

  it("with the confirmation: withdrawn, and the page says so", async () => {
    const application = await createApplication("returned");
    const response = await post(application.token, {
      intent: "withdraw-application",
      confirm: "yes",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/track/${application.token}?done=withdrawn`);
    const view = await trackingView(application.token);
    expect(view.application).toMatchObject({ status: "withdrawn", canWithdraw: false });

    // Again (a second tab): refused with a message, not an error page.
    const again = await post(application.token, {
      intent: "withdraw-application",
      confirm: "yes",
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      withdrawError: "fund.withdraw.errors.alreadyWithdrawn",
    });
  });

  it("an initiative's intent does nothing to an application", async () => {
    const application = await createApplication("submitted");
    const response = await post(application.token, { intent: "withdraw" });
    expect(response.status).toBe(400);
    expect(
      (await prisma.fundApplication.findUniqueOrThrow({ where: { id: application.id } })).status,
    ).toBe("submitted");
  });
});

describe("where a withdrawn application shows", () => {
  it("staff's page says the contact data were erased, and the audit log names the applicant", async () => {
    const admin = await createStaffUser("admin");
    const f = await sessionFixture();
    const [gone] = f.applications;
    expect(await withdrawApplication({ token: await linkTo(gone!) })).toMatchObject({
      status: "ok",
    });
    const asAdmin = <A extends { request: Request }>(args: A) => ({
      ...args,
      request: new Request(args.request, { headers: staffHeaders(admin) }),
    });
    const page = await renderRoute(
      "/staff/fund/applications/:id",
      `/staff/fund/applications/${gone}`,
      { loader: (args) => reviewLoader(asAdmin(args)), Component: ReviewPage },
      "de",
    );
    expect(page).toContain("Dabei wurden Name und Kontaktdaten gelöscht.");
    expect(page).not.toContain('value="contact"');
    const audit = await renderRoute(
      "/staff/audit",
      "/staff/audit",
      { loader: (args) => auditLoader(asAdmin(args)), Component: AuditPage },
      "de",
    );
    expect(audit).toContain("Antragsteller:in (ohne Konto)");
    expect(audit).toContain(`href="/staff/fund/applications/${gone}"`);
  });

  it("leaves the decision team's list and the session's agenda; staff see it as withdrawn", async () => {
    const f = await sessionFixture();
    const [gone, stays] = f.applications;
    const token = await linkTo(gone!);
    const before = await getJuryRound(f.roundId, f.members[0]!.id);
    expect(before.map((application) => application.id)).toContain(gone);

    expect(await withdrawApplication({ token })).toMatchObject({ status: "ok" });

    const jury = await getJuryRound(f.roundId, f.members[0]!.id);
    expect(jury.map((application) => application.id)).toEqual([stays]);
    const session = await getSessionView(f.sessionId);
    expect(session!.applications.map((application) => application.id)).toEqual([stays]);

    const queue = await listApplicationsForReview(f.roundId);
    expect(queue!.applications.find((application) => application.id === gone)).toMatchObject({
      status: "withdrawn",
    });
    expect(queue!.counts.withdrawn).toBe(1);
    const filtered = await listApplicationsForReview(f.roundId, "withdrawn");
    expect(filtered!.applications.map((application) => application.id)).toEqual([gone]);
    // The status has a label in every language.
    for (const language of languages) {
      const label = (await getTFor(language))("fund.status.withdrawn");
      expect(label).not.toBe("fund.status.withdrawn");
    }
  });
});
