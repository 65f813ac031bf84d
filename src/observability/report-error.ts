import * as Sentry from "@sentry/node";
import { isAppError } from "../core/errors.js";

/**
 * Shopfloor's own errors go to Sentry when SENTRY_DSN is set, tagged with graph, node, thread and job.
 * Expected outside failures (retryable errors, refusals) are not defects and are not reported.
 */
export function reportError(e: unknown, tags: { graph?: string; node?: string; thread?: string; job?: string; role?: string }): void {
  if (!Sentry.isInitialized()) return;
  if (isAppError(e) && e.retryable) return;
  Sentry.withScope((scope) => {
    for (const [k, v] of Object.entries(tags)) if (v) scope.setTag(k, v);
    if (isAppError(e)) scope.setTag("code", e.code);
    Sentry.captureException(e);
  });
}
