import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { ConfigError, parseConfig, type ConfigProblem } from "../../../src/config/load-config.js";
import { ErrorCode } from "../../../src/core/errors.js";

/** parseConfig's thrown ConfigError, or a failure when it did not throw one. */
function problemsOf(input: Parameters<typeof parseConfig>[0]): { error: ConfigError; problems: ConfigProblem[] } {
  try {
    parseConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const error = e as ConfigError;
    return { error, problems: error.problems };
  }
  throw new Error("expected parseConfig to throw a ConfigError");
}

describe("parseConfig defaults", () => {
  it("fills every endpoint and behaviour default from an empty environment and no file", () => {
    const config = parseConfig({ env: {}, cwd: "/srv/shopfloor" });

    expect(config.database.url).toBe("postgres://postgres@127.0.0.1:5432/shopfloor");
    expect(config.redis.url).toBe("redis://127.0.0.1:6379");
    expect(config.http.port).toBe(3000);
    expect(config.configPath).toBe(resolve("/srv/shopfloor", "shopfloor.yml"));
    expect(config.logLevel).toBe("info");
    expect(config.dryRun).toBe(false);
    expect(config.slack).toEqual({ mode: "off", apiUrl: "https://slack.com/api/" });
    expect(config.github).toEqual({ auth: { kind: "none" }, apiUrl: "https://api.github.com" });
    expect(config.model.defaultModel).toBe("gpt-4.1-mini");
    expect(config.model.timeoutMs).toBe(60_000);
    expect(config.sentry).toEqual({ apiUrl: "https://sentry.io/api/0/" });
    expect(config.settings.channels.bugs).toEqual([]);
    expect(config.settings.labels.ready).toBe("factory:ready");
    expect(config.settings.labels.type.bug).toBe("type:bug");
    expect(config.settings.risk.autoApprove).toBe(false);
    expect(config.settings.risk.requireHumanMerge).toBe(true);
    expect(config.settings.schedules.incidentPoll).toBe("*/15 * * * *");
    expect(config.settings.limits.workerConcurrency).toBe(8);
  });

  it("treats empty and blank variables as unset, so `FOO=` in a .env file keeps the default", () => {
    const config = parseConfig({ env: { DATABASE_URL: "", PORT: "  ", SLACK_BOT_TOKEN: "" } });
    expect(config.database.url).toBe("postgres://postgres@127.0.0.1:5432/shopfloor");
    expect(config.http.port).toBe(3000);
    expect(config.slack.mode).toBe("off");
  });

  it("takes the file's values over the defaults and keeps the defaults of keys it leaves out", () => {
    const config = parseConfig({
      env: {},
      fileText: "dryRun: true\nchannels:\n  bugs: [C0123456789]\nlimits:\n  workerConcurrency: 3\n",
    });
    expect(config.dryRun).toBe(true);
    expect(config.settings.channels.bugs).toEqual(["C0123456789"]);
    expect(config.settings.limits.workerConcurrency).toBe(3);
    expect(config.settings.limits.jobAttempts).toBe(6);
  });

  it("accepts an empty file", () => {
    expect(parseConfig({ env: {}, fileText: "" }).settings.areas).toEqual([]);
  });
});

describe("parseConfig problems", () => {
  it("reports every problem at once, naming each variable and key", () => {
    const { error, problems } = problemsOf({
      env: { PORT: "eighty", GITHUB_APP_ID: "12345" },
      fileText: "channels:\n  bugs: [general]\nchanels: {}\n",
    });

    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    const where = problems.map((p) => `${p.source}:${p.key}`);
    // The bad PORT, the bad channel id, the unknown key and the half GitHub App config, all in one error.
    expect(where).toEqual(
      expect.arrayContaining([
        "env:PORT",
        "file:channels.bugs.0",
        "file:(root)",
        "env:GITHUB_APP_PRIVATE_KEY",
        "env:GITHUB_INSTALLATION_ID",
      ]),
    );
    expect(error.message).toContain("environment PORT: must be a port number");
    expect(error.message).toContain("shopfloor.yml channels.bugs.0: must be a Slack channel id");
    expect(error.message).toContain("unknown key(s) chanels");
    expect(error.message).toContain("environment GITHUB_APP_PRIVATE_KEY: GitHub App auth needs");
    expect(error.message).toContain("has 5 problems");
  });

  it("names the half GitHub App configuration on its own", () => {
    const { problems } = problemsOf({ env: { GITHUB_APP_ID: "1", GITHUB_INSTALLATION_ID: "2" } });
    expect(problems).toEqual([
      { source: "env", key: "GITHUB_APP_PRIVATE_KEY", message: expect.stringContaining("together") },
    ]);
  });

  it("names unknown nested keys with their section", () => {
    const { problems } = problemsOf({ env: {}, fileText: "risk:\n  autoAprove: true\n" });
    expect(problems).toEqual([{ source: "file", key: "risk", message: expect.stringContaining("autoAprove") }]);
  });

  it("reports a YAML syntax error with its line", () => {
    const { error, problems } = problemsOf({ env: {}, fileText: "dryRun: false\nchannels:\n  bugs: [C0123456789\nrisk: {}\n" });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ source: "file", key: expect.stringMatching(/^line [34]$/) });
    expect(problems[0]!.message).toMatch(/^YAML syntax: /);
    expect(error.message).toMatch(/shopfloor\.yml line [34]: YAML syntax/);
  });

  it("reports environment problems together with a YAML syntax error", () => {
    const { problems } = problemsOf({ env: { REDIS_URL: "not a url" }, fileText: "a: [\n" });
    expect(problems.map((p) => p.source).sort()).toEqual(["env", "file"]);
  });

  it("asks for the signing secret in HTTP mode", () => {
    const { problems } = problemsOf({ env: { SLACK_BOT_TOKEN: "xoxb-1" } });
    expect(problems).toEqual([{ source: "env", key: "SLACK_SIGNING_SECRET", message: expect.stringContaining("Socket Mode") }]);
  });

  it("never puts a secret's value into the error", () => {
    const secret = "xoxb-very-secret-token";
    const { error } = problemsOf({ env: { SLACK_BOT_TOKEN: secret, PORT: "-1" } });
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.details)).not.toContain(secret);
  });
});

describe("parseConfig result", () => {
  it("is deep-frozen: assignments throw", () => {
    const config = parseConfig({ env: {}, fileText: "approvers:\n  slackUsers: [U0123456789]\n" });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { dryRun: boolean }).dryRun = true;
    }).toThrow(TypeError);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.settings.approvers.slackUsers as string[]).push("U999");
    }).toThrow(TypeError);
    expect(() => {
      (config.settings.labels.type as { bug: string }).bug = "bug";
    }).toThrow(TypeError);
  });

  it("lets GITHUB_REPOSITORY override the file's repository", () => {
    const fileText = "repository: acme/from-file\n";
    expect(parseConfig({ env: {}, fileText }).github.repository).toEqual({ owner: "acme", name: "from-file" });
    expect(parseConfig({ env: { GITHUB_REPOSITORY: "octo/from-env" }, fileText }).github.repository).toEqual({
      owner: "octo",
      name: "from-env",
    });
  });

  it("rejects a repository that is not owner/name", () => {
    expect(problemsOf({ env: { GITHUB_REPOSITORY: "just-a-name" } }).problems[0]).toMatchObject({ key: "GITHUB_REPOSITORY" });
  });

  it("chooses the Slack mode from the tokens", () => {
    expect(parseConfig({ env: {} }).slack.mode).toBe("off");
    const http = parseConfig({ env: { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s3cret" } }).slack;
    expect(http).toMatchObject({ mode: "http", botToken: "xoxb-1", signingSecret: "s3cret" });
    const socket = parseConfig({ env: { SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" } }).slack;
    expect(socket).toMatchObject({ mode: "socket", botToken: "xoxb-1", appToken: "xapp-1" });
    expect(socket.signingSecret).toBeUndefined();
  });

  it("normalises API base URLs", () => {
    const config = parseConfig({
      env: { SLACK_API_URL: "http://127.0.0.1:9001/api", GITHUB_API_URL: "http://127.0.0.1:9002/", SENTRY_API_URL: "http://127.0.0.1:9003/api/0" },
    });
    expect(config.slack.apiUrl).toBe("http://127.0.0.1:9001/api/");
    expect(config.github.apiUrl).toBe("http://127.0.0.1:9002");
    expect(config.sentry.apiUrl).toBe("http://127.0.0.1:9003/api/0/");
  });

  it("prefers GitHub App auth over a token and restores newlines in the private key", () => {
    const env = { GITHUB_TOKEN: "ghp_x", GITHUB_APP_ID: "1", GITHUB_APP_PRIVATE_KEY: "-----BEGIN-----\\nabc\\n-----END-----", GITHUB_INSTALLATION_ID: "2" };
    expect(parseConfig({ env }).github.auth).toEqual({
      kind: "app",
      appId: "1",
      privateKey: "-----BEGIN-----\nabc\n-----END-----",
      installationId: "2",
    });
    expect(parseConfig({ env: { GITHUB_TOKEN: "ghp_x" } }).github.auth).toEqual({ kind: "token", token: "ghp_x" });
  });

  it("takes the default model from SHOPFLOOR_MODEL, then models.default, then the built-in default", () => {
    const fileText = "models:\n  default: from-file\n  tasks:\n    review.security: strong-model\n";
    expect(parseConfig({ env: {} }).model.defaultModel).toBe("gpt-4.1-mini");
    expect(parseConfig({ env: {}, fileText }).model.defaultModel).toBe("from-file");
    const both = parseConfig({ env: { SHOPFLOOR_MODEL: "from-env" }, fileText }).model;
    expect(both.defaultModel).toBe("from-env");
    // Per-task overrides stay as the file says; only the default changes.
    expect(both.tasks).toEqual({ "review.security": "strong-model" });
  });

  it("turns dry-run on from either the environment or the file", () => {
    expect(parseConfig({ env: { SHOPFLOOR_DRY_RUN: "1" } }).dryRun).toBe(true);
    expect(parseConfig({ env: { SHOPFLOOR_DRY_RUN: "true" }, fileText: "dryRun: false\n" }).dryRun).toBe(true);
    expect(parseConfig({ env: {}, fileText: "dryRun: true\n" }).dryRun).toBe(true);
  });
});
