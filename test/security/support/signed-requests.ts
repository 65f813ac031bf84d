import { signSentryBody } from "../../../src/adapters/sentry/verify-signature.js";
import { signWebhookBody } from "../../../src/sandbox/fake-github/webhook-sender.js";
import { signSlackRequest } from "../../../src/sandbox/fake-slack/slack-signature.js";

/**
 * Raw deliveries as Slack, GitHub and Sentry send them, with every part an attacker controls open to change: the
 * signature (another one, or none), the timestamp (any, or none) and the body after signing. The sandbox drivers always
 * send a well-formed request, so the refusal tests build their own.
 */

export interface Answer {
  status: number;
  body: string;
}

/** What may be wrong with a delivery; nothing set is a correctly signed request. */
export interface Tampering {
  /** The secret the signature is made with (default: the receiver's). */
  secret?: string;
  /** A signature to send instead of the computed one, or none at all. */
  signature?: string | "omit";
  /** Changes the body after it was signed. */
  changeBody?: (body: string) => string;
}

export interface SlackDelivery {
  body: string;
  contentType: string;
}

const SLACK_TEAM = "T0SECURITY";

/** An Events API delivery: someone mentions the bot asking for the status. */
export function slackEvent(eventId: string): SlackDelivery {
  return {
    contentType: "application/json",
    body: JSON.stringify({
      token: "legacy-verification-token",
      team_id: SLACK_TEAM,
      api_app_id: "A0SECURITY",
      type: "event_callback",
      event_id: eventId,
      event_time: 1_700_000_000,
      event: { type: "app_mention", user: "U0MALLORY", text: "<@U0SHOPBOT> status", ts: "1700000000.000100", channel: "C0GENERAL", event_ts: "1700000000.000100" },
    }),
  };
}

/** `/shopfloor status` as Slack posts a slash command. */
export function slackCommand(triggerId: string): SlackDelivery {
  return {
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({
      token: "legacy-verification-token",
      team_id: SLACK_TEAM,
      channel_id: "C0GENERAL",
      channel_name: "general",
      user_id: "U0MALLORY",
      user_name: "mallory",
      command: "/shopfloor",
      text: "status",
      api_app_id: "A0SECURITY",
      response_url: "https://hooks.slack.com/commands/T0SECURITY/1/abc",
      trigger_id: triggerId,
    }).toString(),
  };
}

/** A button click (interactivity): the payload Slack form-encodes. */
export function slackClick(actionTs: string): SlackDelivery {
  const payload = {
    type: "block_actions",
    team: { id: SLACK_TEAM, domain: "security" },
    user: { id: "U0MALLORY", username: "mallory", name: "mallory", team_id: SLACK_TEAM },
    api_app_id: "A0SECURITY",
    token: "legacy-verification-token",
    trigger_id: `trigger-${actionTs}`,
    channel: { id: "C0GENERAL", name: "general" },
    container: { type: "message", message_ts: "1700000000.000200", channel_id: "C0GENERAL", is_ephemeral: false },
    actions: [{ action_id: "merge_approve", block_id: "merge", value: "not-a-button-value", type: "button", action_ts: actionTs }],
  };
  return { contentType: "application/x-www-form-urlencoded", body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

/** POSTs a Slack delivery signed with v0 over `v0:<timestamp>:<body>`; `timestamp` "omit" sends no timestamp header. */
export async function postSlack(
  url: string,
  delivery: SlackDelivery,
  opts: Tampering & { receiverSecret: string; timestamp: number | "omit" },
): Promise<Answer> {
  const stamp = opts.timestamp === "omit" ? Math.floor(Date.now() / 1000) : opts.timestamp;
  const signature = opts.signature ?? signSlackRequest(opts.secret ?? opts.receiverSecret, delivery.body, stamp);
  const headers: Record<string, string> = { "content-type": delivery.contentType };
  if (opts.timestamp !== "omit") headers["x-slack-request-timestamp"] = String(opts.timestamp);
  if (signature !== "omit") headers["x-slack-signature"] = signature;
  return post(url, headers, opts.changeBody ? opts.changeBody(delivery.body) : delivery.body);
}

/** A GitHub webhook: `x-hub-signature-256` is the HMAC of the body alone; the scheme has no timestamp. */
export async function postGithub(
  url: string,
  opts: Tampering & { receiverSecret: string; deliveryId: string; event: string; payload: object },
): Promise<Answer> {
  const body = JSON.stringify(opts.payload);
  const signature = opts.signature ?? signWebhookBody(opts.secret ?? opts.receiverSecret, body).sha256;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/security",
    "x-github-event": opts.event,
    "x-github-delivery": opts.deliveryId,
  };
  if (signature !== "omit") headers["x-hub-signature-256"] = signature;
  return post(url, headers, opts.changeBody ? opts.changeBody(body) : body);
}

/**
 * A Sentry integration webhook: `sentry-hook-signature` is the HMAC of the body alone; `sentry-hook-timestamp` is sent
 * beside it but not signed.
 */
export async function postSentry(
  url: string,
  opts: Tampering & { receiverSecret: string; requestId: string; timestamp: number | "omit"; payload: object },
): Promise<Answer> {
  const body = JSON.stringify(opts.payload);
  const signature = opts.signature ?? signSentryBody(body, opts.secret ?? opts.receiverSecret);
  const headers: Record<string, string> = { "content-type": "application/json", "request-id": opts.requestId, "sentry-hook-resource": "issue" };
  if (opts.timestamp !== "omit") headers["sentry-hook-timestamp"] = String(opts.timestamp);
  if (signature !== "omit") headers["sentry-hook-signature"] = signature;
  return post(url, headers, opts.changeBody ? opts.changeBody(body) : body);
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}
