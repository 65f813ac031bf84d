import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type { Redis } from "ioredis";
import { graphRegistry } from "../graphs/registry.js";
import { createChartJsChartAdapter } from "./adapters/chart/chartjs-chart-adapter.js";
import { createOctokit } from "./adapters/github/create-octokit.js";
import { createGitToken } from "./adapters/github/git-token.js";
import { createOctokitForgeAdapter } from "./adapters/github/octokit-forge-adapter.js";
import { createHttpProbe } from "./adapters/http/http-probe.js";
import { createOpenAIClient, createOpenAIModelAdapter } from "./adapters/llm/openai-model-adapter.js";
import { createPgPool, type PgPool } from "./adapters/postgres/create-pg-pool.js";
import { createPostgresAuditLog } from "./adapters/postgres/postgres-audit-log.js";
import { createPostgresEscalationStore } from "./adapters/postgres/postgres-escalation-store.js";
import { createPostgresFactoryStats } from "./adapters/postgres/postgres-factory-stats.js";
import { createPostgresReviewStore } from "./adapters/postgres/postgres-review-store.js";
import { createPostgresAuditStats } from "./adapters/postgres/postgres-audit-stats.js";
import { createPostgresAutomationSettings } from "./adapters/postgres/postgres-automation-settings.js";
import { createPostgresPromptVersionStore } from "./adapters/postgres/postgres-prompt-versions.js";
import { createPostgresProposalStore } from "./adapters/postgres/postgres-proposals.js";
import { createPostgresEffectsLedger } from "./adapters/postgres/postgres-effects-ledger.js";
import { createPostgresIncidentStore } from "./adapters/postgres/postgres-incident-store.js";
import { createPostgresLinkStore } from "./adapters/postgres/postgres-link-store.js";
import { createPostgresRunLedger } from "./adapters/postgres/postgres-run-ledger.js";
import { createSentryApiAdapter } from "./adapters/sentry/sentry-api-adapter.js";
import { createSlackWebClient } from "./adapters/slack/slack-web-client.js";
import { createWebChatAdapter } from "./adapters/slack/web-chat-adapter.js";
import { unconfigured } from "./adapters/unconfigured.js";
import { createBwrapWorkspaces } from "./adapters/workspace/bwrap-workspaces.js";
import type { Config } from "./config/load-config.js";
import { createExecutors } from "./core/effects/create-executors.js";
import type { GraphDeps } from "./core/graph-deps.js";
import type { Logger } from "./core/logger.js";
import { systemClock, type ChatPort, type ErrorTrackerPort, type ForgePort, type ModelPort, type WorkspacePort } from "./core/ports/index.js";
import { createRedis } from "./jobs/create-redis.js";
import { JobQueues } from "./jobs/job-queues.js";
import type { Metrics } from "./observability/metrics.js";
import { withModelMetrics } from "./observability/model-metrics.js";
import { loadPrompts, type PromptRegistry } from "./prompts/load-prompts.js";
import { createVersionedPrompts } from "./prompts/versioned-prompts.js";
import { createOpsPort } from "./runtime/create-ops-port.js";
import { GraphRunner } from "./runtime/graph-runner.js";
import { PROJECT_ROOT, SHOPFLOOR_VERSION } from "./version.js";

export interface Ports {
  chat: ChatPort;
  forge: ForgePort;
  model: ModelPort;
  errorTracker: ErrorTrackerPort | null;
  workspaces: WorkspacePort;
}

export interface Container {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  pool: PgPool;
  /** Producer connection: fails fast so an edge that cannot enqueue says so. */
  redis: Redis;
  queues: JobQueues;
  ports: Ports;
  prompts: PromptRegistry;
  graphDeps: GraphDeps;
  createRunner(): GraphRunner;
  /** A connection for BullMQ workers (waits out Redis outages). */
  workerRedis(): Redis;
  close(): Promise<void>;
}

/** Builds the real clients from the configuration. Each is created only when its system is configured. */
export function createPorts(config: Config, logger: Logger): Ports {
  const chat: ChatPort = config.slack.botToken
    ? createWebChatAdapter({
        client: createSlackWebClient({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger }),
        logger,
      })
    : unconfigured<ChatPort>("Slack", "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN)");

  const repo = config.github.repository;
  const forge: ForgePort =
    config.github.auth.kind !== "none" && repo
      ? createOctokitForgeAdapter({
          octokit: createOctokit({ auth: config.github.auth, apiUrl: config.github.apiUrl, logger, throttle: config.settings.limits.githubWriteThrottle, retries: 3 }),
          owner: repo.owner,
          repo: repo.name,
          logger,
        })
      : unconfigured<ForgePort>("GitHub", "set GITHUB_TOKEN (or the GitHub App variables) and GITHUB_REPOSITORY or `repository:` in shopfloor.yml");

  const model: ModelPort =
    config.model.apiKey || config.model.baseUrl
      ? createOpenAIModelAdapter({
          client: createOpenAIClient({
            ...(config.model.apiKey ? { apiKey: config.model.apiKey } : {}),
            ...(config.model.baseUrl ? { baseUrl: config.model.baseUrl } : {}),
            timeoutMs: config.model.timeoutMs,
            maxRetries: 0,
          }),
          config: config.model,
          logger,
        })
      : unconfigured<ModelPort>("The model", "set OPENAI_API_KEY and/or OPENAI_BASE_URL");

  const s = config.sentry;
  const errorTracker =
    s.apiToken && s.org
      ? createSentryApiAdapter({ apiUrl: s.apiUrl, token: s.apiToken, org: s.org, ...(s.project ? { project: s.project } : {}), logger })
      : null;
  return { chat, forge, model, errorTracker, workspaces: createWorkspaces(config, forge, logger) };
}

/** The build automation's working copies: cloned with the forge's token, commands sandboxed with bubblewrap. */
export function createWorkspaces(config: Config, forge: ForgePort, logger: Logger): WorkspacePort {
  const build = config.settings.build;
  const limits = build.commandLimits;
  let cloneUrl: string | null = null;
  return createBwrapWorkspaces({
    root: build.workspaceRoot ?? join(tmpdir(), "shopfloor-workspaces"),
    // Read once: the repository's clone URL does not change while Shopfloor runs.
    cloneUrl: async () => (cloneUrl ??= (await forge.getRepository()).cloneUrl),
    token: createGitToken(config.github.auth, config.github.apiUrl),
    limits: { timeoutSeconds: limits.timeoutSeconds, memoryMb: limits.memoryMb, maxProcesses: limits.maxProcesses, maxOutputBytes: limits.maxOutputKb * 1024 },
    installTimeoutSeconds: build.installTimeoutSeconds,
    readOnlyPaths: build.readOnlyPaths,
    dryRun: config.dryRun,
    logger,
  });
}

/**
 * Graphs that answer people or carry their decisions rather than do factory work: never paused, and outside the
 * circuit breaker (a person must always be able to resume, approve or roll back).
 */
const CONTROL_GRAPHS = ["help", "status", "audit-log", "home", "automation-control", "prompts", "proposal"];

export async function createContainer(config: Config, opts: { logger: Logger; metrics: Metrics; ports?: Ports }): Promise<Container> {
  const { logger, metrics } = opts;
  const pool = createPgPool({ url: config.database.url, max: Math.max(10, config.settings.limits.workerConcurrency * 2 + 2), logger });
  const redis = createRedis(config.redis.url, "producer", logger);
  const queues = new JobQueues(redis, config.settings.limits, graphRegistry.map((g) => g.name));
  const built = opts.ports ?? createPorts(config, logger);
  const ports: Ports = { ...built, model: withModelMetrics(built.model, metrics) };
  const prompts = await loadPrompts(resolve(PROJECT_ROOT, "prompts"));
  const promptVersions = createPostgresPromptVersionStore(pool);
  // Approved prompt versions take precedence over the files; the runner refreshes them before each run.
  const renderer = createVersionedPrompts(prompts, promptVersions, logger);

  const runs = createPostgresRunLedger(pool);
  const automations = createPostgresAutomationSettings(pool);
  const effects = createPostgresEffectsLedger({
    pool,
    executors: createExecutors({
      ...ports,
      starter: { start: (run) => queues.enqueueGraph({ type: "start", graph: run.graph, threadId: run.threadId, input: run.input }, run.jobId) },
    }),
    dryRun: config.dryRun,
    onApplied: (kind, outcome) => metrics.effects.inc({ kind, outcome }),
  });
  const graphDeps: GraphDeps = {
    ...ports,
    clock: systemClock,
    chart: createChartJsChartAdapter(),
    probe: createHttpProbe(),
    ops: createOpsPort({
      queueDepths: () => queues.depths(),
      runs,
      automations,
      versions: { shopfloor: SHOPFLOOR_VERSION, prompts: () => renderer.version },
      dryRun: config.dryRun,
    }),
    effects,
    runs,
    audit: createPostgresAuditLog(pool),
    links: createPostgresLinkStore(pool),
    incidents: createPostgresIncidentStore(pool),
    reviews: createPostgresReviewStore(pool),
    escalations: createPostgresEscalationStore(pool),
    automations,
    stats: createPostgresFactoryStats(pool),
    prompts: renderer,
    promptVersions,
    proposals: createPostgresProposalStore(pool),
    auditStats: createPostgresAuditStats(pool),
    settings: {
      repository: config.github.repository ? `${config.github.repository.owner}/${config.github.repository.name}` : null,
      dryRun: config.dryRun,
      channels: config.settings.channels,
      approvers: config.settings.approvers,
      labels: config.settings.labels,
      areas: config.settings.areas,
      triage: config.settings.triage,
      incidents: config.settings.incidents,
      review: config.settings.review,
      risk: config.settings.risk,
      verify: config.settings.verify,
      recap: {
        ...config.settings.recap,
        timezone: config.settings.schedules.timezone,
        dailyCron: config.settings.schedules.dailyRecap,
        weeklyCron: config.settings.schedules.weeklyRecap,
      },
      build: config.settings.build,
      shepherd: config.settings.shepherd,
      audit: {
        ...config.settings.audit,
        channel: config.settings.audit.channel ?? config.settings.channels.maintainers,
      },
      planner: config.settings.planner,
      sentryOrg: config.sentry.org ?? null,
      automations: graphRegistry.map((g) => g.name).filter((n) => !CONTROL_GRAPHS.includes(n)),
    },
    logger,
  };

  const workerConnections: Redis[] = [];
  return {
    config,
    logger,
    metrics,
    pool,
    redis,
    queues,
    ports,
    prompts,
    graphDeps,
    createRunner: () =>
      new GraphRunner({
        pool,
        checkpointer: new PostgresSaver(pool),
        graphs: graphRegistry,
        deps: graphDeps,
        runs,
        logger,
        onStep: (graph, node, ms) => metrics.stepDuration.observe({ graph, node }, ms / 1000),
      }),
    workerRedis: () => {
      const r = createRedis(config.redis.url, "worker", logger);
      workerConnections.push(r);
      return r;
    },
    async close() {
      await queues.close().catch(() => {});
      for (const r of [redis, ...workerConnections]) r.disconnect();
      await pool.end().catch(() => {});
    },
  };
}
