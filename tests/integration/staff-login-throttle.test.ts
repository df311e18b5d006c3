import { beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "~/modules/staff/password.server";
import { getStaffUser } from "~/modules/staff/session.server";
import {
  FAILED_LOGIN_MS,
  changePassword,
  listStaff,
  login,
  setStaffActive,
  unlockStaff,
  type LoginOptions,
} from "~/modules/staff/staff.server";
import {
  LOGIN_ATTEMPTS_PER_ACCOUNT,
  LOGIN_ATTEMPTS_PER_ADDRESS,
  PASSWORD_CHANGE_ATTEMPTS,
} from "~/modules/staff/throttle.server";
import { action as accountAction } from "~/routes/staff.account";
import { action as loginAction, loader as loginLoader } from "~/routes/staff_.login";
import { prisma } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { callAction, callLoader, context, formRequest } from "./helpers";
import {
  auditEntries,
  cookiePair,
  createStaffUser,
  newSession,
  resetData,
  staffForm,
} from "./staff-helpers";

beforeEach(async () => {
  resetRateLimits();
  await resetData();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A password check that counts how often the account's real hash was
 * verified, and takes a while, so that parallel guesses are all in flight at
 * the same time (a check-then-count implementation would verify every one).
 */
function countingVerify(realHash: string, ms = 15) {
  const counter = {
    real: 0,
    dummy: 0,
    verify: async (hash: string, password: string) => {
      if (hash === realHash) counter.real += 1;
      else counter.dummy += 1;
      await sleep(ms);
      return verifyPassword(hash, password);
    },
  };
  return counter;
}

async function hashOf(staffId: string) {
  return (await prisma.staff.findUniqueOrThrow({ where: { id: staffId } })).passwordHash;
}

const noDelay = { delay: async () => {} };

describe("login guessing budget: the attempt is counted before the password is verified", () => {
  it(`50 parallel guesses from one address: exactly ${LOGIN_ATTEMPTS_PER_ADDRESS} are verified, then even the right password is refused there`, async () => {
    const staff = await createStaffUser("moderator");
    const counter = countingVerify(await hashOf(staff.id));
    const options: LoginOptions = { ...noDelay, address: "203.0.113.9", verify: counter.verify };

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => login(staff.email, `geraten-${i}`, options)),
    );
    expect(results.every((r) => r.status === "refused")).toBe(true);
    expect(counter.real).toBe(LOGIN_ATTEMPTS_PER_ADDRESS);
    // The others did the same amount of hashing work, against a dummy hash.
    expect(counter.dummy).toBe(50 - LOGIN_ATTEMPTS_PER_ADDRESS);

    expect(await login(staff.email, staff.password, options)).toEqual({ status: "refused" });
    expect(counter.real).toBe(LOGIN_ATTEMPTS_PER_ADDRESS);
    // Locked exactly once, by the guess that used up the budget.
    expect(await auditEntries("staff.locked")).toHaveLength(1);
  });

  it("eight wrong passwords at once and the right one 25 ms later: the right one is refused", async () => {
    const staff = await createStaffUser("moderator");
    const counter = countingVerify(await hashOf(staff.id), 40);
    const options: LoginOptions = { ...noDelay, address: "203.0.113.9", verify: counter.verify };
    const wrong = Array.from({ length: 8 }, (_, i) => login(staff.email, `falsch-${i}`, options));
    await sleep(25);
    const right = await login(staff.email, staff.password, options);
    await Promise.all(wrong);
    expect(right).toEqual({ status: "refused" });
    expect(counter.real).toBe(LOGIN_ATTEMPTS_PER_ADDRESS);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(1); // the helper's
  });

  it(`guesses spread over many addresses: at most ${LOGIN_ATTEMPTS_PER_ACCOUNT} per account are verified; an admin lifts the account lock`, async () => {
    const admin = await createStaffUser("admin");
    const staff = await createStaffUser("moderator");
    const counter = countingVerify(await hashOf(staff.id), 5);
    const guesses = Array.from({ length: 40 }, (_, a) =>
      Array.from({ length: 3 }, (_, i) =>
        login(staff.email, `verteilt-${a}-${i}`, {
          ...noDelay,
          address: `198.18.0.${a}`,
          verify: counter.verify,
        }),
      ),
    ).flat();
    const results = await Promise.all(guesses);
    expect(results.every((r) => r.status === "refused")).toBe(true);
    expect(counter.real).toBe(LOGIN_ATTEMPTS_PER_ACCOUNT);

    // Now the account is locked for every address, the owner's fresh one included.
    expect(await login(staff.email, staff.password, { ...noDelay, address: "192.0.2.10" })).toEqual(
      { status: "refused" },
    );
    const member = (await listStaff()).find((s) => s.id === staff.id)!;
    expect(member.accountLockedUntil).not.toBeNull();
    expect(member.failures).toBe(LOGIN_ATTEMPTS_PER_ACCOUNT);
    const locks = await auditEntries("staff.locked");
    expect(locks.filter((e) => e.after.scope === "account")).toHaveLength(1);

    await unlockStaff(staff.id, admin.id);
    expect(await login(staff.email, staff.password, { ...noDelay, address: "192.0.2.10" })).toEqual(
      { status: "ok", staffId: staff.id },
    );
  });

  it("a correct password resets its address's count, not the account's", async () => {
    const staff = await createStaffUser("moderator");
    const here = { ...noDelay, address: "203.0.113.9" };
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_ADDRESS - 1; i++)
      await login(staff.email, "falsch", here);
    expect((await login(staff.email, staff.password, here)).status).toBe("ok");
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_ADDRESS - 1; i++)
      await login(staff.email, "falsch", here);
    expect((await login(staff.email, staff.password, here)).status).toBe("ok");
    const member = (await listStaff()).find((s) => s.id === staff.id)!;
    expect(member.failures).toBe(2 * (LOGIN_ATTEMPTS_PER_ADDRESS - 1));
    expect(member.lockedUntil).toBeNull();
  });

  it("counts an IPv6 client by its /64: hopping addresses inside it does not buy more guesses", async () => {
    const staff = await createStaffUser("moderator");
    const counter = countingVerify(await hashOf(staff.id), 0);
    for (let i = 1; i <= 12; i++) {
      await login(staff.email, `falsch-${i}`, {
        ...noDelay,
        address: `2001:db8:1:2::${i.toString(16)}`,
        verify: counter.verify,
      });
    }
    expect(counter.real).toBe(LOGIN_ATTEMPTS_PER_ADDRESS);
    expect(
      await login(staff.email, staff.password, { ...noDelay, address: "2001:db8:1:3::1" }),
    ).toEqual({ status: "ok", staffId: staff.id });
  });

  it("stores no e-mail or client address in clear", async () => {
    await login("niemand@stadt.example", "x", { ...noDelay, address: "203.0.113.77" });
    const rows = JSON.stringify(await prisma.loginThrottle.findMany());
    expect(rows).not.toContain("niemand");
    expect(rows).not.toContain("203.0.113.77");
  });
});

describe("every failed login gets the same answer", () => {
  /** A locked account, a deactivated one and a live one, plus the address that locked the first. */
  async function cases() {
    const locked = await createStaffUser("moderator");
    const deactivated = await createStaffUser("moderator");
    const live = await createStaffUser("moderator");
    const admin = await createStaffUser("admin");
    await setStaffActive(deactivated.id, false, admin.id);
    const guesser = "198.51.100.7";
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_ADDRESS; i++)
      await login(locked.email, "falsch", { ...noDelay, address: guesser });
    return {
      unknown: {
        email: "niemand@stadt.example",
        password: "Irgendein-Passwort-1",
        address: "192.0.2.1",
      },
      wrongPassword: { email: live.email, password: "Falsches-Passwort-1", address: "192.0.2.2" },
      // The right password, from the address that is locked for this account.
      locked: { email: locked.email, password: locked.password, address: guesser },
      deactivated: {
        email: deactivated.email,
        password: deactivated.password,
        address: "192.0.2.3",
      },
    };
  }

  it("the route answers unknown address, wrong password, lock and deactivation with the same status and body", async () => {
    const all = await cases();
    const answers = await Promise.all(
      Object.entries(all).map(async ([name, c]) => {
        const response = await callAction(
          loginAction,
          formRequest("/staff/login", { email: c.email, password: c.password }),
          {},
          context(c.address),
        );
        return {
          name,
          status: response.status,
          cookie: response.headers.get("Set-Cookie"),
          body: (await response.text()).replaceAll(c.email, "<email>"),
        };
      }),
    );
    const [first] = answers;
    expect(first.status).toBe(401);
    expect(JSON.parse(first.body).result.error).toEqual({ "": ["errors.login.invalid"] });
    for (const answer of answers) {
      expect({ ...answer, name: first.name }, answer.name).toEqual(first);
    }
  });

  it(`pads every failure to ${FAILED_LOGIN_MS} ms from its start, whatever the case cost (injected clock)`, async () => {
    const all = await cases();
    const realHashes = new Set((await prisma.staff.findMany()).map((s) => s.passwordHash));
    for (const [name, c] of Object.entries(all)) {
      let now = 10_000;
      const waits: number[] = [];
      const result = await login(c.email, c.password, {
        address: c.address,
        clock: () => now,
        delay: async (ms) => {
          waits.push(ms);
          now += ms;
        },
        // A real hash "costs" more than the dummy, so that an unpadded answer would differ.
        verify: async (hash, password) => {
          now += realHashes.has(hash) ? 180 : 35;
          return verifyPassword(hash, password);
        },
      });
      expect(result, name).toEqual({ status: "refused" });
      expect(waits, name).toHaveLength(1);
      expect(now - 10_000, name).toBe(FAILED_LOGIN_MS);
    }
  });

  it("the wall-clock time of a failure does not depend on the case", async () => {
    const all = await cases();
    const timings = await Promise.all(
      Object.entries(all).map(async ([name, c]) => {
        const started = performance.now();
        const result = await login(c.email, c.password, { address: c.address });
        expect(result, name).toEqual({ status: "refused" });
        return { name, ms: performance.now() - started };
      }),
    );
    const times = timings.map((t) => t.ms);
    for (const { name, ms } of timings)
      expect(ms, name).toBeGreaterThanOrEqual(FAILED_LOGIN_MS - 2);
    expect(Math.max(...times) - Math.min(...times), JSON.stringify(timings)).toBeLessThan(150);
  });

  it("a successful login is not padded", async () => {
    const staff = await createStaffUser("moderator");
    const waits: number[] = [];
    const result = await login(staff.email, staff.password, {
      delay: async (ms) => {
        waits.push(ms);
      },
    });
    expect(result.status).toBe("ok");
    expect(waits).toEqual([]);
  });
});

describe("password change: wrong current passwords are limited like logins", () => {
  const change = (
    staff: { cookie: string; csrf: string },
    currentPassword: string,
    newPassword = "ein-neues-passwort-1",
  ) =>
    callAction(
      accountAction,
      staffForm("/staff/account", staff, {
        currentPassword,
        newPassword,
        confirmPassword: newPassword,
      }),
    );

  it(`the ${PASSWORD_CHANGE_ATTEMPTS}th wrong current password ends every session of the account`, async () => {
    const staff = await createStaffUser("moderator");
    const other = await newSession(staff.id);

    for (let i = 1; i < PASSWORD_CHANGE_ATTEMPTS; i++) {
      const wrong = await change(staff, `geraten-${i}`);
      expect(wrong.status).toBe(400);
      expect((await wrong.json()).errors).toEqual(["errors.account.wrongPassword"]);
    }
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(2);

    const last = await change(staff, "geraten-letztes");
    expect(last.status).toBe(303);
    expect(last.headers.get("Location")).toBe("/staff/login?notice=password-attempts");
    expect(last.headers.get("Set-Cookie")).toMatch(/qs_staff=;.*Max-Age=0/i);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(0);
    for (const cookie of [staff.cookie, other.cookie]) {
      const request = new Request("http://test.local/staff", { headers: { Cookie: cookie } });
      expect(await getStaffUser(request)).toBeNull();
    }
    const [entry] = await auditEntries("staff.passwordAttemptsExceeded");
    expect(entry).toMatchObject({
      staffId: staff.id,
      entityId: staff.id,
      after: { attempts: PASSWORD_CHANGE_ATTEMPTS, sessionsEnded: 2 },
    });
    expect(JSON.stringify(entry)).not.toContain("geraten");
    // The password is unchanged.
    expect((await login(staff.email, staff.password, noDelay)).status).toBe("ok");

    // The login page tells why.
    const page = await (
      await callLoader(loginLoader, "/staff/login?notice=password-attempts")
    ).json();
    expect(page.notice).toBe("passwordAttempts");

    // After logging in again (which needs the password) the owner can change it.
    const relogin = await callAction(
      loginAction,
      formRequest("/staff/login", { email: staff.email, password: staff.password }),
    );
    const session = await getStaffUser(
      new Request("http://test.local/staff", {
        headers: { Cookie: cookiePair(relogin.headers.get("Set-Cookie")!) },
      }),
    );
    const fresh = {
      cookie: cookiePair(relogin.headers.get("Set-Cookie")!),
      csrf: session!.csrfToken,
    };
    expect((await change(fresh, staff.password)).status).toBe(200);
  });

  it("50 parallel wrong current passwords: at most the budget is verified, and the sessions end", async () => {
    const staff = await createStaffUser("moderator");
    const counter = countingVerify(await hashOf(staff.id));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        changePassword(
          {
            staffId: staff.id,
            currentPassword: `geraten-${i}`,
            newPassword: "ein-neues-passwort-1",
          },
          { verify: counter.verify },
        ),
      ),
    );
    expect(counter.real).toBeLessThanOrEqual(PASSWORD_CHANGE_ATTEMPTS);
    expect(counter.real).toBeGreaterThanOrEqual(1);
    expect(
      results.filter((r) => r.status === "refused" && r.reason === "too-many").length,
    ).toBeGreaterThanOrEqual(50 - PASSWORD_CHANGE_ATTEMPTS);
    expect(results.some((r) => r.status === "ok")).toBe(false);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(0);
  });

  it("a correct current password starts the count afresh", async () => {
    const staff = await createStaffUser("moderator");
    for (let i = 1; i < PASSWORD_CHANGE_ATTEMPTS; i++)
      expect((await change(staff, "falsch")).status).toBe(400);
    expect((await change(staff, staff.password, "zweites-passwort-12")).status).toBe(200);
    for (let i = 1; i < PASSWORD_CHANGE_ATTEMPTS; i++)
      expect((await change(staff, "falsch")).status).toBe(400);
    expect(await prisma.staffSession.count({ where: { staffId: staff.id } })).toBe(1);
    expect(await auditEntries("staff.passwordAttemptsExceeded")).toHaveLength(0);
  });
});
