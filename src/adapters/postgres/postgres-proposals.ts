import type { NewProposal, Proposal, ProposalStore } from "../../core/ledgers/proposals.js";
import type { PgPool } from "./create-pg-pool.js";

interface ProposalRow {
  id: string;
  source: Proposal["source"];
  batch: string;
  fingerprint: string;
  title: string;
  rationale: string;
  change: Proposal["change"];
  metric: Proposal["metric"];
  status: Proposal["status"];
  decided_by: string | null;
  decided_at: Date | null;
  result: Proposal["result"];
  created_at: Date;
}

const toProposal = (r: ProposalRow): Proposal => ({
  id: Number(r.id),
  source: r.source,
  batch: r.batch,
  fingerprint: r.fingerprint,
  title: r.title,
  rationale: r.rationale,
  change: r.change,
  metric: r.metric,
  status: r.status,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  result: r.result,
  createdAt: r.created_at.toISOString(),
});

export function createPostgresProposalStore(pool: PgPool): ProposalStore {
  return {
    async create(input: NewProposal) {
      // ON CONFLICT DO NOTHING returns no row for a repeat; the second statement reads the row made the first time.
      const inserted = await pool.query<ProposalRow>(
        `INSERT INTO proposals (source, batch, fingerprint, kind, title, rationale, change, metric)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (batch, fingerprint) DO NOTHING RETURNING *`,
        [
          input.source,
          input.batch,
          input.fingerprint,
          input.change.kind,
          input.title,
          input.rationale,
          JSON.stringify(input.change),
          input.metric ? JSON.stringify(input.metric) : null,
        ],
      );
      if (inserted.rows[0]) return { proposal: toProposal(inserted.rows[0]), created: true };
      const existing = await pool.query<ProposalRow>(`SELECT * FROM proposals WHERE batch = $1 AND fingerprint = $2`, [input.batch, input.fingerprint]);
      return { proposal: toProposal(existing.rows[0]!), created: false };
    },
    async get(id) {
      const res = await pool.query<ProposalRow>(`SELECT * FROM proposals WHERE id = $1`, [id]);
      return res.rows[0] ? toProposal(res.rows[0]) : null;
    },
    async decide(id, decision) {
      // Only an open proposal moves: two clicks at once, the first wins and the second gets null.
      const res = await pool.query<ProposalRow>(
        `UPDATE proposals SET status = $2, decided_by = $3, decided_at = now(), result = $4
          WHERE id = $1 AND status = 'open' RETURNING *`,
        [id, decision.status, decision.by, decision.result ? JSON.stringify(decision.result) : null],
      );
      return res.rows[0] ? toProposal(res.rows[0]) : null;
    },
    async setResult(id, result, status) {
      await pool.query(`UPDATE proposals SET result = $2, status = COALESCE($3, status) WHERE id = $1`, [id, JSON.stringify(result), status ?? null]);
    },
    async open() {
      const res = await pool.query<ProposalRow>(`SELECT * FROM proposals WHERE status = 'open' ORDER BY id`);
      return res.rows.map(toProposal);
    },
    async decidedBetween(start, end) {
      const res = await pool.query<ProposalRow>(
        `SELECT * FROM proposals WHERE decided_at >= $1 AND decided_at < $2 ORDER BY decided_at DESC, id DESC`,
        [start, end],
      );
      return res.rows.map(toProposal);
    },
  };
}
