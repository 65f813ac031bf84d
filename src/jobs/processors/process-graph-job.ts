import { DelayedError, type Job } from "bullmq";
import { ErrorCode, toAppError } from "../../core/errors.js";
import type { EffectsLedger } from "../../core/effects/effects-ledger.js";
import type { AutomationSettings } from "../../core/ledgers/automation-settings.js";
import type { Logger } from "../../core/logger.js";
import { reportError } from "../../observability/report-error.js";
import type { GraphRunner, RunOutcome } from "../../runtime/graph-runner.js";
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
  onOutcome?: (graph: string, outcome: string) => void;
}

/** Thin: decode → (paused? wait) → run or resume under the thread lock → map errors. */
export function createGraphJobProcessor(deps: GraphJobDeps) {
  return async (job: Job, token?: string): Promise<RunOutcome> => {
    const parsed = graphJobSchema.safeParse(job.data);
    if (!parsed.success) {
      deps.logger.error({ jobId: job.id, issues: parsed.error.issues.slice(0, 5) }, "graph job payload invalid");
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
    try {
      const outcome = await deps.runner.run(
        data.type === "start"
          ? { type: "start", graph: data.graph, threadId: data.threadId, input: data.input, jobId: String(job.id) }
          : { type: "resume", graph: data.graph, threadId: data.threadId, interruptId: data.interruptId, value: data.value, jobId: String(job.id) },
      );
      deps.onOutcome?.(data.graph, outcome.status);
      return outcome;
    } catch (e) {
      const err = toAppError(e);
      if (err.code === ErrorCode.Internal) reportError(err, { graph: data.graph, thread: data.threadId, job: String(job.id), role: "worker" });
      if (isFinalFailure(e, job)) {
        deps.onOutcome?.(data.graph, "failed");
        await notifyFailure(deps, data, job, e).catch((n) => log.error({ err: String(n) }, "could not tell the thread about a failed run"));
      }
      return throwForQueue(e, job, token);
    }
  };
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
