import * as Sentry from "@sentry/node";

/**
 * Loaded before anything else (bin/shopfloor.js imports it first) so @sentry/node can instrument http,
 * pg and ioredis. Reads only SENTRY_DSN: without it the SDK stays off. This is the one exception to
 * "only src/config reads the environment", because it must run before the config module loads.
 */
const dsn = process.env.SENTRY_DSN?.trim();
if (dsn) {
  Sentry.init({
    dsn,
    environment: process.env.NODE_ENV ?? "production",
    tracesSampleRate: 0,
  });
}

export const sentryEnabled = Boolean(dsn);
