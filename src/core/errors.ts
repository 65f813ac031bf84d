import { unavailableStore } from "./store-unavailable.js";
/**
 * Coded errors. Every failure that crosses a module boundary is an AppError with a stable code and a
 * retryable flag. They are mapped to outcomes in three places only: job processors (retry or give up),
 * Slack replies (a sentence a person understands) and the process top level.
 */
export const ErrorCode = {
  ConfigInvalid: "CONFIG_INVALID",
  BadRequest: "BAD_REQUEST",
  BadSignature: "BAD_SIGNATURE",
  Forbidden: "FORBIDDEN",
  NotFound: "NOT_FOUND",
  Conflict: "CONFLICT",
  RateLimited: "RATE_LIMITED",
  SlackApi: "SLACK_API",
  GithubApi: "GITHUB_API",
  ModelApi: "MODEL_API",
  ModelTimeout: "MODEL_TIMEOUT",
  ModelInvalidOutput: "MODEL_INVALID_OUTPUT",
  SentryApi: "SENTRY_API",
  DatabaseUnavailable: "DATABASE_UNAVAILABLE",
  RedisUnavailable: "REDIS_UNAVAILABLE",
  RedisEvicts: "REDIS_EVICTS",
  LockBusy: "LOCK_BUSY",
  PromptInvalid: "PROMPT_INVALID",
  PromptVariables: "PROMPT_VARIABLES",
  JobPayloadInvalid: "JOB_PAYLOAD_INVALID",
  UnknownGraph: "UNKNOWN_GRAPH",
  /** The command sandbox cannot run here (bubblewrap missing or not allowed). */
  SandboxUnavailable: "SANDBOX_UNAVAILABLE",
  /** A workspace operation was refused: a path outside the workspace, a missing file, a failed clone or push. */
  Workspace: "WORKSPACE",
  Internal: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AppErrorOptions {
  retryable?: boolean;
  /** Honour a server's Retry-After (ms) when retrying. */
  retryAfterMs?: number;
  /** Non-secret details for logs and the run ledger. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details ?? {};
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * Wrap anything thrown into an AppError, keeping AppErrors as they are. A lost PostgreSQL or Redis connection is
 * retryable; other unknown errors are not retried.
 */
export function toAppError(e: unknown, fallback: ErrorCode = ErrorCode.Internal): AppError {
  if (isAppError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  const store = unavailableStore(e);
  if (store) return new AppError(store === "PostgreSQL" ? ErrorCode.DatabaseUnavailable : ErrorCode.RedisUnavailable, `${store} unavailable: ${message}`, { retryable: true, cause: e });
  return new AppError(fallback, message, { cause: e });
}

/** HTTP status → retryable? 408, 429 and 5xx are worth another try; other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
