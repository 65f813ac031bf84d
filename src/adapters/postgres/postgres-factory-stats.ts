import type { FactoryStats, LedgerFigures, StatsWindow } from "../../core/ledgers/factory-stats.js";
import type { PgPool } from "./create-pg-pool.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const prOf = (threadId: string) => Number(/#(\d+)/.exec(threadId)?.[1] ?? NaN);

/**
 * The ledgers' side of recaps and dashboards, in a handful of aggregate queries. Every figure is bounded by the
 * window except what is true "now" (open escalations, an automation's latest run).
 */
export function createPostgresFactoryStats(pool: PgPool): FactoryStats {
  return {
    async figures(window: StatsWindow): Promise<LedgerFigures> {
      const w = [window.from, window.to];
      const [runs, calls, latest, handOffs, dimensions, reports, verified, escalations] = await Promise.all([
        pool.query<{ graph: string; runs: string; succeeded: string; failed: string }>(
          `SELECT graph, count(*) AS runs,
                  count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
                  count(*) FILTER (WHERE status = 'failed') AS failed
             FROM runs WHERE started_at >= $1 AND started_at < $2 GROUP BY graph`,
          w,
        ),
        pool.query<{ graph: string; prompt: string; completion: string; cost: string }>(
          `SELECT coalesce(graph, task) AS graph, sum(prompt_tokens) AS prompt,
                  sum(completion_tokens) AS completion, sum(cost_usd) AS cost
             FROM model_calls WHERE created_at >= $1 AND created_at < $2 GROUP BY 1`,
          w,
        ),
        pool.query<{ graph: string; started_at: Date; status: string; error_code: string | null }>(
          `SELECT DISTINCT ON (graph) graph, started_at, status, error_code FROM runs ORDER BY graph, started_at DESC`,
        ),
        // Three ways work reaches a person: a build that stopped, a review out of rounds, a stalled PR escalated (counted
        // once, under its first reason).
        pool.query<{ automation: string; reason: string; count: string }>(
          `SELECT 'build' AS automation, coalesce(detail->>'reason', 'stopped') AS reason, count(*) AS count
             FROM audit_log WHERE action = 'build.stopped' AND at >= $1 AND at < $2 GROUP BY 2
           UNION ALL
           SELECT 'review', 'blocking findings still open after the last round', count(*)
             FROM pr_reviews WHERE outcome = 'needs-human' AND created_at >= $1 AND created_at < $2 HAVING count(*) > 0
           UNION ALL
           SELECT 'shepherd', coalesce(reasons->>0, 'stalled'), count(*)
             FROM escalations WHERE created_at >= $1 AND created_at < $2 GROUP BY 2`,
          w,
        ),
        // A finding counts once per PR and dimension however many rounds repeated it; resolved when any later
        // review of the same PR listed its fingerprint as fixed.
        pool.query<{ dimension: string; findings: string; resolved: string }>(
          `WITH given AS (
             SELECT DISTINCT r.repository, r.pr_number, f->>'fingerprint' AS fp, d AS dimension
               FROM pr_reviews r, jsonb_array_elements(r.findings) AS f, jsonb_array_elements_text(f->'dimensions') AS d
              WHERE r.created_at >= $1 AND r.created_at < $2),
           fixed AS (
             SELECT DISTINCT r.repository, r.pr_number, fp FROM pr_reviews r, jsonb_array_elements_text(r.resolved) AS fp)
           SELECT dimension, count(*) AS findings, count(fixed.fp) AS resolved
             FROM given LEFT JOIN fixed USING (repository, pr_number, fp) GROUP BY dimension ORDER BY dimension`,
          w,
        ),
        // A Slack report's time is its thread's ts; a Sentry issue's is when Shopfloor first linked it. Reports older than a
        // month cannot have become an issue in this window in any way worth a lead time.
        pool.query<{ issue_number: number; reported_at: Date }>(
          `SELECT issue_number,
                  CASE WHEN slack_thread_ts ~ '^[0-9]+(\\.[0-9]+)?$' THEN to_timestamp(slack_thread_ts::double precision)
                       ELSE created_at END AS reported_at
             FROM links WHERE issue_number IS NOT NULL AND (slack_thread_ts IS NOT NULL OR sentry_issue_id IS NOT NULL)
              AND created_at < $2 AND created_at >= $1::timestamptz - interval '30 days'`,
          w,
        ),
        pool.query<{ thread_id: string; verified_at: Date }>(
          `SELECT r.thread_id, min(s.finished_at) AS verified_at
             FROM run_steps s JOIN runs r ON r.id = s.run_id
            WHERE r.graph = 'verify' AND s.node = 'report-success' AND s.status = 'succeeded'
              AND s.finished_at >= $1 AND s.finished_at < $2
            GROUP BY r.thread_id`,
          w,
        ),
        pool.query<{ open: string }>(`SELECT count(*) AS open FROM escalations WHERE status = 'open'`),
      ]);

      const graphs = new Set([...runs.rows.map((r) => r.graph), ...calls.rows.map((r) => r.graph), ...latest.rows.map((r) => r.graph)]);
      const automations = [...graphs].sort().map((graph) => {
        const r = runs.rows.find((x) => x.graph === graph);
        const c = calls.rows.find((x) => x.graph === graph);
        const l = latest.rows.find((x) => x.graph === graph);
        return {
          graph,
          runs: Number(r?.runs ?? 0),
          succeeded: Number(r?.succeeded ?? 0),
          failed: Number(r?.failed ?? 0),
          promptTokens: Number(c?.prompt ?? 0),
          completionTokens: Number(c?.completion ?? 0),
          costUsd: Number(c?.cost ?? 0),
          lastRunAt: iso(l?.started_at ?? null),
          lastStatus: l?.status ?? null,
          lastErrorCode: l?.error_code ?? null,
        };
      });

      return {
        window,
        automations,
        handOffs: handOffs.rows.map((h) => ({ automation: h.automation, reason: h.reason, count: Number(h.count) })),
        reviewDimensions: dimensions.rows.map((d) => ({ dimension: d.dimension, findings: Number(d.findings), resolved: Number(d.resolved) })),
        reports: reports.rows.map((r) => ({ issueNumber: r.issue_number, reportedAt: r.reported_at.toISOString() })),
        verifiedMerges: verified.rows
          .map((v) => ({ prNumber: prOf(v.thread_id), verifiedAt: v.verified_at.toISOString() }))
          .filter((v) => Number.isInteger(v.prNumber)),
        openEscalations: Number(escalations.rows[0]?.open ?? 0),
      };
    },
  };
}
