import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "../core/logger.js";
import type { QueueDepth } from "../core/ports/ops-port.js";

/** Prometheus metrics for GET /metrics. One registry per process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "shopfloor_process_" });
  const runs = new Counter({
    name: "shopfloor_runs_total",
    help: "Graph runs by graph and outcome",
    labelNames: ["graph", "outcome"] as const,
    registers: [registry],
  });
  // One run is one start, resume or continuation of a thread (a job), not the thread's whole life: a thread
  // waiting days for an approver is not a slow run.
  const runDuration = new Histogram({
    name: "shopfloor_run_seconds",
    help: "Duration of graph runs (one start, resume or continuation) by graph and outcome",
    labelNames: ["graph", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  return {
    registry,
    ingressRequests: new Counter({
      name: "shopfloor_ingress_requests_total",
      help: "Requests received by the web role, by route and HTTP status",
      labelNames: ["route", "status"] as const,
      registers: [registry],
    }),
    ingressLatency: new Histogram({
      name: "shopfloor_ingress_ack_seconds",
      help: "Time from request to acknowledgement",
      labelNames: ["route"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers: [registry],
    }),
    runs,
    runDuration,
    /** A run ended (succeeded, waiting, ignored, or failed for good) after `seconds`. */
    recordRun(graph: string, outcome: string, seconds: number): void {
      runs.inc({ graph, outcome });
      runDuration.observe({ graph, outcome }, seconds);
    },
    stepDuration: new Histogram({
      name: "shopfloor_graph_step_seconds",
      help: "Duration of graph steps",
      labelNames: ["graph", "node"] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    effects: new Counter({
      name: "shopfloor_effects_total",
      help: "Effects by kind and outcome (applied, replayed, failed, dry-run)",
      labelNames: ["kind", "outcome"] as const,
      registers: [registry],
    }),
    modelTokens: new Counter({
      name: "shopfloor_model_tokens_total",
      help: "Model tokens by task and direction",
      labelNames: ["task", "direction"] as const,
      registers: [registry],
    }),
    modelCost: new Counter({
      name: "shopfloor_model_cost_usd_total",
      help: "Model cost in USD by task",
      labelNames: ["task"] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "shopfloor_queue_jobs",
      help: "Jobs per queue and state (sampled at scrape time)",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

const DEPTH_STATES = ["waiting", "active", "delayed", "failed"] as const;

/**
 * Sets the queue gauges from Redis, at scrape time. When Redis does not answer the gauges are cleared
 * rather than left at their last values: an absent series says "unknown", a stale one would lie.
 */
export async function sampleQueueDepths(metrics: Metrics, depths: () => Promise<QueueDepth[]>, logger: Logger): Promise<void> {
  try {
    const sampled = await depths();
    for (const q of sampled) for (const state of DEPTH_STATES) metrics.queueDepth.set({ queue: q.name, state }, q[state]);
  } catch (e) {
    metrics.queueDepth.reset();
    logger.warn({ err: String(e) }, "queue depths unavailable for /metrics");
  }
}
