import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config/load-config.js";
import { createContainer, type Container } from "../../src/container.js";
import type { WebServer } from "../../src/http/create-web-server.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { runWeb } from "../../src/roles/run-web.js";
import { startFakeSlack, type FakeSlack } from "../../src/sandbox/fake-slack/index.js";
import { signSlackRequest } from "../../src/sandbox/fake-slack/slack-signature.js";
import { TEST_DATABASE_URL, uniqueId } from "../support/db.js";
import { capturedLog } from "./support/captured-log.js";
import { postGithub, postSentry, postSlack, slackClick, slackCommand, slackEvent, type Answer, type SlackDelivery, type Tampering } from "./support/signed-requests.js";

/**
 * DESIGN §9: Slack requests and GitHub/Sentry webhooks are verified (signature and timestamp); failures get 401 and
 * nothing else happens. The web role is the one `shopfloor web` runs (runWeb over the real container), in process, on
 * Redis DB 13 (this suite's); what it enqueued is counted in Redis around every request, and what it logged is read
 * from its own pino logger. The clock is frozen on a whole second so "five minutes" is exact.
 */
const BOT_TOKEN = "xoxb-security-signatures-0000";
const SLACK_SECRET = "security-slack-signing-secret-7f3a9c51";
const GITHUB_SECRET = "security-github-webhook-secret-2b8e07d4";
const SENTRY_SECRET = "security-sentry-client-secret-9d41c6aa";
const OTHER_SECRET = "the-signing-secret-of-another-app-0000";
const SECRETS = [BOT_TOKEN, SLACK_SECRET, GITHUB_SECRET, SENTRY_SECRET];
const NOW_S = Math.floor(Date.now() / 1000);
const FIVE_MINUTES_S = 300;

const log = capturedLog();
let fakeSlack: FakeSlack;
let c: Container;
let web: WebServer;
let base: string;

beforeAll(async () => {
  // Bolt asks Slack (auth.test) who the bot is before it hands a verified request to a listener.
  fakeSlack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SLACK_SECRET });
  const config = parseConfig({
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: fakeSlack.apiUrl,
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      SENTRY_WEBHOOK_SECRET: SENTRY_SECRET,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: "redis://127.0.0.1:6379/13",
      PORT: "0",
    },
  });
  c = await createContainer(config, { logger: log.logger, metrics: createMetrics() });
  await c.redis.flushdb();
  web = await runWeb(c);
  base = `http://127.0.0.1:${web.port}`;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW_S * 1000);
});

afterAll(async () => {
  vi.useRealTimers();
  await web?.stop();
  await c?.redis.flushdb();
  await c?.close();
  await fakeSlack?.close();
});

/** Every job in every queue of the web role, whatever its state. */
async function jobsInRedis(): Promise<number> {
  let n = 0;
  for (const q of c.queues.allQueues()) n += Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
  return n;
}

/** Sends, and expects a job more (or, with `added: 0`, none) and the status. */
async function accepted(send: () => Promise<Answer>, status: number, added = 1): Promise<Answer> {
  const before = await jobsInRedis();
  const answer = await send();
  expect(answer.status).toBe(status);
  expect(await jobsInRedis()).toBe(before + added);
  return answer;
}

/**
 * Sends, and expects 401, no job, and a log line naming the problem that echoes neither a secret nor a signature
 * (no `v0=`/`sha256=` value, no 64-hex HMAC, not `sent` when the test chose the signature).
 */
async function refused(send: () => Promise<Answer>, logged: RegExp, sent?: string): Promise<Answer> {
  const before = await jobsInRedis();
  const mark = log.mark();
  const answer = await send();
  expect(answer.status).toBe(401);
  expect(await jobsInRedis()).toBe(before);
  const lines = log.since(mark);
  expect(lines).toMatch(logged);
  expect(lines).toMatch(/"level":"warn"/);
  for (const secret of SECRETS) expect(lines).not.toContain(secret);
  expect(lines).not.toMatch(/v0=|sha256=|[0-9a-f]{64}/);
  if (sent) expect(lines).not.toContain(sent);
  return answer;
}

/** A Slack refusal: 401, nothing enqueued, and the problem named in the log and in the answer's body alike. */
async function slackRefused(send: () => Promise<Answer>, problem: RegExp, sent?: string): Promise<Answer> {
  const answer = await refused(send, problem, sent);
  expect((JSON.parse(answer.body) as { error: string }).error).toMatch(problem);
  return answer;
}

const slackUrl = () => `${base}/slack/events`;
const slack = (delivery: SlackDelivery, opts: Tampering & { timestamp?: number | "omit" }) =>
  postSlack(slackUrl(), delivery, { receiverSecret: SLACK_SECRET, ...opts, timestamp: opts.timestamp ?? NOW_S });
/** The same person made into an approver after signing: the change a forger would want. */
const impersonate = (body: string) => body.replaceAll("U0MALLORY", "U0CAROL");

describe.each([
  { kind: "events", delivery: () => slackEvent(uniqueId("Ev")) },
  { kind: "slash commands", delivery: () => slackCommand(uniqueId("trigger")) },
  { kind: "interactivity", delivery: () => slackClick(`${NOW_S}.${Math.floor(Math.random() * 1e6)}`) },
])("Slack $kind", ({ delivery }) => {
  it("takes a correctly signed delivery once; the identical request again adds nothing, and after five minutes it is refused", async () => {
    const d = delivery();
    await accepted(() => slack(d, {}), 200);
    await accepted(() => slack(d, {}), 200, 0);
    vi.setSystemTime((NOW_S + FIVE_MINUTES_S + 1) * 1000);
    try {
      await slackRefused(() => slack(d, {}), /request is stale/);
    } finally {
      vi.setSystemTime(NOW_S * 1000);
    }
  });

  it("refuses a missing signature", async () => {
    await slackRefused(() => slack(delivery(), { signature: "omit" }), /header x-slack-signature did not have the expected type/);
  });

  it("refuses a wrong signature", async () => {
    const wrong = `v0=${"0f".repeat(32)}`;
    await slackRefused(() => slack(delivery(), { signature: wrong }), /signature mismatch/, wrong);
  });

  it("refuses a signature made with another app's secret", async () => {
    const d = delivery();
    await slackRefused(() => slack(d, { secret: OTHER_SECRET }), /signature mismatch/, signSlackRequest(OTHER_SECRET, d.body, NOW_S));
  });

  it("refuses a body changed after signing (the clicker made into an approver)", async () => {
    const d = delivery();
    await slackRefused(() => slack(d, { changeBody: impersonate }), /signature mismatch/, signSlackRequest(SLACK_SECRET, d.body, NOW_S));
  });

  it("refuses a timestamp five minutes and one second in the past or in the future, correctly signed", async () => {
    await slackRefused(() => slack(delivery(), { timestamp: NOW_S - FIVE_MINUTES_S - 1 }), /request is stale/);
    await slackRefused(() => slack(delivery(), { timestamp: NOW_S + FIVE_MINUTES_S + 1 }), /x-slack-request-timestamp is more than five minutes in the future/);
  });

  it("accepts a timestamp exactly five minutes in the past or in the future", async () => {
    await accepted(() => slack(delivery(), { timestamp: NOW_S - FIVE_MINUTES_S }), 200);
    await accepted(() => slack(delivery(), { timestamp: NOW_S + FIVE_MINUTES_S }), 200);
  });

  it("refuses a request without a timestamp header", async () => {
    await slackRefused(() => slack(delivery(), { timestamp: "omit" }), /header x-slack-request-timestamp did not have the expected type/);
  });
});

describe("Slack requests that skip verification", () => {
  it("answers an unsigned ssl_check without taking the payload smuggled into it", async () => {
    const smuggled = `ssl_check=1&${slackCommand(uniqueId("trigger")).body}`;
    await accepted(() => postSlack(slackUrl(), { body: smuggled, contentType: "application/x-www-form-urlencoded" }, { receiverSecret: SLACK_SECRET, timestamp: "omit", signature: "omit" }), 200, 0);
  });

  it("does not answer an unsigned url_verification challenge", async () => {
    const challenge = { body: JSON.stringify({ type: "url_verification", challenge: "echo-me-back", token: "x" }), contentType: "application/json" };
    const answer = await slackRefused(() => slack(challenge, { signature: "omit" }), /x-slack-signature/);
    expect(answer.body).not.toContain("echo-me-back");
  });
});

describe("GitHub webhooks (no timestamp in the scheme: the delivery id is the replay defence)", () => {
  const github = (opts: Partial<Parameters<typeof postGithub>[1]> = {}) =>
    postGithub(`${base}/github/webhooks`, {
      receiverSecret: GITHUB_SECRET,
      deliveryId: uniqueId("delivery"),
      event: "pull_request",
      payload: { action: "opened", number: 7, pull_request: { number: 7, head: { sha: "a".repeat(40) } }, repository: { full_name: "acme/shop" }, sender: { login: "mallory" } },
      ...opts,
    });
  const refusal = (answer: Answer) => expect(JSON.parse(answer.body)).toEqual({ error: "signature does not match" });

  it("takes a signed delivery once: the identical delivery again (same X-GitHub-Delivery) adds no job", async () => {
    const deliveryId = uniqueId("delivery");
    expect(JSON.parse((await accepted(() => github({ deliveryId }), 202)).body)).toEqual({ accepted: deliveryId });
    await accepted(() => github({ deliveryId }), 202, 0);
  });

  it("refuses a missing signature", async () => {
    refusal(await refused(() => github({ signature: "omit" }), /GitHub webhook refused: bad signature/));
  });

  it("refuses a wrong signature", async () => {
    const wrong = `sha256=${"0f".repeat(32)}`;
    refusal(await refused(() => github({ signature: wrong }), /GitHub webhook refused: bad signature/, wrong));
  });

  it("refuses a signature made with another secret", async () => {
    refusal(await refused(() => github({ secret: OTHER_SECRET }), /GitHub webhook refused: bad signature/));
  });

  it("refuses a body changed after signing", async () => {
    refusal(await refused(() => github({ changeBody: (b) => b.replace('"mallory"', '"carol"') }), /GitHub webhook refused: bad signature/));
  });
});

describe("Sentry webhooks (the timestamp is sent but not signed: the Request-ID is the replay defence)", () => {
  const sentry = (opts: Partial<Parameters<typeof postSentry>[1]> = {}) =>
    postSentry(`${base}/sentry/webhooks`, {
      receiverSecret: SENTRY_SECRET,
      requestId: uniqueId("request"),
      timestamp: NOW_S,
      payload: { action: "created", data: { issue: { id: "4242", title: "TypeError: cart is undefined", count: "57", userCount: 12 } } },
      ...opts,
    });
  const badSignature = (answer: Answer) => expect(JSON.parse(answer.body)).toEqual({ error: "signature does not match" });
  const badTime = (answer: Answer) => expect(JSON.parse(answer.body)).toEqual({ error: "timestamp too old or in the future" });

  it("takes a signed delivery once: the identical delivery again (same Request-ID) adds no job", async () => {
    const requestId = uniqueId("request");
    expect(JSON.parse((await accepted(() => sentry({ requestId }), 202)).body)).toEqual({ accepted: requestId });
    await accepted(() => sentry({ requestId }), 202, 0);
  });

  it("refuses a missing, a wrong and another secret's signature, and a body changed after signing", async () => {
    badSignature(await refused(() => sentry({ signature: "omit" }), /Sentry webhook refused: bad signature/));
    const wrong = "0f".repeat(32);
    badSignature(await refused(() => sentry({ signature: wrong }), /Sentry webhook refused: bad signature/, wrong));
    badSignature(await refused(() => sentry({ secret: OTHER_SECRET }), /Sentry webhook refused: bad signature/));
    badSignature(await refused(() => sentry({ changeBody: (b) => b.replace('"57"', '"5700"') }), /Sentry webhook refused: bad signature/));
  });

  it("refuses a timestamp five minutes and one second in the past or in the future, and takes one exactly five minutes off", async () => {
    badTime(await refused(() => sentry({ timestamp: NOW_S - FIVE_MINUTES_S - 1 }), /Sentry webhook refused: timestamp outside five minutes/));
    badTime(await refused(() => sentry({ timestamp: NOW_S + FIVE_MINUTES_S + 1 }), /Sentry webhook refused: timestamp outside five minutes/));
    await accepted(() => sentry({ timestamp: NOW_S - FIVE_MINUTES_S }), 202);
    await accepted(() => sentry({ timestamp: NOW_S + FIVE_MINUTES_S }), 202);
  });

  it("holds a delivery without a timestamp to its Request-ID: taken once, its replay adds no job", async () => {
    const requestId = uniqueId("request");
    await accepted(() => sentry({ requestId, timestamp: "omit" }), 202);
    await accepted(() => sentry({ requestId, timestamp: "omit" }), 202, 0);
  });
});

describe("the web role's log", () => {
  it("recorded the refusals above and never a secret", () => {
    expect(log.all()).toContain("webhook refused");
    expect(log.all()).toContain("signature mismatch");
    for (const secret of SECRETS) expect(log.all()).not.toContain(secret);
  });
});
