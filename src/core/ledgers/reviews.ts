/** One review Shopfloor gave a pull request (table pr_reviews). */
export interface PrReviewRecord {
  repository: string;
  prNumber: number;
  headSha: string;
  baseSha: string | null;
  /** The review run: a retried run replaces its own record. */
  runKey: string;
  mode: "full" | "incremental";
  outcome: "changes-requested" | "clean" | "approved" | "needs-human";
  risk: "low" | "medium" | "high";
  riskReasons: string[];
  /** 1 for a first review; +1 for each consecutive review that requested changes before it. */
  round: number;
  findings: Array<{ fingerprint: string; severity: string; dimensions: string[]; path: string; title: string; placement: string }>;
  /** Fingerprints of earlier findings this review found fixed (their threads resolved). */
  resolved: string[];
  coverage: unknown;
  promptTokens: number;
  reviewId: number | null;
  createdAt?: string;
}

export interface ReviewStore {
  save(record: PrReviewRecord): Promise<void>;
  /** Reviews of a PR, newest first. */
  list(repository: string, prNumber: number, limit?: number): Promise<PrReviewRecord[]>;
}
