import { randomUUID } from "node:crypto";
import { verifySentrySignature } from "../../adapters/sentry/verify-signature.js";
import type { Logger } from "../../core/logger.js";
import type { IngressJob } from "../../jobs/job-schemas.js";
import { BodyTooLargeError, header, readRawBody, sendJson, type HttpRoute } from "../http-route.js";

const MAX_BODY = 5 * 1024 * 1024;
const MAX_SKEW_MS = 5 * 60 * 1000;

/** POST /sentry/webhooks: HMAC-SHA256 of the raw body with the integration's client secret, then enqueue. */
export function sentryWebhookRoute(deps: {
  secret: string | undefined;
  enqueue: (job: IngressJob) => Promise<void>;
  logger: Logger;
  now?: () => number;
  observe?: (status: number, ms: number) => void;
}): HttpRoute {
  return {
    path: "/sentry/webhooks",
    method: "POST",
    handler: async (req, res) => {
      const started = performance.now();
      const reply = (status: number, body: unknown) => {
        sendJson(res, status, body);
        deps.observe?.(status, performance.now() - started);
      };
      const resource = header(req, "sentry-hook-resource");
      const requestId = header(req, "request-id");
      const log = deps.logger.child({ requestId, resource });
      if (!deps.secret) {
        log.warn({}, "Sentry webhook refused: SENTRY_WEBHOOK_SECRET is not set");
        return reply(401, { error: "webhook secret not configured" });
      }
      let raw: Buffer;
      try {
        raw = await readRawBody(req, MAX_BODY);
      } catch (e) {
        return reply(e instanceof BodyTooLargeError ? 413 : 400, { error: "could not read body" });
      }
      if (!verifySentrySignature(raw, header(req, "sentry-hook-signature"), deps.secret)) {
        log.warn({}, "Sentry webhook refused: bad signature");
        return reply(401, { error: "signature does not match" });
      }
      const ts = Number(header(req, "sentry-hook-timestamp"));
      const now = deps.now?.() ?? Date.now();
      // Sentry sends seconds; refuse replays of old deliveries when a timestamp is present.
      if (Number.isFinite(ts) && ts > 0 && Math.abs(now - ts * 1000) > MAX_SKEW_MS) {
        log.warn({ ts }, "Sentry webhook refused: timestamp outside five minutes");
        return reply(401, { error: "timestamp too old or in the future" });
      }
      if (!resource) return reply(400, { error: "missing sentry-hook-resource" });
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString("utf8"));
      } catch {
        return reply(400, { error: "body is not valid JSON" });
      }
      if (!payload || typeof payload !== "object" || Array.isArray(payload)) return reply(400, { error: "body must be a JSON object" });
      const action = (payload as { action?: unknown }).action;
      try {
        await deps.enqueue({
          source: "sentry",
          requestId: requestId ?? randomUUID(),
          resource,
          ...(typeof action === "string" ? { action } : {}),
          payload: payload as Record<string, unknown>,
        });
      } catch (e) {
        log.error({ err: String(e) }, "Sentry webhook not enqueued; answering 503");
        return reply(503, { error: "queue unavailable, redeliver later" });
      }
      reply(202, { accepted: requestId ?? null });
    },
  };
}
