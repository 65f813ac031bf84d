import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { AppError, ErrorCode } from "../core/errors.js";
import { unavailableStore } from "../core/store-unavailable.js";
import type { QueueDepth } from "../core/ports/ops-port.js";
import { graphJobSchema, ingressJobSchema, type GraphJob, type IngressJob } from "./job-schemas.js";
import { INGRESS_QUEUE, MAINTENANCE_QUEUE, graphQueueName } from "./queue-names.js";

export interface QueueLimits {
  jobAttempts: number;
  jobBackoffMs: number;
  keepCompletedJobs: number;
  keepFailedJobs: number;
}

/**
 * The producer side of the queues. Job ids come from delivery ids, so a redelivered Slack event or webhook
 * finds its job already there and adds nothing (BullMQ's add is a no-op for a known id).
 */
export class JobQueues {
  readonly ingress: Queue;
  readonly maintenance: Queue;
  private readonly graphQueues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly limits: QueueLimits,
    graphs: readonly string[],
    private readonly prefix = "shopfloor",
  ) {
    this.ingress = this.makeQueue(INGRESS_QUEUE);
    this.maintenance = this.makeQueue(MAINTENANCE_QUEUE);
    for (const g of graphs) this.graphQueues.set(g, this.makeQueue(graphQueueName(g)));
  }

  private makeQueue(name: string): Queue {
    return new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: this.jobOptions() });
  }

  jobOptions(): JobsOptions {
    return {
      attempts: this.limits.jobAttempts,
      backoff: { type: "shopfloor" },
      removeOnComplete: { count: this.limits.keepCompletedJobs },
      removeOnFail: { count: this.limits.keepFailedJobs },
    };
  }

  async enqueueIngress(job: IngressJob, jobId: string): Promise<void> {
    const data = ingressJobSchema.parse(job);
    await added(this.ingress.add(data.source, data, { jobId }));
  }

  async enqueueGraph(job: GraphJob, jobId: string, delayMs = 0): Promise<void> {
    const data = graphJobSchema.parse(job);
    const queue = this.graphQueues.get(data.graph);
    if (!queue) throw new AppError(ErrorCode.UnknownGraph, `no queue for graph ${data.graph}`);
    await added(queue.add(data.type, data, { jobId, ...(delayMs > 0 ? { delay: delayMs } : {}) }));
  }

  graphQueue(graph: string): Queue | undefined {
    return this.graphQueues.get(graph);
  }

  allQueues(): Queue[] {
    return [this.ingress, ...this.graphQueues.values(), this.maintenance];
  }

  async depths(): Promise<QueueDepth[]> {
    return Promise.all(
      this.allQueues().map(async (q) => {
        const c = await q.getJobCounts("waiting", "active", "delayed", "failed", "prioritized", "waiting-children");
        return {
          name: q.name,
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c["waiting-children"] ?? 0),
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
        };
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.allQueues().map((q) => q.close()));
  }
}

/**
 * A job that could not be added because Redis is away is worth another try: without this, a graph run that
 * enqueues its follow-up during a Redis restart would fail as an internal error and never be retried.
 */
async function added(adding: Promise<unknown>): Promise<void> {
  try {
    await adding;
  } catch (e) {
    // Any lost connection here is Redis's (a refused socket alone would read as PostgreSQL's); anything else is not.
    if (!unavailableStore(e)) throw e;
    throw new AppError(ErrorCode.RedisUnavailable, `could not add the job: ${e instanceof Error ? e.message : String(e)}`, { retryable: true, cause: e });
  }
}
