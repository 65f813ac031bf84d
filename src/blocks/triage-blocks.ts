import { context, escapeMrkdwn as escape, section } from "./mrkdwn.js";
import { encodeButtonValue } from "../core/button-value.js";
import type { Block } from "../core/ports/chat-port.js";

export interface Message {
  text: string;
  blocks: Block[];
}


/** The one threaded message that shows triage's progress, updated in place at each step. */
export function triageProgress(step: string): Message {
  const text = `:hourglass_flowing_sand: Triaging… ${step}`;
  return { text, blocks: [section(text)] };
}

/** Asks the reporter for what is missing, in the thread. */
export function triageQuestion(reporter: string, missing: readonly string[], deadline: string): Message {
  const items = missing.map((m) => `• ${escape(m)}`).join("\n");
  const text = `<@${reporter}> before I file this, could you add:\n${items}\nReply in this thread. If I hear nothing by ${deadline}, I'll file it as it is, labelled needs-info.`;
  return { text, blocks: [section(text)] };
}

export interface CardFacts {
  issue?: { number: number; url: string; title: string; state?: "open" | "closed" };
  duplicateOf?: { number: number; url: string; title: string };
  type: string;
  severity: string;
  severityReason: string;
  area: string;
  labels: readonly string[];
  candidates: readonly { number: number; url: string; title: string; score: number }[];
  ruleBased?: string;
  needsInfo?: boolean;
  /** The latest change made from the card, for the record ("severity P1 → P2 by @carol"). */
  lastChange?: string;
  /** Where the card's buttons point: graph thread and the slot the waiting node accepts. */
  buttons?: { threadId: string; slot: string };
}

/** The result card: what was filed, how it was judged, likely duplicates, and buttons to correct it. */
export function triageResult(f: CardFacts): Message {
  const head = f.duplicateOf
    ? `:link: This looks like a duplicate of <${f.duplicateOf.url}|#${f.duplicateOf.number} ${escape(f.duplicateOf.title)}>. I added the report there as a comment.`
    : f.issue
      ? `:white_check_mark: Filed <${f.issue.url}|#${f.issue.number} ${escape(f.issue.title)}>${f.issue.state === "closed" ? " (closed)" : ""}${f.needsInfo ? " — labelled needs-info, as the details did not arrive" : ""}`
      : ":white_check_mark: Triaged";
  const blocks: Block[] = [
    section(head),
    section(`*${f.type}* · *${f.severity}* — ${escape(f.severityReason)}\n*Area:* ${f.area}${f.labels.length ? `\n*Labels:* ${f.labels.map((l) => `\`${l}\``).join(" ")}` : ""}`),
  ];
  if (f.candidates.length && !f.duplicateOf) {
    blocks.push(section(`*Possibly related:*\n${f.candidates.map((c) => `• <${c.url}|#${c.number} ${escape(c.title)}> (${Math.round(c.score * 100)}% similar)`).join("\n")}`));
  }
  if (f.ruleBased) blocks.push(context(`:warning: Rule-based triage: ${escape(f.ruleBased)}. Check the labels.`));
  if (f.lastChange) blocks.push(context(f.lastChange)); // composed by us: it carries a real mention
  if (f.buttons && f.issue && f.issue.state !== "closed") {
    const value = (choice: string) => encodeButtonValue({ graph: "triage", threadId: f.buttons!.threadId, interruptId: f.buttons!.slot, choice });
    blocks.push({
      type: "actions",
      block_id: "triage_card",
      elements: [
        { type: "button", action_id: "triage_change_severity", text: { type: "plain_text", text: "Change severity" }, value: value("severity") },
        { type: "button", action_id: "triage_not_bug", text: { type: "plain_text", text: "Not a bug" }, value: value("not-bug"), style: "danger" },
        { type: "button", action_id: "triage_duplicate_of", text: { type: "plain_text", text: "Duplicate of…" }, value: value("duplicate") },
      ],
    });
  }
  return { text: head.replace(/<([^|>]+)\|([^>]+)>/g, "$2 ($1)"), blocks };
}

/** A question answered from the docs, with a way to file an issue anyway. */
export function triageAnswer(answer: string, buttons?: { threadId: string; slot: string }): Message {
  const blocks: Block[] = [section(escape(answer)), context("Answered from the repository's docs and issues. Not what you needed?")];
  if (buttons) {
    blocks.push({
      type: "actions",
      block_id: "triage_answer",
      elements: [
        {
          type: "button",
          action_id: "triage_open_issue",
          text: { type: "plain_text", text: "Open an issue instead" },
          value: encodeButtonValue({ graph: "triage", threadId: buttons.threadId, interruptId: buttons.slot, choice: "open-issue" }),
        },
      ],
    });
  }
  return { text: escape(answer), blocks };
}

export function triageCancelled(reason: string): Message {
  const text = `:no_entry_sign: Triage cancelled: ${reason}`;
  return { text, blocks: [section(text)] };
}

/** The report posted in the bug channel when it came from a command or the global shortcut. */
export function reportPosted(reporter: string, title: string, body: string): Message {
  const text = `:bug: Bug report from <@${reporter}>: *${escape(title)}*\n${escape(body).slice(0, 2800)}`;
  return { text, blocks: [section(text)] };
}

