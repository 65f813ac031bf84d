/**
 * Read-only figures over the ledgers (runs, steps, model calls, reviews, escalations, audit log, links) for
 * recaps and dashboards. One query set per window; GitHub's side of the picture is read through the forge.
 */

import type { RecapWindow } from "../recap-window.js";

/** Half-open interval [from, to) of ISO timestamps. */
export type StatsWindow = RecapWindow;

/** What one automation (graph) did in the window, and how its latest run ended (at any time). */
export interface AutomationActivity {
  graph: string;
  /** Runs started in the window (a start, a resume or a continuation each count once). */
  runs: number;
  succeeded: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** The automation's latest run, whenever it was. */
  lastRunAt: string | null;
  lastStatus: string | null;
  lastErrorCode: string | null;
}

/** Work the factory handed to people (factory:needs-human, escalations), by automation and reason. */
export interface HandOff {
  automation: string;
  reason: string;
  count: number;
}

/** Review findings given in the window per dimension, and how many a later commit resolved. */
export interface ReviewDimensionStat {
  dimension: string;
  findings: number;
  resolved: number;
}

export interface LedgerFigures {
  window: StatsWindow;
  automations: AutomationActivity[];
  handOffs: HandOff[];
  reviewDimensions: ReviewDimensionStat[];
  /** Issues filed from a report (Slack thread or Sentry issue) and when the report came in. */
  reports: { issueNumber: number; reportedAt: string }[];
  /** PRs whose post-merge verification passed in the window, and when. */
  verifiedMerges: { prNumber: number; verifiedAt: string }[];
  /** Escalations open now (stalled PRs waiting for a person). */
  openEscalations: number;
}

export interface FactoryStats {
  figures(window: StatsWindow): Promise<LedgerFigures>;
}
