import { parseConfig } from "../../../src/config/load-config.js";
import { createContainer, type Container } from "../../../src/container.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { WebServer } from "../../../src/http/create-web-server.js";
import { createMetrics } from "../../../src/observability/metrics.js";
import { runWeb } from "../../../src/roles/run-web.js";
import { startFakeSlack, type FakeSlack } from "../../../src/sandbox/fake-slack/index.js";
import { TEST_DATABASE_URL } from "../../support/db.js";

export const SLACK_SECRET = "fuzz-slack-signing-secret-51c0ffee";
export const GITHUB_SECRET = "fuzz-github-webhook-secret-7e57ab1e";
export const SENTRY_SECRET = "fuzz-sentry-client-secret-0ddba11";
const BOT_TOKEN = "xoxb-fuzz-0000";
/** The fuzz project's Redis database: flushed before and after each file, never shared with another suite. */
const REDIS_URL = "redis://127.0.0.1:6379/10";

/**
 * The web role exactly as `shopfloor web` runs it (runWeb over the real container: Bolt, the guard in front of it,
 * the webhook routes, real BullMQ on Redis DB 10), in process, with the fake Slack answering Bolt's auth.test.
 * Unhandled rejections are collected: any of them would end the real process (src/cli/main.ts).
 */
export interface FuzzWeb {
  base: string;
  c: Container;
  /** Every job in every queue, whatever its state. */
  jobs(): Promise<number>;
  /** The ingress job of a delivery, by the id the web role gives it. */
  ingressJob(id: string): Promise<unknown>;
  /** The data of the ingress job added last. */
  newestIngressJob(): Promise<unknown>;
  /** GET /healthz answers 200. */
  healthy(): Promise<boolean>;
  unhandled: unknown[];
  close(): Promise<void>;
}

export async function startFuzzWeb(): Promise<FuzzWeb> {
  const unhandled: unknown[] = [];
  const collect = (e: unknown) => unhandled.push(e);
  process.on("unhandledRejection", collect);
  const slack: FakeSlack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SLACK_SECRET, channels: ["bugs"] });
  const config = parseConfig({
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.apiUrl,
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      SENTRY_WEBHOOK_SECRET: SENTRY_SECRET,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL,
      PORT: "0",
    },
  });
  const c = await createContainer(config, { logger: silentLogger, metrics: createMetrics() });
  await c.redis.flushdb();
  const web: WebServer = await runWeb(c);
  const base = `http://127.0.0.1:${web.port}`;
  return {
    base,
    c,
    unhandled,
    async jobs() {
      let n = 0;
      for (const q of c.queues.allQueues()) n += Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
      return n;
    },
    ingressJob: async (id) => (await c.queues.ingress.getJob(id))?.data,
    // BullMQ pushes a new job onto the head of the wait list.
    newestIngressJob: async () => (await c.queues.ingress.getWaiting(0, 0))[0]?.data,
    healthy: async () => (await fetch(`${base}/healthz`)).status === 200,
    async close() {
      await web.stop();
      await c.redis.flushdb();
      await c.close();
      await slack.close();
      process.off("unhandledRejection", collect);
    },
  };
}
