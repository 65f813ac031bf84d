import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import { header, type HttpRoute } from "../http-route.js";
import { actionOf, webhookSteps, type WebhookRouteDeps } from "./webhook-steps.js";

const MAX_BODY = 25 * 1024 * 1024; // GitHub caps payloads at 25 MB

/**
 * POST /github/webhooks: verify the signature over the raw body, parse, enqueue with the delivery id as
 * job id (a redelivery collapses), answer. Nothing else happens here (DESIGN §3).
 */
export function githubWebhookRoute(deps: WebhookRouteDeps): HttpRoute {
  const webhooks = deps.secret ? new Webhooks({ secret: deps.secret }) : null;
  return {
    path: "/github/webhooks",
    method: "POST",
    handler: async (req, res) => {
      const step = webhookSteps(req, res, deps.observe);
      const deliveryId = header(req, "x-github-delivery");
      const event = header(req, "x-github-event");
      const signature = header(req, "x-hub-signature-256");
      const log = deps.logger.child({ deliveryId, event });
      if (!webhooks) {
        log.warn({}, "GitHub webhook refused: GITHUB_WEBHOOK_SECRET is not set");
        return void step.reply(401, { error: "webhook secret not configured" });
      }
      if (!(header(req, "content-type") ?? "").startsWith("application/json")) {
        return void step.reply(415, { error: "content type must be application/json (set the webhook's content type to JSON)" });
      }
      const raw = await step.rawBody(MAX_BODY);
      if (!raw) return;
      if (!signature || !(await verified(webhooks, deps.secret!, raw, signature))) {
        log.warn({ hasSignature: !!signature }, "GitHub webhook refused: bad signature");
        return void step.reply(401, { error: "signature does not match" });
      }
      if (raw.length === 0) return void step.reply(400, { error: "body is empty" });
      if (!deliveryId || !event) return void step.reply(400, { error: "missing x-github-delivery or x-github-event" });
      const payload = step.jsonObject(raw);
      if (!payload) return;
      await step.enqueue(deps.enqueue, { source: "github", deliveryId, event, ...actionOf(payload), payload }, log);
    },
  };
}

/**
 * Whether the body carries the signature of our secret. @octokit/webhooks refuses to verify an empty payload at all,
 * so a correctly signed empty body is checked here: it is refused as empty, not as wrongly signed.
 */
async function verified(webhooks: Webhooks, secret: string, raw: Buffer, signature: string): Promise<boolean> {
  if (raw.length > 0) return webhooks.verify(raw.toString("utf8"), signature).catch(() => false);
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).digest("hex")}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
