import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decideApplication,
  recordAttendance,
  recordJuryVote,
} from "~/modules/fund/sessions.server";
import { loader as juryLayoutLoader } from "~/routes/jury";
import { loader as juryIndexLoader } from "~/routes/jury._index";
import { action as roundAction, loader as roundLoader } from "~/routes/jury.rounds.$roundId";
import {
  action as sessionAction,
  loader as sessionLoader,
} from "~/routes/jury.sessions.$sessionId";
import { loader as minutesLoader } from "~/routes/jury.sessions.$sessionId_.minutes";
import { loader as pdfLoader } from "~/routes/jury.sessions.$sessionId.minutes[.]pdf";
import { loader as projectionLoader } from "~/routes/jury_.sessions.$sessionId.projection";
import { action as createAction } from "~/routes/staff.fund.$roundId.sessions";
import { loader as staffLayoutLoader } from "~/routes/staff";
import { action as loginAction } from "~/routes/staff_.login";
import { prisma } from "~/utils/db.server";
import {
  applicantPrivate,
  createFundSessionFixture,
  type FundSessionFixture,
} from "../setup/fund-session-fixtures";
import { callAction, callLoader, formRequest } from "./helpers";
import {
  auditEntries,
  createStaffUser,
  staffForm,
  staffHeaders,
  type TestStaff,
} from "./staff-helpers";

let staff: TestStaff;
let jurors: TestStaff[];
let outsider: TestStaff;
let f: FundSessionFixture;

const hasPdftotext = (() => {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(async () => {
  staff = await createStaffUser("moderator", { name: "Mia Moderatorin" });
  jurors = [];
  for (const name of ["Ayşe Demir", "Jonas Weber", "Марія Петренко"]) {
    jurors.push(await createStaffUser("jury", { name }));
  }
  outsider = await createStaffUser("jury", { name: "Olaf Außenstehend" });
  f = await createFundSessionFixture(prisma, {
    staffIds: jurors.map((j) => j.id),
    chairIndex: 0,
    applications: [
      {
        title: "Hochbeete für den Hof",
        requestedCents: 80_000,
        kind: "association",
        organisation: "Hofgarten e. V.",
      },
      { title: "Літній фестиваль сусідів", requestedCents: 40_000 },
      { title: "مقهى القراءة", requestedCents: 30_000 },
    ],
  });
});

const params = () => ({ roundId: f.roundId, sessionId: f.sessionId });

describe("access", () => {
  it("a jury member of another round gets 404 on every page and action", async () => {
    for (const [loader, url] of [
      [roundLoader, `/jury/rounds/${f.roundId}`],
      [sessionLoader, `/jury/sessions/${f.sessionId}`],
      [minutesLoader, `/jury/sessions/${f.sessionId}/minutes`],
      [pdfLoader, `/jury/sessions/${f.sessionId}/minutes.pdf`],
      [projectionLoader, `/jury/sessions/${f.sessionId}/projection`],
    ] as const) {
      const response = await callLoader(loader, url, params(), staffHeaders(outsider));
      expect(response.status, url).toBe(404);
    }
    const post = await callAction(
      sessionAction,
      staffForm(`/jury/sessions/${f.sessionId}`, outsider, { intent: "close" }),
      params(),
    );
    expect(post.status).toBe(404);
    const conflict = await callAction(
      roundAction,
      staffForm(`/jury/rounds/${f.roundId}`, outsider, {
        intent: "declare",
        applicationId: f.applications[0]!,
      }),
      params(),
    );
    expect(conflict.status).toBe(404);
    const index = await (
      await callLoader(juryIndexLoader, "/jury", {}, staffHeaders(outsider))
    ).json();
    expect(index.rounds).toEqual([]);
  });

  it("a member who is not the chair reads the session but cannot run it", async () => {
    const response = await callLoader(
      sessionLoader,
      `/jury/sessions/${f.sessionId}`,
      params(),
      staffHeaders(jurors[1]!),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).canRun).toBe(false);
    const post = await callAction(
      sessionAction,
      staffForm(`/jury/sessions/${f.sessionId}`, jurors[1]!, {
        intent: "attendance",
        present: f.members[0]!.id,
      }),
      params(),
    );
    expect(post.status).toBe(403);
    expect(await prisma.fundAttendance.count({ where: { sessionId: f.sessionId } })).toBe(0);
  });

  it("an anonymous visitor is sent to the login; an action without CSRF is refused", async () => {
    const response = await callLoader(juryLayoutLoader, "/jury", {});
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/staff/login?redirectTo=%2Fjury");
    const post = await callAction(
      sessionAction,
      staffForm(
        `/jury/sessions/${f.sessionId}`,
        { ...jurors[0]!, csrf: "wrong" },
        { intent: "close" },
      ),
      params(),
    );
    expect(post.status).toBe(403);
  });

  it("a jury account has no staff area (403 page, not an error), and lands on /jury after login", async () => {
    const staffArea = await callLoader(staffLayoutLoader, "/staff", {}, staffHeaders(jurors[1]!));
    expect(staffArea.status).toBe(403);
    const login = await callAction(
      loginAction,
      formRequest("/staff/login", {
        email: jurors[1]!.email,
        password: jurors[1]!.password,
        redirectTo: "/staff",
      }),
    );
    expect(login.status).toBe(303);
    expect(login.headers.get("Location")).toBe("/jury");
    const deep = await callAction(
      loginAction,
      formRequest("/staff/login", {
        email: jurors[1]!.email,
        password: jurors[1]!.password,
        redirectTo: `/jury/sessions/${f.sessionId}`,
      }),
    );
    expect(deep.headers.get("Location")).toBe(`/jury/sessions/${f.sessionId}`);
    const moderator = await callAction(
      loginAction,
      formRequest("/staff/login", {
        email: staff.email,
        password: staff.password,
        redirectTo: "/staff/proposals",
      }),
    );
    expect(moderator.headers.get("Location")).toBe("/staff/proposals");
  });
});

describe("the session through its pages", () => {
  it("never shows the applicants' contact data to the team", async () => {
    const bodies = [];
    for (const [loader, url] of [
      [roundLoader, `/jury/rounds/${f.roundId}`],
      [sessionLoader, `/jury/sessions/${f.sessionId}`],
      [projectionLoader, `/jury/sessions/${f.sessionId}/projection`],
      [minutesLoader, `/jury/sessions/${f.sessionId}/minutes`],
    ] as const) {
      const response = await callLoader(loader, url, params(), staffHeaders(jurors[2]!));
      expect(response.status, url).toBe(200);
      bodies.push(await response.text());
    }
    for (const body of bodies) {
      for (const secret of Object.values(applicantPrivate)) expect(body).not.toContain(secret);
    }
    expect(bodies[0]).toContain("Hofgarten e. V.");
  });

  it("the chair records attendance, a conflict, a recusal, votes and a reduced grant; the minutes say so", async () => {
    const [hochbeete, festival, cafe] = f.applications as [string, string, string];
    // Before the session, member 3 declares a conflict for the festival.
    const declared = await callAction(
      roundAction,
      staffForm(`/jury/rounds/${f.roundId}`, jurors[2]!, {
        intent: "declare",
        applicationId: festival,
        note: "Ich organisiere mit.",
      }),
      params(),
    );
    expect(declared.status).toBe(200);
    const chair = jurors[0]!;
    const post = (fields: Record<string, string>) =>
      callAction(
        sessionAction,
        staffForm(`/jury/sessions/${f.sessionId}`, chair, fields),
        params(),
      );
    // Attendance: all three present (a form with several `present` fields).
    const body = new URLSearchParams({ csrf: chair.csrf, intent: "attendance" });
    for (const member of f.members) body.append("present", member.id);
    const attendance = await callAction(
      sessionAction,
      new Request(`http://test.local/jury/sessions/${f.sessionId}`, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: chair.cookie },
      }),
      params(),
    );
    expect(attendance.status).toBe(200);
    // Member 2 is recused for the café in the session.
    expect(
      (await post({ intent: "recuse", applicationId: cafe, memberId: f.members[1]!.id })).status,
    ).toBe(200);
    const recusedVote = await post({
      intent: "vote",
      applicationId: cafe,
      memberId: f.members[1]!.id,
      choice: "yes",
    });
    expect(recusedVote.status).toBe(409);
    expect((await recusedVote.json()).errors[0].key).toBe("fundSession.refused.recused");
    // The declared conflict became a recusal.
    const conflictVote = await post({
      intent: "vote",
      applicationId: festival,
      memberId: f.members[2]!.id,
      choice: "yes",
    });
    expect((await conflictVote.json()).errors[0].key).toBe("fundSession.refused.recused");
    for (const member of f.members) {
      const vote = await post({
        intent: "vote",
        applicationId: hochbeete,
        memberId: member.id,
        choice: member === f.members[2] ? "abstain" : "yes",
      });
      expect(vote.status).toBe(200);
    }
    // A split that does not add up keeps what was typed and says why.
    const wrong = await post({
      intent: "decide",
      applicationId: hochbeete,
      outcome: "reduced",
      amount: "600",
      [`pot-${f.pots.investive}`]: "500",
      [`pot-${f.pots.nonInvestive}`]: "",
      reason: "Verpflegung zahlt der Verein.",
    });
    expect(wrong.status).toBe(409);
    const wrongBody = await wrong.json();
    expect(wrongBody.errors[0]).toMatchObject({ key: "fundSession.problem.split-sum" });
    expect(wrongBody.values.reason).toBe("Verpflegung zahlt der Verein.");
    const noReason = await post({
      intent: "decide",
      applicationId: hochbeete,
      outcome: "refused",
      reason: "",
    });
    expect((await noReason.json()).errors[0].key).toBe("fundSession.errors.reasonRequired");
    const decided = await post({
      intent: "decide",
      applicationId: hochbeete,
      outcome: "reduced",
      amount: "600",
      [`pot-${f.pots.investive}`]: "450,50",
      [`pot-${f.pots.nonInvestive}`]: "149,50",
      reason: "Verpflegung zahlt der Verein.",
    });
    expect(decided.status).toBe(200);
    const view = await (
      await callLoader(
        sessionLoader,
        `/jury/sessions/${f.sessionId}`,
        params(),
        staffHeaders(jurors[1]!),
      )
    ).json();
    const investive = view.pots.find((pot: { id: string }) => pot.id === f.pots.investive);
    expect(investive.available).toMatch(/4\.549,50/);
    // The festival is refused with a reason (no vote needed for a refusal).
    expect(
      (
        await post({
          intent: "decide",
          applicationId: festival,
          outcome: "refused",
          reason: "Das Fest ist schon anders finanziert.",
        })
      ).status,
    ).toBe(200);

    const minutes = await (
      await callLoader(
        minutesLoader,
        `/jury/sessions/${f.sessionId}/minutes`,
        params(),
        staffHeaders(jurors[1]!),
      )
    )
      .text()
      // Intl puts a no-break space before the euro sign.
      .then((text) => text.replace(/\u00a0/g, " "));
    for (const text of [
      "Protokoll der Sitzung des Vergabeteams",
      "Stadtteilladen, Eisenbahnstraße 1",
      "Ayşe Demir, Jonas Weber, Марія Петренко",
      "Beschlussfähig.",
      "Hochbeete für den Hof",
      "Bewilligt mit geringerem Betrag: 600 €",
      "Investiv: 450,50 €",
      "Nicht investiv: 149,50 €",
      "Verpflegung zahlt der Verein.",
      "Ayşe Demir: Ja",
      "Марія Петренко: Enthaltung",
      "Das Fest ist schon anders finanziert.",
    ]) {
      expect(minutes).toContain(text);
    }
    for (const secret of Object.values(applicantPrivate)) expect(minutes).not.toContain(secret);

    const pdf = await callLoader(
      pdfLoader,
      `/jury/sessions/${f.sessionId}/minutes.pdf`,
      params(),
      staffHeaders(jurors[1]!),
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    if (hasPdftotext) {
      const dir = mkdtempSync(path.join(os.tmpdir(), "minutes-"));
      try {
        const file = path.join(dir, "minutes.pdf");
        writeFileSync(file, bytes);
        const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"])
          .toString("utf8")
          .replace(/[\s\u00a0]+/g, " ");
        for (const expected of [
          "Protokoll der Sitzung des Vergabeteams",
          "Bewilligt mit geringerem Betrag: 600 €",
          "Investiv: 450,50 €",
          "Verpflegung zahlt der Verein.",
          "Літній фестиваль сусідів",
          "Марія Петренко: Enthaltung",
        ]) {
          expect(text).toContain(expected);
        }
        for (const secret of Object.values(applicantPrivate)) expect(text).not.toContain(secret);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    // Closing: nothing changes afterwards.
    expect((await post({ intent: "close" })).status).toBe(200);
    const late = await post({
      intent: "decide",
      applicationId: cafe,
      outcome: "refused",
      reason: "Zu spät.",
    });
    expect((await late.json()).errors[0].key).toBe("fundSession.refused.closed");
    const closedView = await (
      await callLoader(
        sessionLoader,
        `/jury/sessions/${f.sessionId}`,
        params(),
        staffHeaders(chair),
      )
    ).json();
    expect(closedView.canRun).toBe(false);
    expect((await auditEntries("fund.session.closed")).map((e) => e.entityId)).toContain(
      f.sessionId,
    );
  });
});

describe("planning sessions", () => {
  it("staff create a session in Berlin time; bad input keeps what was typed", async () => {
    const bad = await callAction(
      createAction,
      staffForm(`/staff/fund/${f.roundId}/sessions`, staff, {
        heldAt: "",
        place: "Stadtteilladen",
      }),
      { roundId: f.roundId },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      errors: ["fundSession.errors.dateRequired"],
      values: { place: "Stadtteilladen" },
    });
    const created = await callAction(
      createAction,
      staffForm(`/staff/fund/${f.roundId}/sessions`, staff, {
        heldAt: "2027-03-12T18:00",
        place: "Stadtteilladen",
      }),
      { roundId: f.roundId },
    );
    expect(created.status).toBe(303);
    const id = created.headers.get("Location")!.split("/").pop()!;
    const session = await prisma.fundSession.findUniqueOrThrow({ where: { id } });
    expect(session.heldAt.toISOString()).toBe("2027-03-12T17:00:00.000Z");
    const jury = await callAction(
      createAction,
      staffForm(`/staff/fund/${f.roundId}/sessions`, jurors[0]!, {
        heldAt: "2027-03-12T18:00",
        place: "x",
      }),
      { roundId: f.roundId },
    );
    expect(jury.status).toBe(403);
  });
});

// Keep the module functions referenced: the pages are thin adapters over them.
void [recordAttendance, recordJuryVote, decideApplication];
