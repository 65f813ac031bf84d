import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { pino } from "pino";
import { parseConfig } from "../config/load-config.js";
import { createContainer, type Container } from "../container.js";
import { createLogger } from "../observability/create-logger.js";
import { createMetrics } from "../observability/metrics.js";
import { runScheduler } from "../roles/run-scheduler.js";
import { runWeb } from "../roles/run-web.js";
import { runWorker } from "../roles/run-worker.js";
import { waitForDependencies } from "../roles/wait-for-dependencies.js";
import { startSandbox, type Sandbox } from "../sandbox/start-sandbox.js";
import { SHOPFLOOR_VERSION } from "../version.js";
import { DEMO_CONFIG_YAML, demoUrls } from "./demo-config.js";
import { resetDemoState } from "./reset-demo-state.js";
import { playScenario } from "./scenario.js";

/**
 * `shopfloor demo`: the real Shopfloor (Redis, PostgreSQL, BullMQ, LangGraph, the production clients) in
 * this process, against the local sandbox. It plays the scenario and prints the Slack channel as a person
 * would read it. Logs go to .shopfloor/demo.log so the output stays readable.
 */
export async function runDemo(env: Record<string, string | undefined>, opts: { verbose?: boolean | undefined }): Promise<number> {
  const out = (line = "") => process.stdout.write(`${line}\n`);
  const urls = demoUrls(env);
  const realModel = Boolean(env.OPENAI_API_KEY?.trim() || env.OPENAI_BASE_URL?.trim());
  const logPath = resolve(".shopfloor/demo.log");
  mkdirSync(resolve(".shopfloor"), { recursive: true });

  out(`Shopfloor ${SHOPFLOOR_VERSION} demo: the real runtime against a local sandbox`);
  await resetDemoState(urls);
  const sandbox = await startSandbox();
  let container: Container | null = null;
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const config = parseConfig({
      env: {
        ...sandbox.env,
        ...(realModel ? { OPENAI_API_KEY: env.OPENAI_API_KEY, OPENAI_BASE_URL: env.OPENAI_BASE_URL, SHOPFLOOR_MODEL: env.SHOPFLOOR_MODEL } : {}),
        DATABASE_URL: urls.databaseUrl,
        REDIS_URL: urls.redisUrl,
        PORT: "0",
        SHOPFLOOR_LOG_LEVEL: "info",
      },
      fileText: DEMO_CONFIG_YAML,
    });
    const logger = createLogger({ level: config.logLevel, destination: opts.verbose ? pino.destination(2) : pino.destination({ dest: logPath, sync: true }) });
    container = await createContainer(config, { logger, metrics: createMetrics() });
    await waitForDependencies(container);
    const web = await runWeb(container, { port: 0 });
    const workers = runWorker(container);
    const scheduler = runScheduler(container);
    stops.push(() => web.stop(), () => workers.close(), () => scheduler.stop());

    describeSetup(out, sandbox, web.port, realModel, urls);
    const ok = await playScenario({ sandbox, container, appUrl: `http://127.0.0.1:${web.port}/slack/events`, out });

    for (const [id, name] of [["C0BUGS", "#bugs"], ["C0GENERAL", "#general"]] as const) {
      out();
      out(`──────── ${name}, as the team sees it ────────`);
      out(sandbox.slack.transcript(id));
    }
    out("────────────────────────────────────────────────");
    const ledger = await container.pool.query<{ kind: string; n: string }>(
      "SELECT status AS kind, count(*)::text AS n FROM effects GROUP BY status ORDER BY status",
    );
    const runs = await container.pool.query<{ kind: string; n: string }>("SELECT status AS kind, count(*)::text AS n FROM runs GROUP BY status ORDER BY status");
    out(`Effects ledger: ${ledger.rows.map((r) => `${r.n} ${r.kind}`).join(", ") || "empty"}. Runs: ${runs.rows.map((r) => `${r.n} ${r.kind}`).join(", ") || "none"}.`);
    out(`Logs: ${opts.verbose ? "stderr" : logPath}`);
    return ok ? 0 : 1;
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    await container?.close();
    await sandbox.close();
  }
}

function describeSetup(out: (l?: string) => void, sandbox: Sandbox, port: number, realModel: boolean, urls: { databaseUrl: string; redisUrl: string }) {
  out(`  Slack      fake workspace at ${sandbox.slack.url} (channels #general, #bugs; people alice, bob, carol)`);
  out(`  GitHub     fake repository acme/shop at ${sandbox.github.url}, backed by a bare git repository`);
  out(`  Model      ${realModel ? "the endpoint in OPENAI_BASE_URL / OPENAI_API_KEY" : `scripted OpenAI-compatible model at ${sandbox.model.baseUrl}`}`);
  out(`  State      ${urls.databaseUrl.replace(/\/\/[^@]*@/, "//")} and ${urls.redisUrl} (reset for the demo)`);
  out(`  Shopfloor  web + worker + scheduler, Slack requests signed and sent to http://127.0.0.1:${port}/slack/events`);
  out();
}
