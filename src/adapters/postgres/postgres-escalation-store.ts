import type { Escalation, EscalationStore } from "../../core/ledgers/escalations.js";
import type { PgPool } from "./create-pg-pool.js";

interface Row {
  id: string;
  repository: string;
  pr_number: number;
  head_sha: string;
  reasons: string[];
  owner: string;
  deadline: Date;
  resume_on: string;
  status: Escalation["status"];
  pings: number;
  slack_channel: string | null;
  slack_ts: string | null;
  closed_reason: string | null;
  created_at: Date;
}

const toEscalation = (r: Row): Escalation => ({
  id: Number(r.id),
  repository: r.repository,
  prNumber: r.pr_number,
  headSha: r.head_sha,
  reasons: r.reasons,
  owner: r.owner,
  deadline: r.deadline.toISOString(),
  resumeOn: r.resume_on,
  status: r.status,
  pings: r.pings,
  slackChannel: r.slack_channel,
  slackTs: r.slack_ts,
  closedReason: r.closed_reason,
  createdAt: r.created_at.toISOString(),
});

export function createPostgresEscalationStore(pool: PgPool): EscalationStore {
  return {
    async open(repository, prNumber) {
      const res = await pool.query<Row>(`SELECT * FROM escalations WHERE repository = $1 AND pr_number = $2 AND status = 'open'`, [repository, prNumber]);
      return res.rows[0] ? toEscalation(res.rows[0]) : null;
    },
    async create(e) {
      const res = await pool.query<Row>(
        `INSERT INTO escalations (repository, pr_number, head_sha, reasons, owner, deadline, resume_on, slack_channel, slack_ts)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *`,
        [e.repository, e.prNumber, e.headSha, JSON.stringify(e.reasons), e.owner, e.deadline, e.resumeOn, e.slackChannel, e.slackTs],
      );
      return toEscalation(res.rows[0]!);
    },
    async pinged(id, deadline) {
      await pool.query(`UPDATE escalations SET pings = pings + 1, deadline = $2 WHERE id = $1`, [id, deadline]);
    },
    async close(id, reason) {
      await pool.query(`UPDATE escalations SET status = 'closed', closed_reason = $2, closed_at = now() WHERE id = $1 AND status = 'open'`, [id, reason]);
    },
    async listOpen() {
      const res = await pool.query<Row>(`SELECT * FROM escalations WHERE status = 'open' ORDER BY id`);
      return res.rows.map(toEscalation);
    },
  };
}
