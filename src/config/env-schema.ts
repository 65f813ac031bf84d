import { z } from "zod";

/**
 * Environment variables (DESIGN §7): secrets and endpoints. Behaviour lives in shopfloor.yml.
 * Empty strings count as unset, so `FOO=` in a .env file does not shadow a default.
 */
const optional = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const url = (fallback: string) =>
  optional()
    .transform((v) => v ?? fallback)
    .pipe(z.url({ message: "must be a URL" }));

export const envSchema = z
  .object({
    DATABASE_URL: url("postgres://postgres@127.0.0.1:5432/shopfloor"),
    REDIS_URL: url("redis://127.0.0.1:6379"),
    PORT: optional()
      .transform((v) => Number(v ?? "3000"))
      .pipe(z.number({ message: "must be a port number" }).int().min(0).max(65535)),
    SHOPFLOOR_CONFIG: optional().transform((v) => v ?? "./shopfloor.yml"),
    SHOPFLOOR_LOG_LEVEL: optional()
      .transform((v) => v ?? "info")
      .pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])),
    SHOPFLOOR_DRY_RUN: optional()
      .pipe(z.enum(["1", "0", "true", "false"], { message: "must be true or false" }).optional())
      .transform((v) => v === "1" || v === "true"),
    SLACK_BOT_TOKEN: optional(),
    SLACK_SIGNING_SECRET: optional(),
    SLACK_APP_TOKEN: optional(),
    SLACK_API_URL: url("https://slack.com/api/"),
    GITHUB_TOKEN: optional(),
    GITHUB_APP_ID: optional(),
    GITHUB_APP_PRIVATE_KEY: optional(),
    GITHUB_INSTALLATION_ID: optional(),
    GITHUB_REPOSITORY: optional().pipe(
      z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name").optional(),
    ),
    GITHUB_API_URL: url("https://api.github.com"),
    GITHUB_WEBHOOK_SECRET: optional(),
    OPENAI_API_KEY: optional(),
    OPENAI_BASE_URL: optional().pipe(z.url({ message: "must be a URL" }).optional()),
    SHOPFLOOR_MODEL: optional(),
    SENTRY_DSN: optional(),
    SENTRY_API_TOKEN: optional(),
    SENTRY_ORG: optional(),
    SENTRY_PROJECT: optional(),
    SENTRY_API_URL: url("https://sentry.io/api/0/"),
    SENTRY_WEBHOOK_SECRET: optional(),
    SHOPFLOOR_ADMIN_USER: optional()
      .transform((v) => v ?? "admin")
      .pipe(z.string().regex(/^[^:]+$/, "must not contain ':' (HTTP Basic auth separates user and password with it)")),
    // The queue board is reachable from wherever the web role is: a short password would be guessed.
    SHOPFLOOR_ADMIN_PASSWORD: optional().pipe(
      z.string().min(12, "must be at least 12 characters (the queue board at /admin/queues is as exposed as the web role)").optional(),
    ),
  })
  .superRefine((env, ctx) => {
    const app = [env.GITHUB_APP_ID, env.GITHUB_APP_PRIVATE_KEY, env.GITHUB_INSTALLATION_ID];
    const some = app.some((v) => v !== undefined);
    const all = app.every((v) => v !== undefined);
    if (some && !all) {
      for (const [i, name] of ["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_INSTALLATION_ID"].entries()) {
        if (app[i] === undefined)
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "GitHub App auth needs GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_INSTALLATION_ID together",
          });
      }
    }
    if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "Socket Mode (SLACK_APP_TOKEN) also needs the bot token (OAuth & Permissions → Bot User OAuth Token, xoxb-…)",
      });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "HTTP mode needs the app's signing secret (Basic Information → App Credentials), or set SLACK_APP_TOKEN for Socket Mode",
      });
    }
    // Run even when other variables failed to parse, so every problem is reported at once.
  }, { when: (payload) => typeof payload.value === "object" && payload.value !== null });

export type Env = z.output<typeof envSchema>;

/** Names of variables that hold secrets: never logged, never in Slack, prompts or the ledger. */
export const secretEnvNames = [
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "GITHUB_TOKEN",
  "GITHUB_APP_PRIVATE_KEY",
  "GITHUB_WEBHOOK_SECRET",
  "OPENAI_API_KEY",
  "SENTRY_DSN",
  "SENTRY_API_TOKEN",
  "SENTRY_WEBHOOK_SECRET",
  "SHOPFLOOR_ADMIN_PASSWORD",
] as const;
