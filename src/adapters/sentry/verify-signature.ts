import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Sentry integration webhooks carry `Sentry-Hook-Signature`: the hex HMAC-SHA256 of the raw request body,
 * keyed with the integration's client secret. Verify over the exact bytes received (re-serialised JSON
 * would differ), and compare in constant time.
 */
export function signSentryBody(rawBody: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}

export function verifySentrySignature(rawBody: string | Buffer, signature: string | undefined, secret: string): boolean {
  if (!signature || !secret) return false;
  const expected = Buffer.from(signSentryBody(rawBody, secret), "utf8");
  const given = Buffer.from(signature.trim().toLowerCase(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
