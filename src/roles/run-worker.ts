import type { Container } from "../container.js";
import { createWorkers, type WorkerSet } from "../jobs/create-workers.js";
import { createGraphJobProcessor } from "../jobs/processors/process-graph-job.js";
import { createIngressProcessor } from "../jobs/processors/process-ingress-job.js";
import { createMaintenanceProcessor } from "../jobs/processors/process-maintenance-job.js";
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
    onOutcome: (graph, outcome) => c.metrics.runs.inc({ graph, outcome }),
    schedule: (job, jobId, delayMs) => c.queues.enqueueGraph(job, jobId, delayMs),
  });
  const limits = c.config.settings.limits;
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
          }),
          logger: c.logger,
        }),
      },
      ...runner.graphNames().map((g) => ({ name: graphQueueName(g), processor: graphProcessor })),
      { name: MAINTENANCE_QUEUE, processor: createMaintenanceProcessor({ pool: c.pool, logger: c.logger }), concurrency: 1 },
    ],
  });
}
