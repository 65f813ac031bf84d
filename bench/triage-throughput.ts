/**
 * Triage end to end on one worker: signed Slack message events → web → queue → triage graph → effects on the
 * fake Slack and fake GitHub, with an instant scripted model. Two figures:
 *  - the time from sending the event to the first threaded reply ("Triaging…"), at a steady 10 reports/s;
 *  - triage runs per second when a burst of reports arrives at once (each run: 👀, progress message, model call,
 *    duplicate search over the open issues, labels, the issue, the card, reactions).
 * GitHub's write throttling (≥ 1 s between writes, which real GitHub needs) is off here: the figure is Shopfloor's
 * own cost, not GitHub's rate limit.
 */
import { createOctokit } from "../src/adapters/github/create-octokit.js";
import { createOctokitForgeAdapter } from "../src/adapters/github/octokit-forge-adapter.js";
import { createOpenAIClient, createOpenAIModelAdapter } from "../src/adapters/llm/openai-model-adapter.js";
import { createSlackWebClient } from "../src/adapters/slack/slack-web-client.js";
import { createWebChatAdapter } from "../src/adapters/slack/web-chat-adapter.js";
import { parseConfig } from "../src/config/load-config.js";
import { createContainer, createWorkspaces } from "../src/container.js";
import { silentLogger } from "../src/core/logger.js";
import { createMetrics } from "../src/observability/metrics.js";
import { runWeb } from "../src/roles/run-web.js";
import { runWorker } from "../src/roles/run-worker.js";
import { startSandbox } from "../src/sandbox/start-sandbox.js";
import { BENCH_DATABASE_URL, BENCH_REDIS_URL, flushBenchRedis, freshDatabase, log } from "./support/bench-env.js";
import { bugReport as report } from "./support/bug-reports.js";
import { summarize } from "./support/stats.js";

export async function triageThroughput(opts: { steadyRate?: number; steadySeconds?: number; burst?: number } = {}) {
  const steadyRate = opts.steadyRate ?? 10;
  const steadySeconds = opts.steadySeconds ?? 10;
  const burst = opts.burst ?? 300;
  await freshDatabase();
  await flushBenchRedis();
  const sandbox = await startSandbox();
  const config = parseConfig({
    env: { ...sandbox.env, DATABASE_URL: BENCH_DATABASE_URL, REDIS_URL: BENCH_REDIS_URL, PORT: "0", SHOPFLOOR_LOG_LEVEL: "silent" },
    fileText: `channels: { bugs: [C0BUGS] }\nlimits: { workerConcurrency: 16 }\nareas: [{ name: checkout, description: cart and checkout }]\n`,
  });
  const logger = silentLogger;
  const forge = createOctokitForgeAdapter({ octokit: createOctokit({ auth: config.github.auth, apiUrl: config.github.apiUrl, logger, throttle: false, retries: 0 }), owner: "acme", repo: "shop", logger });
  const ports = {
    chat: createWebChatAdapter({ client: createSlackWebClient({ token: config.slack.botToken!, apiUrl: config.slack.apiUrl, retries: 0, logger }), logger }),
    forge,
    model: createOpenAIModelAdapter({ client: createOpenAIClient({ apiKey: config.model.apiKey!, baseUrl: config.model.baseUrl!, timeoutMs: 10_000, maxRetries: 0 }), config: config.model, logger }),
    errorTracker: null,
    workspaces: createWorkspaces(config, forge, logger),
  };
  const container = await createContainer(config, { logger, metrics: createMetrics(), ports });
  const web = await runWeb(container, { port: 0 });
  const workers = runWorker(container);
  const ws = sandbox.slack.workspace;
  const driver = sandbox.slack.driver(`http://127.0.0.1:${web.port}/slack/events`);

  const firstReply = (ts: string) => ws.replies("C0BUGS", ts).length > 0;
  const finished = (ts: string) => ws.message("C0BUGS", ts)?.reactions.some((r) => r.name === "white_check_mark") ?? false;
  const waitAll = async (tss: string[], check: (ts: string) => boolean, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (!tss.every(check)) {
      if (Date.now() > end) throw new Error(`only ${tss.filter(check).length}/${tss.length} done in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  try {
    // Warm up: connections, prompt rendering, JIT.
    const warm = await Promise.all(Array.from({ length: 10 }, (_, i) => driver.postMessage({ user: "alice", channel: "C0BUGS", text: report(10_000 + i) })));
    await waitAll(warm.map((w) => w.ts), finished, 60_000);

    log(`triage: ${steadyRate}/s for ${steadySeconds}s, measuring event → first threaded reply`);
    const latencies: number[] = [];
    const pendingChecks: Promise<void>[] = [];
    const t = performance.now();
    for (let i = 0; i < steadyRate * steadySeconds; i++) {
      // Open loop: each report leaves at its slot, whether or not earlier ones were answered.
      const slot = t + (i * 1000) / steadyRate;
      await new Promise((r) => setTimeout(r, Math.max(0, slot - performance.now())));
      const sentAt = performance.now();
      pendingChecks.push(
        driver.postMessage({ user: "bob", channel: "C0BUGS", text: report(i) }).then(async (posted) => {
          while (!firstReply(posted.ts)) await new Promise((r) => setTimeout(r, 2));
          latencies.push(performance.now() - sentAt);
        }),
      );
    }
    await Promise.all(pendingChecks);

    log(`triage: burst of ${burst} reports, measuring runs per second`);
    const t0 = performance.now();
    const posted = await Promise.all(Array.from({ length: burst }, (_, i) => driver.postMessage({ user: "carol", channel: "C0BUGS", text: report(5_000 + i) })));
    await waitAll(posted.map((p) => p.ts), finished, 300_000);
    const seconds = (performance.now() - t0) / 1000;
    const issues = sandbox.github.repo.listIssues({ state: "all" }).filter((i) => !i.pull).length;
    return {
      firstReplyMs: { rate: steadyRate, ...summarize(latencies) },
      burst: { reports: burst, seconds: Math.round(seconds * 100) / 100, runsPerSecond: Math.round((burst / seconds) * 10) / 10 },
      issuesFiled: issues,
      workerConcurrency: config.settings.limits.workerConcurrency,
    };
  } finally {
    await web.stop();
    await workers.close();
    await container.close();
    await sandbox.close();
    await flushBenchRedis();
  }
}
