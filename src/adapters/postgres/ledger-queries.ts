import type { HandOff } from "../../core/ledgers/factory-stats.js";
import type { PgPool } from "./create-pg-pool.js";

/**
 * Ledger queries that recaps (postgres-factory-stats.ts) and the audit (postgres-audit-stats.ts) both report, kept in
 * one place so a recap and an audit of the same week never disagree. Windows are half-open [start, end).
 */

/**
 * Three ways work reaches a person: a build that stopped, a review out of rounds, a stalled PR escalated (counted
 * once, under its first reason). The automation is the graph that handed the work over.
 */
export async function queryHandOffs(pool: PgPool, start: string, end: string): Promise<HandOff[]> {
  const res = await pool.query<{ automation: string; reason: string; count: string }>(
    `SELECT 'build' AS automation, coalesce(detail->>'reason', 'stopped') AS reason, count(*) AS count
       FROM audit_log WHERE action = 'build.stopped' AND at >= $1 AND at < $2 GROUP BY 2
     UNION ALL
     SELECT 'review', 'blocking findings still open after the last round', count(*)
       FROM pr_reviews WHERE outcome = 'needs-human' AND created_at >= $1 AND created_at < $2 HAVING count(*) > 0
     UNION ALL
     SELECT 'shepherd', coalesce(reasons->>0, 'stalled'), count(*)
       FROM escalations WHERE created_at >= $1 AND created_at < $2 GROUP BY 2
     ORDER BY automation, count DESC, reason`,
    [start, end],
  );
  return res.rows.map((h) => ({ automation: h.automation, reason: h.reason, count: Number(h.count) }));
}

export interface DimensionFindings {
  dimension: string;
  findings: number;
  /** Listed as resolved by a review of the same PR. */
  fixed: number;
  /** Never fixed, and a later review of the same PR came out clean or approved. */
  dismissed: number;
  /** Findings of severity nit (the part `review.maxNits` limits). */
  nits: number;
}

/**
 * Review findings given in the window per dimension. A finding counts once per PR and dimension however many rounds
 * repeated it. Fixed: any review of the same PR listed its fingerprint as resolved. Dismissed: not fixed, and a review
 * of the same PR after the first one that gave it (higher id: a PR's reviews take turns on its thread lock) had
 * outcome clean or approved, i.e. the PR moved on with the finding left standing. Later reviews count whenever they
 * happened, so a past window's figures settle as its PRs do. Only dimensions with findings are listed.
 */
export async function queryDimensionFindings(pool: PgPool, start: string, end: string): Promise<DimensionFindings[]> {
  const res = await pool.query<{ dimension: string; findings: string; fixed: string; dismissed: string; nits: string }>(
    `WITH given AS (
       SELECT r.repository, r.pr_number, f->>'fingerprint' AS fp, d AS dimension, min(r.id) AS first_id,
              bool_or(f->>'severity' = 'nit') AS nit
         FROM pr_reviews r, jsonb_array_elements(r.findings) AS f, jsonb_array_elements_text(f->'dimensions') AS d
        WHERE r.created_at >= $1 AND r.created_at < $2
        GROUP BY 1, 2, 3, 4),
     fixed AS (
       SELECT DISTINCT r.repository, r.pr_number, fp
         FROM pr_reviews r, jsonb_array_elements_text(r.resolved) AS fp
        WHERE (r.repository, r.pr_number) IN (SELECT repository, pr_number FROM given))
     SELECT dimension, count(*) AS findings, count(fixed.fp) AS fixed, count(*) FILTER (WHERE nit) AS nits,
            count(*) FILTER (WHERE fixed.fp IS NULL AND EXISTS (
              SELECT 1 FROM pr_reviews later
               WHERE later.repository = given.repository AND later.pr_number = given.pr_number
                 AND later.id > given.first_id AND later.outcome IN ('clean', 'approved'))) AS dismissed
       FROM given LEFT JOIN fixed USING (repository, pr_number, fp)
      GROUP BY dimension ORDER BY dimension`,
    [start, end],
  );
  return res.rows.map((d) => ({
    dimension: d.dimension,
    findings: Number(d.findings),
    fixed: Number(d.fixed),
    dismissed: Number(d.dismissed),
    nits: Number(d.nits),
  }));
}

export interface ModelUsage {
  /** The graph that made the calls; the task for calls made outside a graph run. */
  automation: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** Model calls made in the window per automation. */
export async function queryModelUsage(pool: PgPool, start: string, end: string): Promise<ModelUsage[]> {
  const res = await pool.query<{ automation: string; calls: string; prompt: string; completion: string; cost: string }>(
    `SELECT coalesce(graph, task) AS automation, count(*) AS calls, sum(prompt_tokens) AS prompt,
            sum(completion_tokens) AS completion, sum(cost_usd) AS cost
       FROM model_calls WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1`,
    [start, end],
  );
  return res.rows.map((c) => ({
    automation: c.automation,
    calls: Number(c.calls),
    promptTokens: Number(c.prompt),
    completionTokens: Number(c.completion),
    costUsd: Number(c.cost),
  }));
}
