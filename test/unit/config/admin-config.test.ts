import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { configChecks } from "../../../src/cli/doctor/config-checks.js";
import { secretsOf } from "../../../src/cli/doctor/redact.js";
import { secretEnvNames } from "../../../src/config/env-schema.js";
import { ConfigError, parseConfig } from "../../../src/config/load-config.js";
import { createLogger } from "../../../src/observability/create-logger.js";

const PASSWORD = "correct horse battery staple";

const problemsOf = (env: Record<string, string>) => {
  try {
    parseConfig({ env });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
};

const queueBoardCheck = async (env: Record<string, string>, fileText?: string) => {
  const config = parseConfig({ env, ...(fileText ? { fileText } : {}) });
  const check = configChecks(config, { fileExists: () => true }).find((c) => c.name === "Queue board");
  if (!check) throw new Error("no Queue board check");
  return check.run();
};

describe("the queue board's configuration", () => {
  it("is off without a password, and read-only for user admin by default", () => {
    const config = parseConfig({ env: {} });
    expect(config.admin).toEqual({ user: "admin", queuesReadOnly: true });
    expect(Object.keys(config.settings)).not.toContain("admin");
  });

  it("takes user and password from the environment and the read-only switch from shopfloor.yml", () => {
    const config = parseConfig({
      env: { SHOPFLOOR_ADMIN_USER: "ops", SHOPFLOOR_ADMIN_PASSWORD: PASSWORD },
      fileText: "admin:\n  queuesReadOnly: false\n",
    });
    expect(config.admin).toEqual({ user: "ops", password: PASSWORD, queuesReadOnly: false });
  });

  it("refuses a short password, a user with a colon and unknown keys, naming each", () => {
    const problems = problemsOf({ SHOPFLOOR_ADMIN_PASSWORD: "hunter2", SHOPFLOOR_ADMIN_USER: "ops:team" });
    expect(problems.map((p) => p.key).sort()).toEqual(["SHOPFLOOR_ADMIN_PASSWORD", "SHOPFLOOR_ADMIN_USER"]);
    expect(problems.find((p) => p.key === "SHOPFLOOR_ADMIN_PASSWORD")?.message).toContain("at least 12 characters");
    expect(() => parseConfig({ env: {}, fileText: "admin:\n  queuesReadonly: false\n" })).toThrow(/queuesReadonly/);
  });

  it("treats the password as a secret: listed, masked by doctor, redacted from logs", () => {
    expect(secretEnvNames).toContain("SHOPFLOOR_ADMIN_PASSWORD");
    const config = parseConfig({ env: { SHOPFLOOR_ADMIN_PASSWORD: PASSWORD } });
    expect(secretsOf(config)).toContain(PASSWORD);

    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    logger.info({ admin: config.admin }, "queue board settings");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"user":"admin"');
    expect(lines[0]).not.toContain(PASSWORD);
  });
});

describe("shopfloor doctor's Queue board check", () => {
  it("says the board is off and how to turn it on", async () => {
    const result = await queueBoardCheck({});
    expect(result.status).toBe("skip");
    expect(result.detail).toContain("SHOPFLOOR_ADMIN_PASSWORD");
  });

  it("says where the board is, for whom, and whether it can act on jobs", async () => {
    expect(await queueBoardCheck({ SHOPFLOOR_ADMIN_PASSWORD: PASSWORD })).toEqual({
      status: "ok",
      detail: "on at /admin/queues for user admin, read-only",
    });
    const writable = await queueBoardCheck({ SHOPFLOOR_ADMIN_PASSWORD: PASSWORD, SHOPFLOOR_ADMIN_USER: "ops" }, "admin:\n  queuesReadOnly: false\n");
    expect(writable.status).toBe("ok");
    expect(writable.detail).toContain("for user ops, with retry, clean and remove actions");
    expect(writable.detail).not.toContain(PASSWORD);
  });
});
