import { context, escapeMrkdwn as escape, section } from "./mrkdwn.js";
import { encodeButtonValue } from "../core/button-value.js";
import type { Block } from "../core/ports/chat-port.js";

export interface Message {
  text: string;
  blocks: Block[];
}

/** The merged pull request a verification is about. */
export interface MergedPr {
  number: number;
  title: string;
  url: string;
  /** The merge commit. */
  sha: string;
}

const prLink = (pr: MergedPr) => `<${pr.url}|#${pr.number} ${escape(pr.title)}>`;
/** The notification text: links spelled out, mentions kept (Slack renders them there too). */
const plain = (mrkdwn: string) => mrkdwn.replace(/<([^@|>][^|>]*)\|([^>]+)>/g, "$2 ($1)");

export interface PassedFacts {
  pr: MergedPr;
  /** "4 check(s) passed", or that none were reported. */
  checks: string;
  smoke?: string;
  /** The linked issue: closed now by Shopfloor, or found closed already (by GitHub's closing keywords). */
  issue?: { number: number; closed: "now" | "already" };
}

/** The ✅ reply in the merge's thread. */
export function verifyPassed(f: PassedFacts): Message {
  const facts = [f.checks, f.smoke].filter(Boolean).join(" · ");
  const issue = f.issue ? (f.issue.closed === "now" ? ` Closed #${f.issue.number}.` : ` #${f.issue.number} is closed.`) : "";
  const head = `:white_check_mark: Merge of ${prLink(f.pr)} verified at \`${f.pr.sha.slice(0, 7)}\`: ${escape(facts)}.${issue}`;
  return { text: plain(head), blocks: [section(head)] };
}

/** Where the revert offer stands: open (with the button's target), taken, or expired. */
export type RevertOffer =
  | { kind: "open"; threadId: string; slot: string }
  | { kind: "taken"; by: string; number: number; url: string }
  | { kind: "expired"; days: number };

export interface FailedFacts {
  pr: MergedPr;
  severity: "P0" | "P1";
  detail: string;
  evidence: readonly string[];
  /** Absent where no revert can be offered. */
  revert?: RevertOffer;
}

/**
 * The failure alert in the merge's thread: what failed and the evidence, with an Open revert PR button. The bug
 * itself is filed by triage, which announces it in the same thread.
 */
export function verifyFailed(f: FailedFacts): Message {
  const head = `:rotating_light: *${f.severity}*: the merge of ${prLink(f.pr)} (\`${f.pr.sha.slice(0, 7)}\`) failed verification: ${escape(f.detail)}.`;
  const evidence = f.evidence.slice(0, 12).map((e) => `• ${escape(e)}`).join("\n").slice(0, 2900);
  const blocks: Block[] = [section(head), section(`*Evidence*\n${evidence}`), context(`I'm filing a ${f.severity} bug through triage; it will be announced in this thread.`)];
  const offer = f.revert;
  if (offer?.kind === "open") {
    blocks.push({
      type: "actions",
      block_id: "verify_revert",
      elements: [
        {
          type: "button",
          action_id: "verify_open_revert",
          text: { type: "plain_text", text: "Open revert PR" },
          value: encodeButtonValue({ graph: "verify", threadId: offer.threadId, interruptId: offer.slot, choice: "revert" }),
        },
      ],
    });
  } else if (offer?.kind === "taken") {
    blocks.push(context(`:leftwards_arrow_with_hook: <@${offer.by}> opened the revert: <${offer.url}|#${offer.number}>.`));
  } else if (offer?.kind === "expired") {
    blocks.push(context(`The Open revert PR button expired after ${offer.days} day(s). Revert #${f.pr.number} on GitHub if it is still needed.`));
  }
  return { text: plain(head.replace(`*${f.severity}*`, f.severity)), blocks };
}

/** The reply once the revert PR is open. */
export function revertOpened(f: { pr: MergedPr; revert: { number: number; url: string; title: string }; by: string }): Message {
  const head = `:leftwards_arrow_with_hook: <@${f.by}> asked for a revert of #${f.pr.number}: <${f.revert.url}|#${f.revert.number} ${escape(f.revert.title)}> is open. It is reviewed like any other pull request before it can be merged.`;
  return { text: plain(head), blocks: [section(head)] };
}

