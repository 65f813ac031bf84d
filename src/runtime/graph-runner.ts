import { Command, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDefinition, RunnableGraph } from "../../graphs/shared/graph-definition.js";
import { AppError, ErrorCode, toAppError } from "../core/errors.js";
import { classifyFailure } from "../core/failure-class.js";
import type { GraphDeps } from "../core/graph-deps.js";
import type { RunKind, RunLedger } from "../core/ledgers/run-ledger.js";
import type { Logger } from "../core/logger.js";
import type { PgPool } from "../adapters/postgres/create-pg-pool.js";
import { reportError } from "../observability/report-error.js";
import { planRun } from "./plan-run.js";
import { tryLockThread } from "./thread-lock.js";

export type GraphCommand =
  | { type: "start"; graph: string; threadId: string; input: unknown; jobId?: string }
  | { type: "resume"; graph: string; threadId: string; interruptId: string; value: unknown; jobId?: string }
  /** Deliver something (a thread reply, an edit, a card click) to whatever the thread is waiting for, if anything. */
  | { type: "signal"; graph: string; threadId: string; value: unknown; jobId?: string };

export type RunOutcome =
  | { status: "succeeded" | "waiting"; runId: string; interrupts: { id: string; value: unknown }[] }
  | { status: "ignored"; reason: string };

export interface GraphRunnerOptions {
  pool: PgPool;
  checkpointer: BaseCheckpointSaver;
  graphs: readonly GraphDefinition<unknown>[];
  deps: GraphDeps;
  runs: RunLedger;
  logger: Logger;
  /** Step observer, for metrics. */
  onStep?: (graph: string, node: string, ms: number) => void;
}

/**
 * Runs or resumes a graph thread: under the thread's single-writer lock, with durability "sync" (each step
 * is checkpointed before the next starts), writing the run ledger as the run goes. A start for a thread
 * that has an unfinished checkpoint continues it (a crashed worker's run); a resume only reaches an
 * interrupt that is still pending.
 */
export class GraphRunner {
  private readonly compiled = new Map<string, RunnableGraph>();

  constructor(private readonly opts: GraphRunnerOptions) {
    for (const def of opts.graphs) this.compiled.set(def.name, def.build(opts.deps, opts.checkpointer));
  }

  graphNames(): string[] {
    return [...this.compiled.keys()];
  }

  async run(command: GraphCommand): Promise<RunOutcome> {
    const graph = this.compiled.get(command.graph);
    const def = this.opts.graphs.find((g) => g.name === command.graph);
    if (!graph || !def) throw new AppError(ErrorCode.UnknownGraph, `no graph named ${command.graph}`);
    const log = this.opts.logger.child({ graph: command.graph, threadId: command.threadId, jobId: command.jobId });
    const lock = await tryLockThread(this.opts.pool, command.threadId);
    try {
      // We hold the thread lock, so a run of this thread still marked running belongs to a worker that died — also
      // when this job finds nothing left to do (the dead worker had finished the graph but not its ledger row).
      const abandoned = await this.opts.runs.markAbandoned(command.threadId);
      if (abandoned) log.warn({ abandoned }, "took over a thread whose worker stopped mid-run");
      const config = { configurable: { thread_id: command.threadId } };
      const state = await graph.getState(config);
      const pending = state.tasks.flatMap((t) => t.interrupts.map((i) => ({ id: String(i.id ?? ""), value: i.value })));
      const hasCheckpoint = Object.keys((state.config.configurable as Record<string, unknown> | undefined) ?? {}).includes("checkpoint_id");
      const plan = planRun(command, { hasCheckpoint, next: state.next, pending });
      let kind: RunKind;
      let input: unknown;
      if (plan.action === "ignore") {
        log.info({ pending: pending.map((p) => p.id) }, plan.why);
        return { status: "ignored", reason: plan.reason };
      } else if (plan.action === "resume") {
        kind = "resume";
        input = new Command({ resume: { [plan.interruptId]: plan.value } });
      } else if (plan.action === "continue") {
        kind = "continue";
        input = null;
        log.warn({ next: state.next, why: plan.why }, "continuing an unfinished run");
      } else {
        // A finished thread started again by the same job (a redelivery after completion) does nothing.
        if (hasCheckpoint && command.jobId && (await this.alreadyRan(command.threadId, command.jobId))) {
          log.info({}, "start ignored: this job already completed a run");
          return { status: "ignored", reason: "already done" };
        }
        kind = "start";
        input = { request: this.parseInput(def, command) };
      }
      return await this.execute(graph, command, kind, input, config, log);
    } finally {
      await lock.release();
    }
  }

  private parseInput(def: GraphDefinition<unknown>, command: GraphCommand): unknown {
    const parsed = def.input.safeParse(command.type === "start" ? command.input : undefined);
    if (parsed.success) return parsed.data;
    const err = new AppError(ErrorCode.JobPayloadInvalid, `input for ${command.graph} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    reportError(err, { graph: command.graph, thread: command.threadId, ...(command.jobId ? { job: command.jobId } : {}), role: "worker" });
    throw err;
  }

  private async alreadyRan(threadId: string, jobId: string): Promise<boolean> {
    const runs = await this.opts.runs.runsForThread(threadId);
    return runs.some((r) => r.jobId === jobId && (r.status === "succeeded" || r.status === "waiting"));
  }

  private async execute(
    graph: RunnableGraph,
    command: GraphCommand,
    kind: RunKind,
    input: unknown,
    config: { configurable: { thread_id: string } },
    log: ReturnType<Logger["child"]>,
  ): Promise<RunOutcome> {
    const { runs } = this.opts;
    const runId = await runs.startRun({ graph: command.graph, threadId: command.threadId, kind, ...(command.jobId ? { jobId: command.jobId } : {}) });
    // A prompt version approved or rolled back in another process is in use from the next run on.
    await this.opts.deps.prompts.refresh();
    let last = performance.now();
    try {
      const stream = await graph.stream(input, {
        ...config,
        configurable: { ...config.configurable, run_id: runId, graph: command.graph },
        streamMode: "updates",
        durability: "sync",
      });
      for await (const chunk of stream) {
        const now = performance.now();
        for (const node of Object.keys(chunk)) {
          if (node === "__interrupt__") continue;
          await runs.recordStep(runId, { node, status: "succeeded", durationMs: Math.round(now - last), errorCode: null });
          this.opts.onStep?.(command.graph, node, now - last);
        }
        last = now;
      }
      const after = await graph.getState(config);
      const interrupts = after.tasks.flatMap((t) => t.interrupts.map((i) => ({ id: String(i.id ?? ""), value: i.value })));
      if (interrupts.length) {
        for (const t of after.tasks.filter((t) => t.interrupts.length)) {
          await runs.recordStep(runId, { node: t.name, status: "interrupted", durationMs: null, errorCode: null });
        }
        await runs.finishRun(runId, { status: "waiting" });
        log.info({ runId, interrupts: interrupts.map((i) => i.id) }, "run waiting for a person");
        return { status: "waiting", runId, interrupts };
      }
      await runs.finishRun(runId, { status: "succeeded" });
      log.info({ runId, kind }, "run finished");
      return { status: "succeeded", runId, interrupts: [] };
    } catch (e) {
      const err = toAppError(e);
      const failedNode = await graph
        .getState(config)
        .then((s) => s.tasks.find((t) => t.error)?.name ?? s.next[0] ?? "unknown")
        .catch(() => "unknown");
      const failureClass = classifyFailure(err);
      const detail = { message: err.message.slice(0, 500), failureClass, ...(Array.isArray(err.details.attempts) ? { attempts: err.details.attempts } : {}) };
      await runs.recordStep(runId, { node: failedNode, status: "failed", durationMs: Math.round(performance.now() - last), errorCode: err.code, detail }).catch(() => {});
      await runs.finishRun(runId, { status: "failed", errorCode: err.code, errorMessage: err.message, failureClass }).catch(() => {});
      log.warn({ runId, code: err.code, retryable: err.retryable, failureClass, node: failedNode, err: err.message }, "run failed");
      // Only a defect of ours is Sentry's business: outages are retried, and bad model output is the audit's.
      if (failureClass === "logic") {
        reportError(err, { graph: command.graph, node: failedNode, thread: command.threadId, ...(command.jobId ? { job: command.jobId } : {}), role: "worker" });
      }
      throw err;
    }
  }
}
