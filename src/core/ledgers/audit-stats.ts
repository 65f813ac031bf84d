import type { FailureClass } from "../failure-class.js";
import type { HandOff } from "./factory-stats.js";
import type { AuditMetric, MetricValue } from "./proposals.js";

/** Half-open interval [start, end) of ISO timestamps. */
export interface AuditWindow {
  start: string;
  end: string;
}

/** Runs of one automation that ended in the window, and how many of them failed. */
export interface AutomationRuns {
  automation: string;
  runs: number;
  failed: number;
  /** failed / runs, 0 without runs. */
  failureRate: number;
}

/** Failed steps grouped by where and how they failed. */
export interface FailureHotSpot {
  automation: string;
  node: string;
  errorCode: string;
  failureClass: FailureClass | null;
  count: number;
  /** Distinct threads (work items) it hit. */
  threads: number;
  lastAt: string;
  /** The latest error message, shortened: what a person reads first. */
  example: string | null;
}

/** A review dimension's findings in the window: how many were fixed by a later commit, how many were dismissed. */
export interface DimensionNoise {
  dimension: string;
  /** Reviews that ran this dimension. */
  reviews: number;
  findings: number;
  fixed: number;
  /** Findings never fixed on PRs a later review found clean or approved. */
  dismissed: number;
  /** Findings of severity nit. */
  nits: number;
}

export interface AutomationCost {
  automation: string;
  calls: number;
  tokens: number;
  costUsd: number;
}

export interface SlowStep {
  automation: string;
  node: string;
  count: number;
  p50Ms: number;
  p95Ms: number;
}

/** The same piece of work done more than once: the same PR head reviewed by two runs, one issue built twice, … */
export interface DuplicateWork {
  /** What was done twice, e.g. `review of #12 at 4f2a9c1`, `build of issue #7`. */
  subject: string;
  automations: string[];
  runs: number;
}

/** Model-call repairs by task: which strategy was tried how often and how often it produced a usable answer. */
export interface RepairStat {
  task: string;
  strategy: "feedback" | "fallback-model" | "smaller-context";
  tried: number;
  worked: number;
}

/** Model calls per prompt and how many gave invalid output in the end: the prompts worth an edit. */
export interface PromptHealth {
  promptId: string;
  promptHash: string;
  calls: number;
  invalid: number;
  repaired: number;
}

export interface AuditFigures {
  window: AuditWindow;
  automations: AutomationRuns[];
  hotSpots: FailureHotSpot[];
  handOffs: HandOff[];
  dimensions: DimensionNoise[];
  cost: AutomationCost[];
  slowSteps: SlowStep[];
  duplicates: DuplicateWork[];
  repairs: RepairStat[];
  prompts: PromptHealth[];
}

/** Read-only figures over the run ledger and the review store for the audit. */
export interface AuditStats {
  figures(window: AuditWindow): Promise<AuditFigures>;
  /** One metric over a window: how a proposal's target stood before and after its decision. */
  metric(metric: AuditMetric, window: AuditWindow): Promise<MetricValue>;
}
