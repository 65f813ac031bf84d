import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { AppError, ErrorCode, toAppError } from "../core/errors.js";

/**
 * The first of the three places errors are mapped (DESIGN §6): a job processor either retries (a plain
 * Error; BullMQ backs off), waits without spending an attempt (lock busy, automation paused), or gives up
 * (UnrecoverableError: not retryable, retrying cannot help).
 */
export async function throwForQueue(e: unknown, job: Job, token: string | undefined): Promise<never> {
  const err = toAppError(e);
  if (err.code === ErrorCode.LockBusy && token) {
    await job.moveToDelayed(Date.now() + (err.retryAfterMs ?? 1_000), token);
    throw new DelayedError();
  }
  if (!err.retryable) throw new UnrecoverableError(`${err.code}: ${err.message}`);
  const retry = new Error(`${err.code}: ${err.message}`);
  (retry as Error & { retryAfterMs?: number }).retryAfterMs = err.retryAfterMs;
  throw retry;
}

/** Will this failure be the job's last? Then a person should hear about it. */
export function isFinalFailure(e: unknown, job: Job): boolean {
  const err = toAppError(e);
  if (err.code === ErrorCode.LockBusy) return false;
  return !err.retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** Backoff for type "shopfloor": exponential with jitter, but never sooner than the server's Retry-After. */
export function backoffStrategy(baseMs: number) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    const exp = baseMs * 2 ** Math.max(0, attemptsMade - 1);
    const jittered = exp * (0.8 + Math.random() * 0.4);
    const retryAfter = (err as (Error & { retryAfterMs?: number }) | undefined)?.retryAfterMs ?? 0;
    return Math.round(Math.max(jittered, retryAfter));
  };
}

export function invalidPayload(message: string): AppError {
  return new AppError(ErrorCode.JobPayloadInvalid, message);
}
