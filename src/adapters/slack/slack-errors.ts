import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from "@slack/web-api";
import { AppError, ErrorCode, isAppError, isRetryableStatus } from "../../core/errors.js";

/** Slack `error` strings that a later attempt can get past; everything else (invalid_auth, channel_not_found, …) cannot. */
export const RETRYABLE_SLACK_ERRORS: ReadonlySet<string> = new Set([
  "ratelimited",
  "rate_limited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/**
 * Map whatever a WebClient call threw to an AppError: `ok:false` answers → SLACK_API with the Slack error
 * string; HTTP 429 → RATE_LIMITED with Retry-After; transport failures → SLACK_API, retryable.
 */
export function toSlackAppError(e: unknown, method: string): AppError {
  if (isAppError(e)) return e;
  if (e instanceof WebAPIRateLimitedError) {
    return new AppError(ErrorCode.RateLimited, `Slack ${method} was rate limited; retry after ${e.retryAfter}s`, {
      retryable: true,
      retryAfterMs: e.retryAfter * 1000,
      details: { method, retryAfterSeconds: e.retryAfter },
      cause: e,
    });
  }
  if (e instanceof WebAPIPlatformError) {
    const slackError = String(e.data.error);
    const retryAfter = e.data.response_metadata?.retryAfter;
    const messages = e.data.response_metadata?.messages;
    return new AppError(ErrorCode.SlackApi, `Slack ${method} failed: ${slackError}`, {
      retryable: RETRYABLE_SLACK_ERRORS.has(slackError),
      ...(typeof retryAfter === "number" ? { retryAfterMs: retryAfter * 1000 } : {}),
      details: { method, slackError, ...(messages && messages.length > 0 ? { messages } : {}) },
      cause: e,
    });
  }
  if (e instanceof WebAPIHTTPError) {
    return new AppError(ErrorCode.SlackApi, `Slack ${method} answered HTTP ${e.statusCode}`, {
      retryable: isRetryableStatus(e.statusCode),
      details: { method, status: e.statusCode },
      cause: e,
    });
  }
  if (e instanceof WebAPIRequestError) {
    return new AppError(ErrorCode.SlackApi, `Slack ${method} could not be reached: ${e.original.message}`, {
      retryable: true,
      details: { method, network: true },
      cause: e,
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new AppError(ErrorCode.SlackApi, `Slack ${method} failed: ${message}`, { details: { method }, cause: e });
}
