import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { repoRoot, tmpRoot } from "./paths";
import { startTestSmtpServer } from "./smtp-test-server";

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

/**
 * Starts the built app (server.mjs) on a fresh SQLite file with the real
 * funding area and the demo content, as `npm start` would.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(path.join(repoRoot, "build/index.js"))) {
    throw new Error("No build found: run `npm run build` first (npm test does).");
  }
  const runDir = path.join(tmpRoot, `e2e-${process.pid}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: `file:${path.join(runDir, "e2e.db")}`,
    SUBMISSION_RATE_LIMIT: "1000",
    // Every browser of the suite logs in from 127.0.0.1: more than the 20 login
    // requests per address and 15 minutes that the login route allows.
    LOGIN_RATE_LIMIT: "1000",
    ADMIN_EMAIL: "admin@e2e.test",
    ADMIN_PASSWORD: "e2e-admin-password-123",
    // A configured office address (unset, the pages show a demo placeholder: tests/integration/office-contact.test.ts).
    OFFICE_CONTACT_EMAIL: "barrierefreiheit@e2e.test",
  };
  execFileSync("node", ["scripts/setup-db.mjs"], { cwd: repoRoot, env, stdio: "ignore" });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // A real SMTP server for the app's mail; every message it accepts is written to
  // mailDir, where the browser tests (another process) read it.
  const mailDir = path.join(runDir, "mail");
  const smtp = await startTestSmtpServer({ saveTo: mailDir });
  const server: ChildProcess = spawn("node", ["server.mjs"], {
    cwd: repoRoot,
    env: {
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      SMTP_URL: smtp.url,
      MAIL_FROM: "Quartiersstimme E2E <beteiligung@e2e.test>",
      // Links in mails are absolute: they point at this server.
      PUBLIC_BASE_URL: baseUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout?.on("data", (chunk) => (output += chunk));
  server.stderr?.on("data", (chunk) => (output += chunk));

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(baseUrl + "/");
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`App did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  project.provide("baseUrl", baseUrl);
  project.provide("databaseUrl", env.DATABASE_URL);
  project.provide("admin", { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  project.provide("officeEmail", env.OFFICE_CONTACT_EMAIL);
  project.provide("mailDir", mailDir);
  return async () => {
    server.kill();
    await smtp.close();
    rmSync(runDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    admin: { email: string; password: string };
    officeEmail: string;
    /** Folder of the messages the test SMTP server accepted (one .eml file each). */
    mailDir: string;
  }
}
