import { randomBytes } from "node:crypto";
import http from "node:http";
import type { WorkspaceIdentity } from "../../src/sandbox/fake-slack/index.js";
import { signSlackRequest } from "../../src/sandbox/fake-slack/index.js";

export interface LoadTarget {
  port: number;
  signingSecret: string;
  identity: WorkspaceIdentity;
  agent: http.Agent;
}

export interface PhaseResult {
  sent: number;
  /** From the first send to the last send. */
  seconds: number;
  /** From the first send to the last response: acknowledgements per second are counted over this. */
  drainedSeconds: number;
  latenciesMs: number[];
  /** Responses by HTTP status other than 200; status 0 is a socket error or a timeout. */
  errors: Record<string, number>;
  /** How late each send left relative to its slot: shows whether the load stayed open-loop. */
  sendLagMs: number[];
}

const RUN_TAG = randomBytes(3).toString("hex").toUpperCase();
let seq = 0;

/**
 * An `event_callback` envelope as Slack sends it (the shape of the fake Slack's user driver), with a unique
 * event_id each time: the web role dedupes on event_id, so repeats would measure the dedupe path instead.
 */
function mentionEnvelope(identity: WorkspaceIdentity): string {
  const n = ++seq;
  const now = Date.now();
  const ts = `${Math.floor(now / 1000)}.${String(n % 1_000_000).padStart(6, "0")}`;
  return JSON.stringify({
    token: "bench-verification-token",
    team_id: identity.teamId,
    context_team_id: identity.teamId,
    context_enterprise_id: null,
    api_app_id: identity.appId,
    event: {
      type: "app_mention",
      user: "U0ALICE",
      text: `<@${identity.botUserId}> status`,
      ts,
      channel: "C0BENCH",
      event_ts: ts,
      team: identity.teamId,
    },
    type: "event_callback",
    event_id: `Ev${RUN_TAG}${n.toString(36).toUpperCase()}`,
    event_time: Math.floor(now / 1000),
    authorizations: [{ enterprise_id: null, team_id: identity.teamId, user_id: identity.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/** One signed POST; the clock starts once the request is built and signed and stops when the body has arrived. */
function postEvent(target: LoadTarget): Promise<{ status: number; ms: number }> {
  const body = mentionEnvelope(target.identity);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signSlackRequest(target.signingSecret, body, timestamp),
  };
  return new Promise((resolve) => {
    const started = performance.now();
    const done = (status: number) => resolve({ status, ms: performance.now() - started });
    const req = http.request({ host: "127.0.0.1", port: target.port, path: "/slack/events", method: "POST", agent: target.agent, headers }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
      res.on("error", () => done(0));
    });
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    req.on("error", () => done(0));
    req.end(body);
  });
}

/**
 * Open-loop load: request k is due at t0 + k/rate whatever happened to earlier ones, so a slow server
 * meets a growing queue (as with real Slack traffic) instead of a politely slowed-down client. A timer
 * wakes up for the next slot and sends everything that is due.
 */
export async function runPhase(target: LoadTarget, rate: number, seconds: number): Promise<PhaseResult> {
  const total = Math.round(rate * seconds);
  const latenciesMs: number[] = [];
  const sendLagMs: number[] = [];
  const errors: Record<string, number> = {};
  const inflight: Promise<void>[] = [];
  const t0 = performance.now();
  let sent = 0;

  await new Promise<void>((finished) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - t0) * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        sendLagMs.push(now - (t0 + (sent * 1000) / rate));
        inflight.push(
          postEvent(target).then(({ status, ms }) => {
            if (status === 200) latenciesMs.push(ms);
            else errors[String(status)] = (errors[String(status)] ?? 0) + 1;
          }),
        );
      }
      if (sent >= total) return finished();
      setTimeout(tick, Math.max(0, t0 + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
  const sendSeconds = (performance.now() - t0) / 1000;
  await Promise.all(inflight);
  return { sent, seconds: sendSeconds, drainedSeconds: (performance.now() - t0) / 1000, latenciesMs, errors, sendLagMs };
}
