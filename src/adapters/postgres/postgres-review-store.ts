import type { PrReviewRecord, ReviewStore } from "../../core/ledgers/reviews.js";
import type { PgPool } from "./create-pg-pool.js";

interface Row {
  repository: string;
  pr_number: number;
  head_sha: string;
  base_sha: string | null;
  run_key: string;
  mode: PrReviewRecord["mode"];
  outcome: PrReviewRecord["outcome"];
  risk: PrReviewRecord["risk"];
  risk_reasons: string[];
  round: number;
  findings: PrReviewRecord["findings"];
  resolved: string[];
  coverage: unknown;
  prompt_tokens: number;
  review_id: string | null;
  created_at: Date;
}

export function createPostgresReviewStore(pool: PgPool): ReviewStore {
  return {
    async save(r) {
      await pool.query(
        `INSERT INTO pr_reviews (repository, pr_number, head_sha, base_sha, run_key, mode, outcome, risk, risk_reasons, round, findings, resolved, coverage, prompt_tokens, review_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
         ON CONFLICT (run_key) DO UPDATE SET head_sha = $3, base_sha = $4, mode = $6, outcome = $7, risk = $8, risk_reasons = $9, round = $10,
           findings = $11, resolved = $12, coverage = $13, prompt_tokens = $14, review_id = $15`,
        [
          r.repository,
          r.prNumber,
          r.headSha,
          r.baseSha,
          r.runKey,
          r.mode,
          r.outcome,
          r.risk,
          JSON.stringify(r.riskReasons),
          r.round,
          JSON.stringify(r.findings),
          JSON.stringify(r.resolved),
          JSON.stringify(r.coverage),
          r.promptTokens,
          r.reviewId,
        ],
      );
    },
    async list(repository, prNumber, limit = 20) {
      const res = await pool.query<Row>(`SELECT * FROM pr_reviews WHERE repository = $1 AND pr_number = $2 ORDER BY id DESC LIMIT $3`, [repository, prNumber, limit]);
      return res.rows.map((r) => ({
        repository: r.repository,
        prNumber: r.pr_number,
        headSha: r.head_sha,
        baseSha: r.base_sha,
        runKey: r.run_key,
        mode: r.mode,
        outcome: r.outcome,
        risk: r.risk,
        riskReasons: r.risk_reasons,
        round: r.round,
        findings: r.findings,
        resolved: r.resolved,
        coverage: r.coverage,
        promptTokens: r.prompt_tokens,
        reviewId: r.review_id === null ? null : Number(r.review_id),
        createdAt: r.created_at.toISOString(),
      }));
    },
  };
}
