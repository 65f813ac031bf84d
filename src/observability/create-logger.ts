import { pino, type DestinationStream } from "pino";
import type { Logger } from "../core/logger.js";

/**
 * pino JSON logs. Secrets are redacted by path wherever they could appear in a bound object, and tokens
 * that slip into free text are masked by the pattern check below (Slack xox*, GitHub gh*_, OpenAI sk-).
 */
const REDACT_PATHS = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "botToken",
  "*.botToken",
  "signingSecret",
  "*.signingSecret",
  "appToken",
  "*.appToken",
  "apiKey",
  "*.apiKey",
  "privateKey",
  "*.privateKey",
  "webhookSecret",
  "*.webhookSecret",
  "dsn",
  "*.dsn",
  "password",
  "*.password",
];

const TOKEN_PATTERN = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|sk-[A-Za-z0-9_-]{16,})\b/g;

export function maskSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, (m) => `${m.slice(0, 4)}…[redacted]`);
}

export function createLogger(opts: { level: string; destination?: DestinationStream; base?: Record<string, unknown> }): Logger {
  return pino(
    {
      level: opts.level,
      base: { app: "shopfloor", ...(opts.base ?? {}) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === "string" ? maskSecrets(a) : a)) as typeof args;
          method.apply(this, masked);
        },
      },
    },
    opts.destination,
  ) as unknown as Logger;
}
