import { escapeMrkdwn as escape, slackTime as time, plainText as plain } from "./mrkdwn.js";
import { encodeButtonValue } from "../core/button-value.js";
import type { Block } from "../core/ports/chat-port.js";

export const MERGE_APPROVE_ACTION = "merge_approve";
/** Opens the "Request changes" modal in the edge; the modal's submission signals the merge run. */
export const MERGE_REQUEST_CHANGES_ACTION = "merge_request_changes";

/** Where the card stands, as the merge graph keeps it in its state. */
export type MergeCardStatus =
  | { kind: "waiting" }
  | { kind: "snoozed"; by: string; until: string }
  | { kind: "blocked"; problems: string[] }
  | { kind: "superseded"; why: string }
  | { kind: "changes-requested"; by: string; reason: string }
  | { kind: "merged"; by: string | null; policy?: string; sha: string; at: string }
  | { kind: "failed"; why: string }
  | { kind: "expired" };

export interface MergeCardFacts {
  pr: { number: number; title: string; url: string; author: string; additions: number; deletions: number; changedFiles: number };
  reviewedSha: string;
  issue: { number: number; title: string; url: string } | null;
  bottomLine: string;
  risk: { level: "low" | "medium" | "high"; reasons: string[] };
  checks: { total: number; failing: string[]; pending: string[] };
  approvedByPolicy: boolean;
  status: MergeCardStatus;
  /** Where the buttons point: the merge run's thread and the slot its wait accepts. */
  buttons: { threadId: string; slot: string };
}

const RISK = { low: ":large_green_circle: low risk", medium: ":large_yellow_circle: medium risk", high: ":red_circle: high risk" } as const;

/** The merge request card: what is being merged, how it was judged, and the decision buttons while one is open. */
export function mergeCard(f: MergeCardFacts): { text: string; blocks: Block[] } {
  const sha7 = f.reviewedSha.slice(0, 7);
  const checks = f.checks.total === 0 ? "no checks" : f.checks.failing.length ? `:x: ${f.checks.failing.length} failing` : f.checks.pending.length ? `:hourglass: ${f.checks.pending.length} running` : `:white_check_mark: ${f.checks.total} passing`;
  const facts = [
    `by @${escape(f.pr.author)}`,
    f.issue ? `fixes <${f.issue.url}|#${f.issue.number}>` : null,
    `+${f.pr.additions} −${f.pr.deletions} in ${f.pr.changedFiles} file${f.pr.changedFiles === 1 ? "" : "s"}`,
    `checks: ${checks}`,
    f.approvedByPolicy ? "review: approved by policy" : "review: passed, no blocking findings",
  ].filter(Boolean);
  const blocks: Block[] = [
    { type: "section", text: { type: "mrkdwn", text: `:shipit: *Ready to merge:* <${f.pr.url}|#${f.pr.number} ${escape(f.pr.title)}>\n${facts.join(" · ")}` } },
  ];
  if (f.bottomLine) blocks.push({ type: "section", text: { type: "mrkdwn", text: `> ${escape(f.bottomLine).replace(/\n/g, "\n> ")}` } });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `${RISK[f.risk.level]}${f.risk.reasons.length ? `: ${escape(f.risk.reasons.slice(0, 3).join("; "))}` : ""} · reviewed at \`${sha7}\`` }] });
  const line = statusLine(f.status, sha7);
  if (line) blocks.push({ type: "section", text: { type: "mrkdwn", text: line } });
  const open = f.status.kind === "waiting" || f.status.kind === "snoozed" || f.status.kind === "blocked";
  if (open) blocks.push(buttons(f));
  return { text: `Merge request: #${f.pr.number} ${escape(f.pr.title)} (${f.risk.level} risk)${line ? ` — ${line.replace(/[*:_]/g, "")}` : ""}`, blocks };
}

function statusLine(s: MergeCardStatus, sha7: string): string | null {
  switch (s.kind) {
    case "waiting":
      return null;
    case "snoozed":
      return `:zzz: Snoozed by <@${s.by}> until ${time(s.until)}`;
    case "blocked":
      return `:warning: Not merged: ${s.problems.map(escape).join("; ")}.`;
    case "superseded":
      return `:arrows_counterclockwise: Not merged: ${escape(s.why)}.`;
    case "changes-requested":
      return `:leftwards_arrow_with_hook: Changes requested by <@${s.by}>: ${escape(s.reason)}`;
    case "merged":
      return `:white_check_mark: *Merged* by ${s.by ? `<@${s.by}>` : `policy ${escape(s.policy ?? "")}`} at ${time(s.at)} (\`${sha7}\`)`;
    case "failed":
      return `:x: ${escape(s.why)}`;
    case "expired":
      return ":hourglass: This card expired; the next clean review posts a new one.";
  }
}

function buttons(f: MergeCardFacts): Block {
  const value = (choice: string) => encodeButtonValue({ graph: "merge", threadId: f.buttons.threadId, interruptId: f.buttons.slot, choice });
  const approve: Record<string, unknown> = { type: "button", action_id: MERGE_APPROVE_ACTION, text: plain("Approve & merge"), style: "primary", value: value("approve") };
  if (f.risk.level === "high") {
    approve.confirm = {
      title: plain("Merge a high-risk PR?"),
      text: { type: "mrkdwn", text: `#${f.pr.number} is *high risk*: ${escape(f.risk.reasons.slice(0, 2).join("; ") || "see the review")}. Merge \`${f.reviewedSha.slice(0, 7)}\` now?` },
      confirm: plain("Merge"),
      deny: plain("Cancel"),
      style: "danger",
    };
  }
  return {
    type: "actions",
    block_id: "merge_actions",
    elements: [
      approve,
      { type: "button", action_id: MERGE_REQUEST_CHANGES_ACTION, text: plain("Request changes"), value: value("request-changes") },
      { type: "button", action_id: "merge_snooze_1h", text: plain("Snooze 1 hour"), value: value("snooze-1h") },
      { type: "button", action_id: "merge_snooze_1d", text: plain("Snooze 1 day"), value: value("snooze-1d") },
      { type: "button", action_id: "merge_open_pr", text: plain("Open PR"), url: f.pr.url },
    ],
  };
}
