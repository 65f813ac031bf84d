import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildDoctorChecks,
  doctorExitCode,
  formatDoctorTable,
  openDoctorConnections,
  runDoctor,
  secretsOf,
  shippedMigrations,
  type DoctorDeps,
  type DoctorResult,
} from "../../src/cli/doctor/index.js";
import { parseConfig, type Config } from "../../src/config/load-config.js";
import { createBwrapWorkspaces } from "../../src/adapters/workspace/bwrap-workspaces.js";
import { silentLogger } from "../../src/core/logger.js";
import { BOT_SCOPES } from "../../src/slack/slack-surface.js";
import { FakeChat, FakeErrorTracker, FakeForge, FakeModel, githubApiError, slackApiError } from "../fakes/fake-ports.js";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../setup/global-db.js";

const EXAMPLE_CONFIG = resolve(import.meta.dirname, "../../shopfloor.example.yml");
const GOOD_ENV = {
  SHOPFLOOR_ADMIN_PASSWORD: "doctor-admin-password",
  SHOPFLOOR_CONFIG: EXAMPLE_CONFIG,
  DATABASE_URL: TEST_DATABASE_URL,
  REDIS_URL: TEST_REDIS_URL,
  SLACK_BOT_TOKEN: "xoxb-doctor-test-bot-token",
  SLACK_SIGNING_SECRET: "doctor-signing-secret",
  GITHUB_TOKEN: "github_pat_doctor_test_token",
  GITHUB_REPOSITORY: "acme/shop",
  GITHUB_WEBHOOK_SECRET: "doctor-webhook-secret",
  OPENAI_API_KEY: "sk-doctor-test-key",
  SHOPFLOOR_MODEL: "gpt-4.1-mini",
  SENTRY_API_TOKEN: "sntrys_doctor_test_token",
  SENTRY_ORG: "acme",
};
const GOOD_FILE = "channels:\n  bugs: [C0BUGS0001]\napprovers:\n  slackUsers: [U0APPROVER]\n";

const CHECK_NAMES = [
  "Configuration",
  "Repository",
  "Approvers",
  "Bug channels",
  "GitHub webhooks",
  "Queue board",
  "PostgreSQL",
  "Redis",
  "Slack",
  "GitHub",
  "Model API",
  "Sentry",
  "Build sandbox",
];

function configFor(env: Record<string, string>, fileText = GOOD_FILE): Config {
  return parseConfig({ env, fileText });
}

const byName = (results: DoctorResult[], name: string): DoctorResult => {
  const found = results.find((r) => r.name === name);
  if (!found) throw new Error(`no result for ${name}`);
  return found;
};

/** Runs doctor the way the CLI does: real connections from the config, the given ports. */
async function doctor(config: Config, ports: Omit<DoctorDeps, "config" | "pg" | "redis" | "expectedMigrations"> = goodPorts()) {
  const connections = openDoctorConnections(config, { connectTimeoutMs: 3_000 });
  try {
    const checks = buildDoctorChecks({
      config,
      pg: connections.pg,
      redis: connections.redis,
      expectedMigrations: await shippedMigrations(),
      ...ports,
    });
    return await runDoctor(checks, { timeoutMs: 8_000, secrets: secretsOf(config) });
  } finally {
    await connections.close();
  }
}

/** The real bubblewrap sandbox (it runs here); `bwrapPath` points it at a missing binary. */
function sandbox(bwrapPath?: string) {
  return createBwrapWorkspaces({
    root: join(tmpdir(), "shopfloor-doctor-test"),
    cloneUrl: async () => "file:///nonexistent",
    token: async () => null,
    limits: { timeoutSeconds: 10, memoryMb: 256, maxProcesses: 32, maxOutputBytes: 4096 },
    installTimeoutSeconds: 10,
    logger: silentLogger,
    ...(bwrapPath ? { bwrapPath } : {}),
  });
}

function goodPorts() {
  return {
    chat: new FakeChat(),
    forge: new FakeForge(),
    model: new FakeModel({ models: ["gpt-4.1-mini", "gpt-4.1"] }),
    errorTracker: new FakeErrorTracker({ organization: "acme" }),
    workspaces: sandbox(),
  };
}

let admin: Redis;
beforeAll(() => {
  admin = new Redis(TEST_REDIS_URL, { lazyConnect: true });
});
afterAll(async () => {
  // Whatever happened above, leave Redis as BullMQ needs it.
  await admin.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
  admin.disconnect();
});

describe("shopfloor doctor against the real PostgreSQL and Redis", () => {
  it("reports every check ok and exits 0 when everything is configured and reachable", async () => {
    const results = await doctor(configFor(GOOD_ENV));

    expect(results.map((r) => r.name)).toEqual(CHECK_NAMES);
    const notOk = results.filter((r) => r.status !== "ok");
    expect(notOk).toEqual([]);
    expect(doctorExitCode(results)).toBe(0);
    expect(byName(results, "PostgreSQL").detail).toMatch(/^PostgreSQL \d+(\.\d+)?.*, \d+ migrations? applied/);
    expect(byName(results, "Redis").detail).toMatch(/^Redis \d+\.\d+\.\d+, maxmemory-policy noeviction$/);
    expect(byName(results, "Slack").detail).toContain(`all ${BOT_SCOPES.length} scopes granted`);
    expect(byName(results, "GitHub").detail).toContain("acme/shop");
  });

  it("fails the build sandbox check with the fix when bubblewrap is missing", async () => {
    const results = await doctor(configFor(GOOD_ENV), { ...goodPorts(), workspaces: sandbox("/nonexistent/bwrap") });
    const check = byName(results, "Build sandbox");
    expect(check.status).toBe("fail");
    expect(check.detail).toMatch(/^builds cannot run: .*bwrap/);
    expect(check.fix).toContain("apt-get install bubblewrap");
    expect(byName(await doctor(configFor(GOOD_ENV)), "Build sandbox")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^bubblewrap \d/) });
  });

  it("reads the eviction policy from the real Redis and fails with the fix when it is not noeviction", async () => {
    const config = configFor(GOOD_ENV);
    const original = await admin.call("CONFIG", "GET", "maxmemory-policy");
    expect(original).toEqual(["maxmemory-policy", "noeviction"]);
    let results: DoctorResult[];
    try {
      await admin.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
      results = await doctor(config);
    } finally {
      await admin.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
    }
    const redis = byName(results, "Redis");
    expect(redis.status).toBe("fail");
    expect(redis.detail).toContain("maxmemory-policy allkeys-lru");
    expect(redis.fix).toContain("CONFIG SET maxmemory-policy noeviction");
    expect(redis.fix).toContain("redis.conf");
    expect(doctorExitCode(results)).toBe(1);
    expect(await admin.call("CONFIG", "GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
  });

  it("fails the Slack check and lists the scopes the bot token lacks", async () => {
    const scopes = BOT_SCOPES.filter((s) => s !== "usergroups:read" && s !== "reactions:write");
    const results = await doctor(configFor(GOOD_ENV), { ...goodPorts(), chat: new FakeChat({ scopes }) });

    const slack = byName(results, "Slack");
    expect(slack.status).toBe("fail");
    expect(slack.detail).toContain("missing scopes: reactions:write, usergroups:read");
    expect(slack.fix).toContain("slack-manifest.yml");
    expect(slack.fix).toContain("Reinstall");
    expect(doctorExitCode(results)).toBe(1);
  });

  it("fails PostgreSQL with the fix when the server cannot be reached", async () => {
    const results = await doctor(configFor({ ...GOOD_ENV, DATABASE_URL: "postgres://postgres@127.0.0.1:1/x" }));

    const postgres = byName(results, "PostgreSQL");
    expect(postgres.status).toBe("fail");
    expect(postgres.detail).toContain("postgres://postgres@127.0.0.1:1/x");
    expect(postgres.detail).toContain("ECONNREFUSED");
    expect(postgres.fix).toContain("DATABASE_URL");
    // The other checks still ran.
    expect(byName(results, "Redis").status).toBe("ok");
    expect(doctorExitCode(results)).toBe(1);
  });

  it("fails Redis with the fix when the server cannot be reached", async () => {
    const results = await doctor(configFor({ ...GOOD_ENV, REDIS_URL: "redis://127.0.0.1:1" }));
    const redis = byName(results, "Redis");
    expect(redis.status).toBe("fail");
    expect(redis.detail).toContain("ECONNREFUSED");
    expect(redis.fix).toContain("REDIS_URL");
  });

  it("tells to run `shopfloor migrate` on a database without migrations, and names pending ones", async () => {
    const name = `shopfloor_doctor_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const server = new pg.Client({ connectionString: TEST_DATABASE_URL.replace(/\/[^/]+$/, "/postgres") });
    await server.connect();
    try {
      await server.query(`CREATE DATABASE ${name}`);
      const empty = await doctor(configFor({ ...GOOD_ENV, DATABASE_URL: TEST_DATABASE_URL.replace(/\/[^/]+$/, `/${name}`) }));
      const postgres = byName(empty, "PostgreSQL");
      expect(postgres.status).toBe("fail");
      expect(postgres.detail).toContain("no migrations have been applied");
      expect(postgres.fix).toContain("shopfloor migrate");
    } finally {
      await server.query(`DROP DATABASE IF EXISTS ${name}`);
      await server.end();
    }

    const config = configFor(GOOD_ENV);
    const connections = openDoctorConnections(config);
    try {
      const shipped = await shippedMigrations();
      const checks = buildDoctorChecks({ config, pg: connections.pg, redis: null, expectedMigrations: [...shipped, "9999999999999_not-yet-applied"] });
      const [pending] = await runDoctor(checks.filter((c) => c.name === "PostgreSQL"));
      expect(pending).toMatchObject({ status: "fail", fix: "run `shopfloor migrate`" });
      expect(pending!.detail).toContain("1 migration not applied (9999999999999_not-yet-applied)");
    } finally {
      await connections.close();
    }
  });

  it("names the database that does not exist and how to create it", async () => {
    const results = await doctor(configFor({ ...GOOD_ENV, DATABASE_URL: TEST_DATABASE_URL.replace(/\/[^/]+$/, "/shopfloor_no_such_db") }));
    const postgres = byName(results, "PostgreSQL");
    expect(postgres.status).toBe("fail");
    expect(postgres.detail).toContain("shopfloor_no_such_db");
    expect(postgres.fix).toContain("shopfloor migrate");
  });

  it("prints a table with every check, aligned columns, fixes and a summary", async () => {
    const results = await doctor(configFor({ ...GOOD_ENV, DATABASE_URL: "postgres://postgres@127.0.0.1:1/x" }, ""));
    const table = formatDoctorTable(results);
    const lines = table.split("\n");

    expect(lines[0]).toMatch(/^STATUS\s+CHECK\s+DETAIL\s+FIX$/);
    for (const name of CHECK_NAMES) expect(table).toContain(name);
    // One row per check, with the check name starting in the same column in every row.
    const rows = lines.slice(1, 1 + results.length);
    const column = lines[0]!.indexOf("CHECK");
    rows.forEach((row, i) => expect(row.slice(column).startsWith(results[i]!.name)).toBe(true));
    const detailColumn = lines[0]!.indexOf("DETAIL");
    rows.forEach((row, i) => expect(row.slice(detailColumn).startsWith(results[i]!.detail)).toBe(true));
    expect(table).toMatch(/✗ FAIL\s+PostgreSQL/);
    expect(table).toMatch(/! warn\s+Approvers\s+no approvers.*approvers\.slackUsers/);
    expect(table).toMatch(/✓ ok\s+Redis/);
    expect(lines.at(-1)).toMatch(/^1 failed, 2 warnings, 10 ok, 0 skipped$/);
  });

  it("never prints a secret, even when an error message carries one", async () => {
    const forge = new FakeForge();
    forge.faults.fail("getRepository", new Error(`request with token ${GOOD_ENV.GITHUB_TOKEN} failed: Bad credentials`));
    const env = { ...GOOD_ENV, DATABASE_URL: "postgres://postgres:hunter2-secret@127.0.0.1:1/x" };
    const results = await doctor(configFor(env), { ...goodPorts(), forge });

    const table = formatDoctorTable(results);
    for (const secret of [GOOD_ENV.GITHUB_TOKEN, "hunter2-secret", GOOD_ENV.SLACK_BOT_TOKEN, GOOD_ENV.OPENAI_API_KEY]) {
      expect(table).not.toContain(secret);
    }
    expect(byName(results, "GitHub").detail).toContain("[redacted]");
    expect(byName(results, "PostgreSQL").detail).toContain("postgres://postgres:***@127.0.0.1:1/x");
  });
});

describe("shopfloor doctor checks of services and configuration", () => {
  /** Only the checks that do not need PostgreSQL or Redis. */
  async function serviceChecks(config: Config, ports: Partial<DoctorDeps> = {}, timeoutMs = 5_000) {
    const checks = buildDoctorChecks({ config, pg: null, redis: null, ...ports }).filter(
      (c) => c.name !== "PostgreSQL" && c.name !== "Redis",
    );
    return runDoctor(checks, { timeoutMs });
  }

  it("skips what is not configured, with a hint, and fails only the missing repository", async () => {
    const results = await serviceChecks(configFor({}, ""));

    expect(byName(results, "Slack")).toMatchObject({ status: "skip", fix: expect.stringContaining("slack-manifest.yml") });
    expect(byName(results, "GitHub")).toMatchObject({ status: "skip", fix: expect.stringContaining("GITHUB_TOKEN") });
    expect(byName(results, "GitHub webhooks").status).toBe("skip");
    expect(byName(results, "Model API")).toMatchObject({ status: "skip", fix: expect.stringContaining("OPENAI_API_KEY") });
    expect(byName(results, "Sentry").status).toBe("skip");
    expect(byName(results, "Repository")).toMatchObject({ status: "fail", fix: expect.stringContaining("GITHUB_REPOSITORY") });
    expect(byName(results, "Approvers").status).toBe("warn");
    expect(byName(results, "Bug channels").status).toBe("warn");
    expect(doctorExitCode(results)).toBe(1);
  });

  it("warns when there is no shopfloor.yml, since every setting then takes its default", async () => {
    const missing = byName(await serviceChecks(configFor({ SHOPFLOOR_CONFIG: "/nonexistent/shopfloor.yml" }, "")), "Configuration");
    expect(missing).toMatchObject({ status: "warn", fix: expect.stringContaining("shopfloor.example.yml") });
    expect(missing.detail).toContain("/nonexistent/shopfloor.yml not found");
    const found = byName(await serviceChecks(configFor({ SHOPFLOOR_CONFIG: EXAMPLE_CONFIG, SHOPFLOOR_DRY_RUN: "1" })), "Configuration");
    expect(found).toMatchObject({ status: "ok", detail: `${EXAMPLE_CONFIG}; dry run: effects are recorded, none performed` });
  });

  it("warns about a missing webhook secret when GitHub is configured", async () => {
    const env = { SHOPFLOOR_CONFIG: EXAMPLE_CONFIG, GITHUB_TOKEN: "ghp_abcdef", GITHUB_REPOSITORY: "acme/shop" };
    const results = await serviceChecks(configFor(env), { forge: new FakeForge() });
    expect(byName(results, "GitHub webhooks")).toMatchObject({ status: "warn", fix: expect.stringContaining("GITHUB_WEBHOOK_SECRET") });
    expect(byName(results, "GitHub").status).toBe("ok");
    // Warnings alone do not fail the run.
    expect(doctorExitCode(results)).toBe(0);
  });

  it("fails GitHub when the token cannot push, naming the fine-grained permissions", async () => {
    const forge = new FakeForge({ permissions: { admin: false, maintain: false, push: false, triage: false, pull: true } });
    const results = await serviceChecks(configFor(GOOD_ENV), { forge });
    const github = byName(results, "GitHub");
    expect(github.status).toBe("fail");
    expect(github.detail).toContain("cannot push or write issues (has: pull)");
    for (const permission of ["Contents: Read and write", "Issues: Read and write", "Pull requests: Read and write", "Checks: Read-only", "Metadata: Read-only"]) {
      expect(github.fix).toContain(permission);
    }
  });

  it("explains a repository GitHub does not show to the token", async () => {
    const forge = new FakeForge();
    forge.faults.fail("getRepository", githubApiError(404, "Not Found"));
    const github = byName(await serviceChecks(configFor(GOOD_ENV), { forge }), "GitHub");
    expect(github.status).toBe("fail");
    expect(github.fix).toContain("acme/shop");
    expect(github.fix).toContain("repository access");
  });

  it("warns when the default model is not offered by the endpoint", async () => {
    const model = new FakeModel({ models: ["llama3.1:8b", "qwen2.5-coder:7b"] });
    const results = await serviceChecks(configFor(GOOD_ENV), { chat: new FakeChat(), forge: new FakeForge(), model, errorTracker: new FakeErrorTracker() });
    const check = byName(results, "Model API");
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("does not list gpt-4.1-mini");
    expect(check.detail).toContain("llama3.1:8b");
    expect(check.fix).toContain("SHOPFLOOR_MODEL");
    expect(doctorExitCode(results)).toBe(0);
  });

  it("warns about per-task models the endpoint does not offer", async () => {
    const config = configFor(GOOD_ENV, `${GOOD_FILE}models:\n  tasks:\n    review.security: gpt-5-imaginary\n`);
    const check = byName(await serviceChecks(config, { model: new FakeModel({ models: ["gpt-4.1-mini"] }) }), "Model API");
    expect(check).toMatchObject({ status: "warn", fix: expect.stringContaining("models.tasks") });
    expect(check.detail).toContain("gpt-5-imaginary");
  });

  it("fails the model check when the endpoint refuses, without showing the key", async () => {
    const model = new FakeModel();
    model.faults.fail("ping", new Error(`401 Incorrect API key provided: ${GOOD_ENV.OPENAI_API_KEY}`));
    const check = byName(await serviceChecks(configFor(GOOD_ENV), { model }), "Model API");
    expect(check.status).toBe("fail");
    expect(check.detail).toContain("Incorrect API key");
    expect(check.detail).not.toContain(GOOD_ENV.OPENAI_API_KEY);
    expect(check.fix).toContain("OPENAI_API_KEY");
  });

  it("checks Sentry only when both the token and the organisation are set", async () => {
    const ok = byName(await serviceChecks(configFor(GOOD_ENV), { errorTracker: new FakeErrorTracker({ organization: "acme" }) }), "Sentry");
    expect(ok).toMatchObject({ status: "ok", detail: expect.stringContaining("acme") });

    const half = byName(await serviceChecks(configFor({ SENTRY_API_TOKEN: "sntrys_x" })), "Sentry");
    expect(half).toMatchObject({ status: "warn", detail: expect.stringContaining("SENTRY_ORG") });

    const tracker = new FakeErrorTracker();
    tracker.faults.fail("ping", new Error("403 You do not have permission to perform this action."));
    const refused = byName(await serviceChecks(configFor(GOOD_ENV), { errorTracker: tracker }), "Sentry");
    expect(refused).toMatchObject({ status: "fail", fix: expect.stringContaining("SENTRY_API_TOKEN") });
  });

  it("fails a check that does not answer in time, and one that throws, without stopping the others", async () => {
    const forge = new FakeForge();
    forge.faults.hang("getRepository");
    const chat = new FakeChat();
    chat.faults.fail("identity", slackApiError("invalid_auth", { method: "auth.test" }));
    const started = Date.now();
    const results = await serviceChecks(configFor(GOOD_ENV), { forge, chat, model: new FakeModel(), errorTracker: new FakeErrorTracker() }, 300);

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(byName(results, "GitHub")).toMatchObject({ status: "fail", detail: "no answer within 0.3 s" });
    expect(byName(results, "Slack")).toMatchObject({ status: "fail", fix: expect.stringContaining("Bot User OAuth Token") });
    expect(byName(results, "Model API").status).toBe("ok");
  });

  it("turns an exception thrown by a check into a failure with its message", async () => {
    const [result] = await runDoctor([
      {
        name: "Broken",
        run: () => {
          throw new Error("boom");
        },
      },
    ]);
    expect(result).toMatchObject({ name: "Broken", status: "fail", detail: "boom" });
  });

  it("refuses Socket Mode without a bot token before any check runs", () => {
    expect(() => configFor({ SLACK_APP_TOKEN: "xapp-1-abc" })).toThrow(/SLACK_BOT_TOKEN/);
  });
});
