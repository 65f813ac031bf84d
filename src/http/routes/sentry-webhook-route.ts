import { verifySentrySignature } from "../../adapters/sentry/verify-signature.js";
import { hash } from "../../core/ids.js";
import { header, type HttpRoute } from "../http-route.js";
import { actionOf, webhookSteps, type WebhookRouteDeps } from "./webhook-steps.js";

const MAX_BODY = 5 * 1024 * 1024;
const MAX_SKEW_MS = 5 * 60 * 1000;

/** POST /sentry/webhooks: HMAC-SHA256 of the raw body with the integration's client secret, then enqueue. */
export function sentryWebhookRoute(deps: WebhookRouteDeps & { now?: () => number }): HttpRoute {
  return {
    path: "/sentry/webhooks",
    method: "POST",
    handler: async (req, res) => {
      const step = webhookSteps(req, res, deps.observe);
      const resource = header(req, "sentry-hook-resource");
      const requestId = header(req, "request-id");
      const log = deps.logger.child({ requestId, resource });
      if (!deps.secret) {
        log.warn({}, "Sentry webhook refused: SENTRY_WEBHOOK_SECRET is not set");
        return void step.reply(401, { error: "webhook secret not configured" });
      }
      const raw = await step.rawBody(MAX_BODY);
      if (!raw) return;
      if (!verifySentrySignature(raw, header(req, "sentry-hook-signature"), deps.secret)) {
        log.warn({}, "Sentry webhook refused: bad signature");
        return void step.reply(401, { error: "signature does not match" });
      }
      const ts = Number(header(req, "sentry-hook-timestamp"));
      // Sentry sends seconds; refuse replays of old deliveries when a timestamp is present.
      if (Number.isFinite(ts) && ts > 0 && Math.abs((deps.now?.() ?? Date.now()) - ts * 1000) > MAX_SKEW_MS) {
        log.warn({ ts }, "Sentry webhook refused: timestamp outside five minutes");
        return void step.reply(401, { error: "timestamp too old or in the future" });
      }
      if (!resource) return void step.reply(400, { error: "missing sentry-hook-resource" });
      const payload = step.jsonObject(raw);
      if (!payload) return;
      // Without Sentry's Request-ID (absent or empty) the delivery is named by its bytes, so a redelivery still collapses.
      await step.enqueue(deps.enqueue, { source: "sentry", requestId: requestId || hash(raw.toString("utf8"), 32), resource, ...actionOf(payload), payload }, log);
    },
  };
}
