import type { Hunk } from "./diff-hunks.js";
import { findingFingerprint, titleSimilarity } from "./fingerprint.js";
import { DIMENSIONS, SEVERITIES, type Dimension, type Finding, type OpenThread, type RawFinding } from "./review-types.js";

/**
 * Turns what the dimension calls returned into what gets posted: one finding per problem (dimensions often
 * report the same one), nothing already raised in an open thread, each anchored where GitHub accepts it.
 */

export interface ConsolidateInput {
  raw: Array<{ dimension: Dimension; finding: RawFinding }>;
  /** Hunks of the reviewed diff by path. */
  hunks: Record<string, Hunk[]>;
  /** Unresolved threads Shopfloor opened on earlier rounds. */
  openThreads: OpenThread[];
  maxNits: number;
}

export interface Consolidated {
  findings: Finding[];
  /** New findings that an open thread already raises: not posted again. */
  alreadyOpen: Finding[];
  droppedNits: number;
}

// Models cite lines loosely: ranges a couple of lines apart usually point at the same statement.
const LINE_SLACK = 2;
const MERGE_SIMILARITY = 0.5;
const THREAD_SIMILARITY = 0.3;

interface Member {
  dimension: Dimension;
  finding: RawFinding;
  fingerprint: string;
}

const severityRank = (severity: RawFinding["severity"]): number => SEVERITIES.indexOf(severity);

function normaliseRange(finding: RawFinding): RawFinding {
  const low = Math.max(1, Math.min(finding.startLine, finding.endLine));
  const high = Math.max(1, finding.startLine, finding.endLine);
  return { ...finding, startLine: low, endLine: high };
}

const near = (a: RawFinding, b: RawFinding): boolean =>
  a.startLine <= b.endLine + LINE_SLACK && b.startLine <= a.endLine + LINE_SLACK;

function sameProblem(a: Member, b: Member): boolean {
  if (a.fingerprint === b.fingerprint) return true;
  return a.finding.path === b.finding.path && near(a.finding, b.finding) && titleSimilarity(a.finding.title, b.finding.title) >= MERGE_SIMILARITY;
}

/** The most severe member speaks for the group (the first of them on a tie); the rest add detail. */
function merge(group: Member[]): Omit<Finding, "placement" | "anchor"> {
  const lead = group.reduce((best, m) => (severityRank(m.finding.severity) < severityRank(best.finding.severity) ? m : best));
  const dims = new Set(group.map((m) => m.dimension));
  const reason = group.reduce((longest, m) => (m.finding.reason.length > longest.length ? m.finding.reason : longest), "");
  const suggestion = group.find((m) => m.finding.suggestion)?.finding.suggestion;
  const merged: Omit<Finding, "placement" | "anchor"> = {
    path: lead.finding.path,
    startLine: lead.finding.startLine,
    endLine: lead.finding.endLine,
    severity: lead.finding.severity,
    title: lead.finding.title,
    reason,
    dimensions: DIMENSIONS.filter((d) => dims.has(d)),
    fingerprint: lead.fingerprint,
  };
  if (suggestion !== undefined) merged.suggestion = suggestion;
  return merged;
}

/** Whether an open thread already raises this finding: same fingerprint, or same place and a similar title. */
export function threadMatches(finding: Pick<Finding, "fingerprint" | "path" | "startLine" | "endLine" | "title">, thread: OpenThread): boolean {
  if (thread.fingerprint === finding.fingerprint) return true;
  if (thread.path !== finding.path) return false;
  const line = thread.line ?? thread.originalLine;
  if (line === null) return false;
  const onRange = line >= finding.startLine - LINE_SLACK && line <= finding.endLine + LINE_SLACK;
  return onRange && titleSimilarity(thread.title, finding.title) >= THREAD_SIMILARITY;
}

function place(finding: Omit<Finding, "placement" | "anchor">, hunks: Hunk[] | undefined): Finding {
  const hunk = hunks?.find((h) => h.added.some((line) => line >= finding.startLine && line <= finding.endLine));
  if (!hunk) return { ...finding, placement: "summary" };
  const line = Math.min(finding.endLine, hunk.newEnd);
  const startLine = Math.max(finding.startLine, hunk.newStart);
  return { ...finding, placement: "inline", anchor: startLine < line ? { line, startLine } : { line } };
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    byCode(a.path, b.path) ||
    a.startLine - b.startLine ||
    a.endLine - b.endLine ||
    byCode(a.title, b.title)
  );
}

export function consolidate(input: ConsolidateInput): Consolidated {
  const groups: Member[][] = [];
  for (const { dimension, finding } of input.raw) {
    const normalised = normaliseRange(finding);
    const member: Member = { dimension, finding: normalised, fingerprint: findingFingerprint(normalised.path, normalised.title) };
    const group = groups.find((g) => g.some((other) => sameProblem(other, member)));
    if (group) group.push(member);
    else groups.push([member]);
  }

  const findings: Finding[] = [];
  const alreadyOpen: Finding[] = [];
  for (const group of groups) {
    const merged = merge(group);
    const placed = place(merged, input.hunks[merged.path]);
    if (input.openThreads.some((thread) => threadMatches(merged, thread))) alreadyOpen.push(placed);
    else findings.push(placed);
  }
  findings.sort(compareFindings);
  alreadyOpen.sort(compareFindings);

  let nits = 0;
  let droppedNits = 0;
  const kept = findings.filter((finding) => {
    if (finding.severity !== "nit") return true;
    nits += 1;
    if (nits <= input.maxNits) return true;
    droppedNits += 1;
    return false;
  });
  return { findings: kept, alreadyOpen, droppedNits };
}
