import type { AuditEntry, AuditLog } from "../../core/ledgers/audit-log.js";
import type { PgPool } from "./create-pg-pool.js";

interface Row {
  at: Date;
  actor: string;
  actor_github: string | null;
  action: string;
  subject: string;
  outcome: AuditEntry["outcome"];
  detail: Record<string, unknown>;
}

const toEntry = (r: Row) => ({ at: r.at.toISOString(), actor: r.actor, actorGithub: r.actor_github, action: r.action, subject: r.subject, outcome: r.outcome, detail: r.detail });

export function createPostgresAuditLog(pool: PgPool): AuditLog {
  return {
    async append(entry) {
      await pool.query(
        `INSERT INTO audit_log (actor, actor_github, action, subject, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
        [entry.actor, entry.actorGithub ?? null, entry.action, entry.subject, entry.outcome, JSON.stringify(entry.detail ?? {})],
      );
    },
    async forSubject(subject) {
      const res = await pool.query<Row>(`SELECT * FROM audit_log WHERE subject = $1 ORDER BY id`, [subject]);
      return res.rows.map(toEntry);
    },
    async recent(limit) {
      const res = await pool.query<Row>(`SELECT * FROM audit_log ORDER BY id DESC LIMIT $1`, [limit]);
      return res.rows.map(toEntry);
    },
  };
}
