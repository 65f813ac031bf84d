import { escapeMrkdwn as escape } from "./mrkdwn.js";
import type { Block } from "../core/ports/chat-port.js";

export interface ReviewMessageFacts {
  pr: { number: number; title: string; url: string; author: string };
  /** A PR that passed is announced by the merge card instead. */
  outcome: "changes-requested" | "needs-human";
  /** Why, in words (from the graph's verdict). */
  reason: string;
  counts: { blocker: number; major: number; minor: number; nit: number };
  resolved: number;
  stillOpen: number;
  risk: { level: "low" | "medium" | "high"; reasons: string[] };
  /** "12 of 14 files, 4 of 5 dimensions" — and whether that is everything. */
  coverage: { text: string; partial: boolean };
  round: number;
  maxRounds: number;
  /** The build automation's fix mode takes the change request, instead of the PR's author. */
  fixedByShopfloor?: boolean;
  summaryUrl?: string;
}

const HEADLINE: Record<ReviewMessageFacts["outcome"], string> = {
  "changes-requested": ":large_orange_circle: Changes requested",
  "needs-human": ":raising_hand: Needs a person",
};

const RISK = { low: ":large_green_circle: low", medium: ":large_yellow_circle: medium", high: ":red_circle: high" } as const;

/** What the review found, for the report's Slack thread (or the merge channel). Pure Block Kit. */
export function reviewResultMessage(f: ReviewMessageFacts): { text: string; blocks: Block[] } {
  const found = (["blocker", "major", "minor", "nit"] as const).filter((s) => f.counts[s] > 0).map((s) => `${f.counts[s]} ${s}${f.counts[s] === 1 ? "" : "s"}`);
  const findings = [found.length ? found.join(", ") : "no new findings", f.resolved ? `${f.resolved} fixed` : "", f.stillOpen ? `${f.stillOpen} still open` : ""]
    .filter(Boolean)
    .join(" · ");
  const text = `${HEADLINE[f.outcome].replace(/:[a-z_]+: /, "")} on #${f.pr.number} ${escape(f.pr.title)}: ${findings}. Risk ${f.risk.level}.`;
  const next = {
    "changes-requested": f.fixedByShopfloor
      ? `Shopfloor is fixing the blocking findings on the PR's branch. I review again after its push (round ${f.round} of ${f.maxRounds}).`
      : `Fix requested from @${f.pr.author}: the blocking findings are on the PR. I review again on the next push (round ${f.round} of ${f.maxRounds}).`,
    "needs-human": `${f.reason}. Labelled for a person to take over.`,
  }[f.outcome];
  const blocks: Block[] = [
    { type: "section", text: { type: "mrkdwn", text: `*${HEADLINE[f.outcome]}* · <${f.pr.url}|#${f.pr.number} ${escape(f.pr.title)}>` } },
    { type: "section", text: { type: "mrkdwn", text: `${findings}\n${escape(next)}` } },
    {
      type: "context",
      elements: [
        { type: "mrkdwn", text: `Risk ${RISK[f.risk.level]}: ${escape(f.risk.reasons.slice(0, 2).join("; "))}` },
        { type: "mrkdwn", text: `${f.coverage.partial ? ":warning: Partial review: " : "Reviewed "}${escape(f.coverage.text)}` },
        ...(f.summaryUrl ? [{ type: "mrkdwn", text: `<${f.summaryUrl}|Full summary on GitHub>` }] : []),
      ],
    },
  ];
  return { text, blocks };
}

