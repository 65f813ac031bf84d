import http from "node:http";
import { parseConfig } from "../src/config/load-config.js";
import { createContainer } from "../src/container.js";
import { createLogger } from "../src/observability/create-logger.js";
import { createMetrics } from "../src/observability/metrics.js";
import { runWeb } from "../src/roles/run-web.js";
import { startFakeSlack } from "../src/sandbox/fake-slack/index.js";
import { BENCH_DATABASE_URL, BENCH_REDIS_URL, flushBenchRedis, log } from "./support/bench-env.js";
import { runPhase, type LoadTarget } from "./support/slack-load.js";
import { summarize } from "./support/stats.js";

const BOT_TOKEN = "xoxb-bench-0000000000-0000000000000";
const SIGNING_SECRET = "bench-signing-secret";
/** Target: p99 within 50 ms at 200 events/s, far inside Slack's 3 s, so a burst never comes near a redelivery. */
const TARGET_P99_MS = 50;

/**
 * Slack wants an ack within 3 s. The web role acks after the event is in Redis (processBeforeResponse), so
 * this measures the whole edge: signature check, Bolt's routing, our listener, BullMQ's add. The real web
 * role runs in this process against real Redis and PostgreSQL; no worker runs, so jobs only pile up.
 */
export async function ackLatency(opts: { rates?: number[]; seconds?: number; warmupSeconds?: number } = {}) {
  const rates = opts.rates ?? [100, 200];
  const seconds = opts.seconds ?? 10;
  const warmupSeconds = opts.warmupSeconds ?? 2;
  await flushBenchRedis();

  const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  const config = parseConfig({
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      DATABASE_URL: BENCH_DATABASE_URL,
      REDIS_URL: BENCH_REDIS_URL,
      PORT: "0",
    },
  });
  const container = await createContainer(config, { logger: createLogger({ level: "silent" }), metrics: createMetrics() });
  const web = await runWeb(container, { port: 0 });
  // Keep-alive as Slack's own delivery uses; sockets are opened on demand, so concurrency is never capped.
  const agent = new http.Agent({ keepAlive: true });
  const target: LoadTarget = { port: web.port, signingSecret: SIGNING_SECRET, identity: fake.workspace.identity, agent };

  try {
    const results: Record<string, unknown> = {};
    let acked = 0;
    for (const rate of rates) {
      // Warm-up at the same rate: opens the sockets, fills Bolt's and BullMQ's hot paths, discarded.
      log(`ack latency: ${rate}/s warm-up ${warmupSeconds}s`);
      acked += (await runPhase(target, rate, warmupSeconds)).latenciesMs.length;
      log(`ack latency: ${rate}/s for ${seconds}s`);
      const phase = await runPhase(target, rate, seconds);
      acked += phase.latenciesMs.length;
      const { mean: _mean, count: _count, ...latency } = summarize(phase.latenciesMs);
      const lag = summarize(phase.sendLagMs);
      results[`${rate}PerSecond`] = {
        targetRate: rate,
        sent: phase.sent,
        count: phase.latenciesMs.length,
        achievedRate: Math.round((phase.sent / phase.seconds) * 10) / 10,
        // Throughput: acknowledged events over the time from the first send to the last answer.
        ackedPerSecond: Math.round((phase.latenciesMs.length / phase.drainedSeconds) * 10) / 10,
        errors: Object.values(phase.errors).reduce((s, x) => s + x, 0),
        errorsByStatus: phase.errors,
        latencyMs: latency,
        sendLagMs: { p99: lag.p99, max: lag.max },
        targetP99Ms: TARGET_P99_MS,
        p99WithinTarget: latency.p99 <= TARGET_P99_MS,
      };
      log(`ack latency: ${rate}/s p50 ${latency.p50} ms, p99 ${latency.p99} ms`);
    }
    // Every 200 (warm-ups included) must stand for a job in Redis, or the benchmark measured an edge that
    // drops events.
    const counts = await container.queues.ingress.getJobCounts("waiting", "prioritized", "delayed");
    const enqueued = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
    return { ...results, acknowledged: acked, jobsEnqueued: enqueued, everyAckEnqueued: enqueued === acked };
  } finally {
    agent.destroy();
    await web.stop();
    await container.close();
    await fake.close();
    await flushBenchRedis();
  }
}
