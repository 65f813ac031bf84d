import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../core/logger.js";
import type { IngressJob } from "../../jobs/job-schemas.js";
import { BodyTooLargeError, readRawBody, sendJson } from "../http-route.js";

/** What a webhook route needs: its secret, the queue, a logger, and a metrics observer. */
export interface WebhookRouteDeps {
  secret: string | undefined;
  enqueue: (job: IngressJob) => Promise<void>;
  logger: Logger;
  observe?: (status: number, ms: number) => void;
}

/** The steps every webhook route shares; each returns false after answering the request itself. */
export function webhookSteps(req: IncomingMessage, res: ServerResponse, observe?: (status: number, ms: number) => void) {
  const started = performance.now();
  const reply = (status: number, body: unknown): false => {
    sendJson(res, status, body);
    observe?.(status, performance.now() - started);
    return false;
  };
  return {
    reply,
    async rawBody(limitBytes: number): Promise<Buffer | false> {
      try {
        return await readRawBody(req, limitBytes);
      } catch (e) {
        if (!(e instanceof BodyTooLargeError)) return reply(400, { error: "could not read body" });
        // Read the rest and drop it: a connection closed on unread bytes resets, and the sender never sees the 413.
        req.resume();
        return reply(413, { error: `body larger than ${limitBytes} bytes` });
      }
    },
    jsonObject(raw: Buffer): Record<string, unknown> | false {
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString("utf8"));
      } catch {
        return reply(400, { error: "body is not valid JSON" });
      }
      if (!payload || typeof payload !== "object" || Array.isArray(payload)) return reply(400, { error: "body must be a JSON object" });
      return payload as Record<string, unknown>;
    },
    /** Only a job safely in Redis is acknowledged; otherwise 503, so the sender delivers it again. */
    async enqueue(enqueue: (job: IngressJob) => Promise<void>, job: IngressJob, log: Logger): Promise<void> {
      try {
        await enqueue(job);
      } catch (e) {
        log.error({ err: String(e) }, "webhook not enqueued; answering 503 so the sender redelivers");
        reply(503, { error: "queue unavailable, redeliver later" });
        return;
      }
      reply(202, { accepted: job.source === "github" ? job.deliveryId : job.source === "sentry" ? job.requestId : null });
    },
  };
}

/** The payload's `action`, when it has one. */
export function actionOf(payload: Record<string, unknown>): { action?: string } {
  return typeof payload.action === "string" ? { action: payload.action } : {};
}
