import { expect } from "vitest";
import { AppError } from "../../src/core/errors.js";

/** The AppError a call fails with; fails the test if the call succeeds or throws something else. */
export async function caughtAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error("expected the call to fail");
}

/**
 * Fails the test unless the real adapter's call and a fake's call fail with the same AppError: code, retryability,
 * HTTP status and GitHub's message, and the whole message too with `{ message: true }`. Returns both errors.
 * The calls are thunks, started one after the other: a fake's rejection must not sit unobserved while the real
 * call is awaited.
 */
export async function expectSameAppError(
  real: () => Promise<unknown>,
  faked: () => Promise<unknown>,
  options: { message?: boolean } = {},
): Promise<readonly [real: AppError, faked: AppError]> {
  const r = await caughtAppError(real());
  const f = await caughtAppError(faked());
  const seen = (e: AppError) => ({
    code: e.code,
    retryable: e.retryable,
    status: e.details.status,
    githubMessage: e.details.githubMessage,
    ...(options.message ? { message: e.message } : {}),
  });
  expect(seen(f)).toEqual(seen(r));
  return [r, f] as const;
}
