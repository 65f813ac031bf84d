import type { Config } from "../../config/load-config.js";
import type { ChatPort, ErrorTrackerPort, ForgePort, ModelPort, WorkspacePort } from "../../core/ports/index.js";
import { configChecks } from "./config-checks.js";
import { postgresCheck, redisCheck, type DoctorPg, type DoctorRedis } from "./infra-checks.js";
import { createRedactor, describeError, secretsOf } from "./redact.js";
import { githubCheck, modelCheck, sandboxCheck, sentryCheck, slackCheck } from "./service-checks.js";
import type { DoctorCheck } from "./types.js";

/**
 * Already-built clients and ports: doctor checks what the running Shopfloor would use. A missing client is
 * reported as a skipped check, never guessed at.
 */
export interface DoctorDeps {
  config: Config;
  pg: DoctorPg | null;
  redis: DoctorRedis | null;
  /** Migration names the code ships (see shippedMigrations); without them only "some migrations applied" is checked. */
  expectedMigrations?: readonly string[];
  chat?: ChatPort;
  forge?: ForgePort;
  model?: ModelPort;
  errorTracker?: ErrorTrackerPort;
  workspaces?: WorkspacePort;
}

/**
 * Every check of `shopfloor doctor`, in display order. Each one masks the configuration's secrets in what it
 * reports, including messages of errors thrown by clients.
 */
export function buildDoctorChecks(deps: DoctorDeps): DoctorCheck[] {
  const { config } = deps;
  const checks = [
    ...configChecks(config),
    postgresCheck({ pg: deps.pg, url: config.database.url, ...(deps.expectedMigrations ? { expectedMigrations: deps.expectedMigrations } : {}) }),
    redisCheck({ redis: deps.redis, url: config.redis.url }),
    slackCheck({ config, ...(deps.chat ? { chat: deps.chat } : {}) }),
    githubCheck({ config, ...(deps.forge ? { forge: deps.forge } : {}) }),
    modelCheck({ config, ...(deps.model ? { model: deps.model } : {}) }),
    sentryCheck({ config, ...(deps.errorTracker ? { errorTracker: deps.errorTracker } : {}) }),
    sandboxCheck({ config, ...(deps.workspaces ? { workspaces: deps.workspaces } : {}) }),
  ];
  const redact = createRedactor(secretsOf(config));
  return checks.map((c) => ({
    name: c.name,
    async run() {
      try {
        const result = await c.run();
        return { ...result, detail: redact(result.detail), ...(result.fix ? { fix: redact(result.fix) } : {}) };
      } catch (e) {
        return { status: "fail" as const, detail: redact(describeError(e)) };
      }
    },
  }));
}
