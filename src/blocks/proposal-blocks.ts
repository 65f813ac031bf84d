import { stringify } from "yaml";
import { encodeButtonValue } from "../core/button-value.js";
import type { AuditMetric, Proposal, ProposalChange } from "../core/ledgers/proposals.js";
import type { Block } from "../core/ports/chat-port.js";
import { plural, shorten } from "../core/text.js";
import { context, escapeMrkdwn as escape, header, plainText as plain, section, slackTime, SECTION_MAX } from "./mrkdwn.js";

const PROPOSAL_APPROVE_ACTION = "proposal_approve";
const PROPOSAL_REJECT_ACTION = "proposal_reject";

export interface Message {
  text: string;
  blocks: Block[];
}

/**
 * What applying an approved proposal did, as the proposal graph stores it in `Proposal.result` and the card reads it
 * back. Every field is optional: a failed proposal keeps what was done before the failure.
 */
export interface ProposalResult {
  /** The prompt version adopted (prompt changes). */
  version?: number;
  /** The pull request that carries the change into the repository (audit.pullRequests.enabled). */
  pr?: { number: number; url: string } | null;
  /** The issue filed (issue changes). */
  issue?: { number: number; url: string } | null;
  /** Why the change could not be applied (status failed). */
  reason?: string;
  /** Why the pull request could not be opened while the change itself was applied. */
  prError?: string;
}

interface ProposalCardFacts {
  proposal: Proposal;
  /** When the buttons stop working and the proposal expires. */
  expiresAt: string;
  /** Where the buttons point while the proposal is open: the graph thread and the slot its waiting node accepts. */
  buttons?: { threadId: string; slot: string };
}

const SOURCE: Record<Proposal["source"], string> = { audit: "the audit", planner: "the planner" };

/** A stored result, read defensively: it is JSON from the ledger. */
function readProposalResult(raw: Record<string, unknown> | null): ProposalResult {
  if (!raw) return {};
  const link = (v: unknown) => {
    const o = v as { number?: unknown; url?: unknown } | null | undefined;
    return o && typeof o.number === "number" && typeof o.url === "string" ? { number: o.number, url: o.url } : undefined;
  };
  const pr = link(raw.pr);
  const issue = link(raw.issue);
  return {
    ...(typeof raw.version === "number" ? { version: raw.version } : {}),
    ...(pr ? { pr } : {}),
    ...(issue ? { issue } : {}),
    ...(typeof raw.reason === "string" ? { reason: raw.reason } : {}),
    ...(typeof raw.prError === "string" ? { prError: raw.prError } : {}),
  };
}

/** The lines to put in shopfloor.yml for one dotted key: `review.maxRounds` = 4 → "review:\n  maxRounds: 4\n". */
function configYaml(key: string, value: unknown): string {
  const nested = key
    .split(".")
    .reverse()
    .reduce<unknown>((inner, part) => ({ [part]: inner }), value);
  return stringify(nested);
}

/** A value as it reads on one line of YAML (`4`, `[a, b]`, `{ x: 1 }`), for "from → to". */
function inlineYaml(value: unknown): string {
  if (value === undefined) return "(not set)";
  return shorten(stringify(value, { collectionStyle: "flow" }).trim(), 200);
}

/** Slack ends a code block at three backticks: the text inside must not contain them. */
const fenceSafe = (text: string) => escape(text).replace(/```/g, "``\u200b`");

/**
 * Text in a code block that fits one section: whole lines while they fit, then "… N more lines" under the block.
 * A single line longer than the room is cut.
 */
function codeBlock(text: string, max = SECTION_MAX - 100): string {
  const lines = text.replace(/\n+$/, "").split("\n");
  const room = max - "```\n\n```\n… 99999 more lines".length;
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const safe = fenceSafe(line);
    if (used + safe.length + 1 > room) {
      if (kept.length === 0) kept.push(shorten(safe, room));
      break;
    }
    kept.push(safe);
    used += safe.length + 1;
  }
  const more = lines.length - kept.length;
  return `\`\`\`\n${kept.join("\n")}\n\`\`\`${more > 0 ? `\n… ${plural(more, "more line")}` : ""}`;
}

const percent = (v: number) => `${Math.round(v * 1000) / 10}%`;

/** What the metric measures, in words. */
function metricName(m: AuditMetric): string {
  switch (m.name) {
    case "failure-rate":
      return `failure rate of ${m.automation}${m.node ? ` at ${m.node}` : ""}${m.failureClass ? ` (${m.failureClass} failures)` : ""}`;
    case "dismissal-rate":
      return `dismissal rate of ${m.dimension} review findings`;
    case "invalid-output-rate":
      return `invalid output rate of ${m.promptId}`;
    case "hand-off-rate":
      return `hand-off rate of ${m.automation} (${m.reason})`;
  }
}

const METRIC_UNITS: Record<AuditMetric["name"], string> = {
  "failure-rate": "run",
  "dismissal-rate": "finding",
  "invalid-output-rate": "call",
  "hand-off-rate": "run",
};

function metricLine(metric: NonNullable<Proposal["metric"]>): string {
  const { metric: m, before, window } = metric;
  const span = `${window.start.slice(0, 10)} – ${window.end.slice(0, 10)}`;
  return `*Targets* the ${escape(metricName(m))}: now ${percent(before.value)} of ${plural(before.n, METRIC_UNITS[m.name])} (${span}).`;
}

/** The change itself, as an approver needs to judge it. */
function changeBlocks(change: ProposalChange): Block[] {
  switch (change.kind) {
    case "prompt":
      return [section(`*New version of the prompt* \`${escape(change.promptId)}\` (from \`${escape(change.baseHash)}\`):`), section(codeBlock(change.diff))];
    case "config":
      return [
        section(`*Setting* \`${escape(change.key)}\` in shopfloor.yml: \`${fenceSafe(inlineYaml(change.from))}\` → \`${fenceSafe(inlineYaml(change.to))}\``),
        section(codeBlock(configYaml(change.key, change.to))),
      ];
    case "issue": {
      const labels = change.labels.length ? ` with ${change.labels.map((l) => `\`${escape(l)}\``).join(", ")}` : "";
      return [section(`*Issue to file*${labels}: ${escape(shorten(change.title, 250))}`), section(codeBlock(change.body))];
    }
  }
}

function decidedLine(p: Proposal): string {
  const by = p.decidedBy ? `<@${p.decidedBy}>` : "someone";
  const at = p.decidedAt ? ` (${slackTime(p.decidedAt, true)})` : "";
  return `${by}${at}`;
}

/** How the decision came out, in the card's last blocks. */
function outcomeBlocks(p: Proposal): Block[] {
  const result = readProposalResult(p.result);
  const links: string[] = [];
  if (result.issue) links.push(`Issue: <${result.issue.url}|#${result.issue.number}>`);
  if (result.pr) links.push(`Pull request: <${result.pr.url}|#${result.pr.number}>`);
  const prError = result.prError ? [context(`:warning: The pull request could not be opened: ${escape(result.prError)}`)] : [];
  const linkBlocks = links.length ? [context(links.join(" · "))] : [];
  switch (p.status) {
    case "open":
      return [];
    case "rejected":
      return [section(`:x: Rejected by ${decidedLine(p)}. Nothing was changed.`)];
    case "expired":
      return [section(`:hourglass: Expired${p.decidedAt ? ` (${slackTime(p.decidedAt, true)})` : ""}: nobody decided in time. Nothing was changed.`)];
    case "failed":
      return [section(`:warning: Approved by ${decidedLine(p)}, but it could not be applied: ${escape(result.reason ?? "unknown reason")}`), ...linkBlocks, ...prError];
    case "approved": {
      const c = p.change;
      if (c.kind === "prompt") {
        const version = result.version ? `v${result.version} of \`${escape(c.promptId)}\` is in use.` : `a new version of \`${escape(c.promptId)}\` is in use.`;
        return [section(`:white_check_mark: Approved by ${decidedLine(p)}: ${version}`), ...linkBlocks, ...prError];
      }
      if (c.kind === "config") {
        return [
          section(
            `:white_check_mark: Approved by ${decidedLine(p)}. The running configuration is read once at start: put this in shopfloor.yml and restart Shopfloor to apply it:`,
          ),
          section(codeBlock(configYaml(c.key, c.to))),
          ...linkBlocks,
          ...prError,
        ];
      }
      return [section(`:white_check_mark: Approved by ${decidedLine(p)}: ${result.issue ? `filed <${result.issue.url}|#${result.issue.number}>.` : "filed."}`), ...prError];
    }
  }
}

const STATUS_WORDS: Record<Proposal["status"], string> = {
  open: "waiting for a decision",
  approved: "approved",
  rejected: "rejected",
  expired: "expired",
  failed: "approved, but it could not be applied",
};

/**
 * The card an approver decides on: title, rationale, the change (a prompt diff, a setting as YAML, an issue), the
 * metric it targets, Approve and Reject while it is open and the expiry date; once decided, who decided, when and
 * what it did. Pure.
 */
export function proposalCard(f: ProposalCardFacts): Message {
  const p = f.proposal;
  const blocks: Block[] = [
    header(`Proposal: ${p.title}`),
    context(`#${p.id} · from ${SOURCE[p.source]} · ${p.change.kind} change`),
    section(escape(p.rationale)),
    ...changeBlocks(p.change),
  ];
  if (p.metric) blocks.push(context(metricLine(p.metric)));
  if (p.status === "open") {
    blocks.push(context(`Nothing changes until an approver approves. Expires ${slackTime(f.expiresAt, true)}.`));
    if (f.buttons) {
      const { threadId, slot } = f.buttons;
      const value = (choice: string) => encodeButtonValue({ graph: "proposal", threadId, interruptId: slot, choice });
      blocks.push({
        type: "actions",
        block_id: "proposal_actions",
        elements: [
          { type: "button", action_id: PROPOSAL_APPROVE_ACTION, text: plain("Approve"), style: "primary", value: value("approve") },
          { type: "button", action_id: PROPOSAL_REJECT_ACTION, text: plain("Reject"), value: value("reject") },
        ],
      });
    }
  } else {
    blocks.push(...outcomeBlocks(p));
  }
  return { text: `Proposal #${p.id}: ${escape(shorten(p.title, 150))} — ${STATUS_WORDS[p.status]}`, blocks };
}

/** A private line to someone who clicked without the right to decide. */
export const PROPOSAL_REFUSAL = "Only approvers can approve or reject proposals.";

interface PlannerReportFacts {
  specPath: string;
  summary: string;
  gaps: { large: number; medium: number; small: number };
  proposed: readonly { id: number; title: string }[];
  skipped: readonly { title: string; why: string }[];
  /** Where the proposal cards are. */
  channel?: string;
}

/** The planner's report: the grade and what it proposed. Pure. */
export function plannerReport(f: PlannerReportFacts): Message {
  const total = f.gaps.large + f.gaps.medium + f.gaps.small;
  const sizes = total ? ` (${f.gaps.large} large, ${f.gaps.medium} medium, ${f.gaps.small} small)` : "";
  const head = `:triangular_ruler: *Planner*: graded the repository against \`${escape(f.specPath)}\`: ${plural(total, "gap")}${sizes}, ${plural(f.proposed.length, "proposal")} to decide on${f.proposed.length && f.channel ? ` in <#${f.channel}>` : ""}.`;
  const blocks: Block[] = [section(head)];
  if (f.summary.trim()) blocks.push(section(escape(shorten(f.summary.trim(), 1500))));
  if (f.proposed.length) blocks.push(section(f.proposed.map((p) => `• #${p.id} ${escape(shorten(p.title, 200))}`).join("\n")));
  if (f.skipped.length) blocks.push(context(`Not proposed again: ${f.skipped.map((s) => `${escape(shorten(s.title, 120))} (${escape(s.why)})`).join("; ")}`));
  return { text: `Planner: ${plural(total, "gap")} against ${f.specPath}, ${plural(f.proposed.length, "proposal")}`, blocks };
}

/** The planner could not do its work: one line that says why and what to do (plain text, escaped here). Pure. */
export function plannerProblem(text: string): Message {
  const line = `:warning: *Planner*: ${escape(text)}`;
  return { text: `Planner: ${text}`, blocks: [section(line)] };
}
