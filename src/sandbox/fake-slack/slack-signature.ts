import { createHmac } from "node:crypto";

/**
 * Slack's request signing (v0): `x-slack-signature: v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * with the app's signing secret; `x-slack-request-timestamp` in seconds.
 */
export function signSlackRequest(signingSecret: string, rawBody: string, timestampSec: number): string {
  const hmac = createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex");
  return `v0=${hmac}`;
}
