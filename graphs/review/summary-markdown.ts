import { SEVERITY_BADGES } from "./finding-comment.js";
import { SEVERITIES, type Coverage, type Finding, type ReviewOutcome, type RiskAssessment, type Severity } from "./review-types.js";
import { oneLine, plural } from "../../src/core/text.js";

/**
 * The review's summary comment (edited in place on every run) and the short body of the GitHub review.
 * Coverage is always spelled out: a review that skipped files or failed a dimension must never read as complete.
 */

/** Finds the one summary comment of a PR, so every review edits it in place (github.upsert-comment appends it). */
export const SUMMARY_MARKER = "<!-- shopfloor:review-summary -->";

export interface SummaryInput {
  prNumber: number;
  headSha: string;
  bottomLine: { whatChanged: string; affects: string; keyDecisions: string[] } | null;
  findings: Finding[];
  stillOpen: Array<{ title: string; path: string; line: number | null }>;
  resolved: Array<{ title: string; path: string }>;
  risk: RiskAssessment;
  coverage: Coverage;
  outcome: ReviewOutcome;
  round: number;
  maxRounds: number;
  droppedNits: number;
  reviewedAt: string;
}

const OUTCOME_WORDS: Record<ReviewOutcome, string> = {
  "changes-requested": "changes requested",
  clean: "no blocking issues found",
  approved: "approved",
  "needs-human": "needs a human reviewer",
};

const short = (sha: string): string => sha.slice(0, 7);

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A table cell holds one line and no column separator. */
export function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, "<br>").replace(/\|/g, "\\|");
}

function where(f: Finding): string {
  const lines = f.startLine === f.endLine ? `L${f.startLine}` : `L${f.startLine}-L${f.endLine}`;
  const location = `\`${f.path}:${lines}\``;
  return f.placement === "summary" ? `${location} (summary: not on changed lines)` : location;
}

function findingCell(f: Finding): string {
  const text = `**${f.title.trim()}** — ${f.reason.trim()}`;
  // Summary-placed findings have no inline comment, so their suggestion has to be read here.
  const suggestion = f.placement === "summary" && f.suggestion?.trim() ? ` Suggested change: ${f.suggestion.trim()}` : "";
  return escapeCell(text + suggestion);
}

function findingsSection(input: SummaryInput): string[] {
  const out = ["### Findings", ""];
  if (input.findings.length === 0) out.push("No new findings.");
  else {
    out.push("| Severity | Dimension | Where | Finding |", "| --- | --- | --- | --- |");
    for (const f of input.findings) {
      out.push(`| ${SEVERITY_BADGES[f.severity]} | ${escapeCell(f.dimensions.join(", "))} | ${escapeCell(where(f))} | ${findingCell(f)} |`);
    }
  }
  if (input.droppedNits > 0) out.push("", `${plural(input.droppedNits, "nit")} not shown.`);
  if (input.stillOpen.length > 0) {
    out.push("", `**Still open from earlier reviews** (${input.stillOpen.length})`);
    for (const t of input.stillOpen) out.push(`- ${oneLine(t.title)} — \`${t.path}${t.line === null ? "" : `:L${t.line}`}\``);
  }
  if (input.resolved.length > 0) {
    out.push("", `**Resolved since the last review** (${input.resolved.length})`);
    for (const t of input.resolved) out.push(`- ${oneLine(t.title)} — \`${t.path}\``);
  }
  return out;
}

function bottomLineSection(bottomLine: SummaryInput["bottomLine"]): string[] {
  const out = ["### Bottom line", ""];
  if (!bottomLine) return [...out, "No summary: the model was unavailable."];
  out.push(`**What changed:** ${bottomLine.whatChanged.trim()}`, "", `**What it affects:** ${bottomLine.affects.trim()}`, "");
  if (bottomLine.keyDecisions.length === 0) out.push("**Key decisions:** none noted.");
  else out.push("**Key decisions:**", ...bottomLine.keyDecisions.map((d) => `- ${d.trim()}`));
  return out;
}

function riskSection(risk: RiskAssessment): string[] {
  const out = [`### Risk: ${risk.level}`, "", ...risk.reasons.map((r) => `- ${r}`)];
  if (risk.neverAuto.length > 0) out.push("", `Never auto-approved: ${risk.neverAuto.map((p) => `\`${p}\``).join(", ")}.`);
  return out;
}

/** What the review did not cover, in words; empty when it covered everything. */
export function coverageGaps(coverage: Coverage): string[] {
  const gaps: string[] = [];
  if (coverage.skippedFiles.length > 0) gaps.push(`${plural(coverage.skippedFiles.length, "file")} not reviewed`);
  for (const run of coverage.dimensions) {
    // A dimension that did not apply (UI with no UI files) is no gap; one that failed is.
    if (run.status === "failed") gaps.push(`${run.dimension} ${run.status}${run.reason ? ` (${run.reason})` : ""}`);
  }
  return gaps;
}

function coverageSection(coverage: Coverage): string[] {
  const mode =
    coverage.mode === "full"
      ? "Mode: full review of the pull request."
      : `Mode: incremental${coverage.sinceSha ? `, changes since \`${short(coverage.sinceSha)}\`` : ""}.`;
  const total = coverage.reviewedFiles.length + coverage.skippedFiles.length;
  const out = ["### Coverage", "", mode, "", `Reviewed ${coverage.reviewedFiles.length} of ${total} files.`, ""];
  for (const run of coverage.dimensions) {
    if (run.status === "done") out.push(`- ${run.dimension} ✓ (${plural(run.findings, "finding")})`);
    else out.push(`- ${run.dimension}: ${run.status}${run.reason ? ` (${run.reason})` : ""}`);
  }
  if (coverage.skippedFiles.length > 0) {
    out.push("", "Files not reviewed:", ...coverage.skippedFiles.map((s) => `- \`${s.path}\` — ${s.reason}`));
  }
  out.push("", `Prompt tokens: ${coverage.promptTokens.toLocaleString("en-US")}.`);
  const gaps = coverageGaps(coverage);
  if (gaps.length > 0) out.push("", `**Coverage is partial** — ${listInWords(gaps)}.`);
  return out;
}

export function summaryMarkdown(input: SummaryInput): string {
  const status = [`Pull request #${input.prNumber}`];
  if (input.round > 1) status.push(`round ${input.round} of ${input.maxRounds}`);
  status.push(`reviewed ${input.reviewedAt}`);
  const sections = [
    [`## Shopfloor review of ${short(input.headSha)}: ${OUTCOME_WORDS[input.outcome]}`, "", `_${status.join(" · ")}_`],
    bottomLineSection(input.bottomLine),
    findingsSection(input),
    riskSection(input.risk),
    coverageSection(input.coverage),
  ];
  return sections.map((lines) => lines.join("\n")).join("\n\n");
}

function countsInWords(findings: Array<Pick<Finding, "severity">>): string {
  const parts = SEVERITIES.map((severity: Severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`);
  return `${listInWords(parts)} ${findings.length === 1 ? "issue" : "issues"}`;
}

export interface ReviewBodyInput {
  outcome: ReviewOutcome;
  findings: Finding[];
  risk: RiskAssessment;
  headSha: string;
  /** The policy that allowed an auto-approval; "risk.autoApprove" when not given. */
  autoApprovalPolicy?: string;
}

export function reviewBody(input: ReviewBodyInput): string {
  const sha = short(input.headSha);
  if (input.outcome === "approved") {
    const found = input.findings.length === 0 ? "no findings" : `only ${countsInWords(input.findings)}`;
    return `Approved by policy ${input.autoApprovalPolicy ?? "risk.autoApprove"}: ${input.risk.level} risk, ${found}, at ${sha}.`;
  }
  const found = input.findings.length === 0 ? "no new issues" : countsInWords(input.findings);
  const next = input.outcome === "needs-human" ? "A person needs to take it from here: see the summary comment." : "See the summary comment.";
  return `Shopfloor found ${found} on ${sha}. ${next}`;
}
