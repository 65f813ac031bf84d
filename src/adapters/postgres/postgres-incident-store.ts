import type { IncidentRecord, IncidentStore } from "../../core/ledgers/incidents.js";
import type { PgPool } from "./create-pg-pool.js";

interface Row {
  sentry_issue_id: string;
  short_id: string;
  title: string;
  level: string;
  decision: IncidentRecord["decision"];
  severity: string | null;
  reason: string;
  event_count: number;
  user_count: number;
  first_seen: Date | null;
  last_seen: Date | null;
  spikes: number;
}

export function createPostgresIncidentStore(pool: PgPool): IncidentStore {
  return {
    async get(id) {
      const res = await pool.query<Row>(`SELECT * FROM incidents WHERE sentry_issue_id = $1`, [id]);
      const r = res.rows[0];
      if (!r) return null;
      return {
        sentryIssueId: r.sentry_issue_id,
        shortId: r.short_id,
        title: r.title,
        level: r.level,
        decision: r.decision,
        severity: r.severity,
        reason: r.reason,
        eventCount: r.event_count,
        userCount: r.user_count,
        firstSeen: r.first_seen?.toISOString() ?? null,
        lastSeen: r.last_seen?.toISOString() ?? null,
        spikes: r.spikes,
      };
    },
    async save(i) {
      await pool.query(
        `INSERT INTO incidents (sentry_issue_id, short_id, title, level, decision, severity, reason, event_count, user_count, first_seen, last_seen, spikes)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
         ON CONFLICT (sentry_issue_id) DO UPDATE SET short_id = $2, title = $3, level = $4, decision = $5, severity = $6, reason = $7,
           event_count = $8, user_count = $9, first_seen = $10, last_seen = $11, spikes = $12, updated_at = now()`,
        [i.sentryIssueId, i.shortId, i.title, i.level, i.decision, i.severity, i.reason, i.eventCount, i.userCount, i.firstSeen, i.lastSeen, i.spikes],
      );
    },
  };
}
