import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default", "./tests/setup/summary-reporter.ts"],
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          // Migrates and seeds one base SQLite file per run; each test file gets its own copy.
          globalSetup: ["tests/setup/integration-global.ts"],
          setupFiles: ["tests/setup/integration-file.ts"],
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          // Builds nothing itself: `npm test` builds first. Starts the built app on a fresh database.
          globalSetup: ["tests/setup/e2e-global.ts"],
          // One browser at a time: the machine has two cores.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Pages answer slower when the whole suite runs on two cores: give polls time.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
