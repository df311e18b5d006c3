import { beforeEach, describe, expect, it } from "vitest";
import { getStaffUser, requireStaff } from "~/modules/staff/session.server";
import { listStaff, login, setStaffActive, unlockStaff } from "~/modules/staff/staff.server";
import { LOGIN_ATTEMPTS_PER_ADDRESS, THROTTLE_MINUTES } from "~/modules/staff/throttle.server";
import { action as accountAction } from "~/routes/staff.account";
import { action as settingsAction, loader as settingsLoader } from "~/routes/staff.settings";
import { loader as staffLayoutLoader } from "~/routes/staff";
import { loader as queueLoader } from "~/routes/staff._index";
import { action as usersAction, loader as usersLoader } from "~/routes/staff.users";
import { action as loginAction, loader as loginLoader } from "~/routes/staff_.login";
import { action as logoutAction } from "~/routes/staff_.logout";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, context, formRequest } from "./helpers";
import {
  auditEntries,
  cookiePair,
  createStaffUser,
  resetData,
  staffForm,
  staffHeaders,
} from "./staff-helpers";

const noDelay = { delay: async () => {} };

beforeEach(async () => {
  resetRateLimits();
  await resetData();
});

function anonymousRequest(url: string, cookie?: string) {
  return new Request(`http://test.local${url}`, cookie ? { headers: { Cookie: cookie } } : {});
}

/** A login through the route, from a fresh client address unless one is given. */
async function loginThroughRoute(fields: Record<string, string>, ctx = context()) {
  return callAction(loginAction, formRequest("/staff/login", fields), {}, ctx);
}

/** What the admins' user list says about one account's login locks. */
async function lockState(staffId: string) {
  const member = (await listStaff()).find((s) => s.id === staffId)!;
  const { failures, lockedAddresses, accountLockedUntil, lockedUntil } = member;
  return { failures, lockedAddresses, accountLockedUntil, lockedUntil };
}

describe("staff login (route action)", () => {
  it("logs in: 303 to /staff with an httpOnly, SameSite=Lax session cookie that works", async () => {
    const staff = await createStaffUser("moderator");
    await prisma.staffSession.deleteMany();

    // E-mail is matched case-insensitively and trimmed.
    const response = await loginThroughRoute({
      email: staff.email.toUpperCase(),
      password: staff.password,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/staff");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^qs_staff=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).toMatch(/;\s*Max-Age=28800/i);

    // One session row, storing only a hash of the token.
    const sessions = await prisma.staffSession.findMany();
    expect(sessions).toHaveLength(1);
    expect(sessions[0].staffId).toBe(staff.id);
    const token = decodeURIComponent(cookiePair(setCookie).split("=").slice(1).join("="));
    expect(setCookie).not.toContain(sessions[0].id);
    expect(sessions[0].id).toMatch(/^[0-9a-f]{64}$/);
    expect(token.length).toBeGreaterThan(20);

    const user = await getStaffUser(anonymousRequest("/staff", cookiePair(setCookie)));
    expect(user).toMatchObject({ id: staff.id, email: staff.email, role: "moderator" });
    expect(user?.csrfToken).toBe(sessions[0].csrfToken);

    const stored = await prisma.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored.lastLoginAt).not.toBeNull();
    expect(await lockState(staff.id)).toMatchObject({ failures: 0, lockedUntil: null });

    // With the cookie, the login page sends the user on to the staff area.
    const loginPage = await callLoader(
      loginLoader,
      "/staff/login",
      {},
      { Cookie: cookiePair(setCookie) },
    );
    expect(loginPage.status).toBe(302);
    expect(loginPage.headers.get("Location")).toBe("/staff");
  });

  it("redirects after login only to paths inside the staff area", async () => {
    const staff = await createStaffUser("moderator");
    const inside = await loginThroughRoute({
      email: staff.email,
      password: staff.password,
      redirectTo: "/staff/proposals/abc",
    });
    expect(inside.headers.get("Location")).toBe("/staff/proposals/abc");
    for (const evil of [
      "https://evil.example/staff",
      "//evil.example",
      "/proposals/new",
      "/staffx",
    ]) {
      const response = await loginThroughRoute({
        email: staff.email,
        password: staff.password,
        redirectTo: evil,
      });
      expect(response.status).toBe(303);
      expect(response.headers.get("Location"), evil).toBe("/staff");
    }
  });

  it("answers a wrong password with 401 errors.login.invalid, no cookie, and never echoes the password", async () => {
    const staff = await createStaffUser("moderator");
    await prisma.staffSession.deleteMany();
    const response = await loginThroughRoute({
      email: staff.email,
      password: "falsches-passwort-123",
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const text = await response.text();
    expect(text).not.toContain("falsches-passwort-123");
    const data = JSON.parse(text);
    expect(data.result.error[""]).toEqual(["errors.login.invalid"]);
    expect(await prisma.staffSession.count()).toBe(0);
    expect(await lockState(staff.id)).toEqual({
      failures: 1,
      lockedAddresses: 0,
      accountLockedUntil: null,
      lockedUntil: null,
    });
  });

  it("answers an unknown e-mail exactly like a wrong password", async () => {
    const response = await loginThroughRoute({
      email: "niemand@stadt.example",
      password: "irgendwas",
    });
    expect(response.status).toBe(401);
    const data = await response.json();
    expect(data.result.error[""]).toEqual(["errors.login.invalid"]);
  });

  it("rejects malformed input with 400 before checking anything", async () => {
    const response = await loginThroughRoute({ email: "kein-email", password: "" });
    expect(response.status).toBe(400);
    expect(await prisma.staffSession.count()).toBe(0);
  });

  it(`locks an account for the guessing address after ${LOGIN_ATTEMPTS_PER_ADDRESS} wrong passwords; the owner gets in from another; admins see and lift the lock`, async () => {
    const admin = await createStaffUser("admin");
    const staff = await createStaffUser("moderator");
    await prisma.staffSession.deleteMany({ where: { staffId: staff.id } });
    const guesser = context("198.51.100.7");

    for (let i = 0; i < LOGIN_ATTEMPTS_PER_ADDRESS; i++) {
      expect(
        await login(staff.email, `falsch-${i}`, { ...noDelay, address: "198.51.100.7" }),
      ).toEqual({
        status: "refused",
      });
    }
    const state = await lockState(staff.id);
    expect(state).toMatchObject({
      failures: LOGIN_ATTEMPTS_PER_ADDRESS,
      lockedAddresses: 1,
      accountLockedUntil: null,
    });
    const minutes = (state.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(THROTTLE_MINUTES - 1);
    expect(minutes).toBeLessThanOrEqual(THROTTLE_MINUTES);

    const [lockEntry] = await auditEntries("staff.locked");
    expect(lockEntry).toMatchObject({
      entityType: "staff",
      entityId: staff.id,
      staffId: null,
      after: { scope: "address" },
    });
    expect(new Date(lockEntry.after.lockedUntil).getTime()).toBe(state.lockedUntil!.getTime());

    // From the guessing address even the correct password is refused, with
    // the answer of a wrong password, and no session is created.
    const refused = await loginThroughRoute(
      { email: staff.email, password: staff.password },
      guesser,
    );
    expect(refused.status).toBe(401);
    expect(refused.headers.get("Set-Cookie")).toBeNull();
    expect((await refused.json()).result.error[""]).toEqual(["errors.login.invalid"]);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(0);

    // The admin sees the lock and unlocks through the user administration.
    const list = await (
      await callLoader(usersLoader, "/staff/users", {}, staffHeaders(admin))
    ).json();
    expect(list.staff.find((s: { id: string }) => s.id === staff.id)).toMatchObject({
      locked: true,
      lockedAddresses: 1,
    });
    const unlock = await callAction(
      usersAction,
      staffForm("/staff/users", admin, { intent: "unlock", staffId: staff.id }),
    );
    expect(unlock.status).toBe(200);
    expect(await lockState(staff.id)).toEqual({
      failures: 0,
      lockedAddresses: 0,
      accountLockedUntil: null,
      lockedUntil: null,
    });
    const [unlockEntry] = await auditEntries("staff.unlocked");
    expect(unlockEntry).toMatchObject({
      staffId: admin.id,
      entityId: staff.id,
      before: { lockedAddresses: 1, failures: LOGIN_ATTEMPTS_PER_ADDRESS },
      after: { lockedUntil: null },
    });
    expect(unlockEntry.before.lockedUntil).not.toBeNull();

    const ok = await loginThroughRoute({ email: staff.email, password: staff.password }, guesser);
    expect(ok.status).toBe(303);
  });

  it("the owner logs in from another address while the guessing address is locked", async () => {
    const staff = await createStaffUser("moderator");
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_ADDRESS + 3; i++)
      await login(staff.email, "falsch", { ...noDelay, address: "198.51.100.7" });
    expect(
      await login(staff.email, staff.password, { ...noDelay, address: "198.51.100.7" }),
    ).toEqual({ status: "refused" });
    const owner = await loginThroughRoute(
      { email: staff.email, password: staff.password },
      context("192.0.2.10"),
    );
    expect(owner.status).toBe(303);
    // The guessing address stays locked after the owner's login.
    expect(
      await login(staff.email, staff.password, { ...noDelay, address: "198.51.100.7" }),
    ).toEqual({ status: "refused" });
  });

  it("unlockStaff (module function) clears a lock directly", async () => {
    const admin = await createStaffUser("admin");
    const staff = await createStaffUser("moderator");
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_ADDRESS; i++)
      await login(staff.email, "falsch", noDelay);
    expect((await login(staff.email, staff.password, noDelay)).status).toBe("refused");
    await unlockStaff(staff.id, admin.id);
    expect(await login(staff.email, staff.password, noDelay)).toEqual({
      status: "ok",
      staffId: staff.id,
    });
  });

  it(`a lock ends by itself ${THROTTLE_MINUTES} minutes after the first failure`, async () => {
    const staff = await createStaffUser("moderator");
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_ADDRESS; i++)
      await login(staff.email, "falsch", noDelay);
    expect((await login(staff.email, staff.password, noDelay)).status).toBe("refused");
    await prisma.loginThrottle.updateMany({
      data: { windowStart: new Date(Date.now() - THROTTLE_MINUTES * 60_000 - 1000) },
    });
    expect(await lockState(staff.id)).toMatchObject({ lockedAddresses: 0, lockedUntil: null });
    expect(await login(staff.email, staff.password, noDelay)).toEqual({
      status: "ok",
      staffId: staff.id,
    });
  });

  it("a deactivated account cannot log in and its sessions end at once", async () => {
    const admin = await createStaffUser("admin");
    const staff = await createStaffUser("moderator");
    const response = await callAction(
      usersAction,
      staffForm("/staff/users", admin, { intent: "deactivate", staffId: staff.id }),
    );
    expect(response.status).toBe(200);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(0);
    expect(await getStaffUser(anonymousRequest("/staff", staff.cookie))).toBeNull();
    expect(await login(staff.email, staff.password, noDelay)).toEqual({ status: "refused" });
    const [entry] = await auditEntries("staff.deactivated");
    expect(entry).toMatchObject({
      staffId: admin.id,
      entityId: staff.id,
      before: { active: true },
      after: { active: false },
    });

    // An admin cannot deactivate themselves.
    const self = await callAction(
      usersAction,
      staffForm("/staff/users", admin, { intent: "deactivate", staffId: admin.id }),
    );
    expect(self.status).toBe(409);
    expect((await self.json()).errors).toEqual(["errors.staff.self"]);
    expect(await setStaffActive(admin.id, false, admin.id)).toEqual({
      status: "refused",
      reason: "self",
    });
  });

  it("answers login floods from one address with 429 (on top of the per-account lock)", async () => {
    const ctx = { clientAddress: "203.0.113.50" };
    // Well-formed but unknown accounts: every attempt counts against the address's budget.
    // In parallel: each failure is answered only after FAILED_LOGIN_MS.
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        callAction(
          loginAction,
          formRequest("/staff/login", { email: `x${i}@stadt.example`, password: "x" }),
          {},
          ctx,
        ).then((response) => response.status),
      ),
    );
    expect(statuses.every((s) => s === 401)).toBe(true);
    const limited = await callAction(
      loginAction,
      formRequest("/staff/login", { email: "x@stadt.example", password: "x" }),
      {},
      ctx,
    );
    expect(limited.status).toBe(429);
    expect((await limited.json()).result.error[""]).toEqual(["errors.login.tooMany"]);
  }, 30_000);
});

describe("logout and session lifetime", () => {
  it("logout deletes the session row; the old cookie is then anonymous", async () => {
    const staff = await createStaffUser("moderator");
    const response = await callAction(logoutAction, staffForm("/staff/logout", staff, {}));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/staff/login");
    expect(response.headers.get("Set-Cookie")).toMatch(/qs_staff=;.*Max-Age=0/i);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(0);

    expect(await getStaffUser(anonymousRequest("/staff", staff.cookie))).toBeNull();
    const page = await callLoader(queueLoader, "/staff", {}, staffHeaders(staff));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/staff/login?redirectTo=%2Fstaff");
    const post = await callAction(
      settingsAction,
      staffForm("/staff/settings", staff, { commentMode: "post" }),
    );
    expect(post.status).toBe(401);
  });

  it("logout needs the CSRF token (a forged logout changes nothing)", async () => {
    const staff = await createStaffUser("moderator");
    const response = await callAction(
      logoutAction,
      staffForm("/staff/logout", staff, { csrf: "" }),
    );
    expect(response.status).toBe(403);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(1);
  });

  it("a session whose expiresAt has passed is treated as anonymous", async () => {
    const staff = await createStaffUser("admin");
    expect(await getStaffUser(anonymousRequest("/staff", staff.cookie))).not.toBeNull();
    await prisma.staffSession.updateMany({
      where: { staffId: staff.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    expect(await getStaffUser(anonymousRequest("/staff", staff.cookie))).toBeNull();
    const layout = await callLoader(
      staffLayoutLoader,
      "/staff/settings?x=1",
      {},
      staffHeaders(staff),
    );
    expect(layout.status).toBe(302);
    expect(layout.headers.get("Location")).toBe(
      `/staff/login?redirectTo=${encodeURIComponent("/staff/settings?x=1")}`,
    );
    const post = await callAction(
      settingsAction,
      staffForm("/staff/settings", staff, { commentMode: "post" }),
    );
    expect(post.status).toBe(401);
    expect(await prisma.setting.findUnique({ where: { key: "commentModeration" } })).toBeNull();

    // Expired sessions are cleaned up at the next login of anyone.
    const other = await createStaffUser("moderator");
    const ok = await loginThroughRoute({ email: other.email, password: other.password });
    expect(ok.status).toBe(303);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(0);
  });

  it("a made-up or garbage cookie is anonymous", async () => {
    await createStaffUser("admin");
    for (const cookie of [
      "qs_staff=abc",
      `qs_staff=${"x".repeat(43)}`,
      "qs_staff=%E0%A4%A",
      "other=1",
    ]) {
      expect(await getStaffUser(anonymousRequest("/staff", cookie)), cookie).toBeNull();
    }
  });
});

describe("roles", () => {
  it("anonymous visitors are sent to the login page; moderators get 403 on admin pages", async () => {
    const anonymous = await callLoader(queueLoader, "/staff");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/staff/login?redirectTo=%2Fstaff");

    const moderator = await createStaffUser("moderator");
    const admin = await createStaffUser("admin");
    expect((await callLoader(queueLoader, "/staff", {}, staffHeaders(moderator))).status).toBe(200);
    expect(
      (await callLoader(usersLoader, "/staff/users", {}, staffHeaders(moderator))).status,
    ).toBe(403);
    expect(
      (await callLoader(settingsLoader, "/staff/settings", {}, staffHeaders(moderator))).status,
    ).toBe(403);
    expect((await callLoader(usersLoader, "/staff/users", {}, staffHeaders(admin))).status).toBe(
      200,
    );

    await expect(
      requireStaff(anonymousRequest("/staff/users", moderator.cookie), "manage:staff"),
    ).rejects.toMatchObject({
      status: 403,
    });

    const layout = await (
      await callLoader(staffLayoutLoader, "/staff", {}, staffHeaders(moderator))
    ).json();
    expect(layout).toMatchObject({
      isAdmin: false,
      csrf: moderator.csrf,
      user: { role: "moderator" },
    });
  });

  it("only admins create staff; the password is shown once and only a hash stored; e-mails are unique", async () => {
    const moderator = await createStaffUser("moderator");
    const admin = await createStaffUser("admin");
    const refused = await callAction(
      usersAction,
      staffForm("/staff/users", moderator, {
        intent: "create",
        email: "neu@stadt.example",
        name: "Neu",
        role: "admin",
      }),
    );
    expect(refused.status).toBe(403);
    expect(await prisma.staff.count({ where: { email: "neu@stadt.example" } })).toBe(0);

    const created = await callAction(
      usersAction,
      staffForm("/staff/users", admin, {
        intent: "create",
        email: "Neu@Stadt.example",
        name: "Neu",
        role: "moderator",
      }),
    );
    expect(created.status).toBe(200);
    const { created: info } = await created.json();
    expect(info.password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    const stored = await prisma.staff.findUniqueOrThrow({ where: { email: "neu@stadt.example" } });
    expect(stored.passwordHash).not.toContain(info.password);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    const entry = (await auditEntries("staff.created")).find((e) => e.entityId === stored.id);
    expect(entry).toMatchObject({
      staffId: admin.id,
      after: { email: "neu@stadt.example", role: "moderator" },
    });
    expect(JSON.stringify(entry)).not.toContain(info.password);
    expect(await login("neu@stadt.example", info.password, noDelay)).toEqual({
      status: "ok",
      staffId: stored.id,
    });

    const again = await callAction(
      usersAction,
      staffForm("/staff/users", admin, {
        intent: "create",
        email: "neu@stadt.example",
        name: "Noch mal",
        role: "moderator",
      }),
    );
    expect(again.status).toBe(409);
    expect((await again.json()).errors).toEqual(["errors.staff.emailTaken"]);
  });

  it("changing one's password ends the other sessions but keeps the current one", async () => {
    const staff = await createStaffUser("moderator");
    const otherCookie = cookiePair(
      (await loginThroughRoute({ email: staff.email, password: staff.password })).headers.get(
        "Set-Cookie",
      )!,
    );
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(2);

    const wrong = await callAction(
      accountAction,
      staffForm("/staff/account", staff, {
        currentPassword: "falsch",
        newPassword: "ein-neues-passwort-1",
        confirmPassword: "ein-neues-passwort-1",
      }),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors).toEqual(["errors.account.wrongPassword"]);

    const response = await callAction(
      accountAction,
      staffForm("/staff/account", staff, {
        currentPassword: staff.password,
        newPassword: "ein-neues-passwort-1",
        confirmPassword: "ein-neues-passwort-1",
      }),
    );
    expect(response.status).toBe(200);
    expect(await getStaffUser(anonymousRequest("/staff", staff.cookie))).not.toBeNull();
    expect(await getStaffUser(anonymousRequest("/staff", otherCookie))).toBeNull();
    expect(await login(staff.email, staff.password, noDelay)).toMatchObject({ status: "refused" });
    expect(await login(staff.email, "ein-neues-passwort-1", noDelay)).toMatchObject({
      status: "ok",
    });
    const [entry] = await auditEntries("staff.passwordChanged");
    expect(entry).toMatchObject({ staffId: staff.id, entityId: staff.id });
    expect(JSON.stringify(entry)).not.toContain("ein-neues-passwort-1");
  });
});

describe("CSRF protection of staff actions", () => {
  async function commentMode() {
    return (
      (await prisma.setting.findUnique({ where: { key: "commentModeration" } }))?.value ?? null
    );
  }

  it("refuses a POST without the csrf field (403) and changes nothing", async () => {
    const admin = await createStaffUser("admin");
    const request = new Request("http://test.local/staff/settings", {
      method: "POST",
      body: new URLSearchParams({ commentMode: "post" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: admin.cookie },
    });
    const response = await callAction(settingsAction, request);
    expect(response.status).toBe(403);
    expect(await commentMode()).toBeNull();
    expect(await auditEntries("settings.commentModeration")).toHaveLength(0);
  });

  it("refuses a wrong token, also another session's valid token (403)", async () => {
    const admin = await createStaffUser("admin");
    const other = await createStaffUser("admin");
    for (const csrf of ["falsch", admin.csrf.slice(0, -1), `${admin.csrf}x`, other.csrf]) {
      const response = await callAction(
        settingsAction,
        staffForm("/staff/settings", admin, { commentMode: "post", csrf }),
      );
      expect(response.status, csrf).toBe(403);
    }
    expect(await commentMode()).toBeNull();
  });

  it("refuses a foreign Origin even with the right token (403)", async () => {
    const admin = await createStaffUser("admin");
    for (const origin of ["https://evil.example", "http://test.local.evil.example", "null"]) {
      const response = await callAction(
        settingsAction,
        staffForm("/staff/settings", admin, { commentMode: "post" }, { Origin: origin }),
      );
      expect(response.status, origin).toBe(403);
    }
    expect(await commentMode()).toBeNull();
  });

  it("accepts the right token, with or without the site's own Origin", async () => {
    const admin = await createStaffUser("admin");
    const first = await callAction(
      settingsAction,
      staffForm("/staff/settings", admin, { commentMode: "post" }, { Origin: "http://test.local" }),
    );
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe("/staff/settings?saved");
    expect(await commentMode()).toBe("post");
    const second = await callAction(
      settingsAction,
      staffForm("/staff/settings", admin, { commentMode: "pre" }),
    );
    expect(second.status).toBe(303);
    expect(await commentMode()).toBe("pre");
    const entries = await auditEntries("settings.commentModeration");
    expect(entries.map((e) => [e.staffId, e.before.value, e.after.value])).toEqual([
      [admin.id, "pre", "post"],
      [admin.id, "post", "pre"],
    ]);
  });

  it("checks the role before anything else: a moderator with a valid token gets 403 on admin actions", async () => {
    const moderator = await createStaffUser("moderator");
    const response = await callAction(
      settingsAction,
      staffForm("/staff/settings", moderator, { commentMode: "post" }),
    );
    expect(response.status).toBe(403);
    expect(await commentMode()).toBeNull();
  });
});
