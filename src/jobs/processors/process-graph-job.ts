import { DelayedError, type Job } from "bullmq";
import { toAppError } from "../../core/errors.js";
import { hash } from "../../core/ids.js";
import type { EffectsLedger } from "../../core/effects/effects-ledger.js";
import type { AutomationSettings } from "../../core/ledgers/automation-settings.js";
import type { Logger } from "../../core/logger.js";
import { reportError } from "../../observability/report-error.js";
import type { GraphRunner, RunOutcome } from "../../runtime/graph-runner.js";
import type { CircuitBreaker } from "../circuit-breaker.js";
import { failureNotice } from "../../slack/error-messages.js";
import { invalidPayload, isFinalFailure, throwForQueue } from "../job-errors.js";
import { graphJobSchema, type GraphJob } from "../job-schemas.js";

export interface GraphJobDeps {
  runner: GraphRunner;
  effects: EffectsLedger;
  automations: AutomationSettings;
  logger: Logger;
  /** How long a job for a paused automation waits before it looks again. */
  pausedRecheckMs?: number;
  /** A run ended with this outcome after `seconds` (a retried failure ends only on its last attempt). */
  onOutcome?: (graph: string, outcome: string, seconds: number) => void;
  /** Pauses an automation whose runs keep failing. */
  breaker?: CircuitBreaker;
  /** Enqueue a graph job later (interrupt deadlines). */
  schedule?: (job: GraphJob, jobId: string, delayMs: number) => Promise<void>;
}

/** Thin: decode → (paused? wait) → run or resume under the thread lock → map errors. */
export function createGraphJobProcessor(deps: GraphJobDeps) {
  return async (job: Job, token?: string): Promise<RunOutcome> => {
    const parsed = graphJobSchema.safeParse(job.data);
    if (!parsed.success) {
      deps.logger.error({ jobId: job.id, issues: parsed.error.issues.slice(0, 5) }, "graph job payload invalid");
      reportError(invalidPayload(parsed.error.message), { job: String(job.id), role: "worker" });
      return throwForQueue(invalidPayload(parsed.error.message), job, token);
    }
    const data = parsed.data;
    const log = deps.logger.child({ jobId: job.id, graph: data.graph, threadId: data.threadId });
    if (token && (await deps.automations.isPaused(data.graph))) {
      // Paused automations keep their work: the job waits and runs after the resume.
      log.info({}, "automation paused; job waits");
      await job.moveToDelayed(Date.now() + (deps.pausedRecheckMs ?? 30_000), token);
      throw new DelayedError();
    }
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const outcome = await deps.runner.run({ ...data, jobId: String(job.id) });
      deps.onOutcome?.(data.graph, outcome.status, seconds());
      if (outcome.status !== "ignored") await deps.breaker?.succeeded(data.graph).catch((b) => log.warn({ err: String(b) }, "circuit breaker could not count a success"));
      if (outcome.status === "waiting") await scheduleDeadlines(deps, data, outcome.interrupts);
      return outcome;
    } catch (e) {
      if (isFinalFailure(e, job)) {
        deps.onOutcome?.(data.graph, "failed", seconds());
        await notifyFailure(deps, data, job, e).catch((n) => log.error({ err: String(n) }, "could not tell the thread about a failed run"));
        await deps.breaker?.failed(data.graph, e, String(job.id)).catch((b) => log.error({ err: String(b) }, "circuit breaker could not count a failure"));
      }
      return throwForQueue(e, job, token);
    }
  };
}

/**
 * An interrupt whose value carries `expiresAt` gets a delayed resume with `{ kind: "timeout" }`. If the person
 * answers first, that resume finds its interrupt gone and is ignored; a node that waits again keeps the same
 * `expiresAt`, so the deadline holds across re-interrupts.
 */
async function scheduleDeadlines(deps: GraphJobDeps, data: GraphJob, interrupts: { id: string; value: unknown }[]): Promise<void> {
  if (!deps.schedule) return;
  for (const i of interrupts) {
    const expiresAt = (i.value as { expiresAt?: unknown } | null)?.expiresAt;
    if (typeof expiresAt !== "string" || Number.isNaN(Date.parse(expiresAt))) continue;
    await deps.schedule(
      { type: "resume", graph: data.graph, threadId: data.threadId, interruptId: i.id, value: { kind: "timeout" }, ...(data.notify ? { notify: data.notify } : {}) },
      `deadline-${hash(data.threadId)}-${i.id}`,
      Math.max(0, Date.parse(expiresAt) - Date.now()),
    );
  }
}

async function notifyFailure(deps: GraphJobDeps, data: GraphJob, job: Job, e: unknown): Promise<void> {
  const target = data.notify;
  if (!target) return;
  const err = toAppError(e);
  const text = failureNotice(data.graph, err, job.attemptsMade + 1);
  const base = { threadId: data.threadId, node: "runtime", intent: `failure-${job.id}` };
  if (target.channel) {
    await deps.effects.apply({ ...base, kind: "slack.post", input: { channel: target.channel, text, ...(target.threadTs ? { threadTs: target.threadTs } : {}) } });
  } else if (target.responseUrl) {
    await deps.effects.apply({ ...base, kind: "slack.respond", input: { responseUrl: target.responseUrl, responseType: "ephemeral", text } });
  }
}
