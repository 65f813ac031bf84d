import { Webhooks } from "@octokit/webhooks";
import type { Logger } from "../../core/logger.js";
import type { IngressJob } from "../../jobs/job-schemas.js";
import { BodyTooLargeError, header, readRawBody, sendJson, type HttpRoute } from "../http-route.js";

const MAX_BODY = 25 * 1024 * 1024; // GitHub caps payloads at 25 MB

/**
 * POST /github/webhooks: verify the signature over the raw body, parse, enqueue with the delivery id as
 * job id (a redelivery collapses), answer. Nothing else happens here (DESIGN §3).
 */
export function githubWebhookRoute(deps: {
  secret: string | undefined;
  enqueue: (job: IngressJob) => Promise<void>;
  logger: Logger;
  observe?: (status: number, ms: number) => void;
}): HttpRoute {
  const webhooks = deps.secret ? new Webhooks({ secret: deps.secret }) : null;
  return {
    path: "/github/webhooks",
    method: "POST",
    handler: async (req, res) => {
      const started = performance.now();
      const reply = (status: number, body: unknown) => {
        sendJson(res, status, body);
        deps.observe?.(status, performance.now() - started);
      };
      const deliveryId = header(req, "x-github-delivery");
      const event = header(req, "x-github-event");
      const signature = header(req, "x-hub-signature-256");
      const log = deps.logger.child({ deliveryId, event });
      if (!webhooks) {
        log.warn({}, "GitHub webhook refused: GITHUB_WEBHOOK_SECRET is not set");
        return reply(401, { error: "webhook secret not configured" });
      }
      if (!(header(req, "content-type") ?? "").startsWith("application/json")) {
        return reply(415, { error: "content type must be application/json (set the webhook's content type to JSON)" });
      }
      let raw: Buffer;
      try {
        raw = await readRawBody(req, MAX_BODY);
      } catch (e) {
        return reply(e instanceof BodyTooLargeError ? 413 : 400, { error: "could not read body" });
      }
      if (!signature || !(await webhooks.verify(raw.toString("utf8"), signature).catch(() => false))) {
        log.warn({ hasSignature: !!signature }, "GitHub webhook refused: bad signature");
        return reply(401, { error: "signature does not match" });
      }
      if (!deliveryId || !event) return reply(400, { error: "missing x-github-delivery or x-github-event" });
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
          source: "github",
          deliveryId,
          event,
          ...(typeof action === "string" ? { action } : {}),
          payload: payload as Record<string, unknown>,
        });
      } catch (e) {
        log.error({ err: String(e) }, "GitHub webhook not enqueued; answering 503 so GitHub can redeliver");
        return reply(503, { error: "queue unavailable, redeliver later" });
      }
      reply(202, { accepted: deliveryId });
    },
  };
}
