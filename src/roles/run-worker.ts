import type { Job } from "bullmq";
import pLimit from "p-limit";
import { createPollCursors } from "../adapters/postgres/postgres-poll-cursors.js";
import type { Container } from "../container.js";
import { createCircuitBreaker } from "../jobs/circuit-breaker.js";
import { createWorkers, type WorkerSet } from "../jobs/create-workers.js";
import { createGraphJobProcessor } from "../jobs/processors/process-graph-job.js";
import { BUILD_SWEEP, createBuildSweepProcessor } from "../jobs/processors/process-build-sweep.js";
import { createIngressProcessor } from "../jobs/processors/process-ingress-job.js";
import { createMaintenanceProcessor } from "../jobs/processors/process-maintenance-job.js";
import { SENTRY_POLL, createSentryPollProcessor } from "../jobs/processors/process-sentry-poll.js";
import { RECAP_DAILY, RECAP_WEEKLY, createRecapScheduleProcessor } from "../jobs/processors/process-recap-schedule.js";
import { SHEPHERD_SWEEP, createShepherdSweepProcessor } from "../jobs/processors/process-shepherd-sweep.js";
import { AUDIT_WEEKLY, PLANNER_WEEKLY, createSelfScheduleProcessor } from "../jobs/processors/process-self-schedule.js";
import { createWaitingInThread } from "../jobs/waiting-in-thread.js";
import { INGRESS_QUEUE, MAINTENANCE_QUEUE, graphQueueName } from "../jobs/queue-names.js";
import { cached } from "./cached.js";

/** The worker role: take jobs, run graphs under the thread lock, apply effects through the ledger. */
export function runWorker(c: Container): WorkerSet {
  const runner = c.createRunner();
  const botUserId = cached(10 * 60_000, () => c.ports.chat.identity().then((i) => i.userId));
  const graphProcessor = createGraphJobProcessor({
    runner,
    effects: c.graphDeps.effects,
    automations: c.graphDeps.automations,
    logger: c.logger,
    onOutcome: (graph, outcome, seconds) => c.metrics.recordRun(graph, outcome, seconds),
    schedule: (job, jobId, delayMs) => c.queues.enqueueGraph(job, jobId, delayMs),
    breaker: createCircuitBreaker({
      automations: c.graphDeps.automations,
      effects: c.graphDeps.effects,
      audit: c.graphDeps.audit,
      logger: c.logger,
      watched: c.graphDeps.settings.automations,
      threshold: c.config.settings.audit.breaker.failuresInARow,
      channel: c.graphDeps.settings.audit.channel,
    }),
  });
  const limits = c.config.settings.limits;
  // BullMQ's concurrency is per queue, and there is a queue per graph: without a shared limit one process would run
  // limits.workerConcurrency runs of every graph at once, each holding a pooled connection for its thread lock
  // while it waits for another to write its checkpoint — after an outage the backlog exhausted the pool and every
  // run timed out waiting for a connection (found by npm run chaos). The pool is sized for this limit.
  const running = pLimit(limits.workerConcurrency);
  const limitedGraphProcessor = (job: Job, token?: string) => running(() => graphProcessor(job, token));
  return createWorkers({
    connection: c.workerRedis(),
    limits,
    logger: c.logger,
    queues: [
      {
        name: INGRESS_QUEUE,
        processor: createIngressProcessor({
          queues: c.queues,
          routeContext: async () => ({
            botUserId: await botUserId().catch(() => null),
            bugChannels: c.config.settings.channels.bugs,
            typeLabels: Object.values(c.config.settings.labels.type),
            triageGithubIssues: c.config.settings.triage.triageGithubIssues,
            sentryOrg: c.config.sentry.org ?? null,
            repository: c.graphDeps.settings.repository,
            reviewPullRequests: c.config.settings.review.enabled,
            needsHumanLabel: c.config.settings.shepherd.enabled ? c.config.settings.labels.needsHuman : null,
          }),
          waitingInThread: createWaitingInThread({ links: c.graphDeps.links, runs: c.graphDeps.runs }),
          logger: c.logger,
        }),
      },
      // Builds hold a workspace and run tests: their own, smaller concurrency (limits.maxConcurrentBuilds).
      ...runner.graphNames().map((g) => ({
        name: graphQueueName(g),
        processor: limitedGraphProcessor,
        ...(g === "build" ? { concurrency: c.config.settings.limits.maxConcurrentBuilds } : {}),
      })),
      { name: MAINTENANCE_QUEUE, processor: maintenance(c), concurrency: 1 },
    ],
  });
}

/** Housekeeping and polling share the maintenance queue; jobs are told apart by name. */
function maintenance(c: Container) {
  const prune = createMaintenanceProcessor({ pool: c.pool, logger: c.logger });
  const tracker = c.ports.errorTracker;
  const poll = tracker
    ? createSentryPollProcessor({
        errorTracker: tracker,
        org: c.config.sentry.org ?? "sentry",
        query: c.config.settings.incidents.query,
        cursors: createPollCursors(c.pool),
        enqueue: (job, jobId) => c.queues.enqueueGraph(job, jobId),
        logger: c.logger,
      })
    : null;
  const sweep = createShepherdSweepProcessor({
    forge: c.ports.forge,
    repository: c.graphDeps.settings.repository ?? "",
    labels: c.config.settings.labels,
    branchPrefix: c.config.settings.build.branchPrefix,
    allPullRequests: c.config.settings.shepherd.allPullRequests,
    enqueue: (job, jobId) => c.queues.enqueueGraph(job, jobId),
    logger: c.logger,
  });
  const builds = createBuildSweepProcessor({
    forge: c.ports.forge,
    repository: c.graphDeps.settings.repository ?? "",
    labels: c.config.settings.labels,
    maxPerRun: c.config.settings.build.maxPerRun,
    enqueue: (job, jobId) => c.queues.enqueueGraph(job, jobId),
    logger: c.logger,
  });
  const recaps = createRecapScheduleProcessor({ enqueue: (job, jobId) => c.queues.enqueueGraph(job, jobId), logger: c.logger });
  const selfChecks = createSelfScheduleProcessor({ enqueue: (job, jobId) => c.queues.enqueueGraph(job, jobId), logger: c.logger });
  return async (job: Job) => {
    if (job.name === BUILD_SWEEP) return builds(job);
    if (job.name === RECAP_DAILY || job.name === RECAP_WEEKLY) return recaps(job);
    if (job.name === AUDIT_WEEKLY || job.name === PLANNER_WEEKLY) return selfChecks(job);
    if (job.name === SENTRY_POLL) return poll ? poll(job) : { skipped: "Sentry is not configured" };
    if (job.name === SHEPHERD_SWEEP) return sweep(job);
    return prune(job);
  };
}
