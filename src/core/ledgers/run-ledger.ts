import type { FailureClass } from "../failure-class.js";
import type { ModelAttempt, ModelCallMeta } from "../ports/model-port.js";

export type RunKind = "start" | "resume" | "continue";
export type RunStatus = "running" | "waiting" | "succeeded" | "failed" | "cancelled";

export interface RunRecord {
  id: string;
  graph: string;
  threadId: string;
  jobId: string | null;
  kind: RunKind;
  status: RunStatus;
  errorCode: string | null;
  errorMessage: string | null;
  /** Why a failed run failed (see core/failure-class.ts); null otherwise. */
  failureClass: FailureClass | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface StepRecord {
  node: string;
  status: "succeeded" | "failed" | "interrupted";
  durationMs: number | null;
  errorCode: string | null;
  /** The error message of a failed step (read back from the ledger). */
  message?: string | null;
}

/** A model call as the run's timeline shows it. */
export interface ModelCallSummary {
  task: string;
  model: string;
  outcome: ModelCallRecord["outcome"];
  errorCode: string | null;
  attempts: ModelAttempt[];
}

export interface ModelCallRecord {
  runId?: string | null;
  threadId?: string | null;
  graph?: string | null;
  node?: string | null;
  task: string;
  outcome: "ok" | "invalid" | "timeout" | "error";
  errorCode?: string | null;
  meta: Omit<ModelCallMeta, "usage"> & { usage: ModelCallMeta["usage"] };
}

/** The run ledger: what ran, step by step, with model usage and outcome. Written as the run goes. */
export interface RunLedger {
  startRun(input: { graph: string; threadId: string; jobId?: string; kind: RunKind }): Promise<string>;
  recordStep(runId: string, step: StepRecord & { detail?: Record<string, unknown> }): Promise<void>;
  recordModelCall(call: ModelCallRecord): Promise<void>;
  /** Runs of a thread still marked running when another worker takes the thread over: their worker died. */
  markAbandoned(threadId: string): Promise<number>;
  finishRun(
    runId: string,
    outcome: { status: Exclude<RunStatus, "running">; errorCode?: string; errorMessage?: string; failureClass?: FailureClass },
  ): Promise<void>;
  runsForThread(threadId: string): Promise<RunRecord[]>;
  /** Runs of every thread whose id starts with `prefix` (e.g. all threads of one PR), newest first. */
  runsForThreadPrefix(prefix: string, limit?: number): Promise<RunRecord[]>;
  stepsForRun(runId: string): Promise<StepRecord[]>;
  modelCallsForRun(runId: string): Promise<ModelCallSummary[]>;
  inFlight(): Promise<RunRecord[]>;
}
