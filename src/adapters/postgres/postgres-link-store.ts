import type { LinkKey, LinkStore, WorkLink } from "../../core/ledgers/links.js";
import type { PgPool } from "./create-pg-pool.js";

interface Row {
  id: string;
  slack_channel: string | null;
  slack_thread_ts: string | null;
  issue_number: number | null;
  pr_number: number | null;
  sentry_issue_id: string | null;
  graph_threads: string[];
}

const toLink = (r: Row): WorkLink => ({
  slackChannel: r.slack_channel,
  slackThreadTs: r.slack_thread_ts,
  issueNumber: r.issue_number,
  prNumber: r.pr_number,
  sentryIssueId: r.sentry_issue_id,
  graphThreads: r.graph_threads,
});

function where(key: LinkKey): { sql: string; params: unknown[] } {
  if ("slackThreadTs" in key) return { sql: "slack_channel = $1 AND slack_thread_ts = $2", params: [key.slackChannel, key.slackThreadTs] };
  if ("issueNumber" in key) return { sql: "issue_number = $1", params: [key.issueNumber] };
  if ("prNumber" in key) return { sql: "pr_number = $1", params: [key.prNumber] };
  if ("sentryIssueId" in key) return { sql: "sentry_issue_id = $1", params: [key.sentryIssueId] };
  // `@>` and not `$1 = ANY(...)`: only the containment form can use the GIN index; the other reads every link.
  return { sql: "graph_threads @> ARRAY[$1::text]", params: [key.graphThread] };
}

/** Work-item links. Callers hold the thread lock of the graph that records them, so rows are not raced. */
export function createPostgresLinkStore(pool: PgPool): LinkStore {
  async function find(key: LinkKey): Promise<WorkLink | null> {
    const w = where(key);
    const res = await pool.query<Row>(`SELECT * FROM links WHERE ${w.sql} LIMIT 1`, w.params);
    return res.rows[0] ? toLink(res.rows[0]) : null;
  }
  return {
    find,
    async record(key, facts) {
      const w = where(key);
      const existing = await pool.query<Row>(`SELECT * FROM links WHERE ${w.sql} LIMIT 1`, w.params);
      const seed: Partial<Row> =
        "slackThreadTs" in key
          ? { slack_channel: key.slackChannel, slack_thread_ts: key.slackThreadTs }
          : "issueNumber" in key
            ? { issue_number: key.issueNumber }
            : "prNumber" in key
              ? { pr_number: key.prNumber }
              : "sentryIssueId" in key
                ? { sentry_issue_id: key.sentryIssueId }
                : {};
      const threads = [...new Set([...(existing.rows[0]?.graph_threads ?? []), ...("graphThread" in key ? [key.graphThread] : []), ...(facts.graphThread ? [facts.graphThread] : [])])];
      const values = [
        facts.slackChannel ?? seed.slack_channel ?? null,
        facts.slackThreadTs ?? seed.slack_thread_ts ?? null,
        facts.issueNumber ?? seed.issue_number ?? null,
        facts.prNumber ?? seed.pr_number ?? null,
        facts.sentryIssueId ?? seed.sentry_issue_id ?? null,
        threads,
      ];
      const res = existing.rows[0]
        ? await pool.query<Row>(
            `UPDATE links SET slack_channel = COALESCE($1, slack_channel), slack_thread_ts = COALESCE($2, slack_thread_ts),
               issue_number = COALESCE($3, issue_number), pr_number = COALESCE($4, pr_number),
               sentry_issue_id = COALESCE($5, sentry_issue_id), graph_threads = $6, updated_at = now()
             WHERE id = $7 RETURNING *`,
            [...values, existing.rows[0].id],
          )
        : await pool.query<Row>(
            `INSERT INTO links (slack_channel, slack_thread_ts, issue_number, pr_number, sentry_issue_id, graph_threads)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
            values,
          );
      return toLink(res.rows[0]!);
    },
  };
}
