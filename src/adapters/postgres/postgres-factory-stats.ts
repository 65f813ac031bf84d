import type { FactoryStats, LedgerFigures, StatsWindow } from "../../core/ledgers/factory-stats.js";
import type { PgPool } from "./create-pg-pool.js";
import { queryDimensionFindings, queryHandOffs, queryModelUsage } from "./ledger-queries.js";

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
        queryModelUsage(pool, window.from, window.to),
        pool.query<{ graph: string; started_at: Date; status: string; error_code: string | null }>(
          `SELECT DISTINCT ON (graph) graph, started_at, status, error_code FROM runs ORDER BY graph, started_at DESC`,
        ),
        queryHandOffs(pool, window.from, window.to),
        queryDimensionFindings(pool, window.from, window.to),
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

      const graphs = new Set([...runs.rows.map((r) => r.graph), ...calls.map((c) => c.automation), ...latest.rows.map((r) => r.graph)]);
      const automations = [...graphs].sort().map((graph) => {
        const r = runs.rows.find((x) => x.graph === graph);
        const c = calls.find((x) => x.automation === graph);
        const l = latest.rows.find((x) => x.graph === graph);
        return {
          graph,
          runs: Number(r?.runs ?? 0),
          succeeded: Number(r?.succeeded ?? 0),
          failed: Number(r?.failed ?? 0),
          promptTokens: c?.promptTokens ?? 0,
          completionTokens: c?.completionTokens ?? 0,
          costUsd: c?.costUsd ?? 0,
          lastRunAt: iso(l?.started_at ?? null),
          lastStatus: l?.status ?? null,
          lastErrorCode: l?.error_code ?? null,
        };
      });

      return {
        window,
        automations,
        handOffs,
        reviewDimensions: dimensions.map((d) => ({ dimension: d.dimension, findings: d.findings, resolved: d.fixed })),
        reports: reports.rows.map((r) => ({ issueNumber: r.issue_number, reportedAt: r.reported_at.toISOString() })),
        verifiedMerges: verified.rows
          .map((v) => ({ prNumber: prOf(v.thread_id), verifiedAt: v.verified_at.toISOString() }))
          .filter((v) => Number.isInteger(v.prNumber)),
        openEscalations: Number(escalations.rows[0]?.open ?? 0),
      };
    },
  };
}
