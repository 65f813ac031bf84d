import { Worker, type Processor } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../core/logger.js";
import { backoffStrategy } from "./job-errors.js";

export interface WorkerLimits {
  workerConcurrency: number;
  jobLockMs: number;
  jobBackoffMs: number;
  shutdownGraceMs: number;
}

export interface WorkerSet {
  workers: Worker[];
  /** Stop taking jobs, give running ones the grace period, then force-close (they come back as stalled). */
  close(): Promise<void>;
}

/** One BullMQ Worker per queue, all on one blocking connection per worker as BullMQ requires. */
export function createWorkers(opts: {
  connection: Redis;
  prefix?: string;
  queues: { name: string; processor: Processor; concurrency?: number }[];
  limits: WorkerLimits;
  logger: Logger;
}): WorkerSet {
  const workers = opts.queues.map(({ name, processor, concurrency }) => {
    const worker = new Worker(name, processor, {
      connection: opts.connection.duplicate(),
      prefix: opts.prefix ?? "shopfloor",
      concurrency: concurrency ?? opts.limits.workerConcurrency,
      lockDuration: opts.limits.jobLockMs,
      stalledInterval: Math.max(1_000, Math.floor(opts.limits.jobLockMs / 2)),
      // A job is "stalled" each time the worker running it dies. BullMQ fails it for good past this count, without
      // running it, so it is high enough that a job outlives a run of crashes and deploys (npm run chaos kills a
      // worker every few seconds) and low enough that a job which itself kills its worker stops at last.
      maxStalledCount: 10,
      settings: { backoffStrategy: backoffStrategy(opts.limits.jobBackoffMs) },
    });
    worker.on("failed", (job, err) =>
      opts.logger.warn({ queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, "job failed"),
    );
    worker.on("stalled", (jobId) => opts.logger.warn({ queue: name, jobId }, "job stalled; another worker takes it over"));
    worker.on("error", (err) => opts.logger.warn({ queue: name, err: err.message }, "worker error"));
    return worker;
  });

  return {
    workers,
    async close() {
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), opts.limits.shutdownGraceMs).unref()),
      ]);
      if (timedOut) {
        opts.logger.warn({ graceMs: opts.limits.shutdownGraceMs }, "jobs still running after the grace period; forcing close");
        await Promise.all(workers.map((w) => w.close(true)));
      }
      await Promise.all(workers.map((w) => w.disconnect().catch(() => {})));
    },
  };
}
