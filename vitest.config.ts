import { defineConfig } from "vitest/config";

/**
 * Test tiers (docs/ARCHITECTURE.md § Tests): unit and graph scenarios need nothing running;
 * integration and end-to-end use the real PostgreSQL and Redis on localhost and the sandbox fakes.
 */
export default defineConfig({
  test: {
    globals: true,
    reporters: ["default"],
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "graphs", include: ["test/graphs/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/setup/global-db.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Property-based fuzzing of the edges (fast-check): SHOPFLOOR_FUZZ_RUNS raises the runs for `npm run fuzz`.
          name: "fuzz",
          include: ["test/fuzz/**/*.test.ts"],
          globalSetup: ["test/setup/global-db.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Signatures, approvers and the prompt-injection corpus (docs/RELIABILITY.md).
          name: "security",
          include: ["test/security/**/*.test.ts"],
          globalSetup: ["test/setup/global-db.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/setup/global-db.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
