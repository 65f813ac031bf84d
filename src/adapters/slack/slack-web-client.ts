import { LogLevel, WebClient, type Logger as SlackLogger } from "@slack/web-api";
import type { Logger } from "../../core/logger.js";

export interface SlackWebClientOptions {
  token: string;
  /** Web API base, e.g. `https://slack.com/api/` or a sandbox's `http://127.0.0.1:PORT/api/`. */
  apiUrl: string;
  /**
   * Retries of transport failures inside the SDK (default 2). Tests pass 0. Rate limits are never retried
   * here: they surface as errors with Retry-After and the job queue decides.
   */
  retries?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * The one place a Slack WebClient is configured: no 30-minute default retry policy, rate-limited calls
 * rejected (`rejectRateLimitedCalls`) so the caller sees `retryAfter`, and our logger instead of the console.
 */
export function createSlackWebClient(opts: SlackWebClientOptions): WebClient {
  const retries = opts.retries ?? 2;
  return new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 30_000,
    logger: toSlackLogger(opts.logger),
  });
}

/** Adapt a pino-style logger to the SDK's variadic one; without a logger the SDK stays quiet. */
function toSlackLogger(logger: Logger | undefined): SlackLogger {
  let level = LogLevel.INFO;
  const emit =
    (fn: "debug" | "info" | "warn" | "error") =>
    (...msg: unknown[]): void => {
      logger?.[fn]({ component: "slack-web-api" }, msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" "));
    };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
