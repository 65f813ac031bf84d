/**
 * Child process of bench/active-runs.ts: the real worker role (`runWorker` on the real composition root), alone
 * in its process so that its memory is the worker's and not the fakes'. Started with --expose-gc; talks to the
 * parent over IPC:
 *   child  → { type: "ready", … }         the worker takes jobs
 *   parent → { type: "expect", count }   count the next `count` finished triage jobs, sampling memory meanwhile
 *   child  → { type: "counting" }        from now on
 *   child  → { type: "done", … }         when they have all finished (or failed for good)
 *   parent → { type: "restart" }         close the worker and its pool, then build a fresh one
 *   parent → { type: "close" }           close and exit
 * The configuration arrives as argv: the environment as JSON, then the shopfloor.yml text.
 */
import type { Job } from "bullmq";
import { parseConfig } from "../../src/config/load-config.js";
import { createContainer, type Container } from "../../src/container.js";
import type { WorkerSet } from "../../src/jobs/create-workers.js";
import { graphQueueName } from "../../src/jobs/queue-names.js";
import { createLogger } from "../../src/observability/create-logger.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { runWorker } from "../../src/roles/run-worker.js";

export type ParentMessage = { type: "expect"; count: number } | { type: "restart" } | { type: "close" };

/** heapTotal is what V8 has taken for its heap; external is memory outside it held by JS objects (Buffers). */
export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

export interface MemoryFigures {
  /** After a full gc, when the count started. */
  startAfterGc: Memory;
  /** Highest values of the samples taken every 100 ms while the jobs ran (no gc: what the process really held). */
  peak: Memory;
  /** When the last job finished, before and after a full gc. */
  end: Memory;
  endAfterGc: Memory;
  /** After a full gc each time another quarter of the runs had finished: growth in step with runs is a leak. */
  afterGcAt: Array<{ finished: number } & Memory>;
  samples: number;
}

export type ChildMessage =
  | { type: "ready"; workerConcurrency: number; poolMax: number }
  | { type: "counting" }
  | {
      type: "done";
      completed: number;
      failed: number;
      failedAttempts: number;
      byOutcome: Record<string, number>;
      /** Enqueued → finished (BullMQ's job timestamps: the producer's add, the worker's completion). */
      latencyMs: number[];
      /** Taken by the worker → finished: the run itself, without the time it queued. */
      activeMs: number[];
      firstEnqueuedAt: number;
      lastFinishedAt: number;
      memory: MemoryFigures;
      /** CPU time (user + system) this process used while counting. */
      cpuSeconds: number;
    };

const [envJson, fileText] = process.argv.slice(2);
const config = parseConfig({ env: JSON.parse(envJson ?? "{}") as Record<string, string>, fileText: fileText ?? "" });
const send = (m: ChildMessage) => process.send?.(m);

function memory(): Memory {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

function memoryAfterGc() {
  const gc = globalThis.gc;
  if (!gc) throw new Error("run with node --expose-gc");
  gc();
  gc();
  return memory();
}

interface Count {
  expected: number;
  completed: number;
  failed: number;
  failedAttempts: number;
  byOutcome: Record<string, number>;
  latencyMs: number[];
  activeMs: number[];
  firstEnqueuedAt: number;
  lastFinishedAt: number;
  startAfterGc: Memory;
  peak: Memory;
  afterGcAt: Array<{ finished: number } & Memory>;
  samples: number;
  sampler: NodeJS.Timeout;
  cpu: NodeJS.CpuUsage;
}

let count: Count | null = null;
let role: { container: Container; workers: WorkerSet } | null = null;

function finishIfDone(): void {
  const c = count;
  if (!c || c.completed + c.failed < c.expected) return;
  clearInterval(c.sampler);
  count = null;
  const end = memory();
  const cpu = process.cpuUsage(c.cpu);
  send({
    type: "done",
    completed: c.completed,
    failed: c.failed,
    failedAttempts: c.failedAttempts,
    byOutcome: c.byOutcome,
    latencyMs: c.latencyMs,
    activeMs: c.activeMs,
    firstEnqueuedAt: c.firstEnqueuedAt,
    lastFinishedAt: c.lastFinishedAt,
    memory: { startAfterGc: c.startAfterGc, peak: c.peak, end, endAfterGc: memoryAfterGc(), afterGcAt: c.afterGcAt, samples: c.samples },
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  });
}

async function start(): Promise<void> {
  const container = await createContainer(config, { logger: createLogger({ level: "silent" }), metrics: createMetrics() });
  const workers = runWorker(container);
  const triage = workers.workers.find((w) => w.name === graphQueueName("triage"));
  if (!triage) throw new Error("the worker has no triage queue");
  triage.on("completed", (job: Job, outcome: { status?: string } | undefined) => {
    const c = count;
    if (!c) return;
    c.completed++;
    const status = outcome?.status ?? "unknown";
    c.byOutcome[status] = (c.byOutcome[status] ?? 0) + 1;
    const finished = job.finishedOn ?? Date.now();
    c.latencyMs.push(finished - job.timestamp);
    c.activeMs.push(finished - (job.processedOn ?? finished));
    c.firstEnqueuedAt = Math.min(c.firstEnqueuedAt, job.timestamp);
    c.lastFinishedAt = Math.max(c.lastFinishedAt, finished);
    const quarter = Math.max(1, Math.floor(c.expected / 4));
    if (c.completed % quarter === 0 && c.completed < c.expected) c.afterGcAt.push({ finished: c.completed, ...memoryAfterGc() });
    finishIfDone();
  });
  triage.on("failed", (job: Job | undefined) => {
    const c = count;
    if (!c) return;
    c.failedAttempts++;
    // BullMQ sets finishedOn only when the job has no attempt left; a retried attempt goes back to the queue.
    if (job?.finishedOn) {
      c.failed++;
      finishIfDone();
    }
  });
  role = { container, workers };
  send({ type: "ready", workerConcurrency: config.settings.limits.workerConcurrency, poolMax: container.pool.options.max ?? 0 });
}

async function stop(): Promise<void> {
  if (!role) return;
  await role.workers.close();
  await role.container.close();
  role = null;
}

process.on("message", (m: ParentMessage) => {
  if (m.type === "expect") {
    const c: Count = {
      expected: m.count,
      completed: 0,
      failed: 0,
      failedAttempts: 0,
      byOutcome: {},
      latencyMs: [],
      activeMs: [],
      firstEnqueuedAt: Number.POSITIVE_INFINITY,
      lastFinishedAt: 0,
      startAfterGc: memoryAfterGc(),
      peak: { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 },
      afterGcAt: [],
      samples: 0,
      sampler: setInterval(() => {
        const now = memory();
        c.peak = {
          rss: Math.max(c.peak.rss, now.rss),
          heapUsed: Math.max(c.peak.heapUsed, now.heapUsed),
          heapTotal: Math.max(c.peak.heapTotal, now.heapTotal),
          external: Math.max(c.peak.external, now.external),
        };
        c.samples++;
      }, 100),
      cpu: process.cpuUsage(),
    };
    count = c;
    send({ type: "counting" });
  } else if (m.type === "restart") {
    void stop().then(start).catch(fail);
  } else {
    void stop().then(() => process.exit(0), fail);
  }
});

function fail(err: unknown): never {
  console.error(err);
  process.exit(1);
}

start().catch(fail);
