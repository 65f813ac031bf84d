import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { AppError, ErrorCode } from "../core/errors.js";
import { envSchema, type Env } from "./env-schema.js";
import { fileSchema, type FileConfig } from "./file-schema.js";

export type GithubAuth =
  | { kind: "token"; token: string }
  | { kind: "app"; appId: string; privateKey: string; installationId: string }
  | { kind: "none" };

/** The whole configuration, validated and frozen. Built once at start; nothing else reads process.env. */
export interface Config {
  configPath: string;
  logLevel: Env["SHOPFLOOR_LOG_LEVEL"];
  dryRun: boolean;
  database: { url: string };
  redis: { url: string };
  http: { port: number };
  slack: {
    mode: "http" | "socket" | "off";
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
  };
  github: {
    auth: GithubAuth;
    repository?: { owner: string; name: string };
    apiUrl: string;
    webhookSecret?: string;
  };
  model: FileConfig["models"] & { apiKey?: string; baseUrl?: string; defaultModel: string };
  sentry: { dsn?: string; apiToken?: string; org?: string; project?: string; apiUrl: string; webhookSecret?: string };
  /** The operators' queue board at /admin/queues: on only when a password is set. */
  admin: { user: string; password?: string; queuesReadOnly: boolean };
  settings: Omit<FileConfig, "models" | "repository" | "dryRun" | "admin">;
}

/** One problem, named by the key or variable that has it, with what to do about it. */
export interface ConfigProblem {
  source: "env" | "file";
  key: string;
  message: string;
}

export class ConfigError extends AppError {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(ErrorCode.ConfigInvalid, formatProblems(problems), { details: { problems } });
    this.problems = problems;
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.source === "env" ? "environment" : "shopfloor.yml"} ${p.key}: ${p.message}`);
  return `Shopfloor's configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${lines.join("\n")}`;
}

const DEFAULT_MODEL = "gpt-4.1-mini";

function issuesOf(source: "env" | "file", error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({
    source,
    key: issue.path.length ? issue.path.join(".") : "(root)",
    message: issue.code === "unrecognized_keys" ? `unknown key(s) ${issue.keys.join(", ")}; check the spelling against shopfloor.example.yml` : issue.message,
  }));
}

export interface LoadConfigInput {
  env: Record<string, string | undefined>;
  /** Text of shopfloor.yml; undefined when there is no file (every key takes its default). */
  fileText?: string;
  /** Base directory for a relative SHOPFLOOR_CONFIG. */
  cwd?: string;
}

/**
 * Pure: validates the environment and the file together and reports every problem at once.
 * Throws ConfigError listing them all; returns a deep-frozen Config.
 */
export function parseConfig(input: LoadConfigInput): Config {
  const problems: ConfigProblem[] = [];
  const envResult = envSchema.safeParse(input.env);
  if (!envResult.success) problems.push(...issuesOf("env", envResult.error));

  let raw: unknown = {};
  if (input.fileText !== undefined) {
    const doc = parseDocument(input.fileText);
    if (doc.errors.length) {
      problems.push(
        ...doc.errors.map((e) => ({ source: "file" as const, key: `line ${e.linePos?.[0]?.line ?? "?"}`, message: `YAML syntax: ${e.message.split("\n")[0]}` })),
      );
    } else {
      raw = doc.toJS() ?? {};
    }
  }
  const fileResult = fileSchema.safeParse(raw);
  if (!fileResult.success) problems.push(...issuesOf("file", fileResult.error));
  if (problems.length || !envResult.success || !fileResult.success) throw new ConfigError(problems);

  const env = envResult.data;
  const file = fileResult.data;
  const repo = env.GITHUB_REPOSITORY ?? file.repository;
  const [owner, name] = repo ? repo.split("/") : [];
  const { models, repository: _repository, dryRun, admin, ...settings } = file;

  const config: Config = {
    configPath: resolve(input.cwd ?? ".", env.SHOPFLOOR_CONFIG),
    logLevel: env.SHOPFLOOR_LOG_LEVEL,
    dryRun: env.SHOPFLOOR_DRY_RUN || dryRun,
    database: { url: env.DATABASE_URL },
    redis: { url: env.REDIS_URL },
    http: { port: env.PORT },
    slack: {
      mode: env.SLACK_APP_TOKEN ? "socket" : env.SLACK_BOT_TOKEN ? "http" : "off",
      ...(env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {}),
      ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      apiUrl: env.SLACK_API_URL.endsWith("/") ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`,
    },
    github: {
      auth: env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY && env.GITHUB_INSTALLATION_ID
        ? { kind: "app", appId: env.GITHUB_APP_ID, privateKey: env.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, "\n"), installationId: env.GITHUB_INSTALLATION_ID }
        : env.GITHUB_TOKEN
          ? { kind: "token", token: env.GITHUB_TOKEN }
          : { kind: "none" },
      ...(owner && name ? { repository: { owner, name } } : {}),
      apiUrl: env.GITHUB_API_URL.replace(/\/+$/, ""),
      ...(env.GITHUB_WEBHOOK_SECRET ? { webhookSecret: env.GITHUB_WEBHOOK_SECRET } : {}),
    },
    model: {
      ...models,
      defaultModel: env.SHOPFLOOR_MODEL ?? models.default ?? DEFAULT_MODEL,
      ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
      ...(env.OPENAI_BASE_URL ? { baseUrl: env.OPENAI_BASE_URL } : {}),
    },
    sentry: {
      ...(env.SENTRY_DSN ? { dsn: env.SENTRY_DSN } : {}),
      ...(env.SENTRY_API_TOKEN ? { apiToken: env.SENTRY_API_TOKEN } : {}),
      ...(env.SENTRY_ORG ? { org: env.SENTRY_ORG } : {}),
      ...(env.SENTRY_PROJECT ? { project: env.SENTRY_PROJECT } : {}),
      apiUrl: env.SENTRY_API_URL.endsWith("/") ? env.SENTRY_API_URL : `${env.SENTRY_API_URL}/`,
      ...(env.SENTRY_WEBHOOK_SECRET ? { webhookSecret: env.SENTRY_WEBHOOK_SECRET } : {}),
    },
    admin: {
      user: env.SHOPFLOOR_ADMIN_USER,
      ...(env.SHOPFLOOR_ADMIN_PASSWORD ? { password: env.SHOPFLOOR_ADMIN_PASSWORD } : {}),
      queuesReadOnly: admin.queuesReadOnly,
    },
    settings,
  };
  return deepFreeze(config);
}

/** Reads SHOPFLOOR_CONFIG (when the file exists) and parses everything. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const path = resolve(cwd, env.SHOPFLOOR_CONFIG?.trim() || "./shopfloor.yml");
  let fileText: string | undefined;
  try {
    fileText = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" || env.SHOPFLOOR_CONFIG?.trim()) {
      throw new ConfigError([{ source: "env", key: "SHOPFLOOR_CONFIG", message: `cannot read ${path} (${code ?? String(e)}); copy shopfloor.example.yml there or point SHOPFLOOR_CONFIG at your file` }]);
    }
  }
  return parseConfig({ env, cwd, ...(fileText === undefined ? {} : { fileText }) });
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
