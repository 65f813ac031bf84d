import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { GithubAuth } from "../../config/load-config.js";
import type { Logger } from "../../core/logger.js";

/**
 * The one place an Octokit is built. Throttling follows GitHub's guidance (writes serialised ≥ 1 s apart,
 * rate-limit waits honoured up to twice); the retry plugin never retries 409/422 (a moved head, a failed
 * validation) and callers switch it off per request for non-idempotent writes.
 */

export const GithubOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof GithubOctokit>;

/**
 * plugin-retry's defaults (400, 401, 403, 404, 410, 422, 451) plus 409 ("Head branch was modified": a
 * retry cannot succeed) and 429 (rate limits are the throttling plugin's and the job queue's business).
 */
export const DO_NOT_RETRY_STATUSES: readonly number[] = [400, 401, 403, 404, 409, 410, 422, 429, 451];

export interface CreateOctokitOptions {
  auth: GithubAuth;
  /** REST base, e.g. https://api.github.com or the fake's URL. */
  apiUrl: string;
  logger: Logger;
  /** Bottleneck throttling (on in production; tests turn it off, or every write waits ≥ 1 s). */
  throttle?: boolean;
  /** Retries of failed idempotent requests by the retry plugin (default 3; tests pass 0). */
  retries?: number;
  /** Base of the retry plugin's quadratic back-off, ms (default 1000). */
  retryAfterBaseMs?: number;
  /** How often a rate-limited request is retried after GitHub's wait (default 2). */
  rateLimitRetries?: number;
  userAgent?: string;
}

export function createOctokit(options: CreateOctokitOptions): GithubClient {
  const { logger } = options;
  const rateLimitRetries = options.rateLimitRetries ?? 2;
  // Octokit's request log: one line per request at info, failures at error, and the full request options
  // (headers included) at debug. Only the message is kept, so a token can never reach the logs; request
  // lines go to debug, and failures are reported by whoever handles the mapped AppError.
  const log = {
    debug: (message: string) => logger.debug({ source: "octokit" }, message),
    info: (message: string) => logger.debug({ source: "octokit" }, message),
    warn: (message: string) => logger.warn({ source: "octokit" }, message),
    error: (message: string) => logger.debug({ source: "octokit" }, message),
  };

  const onLimit =
    (kind: "primary" | "secondary") =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const willRetry = retryCount < rateLimitRetries;
      logger.warn(
        { kind, method: request.method, url: request.url, retryAfterSeconds: retryAfter, retryCount, willRetry },
        willRetry ? `GitHub ${kind} rate limit: retrying in ${retryAfter} s` : `GitHub ${kind} rate limit: giving up after ${retryCount} retries`,
      );
      return willRetry;
    };

  const authOptions =
    options.auth.kind === "token"
      ? { auth: options.auth.token }
      : options.auth.kind === "app"
        ? {
            authStrategy: createAppAuth,
            auth: { appId: options.auth.appId, privateKey: options.auth.privateKey, installationId: options.auth.installationId },
          }
        : {};
  if (options.auth.kind === "none") logger.warn({}, "GitHub client without credentials: only public data can be read; set GITHUB_TOKEN or the GITHUB_APP_* variables");

  return new GithubOctokit({
    ...authOptions,
    baseUrl: options.apiUrl.replace(/\/+$/, ""),
    userAgent: options.userAgent ?? "shopfloor",
    log,
    throttle:
      options.throttle === false
        ? { enabled: false }
        : { onRateLimit: onLimit("primary"), onSecondaryRateLimit: onLimit("secondary") },
    retry: {
      retries: options.retries ?? 3,
      doNotRetry: [...DO_NOT_RETRY_STATUSES],
      ...(options.retryAfterBaseMs !== undefined ? { retryAfterBaseValue: options.retryAfterBaseMs } : {}),
    },
  });
}
