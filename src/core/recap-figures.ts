import type { HandOff, ReviewDimensionStat } from "./ledgers/factory-stats.js";
import type { RecapWindow } from "./recap-window.js";

/** Median and count of one lead time, in hours. */
export interface LeadTime {
  medianHours: number;
  count: number;
}

/** Everything a recap reports, computed from the ledgers and GitHub (graphs/recap/figures). */
export interface RecapFigures {
  period: "daily" | "weekly";
  window: RecapWindow;
  timezone: string;
  repository: string;
  pullRequests: { opened: { factory: number; people: number }; merged: { factory: number; people: number } };
  /** The PRs merged in the window, newest first (titles are text from people: fence them in prompts). */
  merged: { number: number; title: string; url: string; byFactory: boolean }[];
  issues: {
    opened: number;
    closed: number;
    byType: { type: string; opened: number; closed: number }[];
    bySeverity: { severity: string; opened: number; closed: number }[];
  };
  leadTimes: { reportToIssue: LeadTime | null; issueToPr: LeadTime | null; prToMerge: LeadTime | null; mergeToVerified: LeadTime | null };
  /** Finished factory runs that needed nobody, against the hand-offs to people. */
  automation: { finished: number; handedOff: number; rate: number | null };
  automations: { graph: string; runs: number; failed: number; promptTokens: number; completionTokens: number; costUsd: number }[];
  needsHuman: { open: number; reasons: HandOff[] };
  cost: { usd: number; tokens: number };
  lines: { added: number; removed: number; pullRequests: number };
  coverage: { percent: number; check: string } | null;
  stalledPullRequests: number;
  reviewDimensions: ReviewDimensionStat[];
  /** One entry per local day of the window (the weekly chart). */
  days: { date: string; label: string; merged: number; opened: number; closed: number }[];
}
