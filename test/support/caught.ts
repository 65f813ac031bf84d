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
