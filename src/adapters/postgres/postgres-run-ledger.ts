import type { FailureClass } from "../../core/failure-class.js";
import type { ModelCallRecord, ModelCallSummary, RunLedger, RunRecord, StepRecord } from "../../core/ledgers/run-ledger.js";
import type { PgPool } from "./create-pg-pool.js";

interface RunRow {
  id: string;
  graph: string;
  thread_id: string;
  job_id: string | null;
  kind: RunRecord["kind"];
  status: RunRecord["status"];
  error_code: string | null;
  error_message: string | null;
  failure_class: FailureClass | null;
  started_at: Date;
  finished_at: Date | null;
}

const toRun = (r: RunRow): RunRecord => ({
  id: r.id,
  graph: r.graph,
  threadId: r.thread_id,
  jobId: r.job_id,
  kind: r.kind,
  status: r.status,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  failureClass: r.failure_class,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
});

export function createPostgresRunLedger(pool: PgPool): RunLedger {
  return {
    async startRun(input) {
      const res = await pool.query<{ id: string }>(
        `INSERT INTO runs (graph, thread_id, job_id, kind, status) VALUES ($1, $2, $3, $4, 'running') RETURNING id`,
        [input.graph, input.threadId, input.jobId ?? null, input.kind],
      );
      return res.rows[0]!.id;
    },
    async recordStep(runId, step) {
      // One round trip: the step, and the run's heartbeat.
      await pool.query(
        `WITH step AS (INSERT INTO run_steps (run_id, node, status, duration_ms, error_code, detail) VALUES ($1, $2, $3, $4, $5, $6))
         UPDATE runs SET updated_at = now() WHERE id = $1`,
        [runId, step.node, step.status, step.durationMs, step.errorCode, JSON.stringify(step.detail ?? {})],
      );
    },
    async recordModelCall(call: ModelCallRecord) {
      await pool.query(
        `INSERT INTO model_calls (run_id, thread_id, graph, node, task, model, prompt_id, prompt_hash,
           prompt_tokens, completion_tokens, cost_usd, latency_ms, repairs, outcome, error_code, attempts)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
        [
          call.runId ?? null,
          call.threadId ?? null,
          call.graph ?? null,
          call.node ?? null,
          call.task,
          call.meta.model,
          call.meta.promptId,
          call.meta.promptHash,
          call.meta.usage.promptTokens,
          call.meta.usage.completionTokens,
          call.meta.usage.costUsd,
          Math.round(call.meta.latencyMs),
          call.meta.repairs,
          call.outcome,
          call.errorCode ?? null,
          JSON.stringify(call.meta.attempts ?? []),
        ],
      );
    },
    async markAbandoned(threadId) {
      const res = await pool.query(
        `UPDATE runs SET status = 'failed', error_code = 'WORKER_LOST', error_message = 'the worker running it stopped; continued elsewhere',
           failure_class = 'infrastructure',
           updated_at = now(), finished_at = now()
         WHERE thread_id = $1 AND status = 'running'`,
        [threadId],
      );
      return res.rowCount ?? 0;
    },
    async finishRun(runId, outcome) {
      await pool.query(
        `UPDATE runs SET status = $2, error_code = $3, error_message = $4, failure_class = $5, updated_at = now(),
           finished_at = CASE WHEN $2 = 'waiting' THEN NULL ELSE now() END
         WHERE id = $1`,
        [runId, outcome.status, outcome.errorCode ?? null, outcome.errorMessage?.slice(0, 2000) ?? null, outcome.failureClass ?? null],
      );
    },
    async runsForThread(threadId) {
      const res = await pool.query<RunRow>(`SELECT * FROM runs WHERE thread_id = $1 ORDER BY started_at`, [threadId]);
      return res.rows.map(toRun);
    },
    async runsForThreadPrefix(prefix, limit = 50) {
      // LIKE reads `%`, `_` and `\` in the prefix as patterns; escaped, they match only themselves.
      const pattern = prefix.replace(/[\\%_]/g, "\\$&");
      const res = await pool.query<RunRow>(`SELECT * FROM runs WHERE thread_id LIKE $1 || '%' ORDER BY started_at DESC LIMIT $2`, [pattern, limit]);
      return res.rows.map(toRun);
    },
    async stepsForRun(runId): Promise<StepRecord[]> {
      const res = await pool.query<{ node: string; status: StepRecord["status"]; duration_ms: number | null; error_code: string | null; message: string | null }>(
        `SELECT node, status, duration_ms, error_code, detail->>'message' AS message FROM run_steps WHERE run_id = $1 ORDER BY id`,
        [runId],
      );
      return res.rows.map((r) => ({ node: r.node, status: r.status, durationMs: r.duration_ms, errorCode: r.error_code, message: r.message }));
    },
    async modelCallsForRun(runId): Promise<ModelCallSummary[]> {
      const res = await pool.query<{ task: string; model: string; outcome: ModelCallSummary["outcome"]; error_code: string | null; attempts: ModelCallSummary["attempts"] }>(
        `SELECT task, model, outcome, error_code, attempts FROM model_calls WHERE run_id = $1 ORDER BY id`,
        [runId],
      );
      return res.rows.map((r) => ({ task: r.task, model: r.model, outcome: r.outcome, errorCode: r.error_code, attempts: r.attempts }));
    },
    async inFlight() {
      // A thread's latest run tells whether it is running or waiting; older superseded rows do not count.
      const res = await pool.query<RunRow>(
        `SELECT DISTINCT ON (thread_id) * FROM runs
          WHERE started_at > now() - interval '30 days'
          ORDER BY thread_id, started_at DESC`,
      );
      return res.rows.filter((r) => r.status === "running" || r.status === "waiting").map(toRun);
    },
  };
}
