import type { LedgerFigures } from "../../../src/core/ledgers/factory-stats.js";
import { linkedIssueNumber } from "../../../src/core/linked-issue.js";
import type { ForgeIssue, ForgePullRequest } from "../../../src/core/ports/forge-port.js";
import type { LeadTime, RecapFigures } from "../../../src/core/recap-figures.js";
import { localDate, localDays, type RecapWindow } from "../../../src/core/recap-window.js";

/** The automations that do the factory's work; the rest (status, help, recap…) answer questions. */
export const FACTORY_AUTOMATIONS: readonly string[] = ["triage", "build", "review", "merge", "verify", "shepherd", "incident"];

export interface RecapInputs {
  period: RecapFigures["period"];
  window: RecapWindow;
  timezone: string;
  repository: string;
  ledger: LedgerFigures;
  /** Issues (not PRs) created or closed in the window, plus the ones lead times refer to. */
  issues: ForgeIssue[];
  /** PRs created or merged in the window; merged ones with their line counts. */
  pullRequests: ForgePullRequest[];
  /** Issues and PRs labelled needs-human now. */
  needsHumanOpen: number;
  coverage: RecapFigures["coverage"];
  labels: { type: Readonly<Record<string, string>>; severityPrefix: string };
  /** Branches of the build automation start with this: their PRs are the factory's. */
  branchPrefix: string;
}

const HOUR = 3_600_000;

/** Pure: the recap's numbers from what gather read. Each figure is defined here once, in words, next to its code. */
export function computeFigures(x: RecapInputs): RecapFigures {
  const inWindow = within(x.window);
  const issues = x.issues.filter((i) => !i.isPullRequest);
  const opened = issues.filter((i) => inWindow(i.createdAt));
  const closed = issues.filter((i) => i.state === "closed" && inWindow(i.closedAt));
  const issueByNumber = new Map(x.issues.map((i) => [i.number, i]));
  const prsOpened = x.pullRequests.filter((p) => inWindow(p.createdAt));
  const prsMerged = x.pullRequests.filter((p) => p.merged && inWindow(p.mergedAt));
  const isFactory = (p: ForgePullRequest) => p.headRef.startsWith(x.branchPrefix);
  const split = (prs: ForgePullRequest[]) => ({ factory: prs.filter(isFactory).length, people: prs.filter((p) => !isFactory(p)).length });

  const typeOf = Object.entries(x.labels.type);
  const byType = typeOf
    .map(([type, label]) => ({ type, opened: opened.filter((i) => i.labels.includes(label)).length, closed: closed.filter((i) => i.labels.includes(label)).length }))
    .filter((t) => t.opened + t.closed > 0);
  const severities = [...new Set([...opened, ...closed].flatMap((i) => i.labels.filter((l) => l.startsWith(x.labels.severityPrefix))))].sort();
  const bySeverity = severities.map((label) => ({
    severity: label.slice(x.labels.severityPrefix.length),
    opened: opened.filter((i) => i.labels.includes(label)).length,
    closed: closed.filter((i) => i.labels.includes(label)).length,
  }));

  // Lead times are counted for the step that ended in the window.
  const reportToIssue = x.ledger.reports.flatMap((r) => {
    const issue = issueByNumber.get(r.issueNumber);
    return issue && inWindow(issue.createdAt) ? [hoursBetween(r.reportedAt, issue.createdAt)] : [];
  });
  const issueToPr = prsOpened.flatMap((p) => {
    const issue = issueByNumber.get(linkedIssueNumber(p.body) ?? -1);
    return issue ? [hoursBetween(issue.createdAt, p.createdAt)] : [];
  });
  const prToMerge = prsMerged.map((p) => hoursBetween(p.createdAt, p.mergedAt!));
  const mergedAt = new Map(x.pullRequests.filter((p) => p.mergedAt).map((p) => [p.number, p.mergedAt!]));
  const mergeToVerified = x.ledger.verifiedMerges.flatMap((v) => (mergedAt.has(v.prNumber) ? [hoursBetween(mergedAt.get(v.prNumber)!, v.verifiedAt)] : []));

  const factory = x.ledger.automations.filter((a) => FACTORY_AUTOMATIONS.includes(a.graph));
  const handedOff = x.ledger.handOffs.reduce((n, h) => n + h.count, 0);
  // A run that ended in a hand-off finished, but not without a person: it counts against the rate.
  const finished = factory.reduce((n, a) => n + a.succeeded + a.failed, 0);
  const alone = Math.max(0, factory.reduce((n, a) => n + a.succeeded, 0) - handedOff);

  const automations = x.ledger.automations
    .filter((a) => a.runs > 0 || a.costUsd > 0)
    .map((a) => ({ graph: a.graph, runs: a.runs, failed: a.failed, promptTokens: a.promptTokens, completionTokens: a.completionTokens, costUsd: a.costUsd }));

  return {
    period: x.period,
    window: x.window,
    timezone: x.timezone,
    repository: x.repository,
    pullRequests: { opened: split(prsOpened), merged: split(prsMerged) },
    merged: [...prsMerged]
      .sort((a, b) => (b.mergedAt ?? "").localeCompare(a.mergedAt ?? ""))
      .map((p) => ({ number: p.number, title: p.title, url: p.url, byFactory: isFactory(p) })),
    issues: { opened: opened.length, closed: closed.length, byType, bySeverity },
    leadTimes: { reportToIssue: lead(reportToIssue), issueToPr: lead(issueToPr), prToMerge: lead(prToMerge), mergeToVerified: lead(mergeToVerified) },
    automation: { finished, handedOff, rate: finished > 0 ? alone / finished : null },
    automations,
    needsHuman: { open: x.needsHumanOpen, reasons: [...x.ledger.handOffs].sort((a, b) => b.count - a.count) },
    cost: {
      usd: round(automations.reduce((n, a) => n + a.costUsd, 0), 4),
      tokens: automations.reduce((n, a) => n + a.promptTokens + a.completionTokens, 0),
    },
    lines: { added: sum(prsMerged, (p) => p.additions), removed: sum(prsMerged, (p) => p.deletions), pullRequests: prsMerged.length },
    coverage: x.coverage,
    stalledPullRequests: x.ledger.openEscalations,
    reviewDimensions: x.ledger.reviewDimensions,
    days: localDays(x.window, x.timezone).map((d) => ({
      ...d,
      merged: prsMerged.filter((p) => localDate(p.mergedAt!, x.timezone) === d.date).length,
      opened: opened.filter((i) => localDate(i.createdAt, x.timezone) === d.date).length,
      closed: closed.filter((i) => localDate(i.closedAt!, x.timezone) === d.date).length,
    })),
  };
}

/**
 * Whether an instant falls in the window. Compared as times, not strings: GitHub writes whole seconds
 * ("…:36Z"), the window's end has milliseconds ("…:36.900Z"), and "Z" sorts after ".".
 */
export function within(window: RecapWindow): (iso: string | null | undefined) => boolean {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  return (iso) => {
    const t = iso ? Date.parse(iso) : NaN;
    return t >= from && t < to;
  };
}

function hoursBetween(from: string, to: string): number {
  return Math.max(0, (new Date(to).getTime() - new Date(from).getTime()) / HOUR);
}

function lead(hours: number[]): LeadTime | null {
  if (hours.length === 0) return null;
  const sorted = [...hours].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianHours: round(median, 2), count: sorted.length };
}

const sum = <T>(items: T[], f: (t: T) => number) => items.reduce((n, t) => n + f(t), 0);
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The percentage a coverage check reports, from its title/summary, or null when it says none. */
export function coverageOf(summary: string | undefined, pattern: string): number | null {
  if (!summary) return null;
  const m = new RegExp(pattern).exec(summary);
  const value = m?.[1] !== undefined ? Number(m[1]) : NaN;
  return Number.isFinite(value) && value >= 0 && value <= 100 ? value : null;
}
