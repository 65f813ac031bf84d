import type { FailureClass } from "../failure-class.js";

/**
 * A change the audit or the planner proposes, shown to people as a Slack card with Approve and Reject. Nothing is
 * changed before an approver approves.
 */
export type ProposalChange =
  /** A new version of a prompt file: the whole new file and its unified diff against the version in use. */
  | { kind: "prompt"; promptId: string; baseHash: string; body: string; diff: string }
  /** A shopfloor.yml setting: the dotted key, its value now and the proposed one. */
  | { kind: "config"; key: string; from: unknown; to: unknown }
  /** An issue to file on approval (the planner's gaps). */
  | { kind: "issue"; title: string; body: string; labels: string[] };

/**
 * What a proposal is meant to improve, measured before it was made; the next audit measures it again after the
 * decision and reports both.
 */
export type AuditMetric =
  | { name: "failure-rate"; automation: string; node?: string; failureClass?: FailureClass }
  | { name: "dismissal-rate"; dimension: string }
  | { name: "invalid-output-rate"; promptId: string }
  | { name: "hand-off-rate"; automation: string; reason: string };

export interface MetricValue {
  /** A rate between 0 and 1. */
  value: number;
  /** How many cases it is over (runs, findings, calls). */
  n: number;
}

type ProposalStatus = "open" | "approved" | "rejected" | "expired" | "failed";

export interface Proposal {
  id: number;
  source: "audit" | "planner";
  /** The audit or planner run that made it (its thread id). */
  batch: string;
  /** What it changes, e.g. `prompt:review/tests` or `config:review.maxRounds`: one open proposal per fingerprint. */
  fingerprint: string;
  title: string;
  rationale: string;
  change: ProposalChange;
  metric: { metric: AuditMetric; before: MetricValue; window: { start: string; end: string } } | null;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  /** What applying it did: the prompt version, the PR, the issue, or why it failed. */
  result: Record<string, unknown> | null;
  createdAt: string;
}

export type NewProposal = Pick<Proposal, "source" | "batch" | "fingerprint" | "title" | "rationale" | "change" | "metric">;

export interface ProposalStore {
  /** Idempotent on (batch, fingerprint): a retried audit gets the proposal it made before, with `created: false`. */
  create(input: NewProposal): Promise<{ proposal: Proposal; created: boolean }>;
  get(id: number): Promise<Proposal | null>;
  /** Moves an open proposal to its decision; null when it was decided already (the first decision stands). */
  decide(id: number, decision: { status: Exclude<ProposalStatus, "open">; by: string; result?: Record<string, unknown> }): Promise<Proposal | null>;
  /** Records what applying an approved proposal did (a version, a PR), or that it failed. */
  setResult(id: number, result: Record<string, unknown>, status?: "approved" | "failed"): Promise<void>;
  /** Proposals still waiting for a decision, any batch: the audit does not propose the same change twice. */
  open(): Promise<Proposal[]>;
  /** Proposals decided in [start, end), newest first: what the next audit reports on. */
  decidedBetween(start: string, end: string): Promise<Proposal[]>;
}
