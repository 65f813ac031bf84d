import { createHmac, randomUUID } from "node:crypto";

/**
 * Delivers webhooks the way GitHub's "Hookshot" does: a JSON POST with `x-github-event`,
 * `x-github-delivery` (a GUID, kept on redelivery), `x-hub-signature-256` (HMAC-SHA256 of the exact raw
 * body, `sha256=<hex>`), the legacy `x-hub-signature` (SHA-1), the hook ids, and a 10 s timeout.
 */

export interface WebhookDelivery {
  deliveryId: string;
  event: string;
  action: string | undefined;
  /** HTTP status of the receiver's answer; 0 when the request failed (connection refused, timeout). */
  status: number;
  body: string;
  elapsedMs: number;
  error?: string;
  redelivery: boolean;
}

export interface SendOptions {
  deliveryId?: string;
  /** Send this signature header instead of the computed one (to test rejection). */
  signature?: string;
  /** Extra or replacement headers. */
  headers?: Record<string, string>;
}

export interface WebhookSender {
  send(event: string, payload: object, options?: SendOptions): Promise<WebhookDelivery>;
  /** Sends a past delivery again: same raw body, same delivery id, fresh signature over it. */
  redeliver(deliveryId: string): Promise<WebhookDelivery>;
  readonly deliveries: readonly WebhookDelivery[];
}

export function signWebhookBody(secret: string, rawBody: string): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`,
    sha1: `sha1=${createHmac("sha1", secret).update(rawBody).digest("hex")}`,
  };
}

export function createWebhookSender(options: { targetUrl: string; secret: string; hookId?: number; repositoryId?: number; timeoutMs?: number }): WebhookSender {
  const hookId = options.hookId ?? 400_000_000 + Math.floor(Math.random() * 99_999_999);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sent = new Map<string, { event: string; rawBody: string; action: string | undefined; headers: Record<string, string> | undefined }>();
  const deliveries: WebhookDelivery[] = [];

  async function post(event: string, rawBody: string, deliveryId: string, action: string | undefined, opts: SendOptions, redelivery: boolean): Promise<WebhookDelivery> {
    const sig = signWebhookBody(options.secret, rawBody);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "*/*",
      "user-agent": "GitHub-Hookshot/fake0001",
      "x-github-event": event,
      "x-github-delivery": deliveryId,
      "x-github-hook-id": String(hookId),
      "x-github-hook-installation-target-type": "repository",
      "x-github-hook-installation-target-id": String(options.repositoryId ?? 1),
      "x-hub-signature": sig.sha1,
      "x-hub-signature-256": opts.signature ?? sig.sha256,
      ...(opts.headers ?? {}),
    };
    const started = performance.now();
    try {
      const res = await fetch(options.targetUrl, { method: "POST", headers, body: rawBody, signal: AbortSignal.timeout(timeoutMs) });
      const body = await res.text();
      const delivery: WebhookDelivery = { deliveryId, event, action, status: res.status, body, elapsedMs: Math.round(performance.now() - started), redelivery };
      deliveries.push(delivery);
      return delivery;
    } catch (e) {
      const error = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      const delivery: WebhookDelivery = { deliveryId, event, action, status: 0, body: "", elapsedMs: Math.round(performance.now() - started), error, redelivery };
      deliveries.push(delivery);
      return delivery;
    }
  }

  return {
    deliveries,
    async send(event, payload, opts = {}) {
      const rawBody = JSON.stringify(payload);
      const deliveryId = opts.deliveryId ?? randomUUID();
      const action = typeof (payload as { action?: unknown }).action === "string" ? (payload as { action: string }).action : undefined;
      sent.set(deliveryId, { event, rawBody, action, headers: opts.headers });
      return post(event, rawBody, deliveryId, action, opts, false);
    },
    async redeliver(deliveryId) {
      const original = sent.get(deliveryId);
      if (!original) throw new Error(`no delivery ${deliveryId} to redeliver`);
      return post(original.event, original.rawBody, deliveryId, original.action, original.headers ? { headers: original.headers } : {}, true);
    },
  };
}
