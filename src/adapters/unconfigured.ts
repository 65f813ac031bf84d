import { AppError, ErrorCode } from "../core/errors.js";

/**
 * A port for a system that is not configured: every call fails with a clear, non-retryable error naming
 * the variables to set. Graphs that need it fail their run with that message instead of crashing.
 */
export function unconfigured<T extends object>(system: string, howToFix: string): T {
  return new Proxy({} as T, {
    get(_target, prop) {
      if (prop === "then") return undefined; // not a promise
      return () => Promise.reject(new AppError(ErrorCode.ConfigInvalid, `${system} is not configured: ${howToFix}`));
    },
  });
}
