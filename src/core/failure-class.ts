import { ErrorCode, type AppError } from "./errors.js";

/**
 * Why a step failed, in the three kinds the runtime treats differently:
 * - infrastructure: the network, a service or a rate limit; retried with back-off and not a defect of anyone's.
 * - logic: a defect in Shopfloor (a bad prompt variable, an unexpected state); reported to Sentry, the run failed
 *   with its error code.
 * - semantic: the work itself went wrong: model output invalid or unsafe after every repair, an agent looping or
 *   stuck, a budget spent. Repaired where possible (see graphs/shared/call-model.ts), then handed to people.
 */
export type FailureClass = "infrastructure" | "logic" | "semantic";

/** Codes that mean "it was not reachable or not available", however the thrower flagged retrying. */
const INFRASTRUCTURE = new Set<string>([
  ErrorCode.RateLimited,
  ErrorCode.ModelTimeout,
  ErrorCode.DatabaseUnavailable,
  ErrorCode.RedisUnavailable,
  ErrorCode.RedisEvicts,
  ErrorCode.LockBusy,
  ErrorCode.SandboxUnavailable,
]);

const SEMANTIC = new Set<string>([ErrorCode.ModelInvalidOutput]);

/**
 * A thrower that knows better says so in `details.failureClass` (the build agent's spent budget is semantic though
 * its code is the workspace's). Otherwise: retryable errors, time-outs, rate limits and unavailable stores are
 * infrastructure, invalid model output is semantic, and everything else is logic — a service that refuses a call for
 * good (Slack's message_not_found, GitHub's 422, a bad model key) means we sent something wrong or are set up wrong.
 */
export function classifyFailure(error: AppError): FailureClass {
  const declared = error.details.failureClass;
  if (declared === "infrastructure" || declared === "logic" || declared === "semantic") return declared;
  if (SEMANTIC.has(error.code)) return "semantic";
  if (error.retryable || INFRASTRUCTURE.has(error.code)) return "infrastructure";
  return "logic";
}
