import { agoPhrase } from "../core/ago.js";
import { SECTION_MAX, escapeMrkdwn as escape, header, section } from "./mrkdwn.js";
import { shorten, oneLine } from "../core/text.js";
import type { Block } from "../core/ports/chat-port.js";
import type { ForgeTimelineEvent } from "../core/ports/forge-port.js";

/** What the number asked about turned out to be. */
export type ExplainSubject =
  | { kind: "pr"; number: number; title: string; url: string; author: string; state: "open" | "closed"; merged: boolean; draft: boolean }
  | { kind: "issue"; number: number; title: string; url: string; state: "open" | "closed"; labels: string[]; linkedPr: number | null }
  | { kind: "missing"; number: number; repository: string }
  /** A link to a repository Shopfloor does not look after. */
  | { kind: "elsewhere"; number: number; repository: string; watched: string };

/** One thing in the way, as the diagnosis states it (structurally a diagnosis `Reason`). */
export interface ExplainReason {
  summary: string;
  evidence: string[];
  next: string;
  owner: string;
}

export interface ExplainView {
  subject: ExplainSubject;
  reasons: ExplainReason[];
  /** The model's summary, when there is one. */
  paragraph?: string;
  /** Recent events, oldest first. */
  timeline: ForgeTimelineEvent[];
  /** ISO time the facts were read: timeline times are shown relative to it. */
  now: string;
}

/** Slack refuses a message over 50 blocks. */
const MAX_REASONS = 10;
const MAX_EVIDENCE = 6;
const MAX_EVENTS = 8;

/** Reasons are worded to follow a colon ("stuck: merge conflicts with main"); as a line of their own they start a sentence. */
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The answer to "why is #123 stuck?": what is in the way, who moves next, and what happened lately. */
export function explainBlocks(view: ExplainView): { text: string; blocks: Block[] } {
  const s = view.subject;
  switch (s.kind) {
    case "missing": {
      const text = `I can't find #${s.number} in ${s.repository}.`;
      return { text, blocks: [section(text)] };
    }
    case "elsewhere": {
      const text = `#${s.number} is in ${s.repository}, and I only look after ${s.watched}.`;
      return { text, blocks: [section(escape(text))] };
    }
    case "issue":
      return issueBlocks(s, view);
    case "pr":
      return prBlocks(s, view);
  }
}

function prBlocks(s: Extract<ExplainSubject, { kind: "pr" }>, view: ExplainView): { text: string; blocks: Block[] } {
  const title = s.merged ? `#${s.number} is merged` : s.state === "closed" ? `#${s.number} was closed without being merged` : `Why #${s.number} isn't merged yet`;
  const blocks: Block[] = [header(title), section(`<${s.url}|#${s.number} ${escape(oneLine(s.title))}> by @${escape(s.author)}${s.draft && s.state === "open" ? " · draft" : ""}`)];
  if (view.paragraph) blocks.push(section(escape(view.paragraph)));

  let summary: string;
  if (s.state === "open") {
    const shown = view.reasons.slice(0, MAX_REASONS);
    if (shown.length === 0) {
      summary = "Nothing is in the way that I can see: it is ready to merge.";
      blocks.push(section(`*What's in the way*\n${summary}`));
    } else {
      summary = shown.map((r) => oneLine(r.summary)).join("; ");
      blocks.push(section("*What's in the way*"));
      shown.forEach((r, i) => blocks.push(section(reasonText(r, i + 1))));
      const more = view.reasons.length - shown.length;
      if (more > 0) blocks.push(section(`…and ${more} more.`));
    }
  } else {
    summary = s.merged ? "it is merged" : "it was closed without being merged";
  }
  const recent = recentlyText(view);
  if (recent) blocks.push(section(recent));
  if (view.paragraph) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: "The summary above was written by a model from the facts below it." }] });
  return { text: shorten(`${title}: ${summary}`, SECTION_MAX), blocks };
}

function issueBlocks(s: Extract<ExplainSubject, { kind: "issue" }>, view: ExplainView): { text: string; blocks: Block[] } {
  const title = `#${s.number} is an issue, not a pull request`;
  const labels = s.labels.length ? `Labels: ${s.labels.map((l) => `\`${escape(l)}\``).join(", ")}` : "No labels";
  const pr = s.linkedPr
    ? `Its pull request is #${s.linkedPr}: \`/shopfloor why ${s.linkedPr}\` explains what holds that up.`
    : "`why` explains pull requests, and I know of no pull request for this issue yet.";
  const blocks: Block[] = [header(title), section(`<${s.url}|#${s.number} ${escape(oneLine(s.title))}>\n${s.state === "open" ? "Open" : "Closed"} · ${labels}\n${pr}`)];
  const recent = recentlyText(view);
  if (recent) blocks.push(section(recent));
  return { text: `${title} (${s.state}${s.labels.length ? `, ${s.labels.join(", ")}` : ""}).`, blocks };
}

function reasonText(r: ExplainReason, n: number): string {
  const evidence = r.evidence.slice(0, MAX_EVIDENCE).map((e) => `• ${escape(oneLine(e))}`);
  if (r.evidence.length > MAX_EVIDENCE) evidence.push(`• …and ${r.evidence.length - MAX_EVIDENCE} more`);
  return [`*${n}. ${escape(sentence(oneLine(r.summary)))}*`, ...evidence, `*Next:* ${escape(sentence(oneLine(r.next)))} (${escape(r.owner)})`].join("\n");
}

function recentlyText(view: ExplainView): string | null {
  const events = view.timeline.slice(-MAX_EVENTS);
  if (events.length === 0) return null;
  return `*Recently*\n${events.map((e) => `• ${eventLine(e, view.now)}`).join("\n")}`;
}

const VERBS: Record<string, string> = {
  committed: "pushed",
  reviewed: "reviewed",
  commented: "commented",
  labeled: "added the label",
  unlabeled: "removed the label",
  merged: "merged it",
  closed: "closed it",
  reopened: "reopened it",
  ready_for_review: "marked it ready for review",
  convert_to_draft: "turned it back into a draft",
  review_requested: "asked for a review",
  review_request_removed: "withdrew a review request",
  head_ref_force_pushed: "force-pushed",
  head_ref_deleted: "deleted the branch",
  base_ref_changed: "changed the base branch",
  assigned: "assigned",
  unassigned: "unassigned",
  renamed: "renamed it",
};

function eventLine(e: ForgeTimelineEvent, now: string): string {
  const when = e.at ? agoPhrase(e.at, now) : "";
  const who = e.actor ? `@${escape(e.actor)} ` : "";
  const verb = VERBS[e.event] ?? e.event.replace(/_/g, " ");
  const detail = e.detail ? `: ${escape(shorten(oneLine(e.detail), 120))}` : "";
  return `${when ? `${when} · ` : ""}${who}${verb}${detail}`;
}

