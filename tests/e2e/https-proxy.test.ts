import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "../setup/paths";

const databaseUrl = inject("databaseUrl");
const admin = inject("admin");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** A second instance of the built app, as behind a TLS-terminating proxy on this machine. */
let server: ChildProcess;
let base = "";

beforeAll(async () => {
  const port = await freePort();
  server = spawn("node", ["server.mjs"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: "",
      TRUST_PROXY: "loopback",
    },
    stdio: "ignore",
  });
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(base + "/")).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("second instance did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

afterAll(() => {
  server?.kill();
});

describe("https through a trusted proxy", () => {
  it("sends Strict-Transport-Security only when the request came over https", async () => {
    const overHttps = await fetch(`${base}/`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(overHttps.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    const overHttp = await fetch(`${base}/`);
    expect(overHttp.headers.get("strict-transport-security")).toBeNull();
  });

  it("marks every cookie Secure over https (language, staff session)", async () => {
    const language = await fetch(`${base}/language`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "X-Forwarded-Proto": "https",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "language=ar&redirectTo=/",
    });
    expect(language.status).toBe(303);
    expect(language.headers.get("set-cookie")).toMatch(/;\s*Secure/i);

    const login = await fetch(`${base}/staff/login`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "X-Forwarded-Proto": "https",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ email: admin.email, password: admin.password }),
    });
    expect(login.status).toBe(303);
    const cookies = login.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);

    const plain = await fetch(`${base}/language`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "language=ar&redirectTo=/",
    });
    expect(plain.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
  });
});

describe("TRUST_PROXY", () => {
  it.each(["true", "yes", "*", "10.0.0.300", "1.2.3.4/99"])(
    "refuses %j at start with a clear message",
    (value) => {
      const result = spawnSync("node", ["server.mjs"], {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: "production",
          DATABASE_URL: databaseUrl,
          PORT: "0",
          TRUST_PROXY: value,
        },
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain("TRUST_PROXY must be a number of proxy hops");
    },
  );
});
