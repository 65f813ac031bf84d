import type {
  AuditFigures,
  AuditStats,
  AuditWindow,
  AutomationRuns,
  DimensionNoise,
  DuplicateWork,
  FailureHotSpot,
  PromptHealth,
  RepairStat,
  SlowStep,
} from "../../core/ledgers/audit-stats.js";
import type { AuditMetric, MetricValue } from "../../core/ledgers/proposals.js";
import { ErrorCode } from "../../core/errors.js";
import type { FailureClass } from "../../core/failure-class.js";
import { oneLine, shorten } from "../../core/text.js";
import type { PgPool } from "./create-pg-pool.js";
import { queryDimensionFindings, queryHandOffs, queryModelUsage } from "./ledger-queries.js";

const HOT_SPOTS = 20;
const SLOW_STEPS = 10;
/** Fewer steps than this say nothing about a node's speed. */
const SLOW_STEP_MIN_COUNT = 3;
const DUPLICATES = 20;
const EXAMPLE_CHARS = 200;

const rate = (hits: number, n: number): MetricValue => ({ value: n > 0 ? hits / n : 0, n });

/**
 * The audit's figures over the run ledger, the effects ledger, the review store, escalations, links and the audit
 * log. Every figure is bounded by the half-open window [start, end) except where a later event decides what an
 * earlier one was (a finding fixed or dismissed by a later review).
 *
 * - automations: runs that finished (finished_at) in the window, per graph; failed / finished.
 * - hotSpots: failed steps in the window by graph, node, error code and the run's failure class.
 * - dimensions: see ledger-queries.ts queryDimensionFindings for fixed and dismissed; `reviews` counts reviews in
 *   the window whose coverage lists the dimension with status `done` (skipped or failed dimensions did not look).
 * - slowSteps: succeeded steps with a duration, p50/p95 by percentile_cont rounded to whole milliseconds.
 * - duplicates: the same PR head reviewed by more than one review run; more than one issue created for one work item
 *   (create-issue effects whose threads share a link); issues with the same title created by threads of different
 *   work items. Only applied effects count: a planned or failed one made nothing twice.
 * - repairs: every attempt after the first, per task and strategy; worked = the attempt's outcome was ok.
 * - prompts: repaired = the call needed a repair (repairs > 0) or an attempt after the first came back ok.
 */
export function createPostgresAuditStats(pool: PgPool): AuditStats {
  async function automations(w: AuditWindow): Promise<AutomationRuns[]> {
    const res = await pool.query<{ graph: string; runs: string; failed: string }>(
      `SELECT graph, count(*) AS runs, count(*) FILTER (WHERE status = 'failed') AS failed
         FROM runs WHERE finished_at >= $1 AND finished_at < $2 GROUP BY graph ORDER BY graph`,
      [w.start, w.end],
    );
    return res.rows.map((r) => {
      const runs = Number(r.runs);
      const failed = Number(r.failed);
      return { automation: r.graph, runs, failed, failureRate: rate(failed, runs).value };
    });
  }

  async function hotSpots(w: AuditWindow): Promise<FailureHotSpot[]> {
    const res = await pool.query<{
      graph: string;
      node: string;
      error_code: string;
      failure_class: FailureClass | null;
      count: string;
      threads: string;
      last_at: Date;
      example: string | null;
    }>(
      `SELECT r.graph, s.node, coalesce(s.error_code, $3) AS error_code, r.failure_class,
              count(*) AS count, count(DISTINCT r.thread_id) AS threads, max(s.finished_at) AS last_at,
              (array_agg(s.detail->>'message' ORDER BY s.finished_at DESC, s.id DESC) FILTER (WHERE s.detail->>'message' IS NOT NULL))[1] AS example
         FROM run_steps s JOIN runs r ON r.id = s.run_id
        WHERE s.status = 'failed' AND s.finished_at >= $1 AND s.finished_at < $2
        GROUP BY r.graph, s.node, 3, r.failure_class
        ORDER BY count DESC, last_at DESC, r.graph, s.node
        LIMIT ${HOT_SPOTS}`,
      [w.start, w.end, ErrorCode.Internal],
    );
    return res.rows.map((h) => ({
      automation: h.graph,
      node: h.node,
      errorCode: h.error_code,
      failureClass: h.failure_class,
      count: Number(h.count),
      threads: Number(h.threads),
      lastAt: h.last_at.toISOString(),
      example: h.example === null ? null : shorten(oneLine(h.example), EXAMPLE_CHARS),
    }));
  }

  async function dimensions(w: AuditWindow): Promise<DimensionNoise[]> {
    const [ran, found] = await Promise.all([
      pool.query<{ dimension: string; reviews: string }>(
        `SELECT d->>'dimension' AS dimension, count(DISTINCT r.id) AS reviews
           FROM pr_reviews r,
                jsonb_array_elements(CASE WHEN jsonb_typeof(r.coverage->'dimensions') = 'array' THEN r.coverage->'dimensions' ELSE '[]'::jsonb END) AS d
          WHERE r.created_at >= $1 AND r.created_at < $2 AND d->>'status' = 'done' AND d->>'dimension' IS NOT NULL
          GROUP BY 1`,
        [w.start, w.end],
      ),
      queryDimensionFindings(pool, w.start, w.end),
    ]);
    const names = [...new Set([...ran.rows.map((r) => r.dimension), ...found.map((f) => f.dimension)])].sort();
    return names.map((dimension) => {
      const f = found.find((x) => x.dimension === dimension);
      return {
        dimension,
        reviews: Number(ran.rows.find((r) => r.dimension === dimension)?.reviews ?? 0),
        findings: f?.findings ?? 0,
        fixed: f?.fixed ?? 0,
        dismissed: f?.dismissed ?? 0,
        nits: f?.nits ?? 0,
      };
    });
  }

  async function slowSteps(w: AuditWindow): Promise<SlowStep[]> {
    const res = await pool.query<{ graph: string; node: string; count: string; p50: number; p95: number }>(
      `SELECT r.graph, s.node, count(*) AS count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY s.duration_ms) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY s.duration_ms) AS p95
         FROM run_steps s JOIN runs r ON r.id = s.run_id
        WHERE s.status = 'succeeded' AND s.duration_ms IS NOT NULL AND s.finished_at >= $1 AND s.finished_at < $2
        GROUP BY r.graph, s.node HAVING count(*) >= ${SLOW_STEP_MIN_COUNT}
        ORDER BY p95 DESC, r.graph, s.node
        LIMIT ${SLOW_STEPS}`,
      [w.start, w.end],
    );
    return res.rows.map((s) => ({ automation: s.graph, node: s.node, count: Number(s.count), p50Ms: Math.round(s.p50), p95Ms: Math.round(s.p95) }));
  }

  async function duplicates(w: AuditWindow): Promise<DuplicateWork[]> {
    const [reviews, issues] = await Promise.all([
      pool.query<{ pr_number: number; head_sha: string; runs: string }>(
        `SELECT pr_number, head_sha, count(DISTINCT run_key) AS runs
           FROM pr_reviews WHERE created_at >= $1 AND created_at < $2
          GROUP BY repository, pr_number, head_sha HAVING count(DISTINCT run_key) > 1
          ORDER BY runs DESC, pr_number, head_sha`,
        [w.start, w.end],
      ),
      // Few issues are filed in a week: the grouping is done below, where the two rules share the rows.
      pool.query<{
        thread_id: string;
        title: string | null;
        number: string | null;
        link_id: string | null;
        slack_channel: string | null;
        slack_thread_ts: string | null;
        sentry_issue_id: string | null;
        graphs: string[] | null;
      }>(
        `SELECT e.thread_id, e.input->>'title' AS title, e.result->>'number' AS number,
                l.id AS link_id, l.slack_channel, l.slack_thread_ts, l.sentry_issue_id,
                (SELECT array_agg(DISTINCT r.graph ORDER BY r.graph) FROM runs r WHERE r.thread_id = e.thread_id) AS graphs
           FROM effects e
           LEFT JOIN LATERAL (SELECT * FROM links WHERE graph_threads @> ARRAY[e.thread_id] ORDER BY id LIMIT 1) l ON true
          WHERE e.kind = 'github.create-issue' AND e.status = 'applied' AND e.created_at >= $1 AND e.created_at < $2
          ORDER BY e.created_at, e.key`,
        [w.start, w.end],
      ),
    ]);

    const found: DuplicateWork[] = reviews.rows.map((r) => ({
      subject: `review of #${r.pr_number} at ${r.head_sha.slice(0, 7)}`,
      automations: ["review"],
      runs: Number(r.runs),
    }));

    type Made = (typeof issues.rows)[number];
    const issued = (rows: Made[]) => rows.filter((r) => r.number !== null).map((r) => `#${r.number}`).join(", ");
    const work = (rows: Made[]) => ({ automations: [...new Set(rows.flatMap((r) => r.graphs ?? []))].sort(), runs: rows.length });
    const group = (key: (r: Made) => string | null) => {
      const groups = new Map<string, Made[]>();
      for (const r of issues.rows) {
        const k = key(r);
        if (k !== null) groups.set(k, [...(groups.get(k) ?? []), r]);
      }
      return [...groups.values()];
    };

    for (const rows of group((r) => r.link_id)) {
      if (rows.length < 2) continue;
      const l = rows[0]!;
      const item = l.slack_thread_ts
        ? `Slack thread ${l.slack_channel ?? "?"}/${l.slack_thread_ts}`
        : l.sentry_issue_id
          ? `Sentry issue ${l.sentry_issue_id}`
          : `work item ${l.link_id}`;
      found.push({ subject: `issue for ${item} created as ${issued(rows)}`, ...work(rows) });
    }
    // Two work items (or threads linked to none) that produced one title: the same report filed twice. Issues of a
    // single work item are the rule above's.
    for (const rows of group((r) => (r.title ? oneLine(r.title).toLowerCase() : null))) {
      if (new Set(rows.map((r) => r.link_id ?? `thread:${r.thread_id}`)).size < 2) continue;
      found.push({ subject: `issue “${shorten(oneLine(rows[0]!.title!), 80)}” created as ${issued(rows)}`, ...work(rows) });
    }
    return found.sort((a, b) => b.runs - a.runs).slice(0, DUPLICATES);
  }

  async function repairs(w: AuditWindow): Promise<RepairStat[]> {
    const res = await pool.query<{ task: string; strategy: RepairStat["strategy"]; tried: string; worked: string }>(
      `SELECT c.task, a->>'strategy' AS strategy, count(*) AS tried, count(*) FILTER (WHERE a->>'outcome' = 'ok') AS worked
         FROM model_calls c,
              jsonb_array_elements(CASE WHEN jsonb_typeof(c.attempts) = 'array' THEN c.attempts ELSE '[]'::jsonb END) AS a
        WHERE c.created_at >= $1 AND c.created_at < $2 AND a->>'strategy' IN ('feedback', 'fallback-model', 'smaller-context')
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [w.start, w.end],
    );
    return res.rows.map((r) => ({ task: r.task, strategy: r.strategy, tried: Number(r.tried), worked: Number(r.worked) }));
  }

  async function prompts(w: AuditWindow): Promise<PromptHealth[]> {
    const res = await pool.query<{ prompt_id: string; prompt_hash: string; calls: string; invalid: string; repaired: string }>(
      `SELECT prompt_id, prompt_hash, count(*) AS calls,
              count(*) FILTER (WHERE outcome = 'invalid') AS invalid,
              count(*) FILTER (WHERE repairs > 0 OR EXISTS (
                SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(attempts) = 'array' THEN attempts ELSE '[]'::jsonb END) AS a
                 WHERE a->>'strategy' <> 'first' AND a->>'outcome' = 'ok')) AS repaired
         FROM model_calls WHERE created_at >= $1 AND created_at < $2
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [w.start, w.end],
    );
    return res.rows.map((p) => ({
      promptId: p.prompt_id,
      promptHash: p.prompt_hash,
      calls: Number(p.calls),
      invalid: Number(p.invalid),
      repaired: Number(p.repaired),
    }));
  }

  /** Runs of `automation` that finished in the window, and how many of them `hit` says count. */
  async function finishedRuns(w: AuditWindow, automation: string, hit: string, params: unknown[] = []): Promise<{ n: number; hits: number }> {
    const res = await pool.query<{ n: string; hits: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${hit}) AS hits
         FROM runs r WHERE r.graph = $3 AND r.finished_at >= $1 AND r.finished_at < $2`,
      [w.start, w.end, automation, ...params],
    );
    return { n: Number(res.rows[0]?.n ?? 0), hits: Number(res.rows[0]?.hits ?? 0) };
  }

  return {
    async figures(window) {
      const [runs, spots, handOffs, dims, usage, slow, dups, reps, health] = await Promise.all([
        automations(window),
        hotSpots(window),
        queryHandOffs(pool, window.start, window.end),
        dimensions(window),
        queryModelUsage(pool, window.start, window.end),
        slowSteps(window),
        duplicates(window),
        repairs(window),
        prompts(window),
      ]);
      const figures: AuditFigures = {
        window,
        automations: runs,
        hotSpots: spots,
        handOffs,
        dimensions: dims,
        cost: usage
          .map((u) => ({ automation: u.automation, calls: u.calls, tokens: u.promptTokens + u.completionTokens, costUsd: u.costUsd }))
          .sort((a, b) => b.costUsd - a.costUsd || a.automation.localeCompare(b.automation)),
        slowSteps: slow,
        duplicates: dups,
        repairs: reps,
        prompts: health,
      };
      return figures;
    },

    async metric(metric: AuditMetric, window): Promise<MetricValue> {
      switch (metric.name) {
        case "failure-rate": {
          // With a node: runs that failed at it (a failed step ends its run, so at most one per run and the rate
          // stays within 0..1). With a class: only failures the run ledger classed so.
          const cls = metric.failureClass ?? null;
          const { n, hits } = metric.node
            ? await finishedRuns(
                window,
                metric.automation,
                `($4::text IS NULL OR r.failure_class = $4) AND EXISTS (SELECT 1 FROM run_steps s WHERE s.run_id = r.id AND s.node = $5 AND s.status = 'failed')`,
                [cls, metric.node],
              )
            : await finishedRuns(window, metric.automation, `r.status = 'failed' AND ($4::text IS NULL OR r.failure_class = $4)`, [cls]);
          return rate(hits, n);
        }
        case "dismissal-rate": {
          const d = (await queryDimensionFindings(pool, window.start, window.end)).find((x) => x.dimension === metric.dimension);
          return rate(d?.dismissed ?? 0, d?.findings ?? 0);
        }
        case "invalid-output-rate": {
          const res = await pool.query<{ n: string; invalid: string }>(
            `SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'invalid') AS invalid
               FROM model_calls WHERE prompt_id = $3 AND created_at >= $1 AND created_at < $2`,
            [window.start, window.end, metric.promptId],
          );
          return rate(Number(res.rows[0]?.invalid ?? 0), Number(res.rows[0]?.n ?? 0));
        }
        case "hand-off-rate": {
          const [handOffs, { n }] = await Promise.all([queryHandOffs(pool, window.start, window.end), finishedRuns(window, metric.automation, "false")]);
          const h = handOffs.find((x) => x.automation === metric.automation && x.reason === metric.reason);
          return rate(h?.count ?? 0, n);
        }
      }
    },
  };
}
