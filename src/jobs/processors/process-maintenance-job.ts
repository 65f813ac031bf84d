import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type { Job } from "bullmq";
import type { PgPool } from "../../adapters/postgres/create-pg-pool.js";
import type { Logger } from "../../core/logger.js";

export const PRUNE_CHECKPOINTS = "prune-checkpoints";
const RETENTION_DAYS = 30;

/**
 * Housekeeping. LangGraph checkpoints have no TTL and grow with every step (library-notes §1.9): threads
 * whose last run finished more than 30 days ago lose their checkpoints. The run, effects and audit
 * ledgers stay; threads waiting for a person are never pruned.
 */
export function createMaintenanceProcessor(deps: { pool: PgPool; logger: Logger }) {
  const saver = new PostgresSaver(deps.pool);
  return async (job: Job): Promise<{ pruned: number }> => {
    if (job.name !== PRUNE_CHECKPOINTS) return { pruned: 0 };
    const res = await deps.pool.query<{ thread_id: string }>(
      `SELECT thread_id FROM runs GROUP BY thread_id
        HAVING bool_and(status IN ('succeeded', 'failed', 'cancelled'))
           AND max(finished_at) < now() - make_interval(days => $1)
        LIMIT 1000`,
      [RETENTION_DAYS],
    );
    for (const row of res.rows) await saver.deleteThread(row.thread_id);
    deps.logger.info({ pruned: res.rowCount }, "pruned checkpoints of old threads");
    return { pruned: res.rowCount ?? 0 };
  };
}
