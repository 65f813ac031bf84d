import { escapeMrkdwn as escape, slackTime } from "./mrkdwn.js";
import type { Block } from "../core/ports/chat-port.js";

export interface EscalationFacts {
  pr: { number: number; title: string; url: string };
  reasons: Array<{ summary: string; evidence: string[]; next: string; owner: string }>;
  /** Already a Slack mention or a login. */
  owner: string;
  deadline: string;
  resumeOn: string;
}

const time = (iso: string) => slackTime(iso, true);

/** The shepherd hands a stalled PR to people: why, who owes the next move, by when, and what ends it. Pure. */
export function escalationMessage(f: EscalationFacts): { text: string; blocks: Block[] } {
  const lines = f.reasons.slice(0, 6).map((r) => `• *${escape(r.summary)}*${r.evidence.length ? `\n   ${r.evidence.slice(0, 3).map(escape).join("\n   ")}` : ""}\n   Next: ${escape(r.next)} (${escape(r.owner)})`);
  const text = `⏳ #${f.pr.number} ${escape(f.pr.title)} is stuck: ${escape(f.reasons[0]?.summary ?? "")}. Over to ${f.owner}.`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `:hourglass_flowing_sand: *Stuck:* <${f.pr.url}|#${f.pr.number} ${escape(f.pr.title)}> — over to ${f.owner}` } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 2900) } },
      { type: "context", elements: [{ type: "mrkdwn", text: `I'll look again by ${time(f.deadline)} and ping if nothing moved. This closes on ${escape(f.resumeOn)}.` }] },
    ],
  };
}
