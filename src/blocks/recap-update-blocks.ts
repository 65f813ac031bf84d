import { encodeButtonValue } from "../core/button-value.js";
import type { Block } from "../core/ports/chat-port.js";
import { context, escapeMrkdwn, section, plainText as plain } from "./mrkdwn.js";

/** The section holding the draft: the Edit button's listener reads the current text back from it. */
export const RECAP_UPDATE_TEXT_BLOCK = "recap_update_text";
export const RECAP_UPDATE_APPROVE_ACTION = "recap_update_approve";
export const RECAP_UPDATE_EDIT_ACTION = "recap_update_edit";
export const RECAP_UPDATE_DISCARD_ACTION = "recap_update_discard";
/** The longest post the card and the Edit form accept. */
export const PUBLIC_UPDATE_MAX = 1200;

/** Where the draft stands; each state draws the card differently. */
export type PublicUpdateStatus =
  | { kind: "waiting"; editedBy?: string }
  | { kind: "approved"; by: string; publishedIn?: string }
  | { kind: "discarded"; by: string }
  | { kind: "expired" };

export interface PublicUpdateCardFacts {
  text: string;
  status: PublicUpdateStatus;
  /** Where the buttons point while the card waits: graph thread and the slot the waiting node accepts. */
  buttons?: { threadId: string; slot: string };
}

export interface PublicUpdateMessage {
  text: string;
  blocks: Block[];
}


const HEADERS: Record<PublicUpdateStatus["kind"], string> = {
  waiting: "Public update for the week — draft",
  approved: "Public update for the week — approved",
  discarded: "Public update for the week — discarded",
  expired: "Public update for the week — expired",
};

/** The status line, composed by us: its mentions are real user and channel ids. */
function statusLine(s: PublicUpdateStatus): string {
  switch (s.kind) {
    case "waiting":
      return "Nothing is published until an approver approves it.";
    case "approved":
      return s.publishedIn ? `:white_check_mark: Approved by <@${s.by}> and published in <#${s.publishedIn}>` : `:white_check_mark: Approved by <@${s.by}> — ready to publish`;
    case "discarded":
      return `:wastebasket: Discarded by <@${s.by}>`;
    case "expired":
      return ":hourglass: Expired: nobody approved this week's update";
  }
}

/**
 * The card maintainers decide on: the draft (the model's, or an approver's edit) with Approve, Edit and Discard while
 * it waits, then who decided. The text stays on the card in every state, so an approved post can be copied. Pure.
 */
export function publicUpdateCard(f: PublicUpdateCardFacts): PublicUpdateMessage {
  const header = HEADERS[f.status.kind];
  const line = statusLine(f.status);
  const blocks: Block[] = [
    { type: "header", text: plain(header) },
    { ...section(escapeMrkdwn(f.text)), block_id: RECAP_UPDATE_TEXT_BLOCK },
  ];
  if (f.status.kind === "waiting" && f.status.editedBy) blocks.push(context(`Edited by <@${f.status.editedBy}>`));
  blocks.push(context(line));
  if (f.status.kind === "waiting" && f.buttons) {
    const { threadId, slot } = f.buttons;
    const value = (choice: string) => encodeButtonValue({ graph: "recap", threadId, interruptId: slot, choice });
    blocks.push({
      type: "actions",
      block_id: "recap_update_actions",
      elements: [
        { type: "button", action_id: RECAP_UPDATE_APPROVE_ACTION, text: plain("Approve"), style: "primary", value: value("approve") },
        { type: "button", action_id: RECAP_UPDATE_EDIT_ACTION, text: plain("Edit"), value: value("edit") },
        {
          type: "button",
          action_id: RECAP_UPDATE_DISCARD_ACTION,
          text: plain("Discard"),
          value: value("discard"),
          // A discarded week has no undo: one confirmation against a stray click.
          confirm: { title: plain("Discard this week's update?"), text: plain("Nothing is published and the card stops waiting."), confirm: plain("Discard"), deny: plain("Keep it") },
        },
      ],
    });
  }
  const summary = f.status.kind === "waiting" ? escapeMrkdwn(f.text.slice(0, 150)) : line;
  return { text: `${header}: ${summary}`, blocks };
}

/** The approved post as published: exactly the text on the card, escaped so it can ping or link nobody. */
export function publicUpdateMessage(text: string): PublicUpdateMessage {
  const escaped = escapeMrkdwn(text);
  return { text: escaped, blocks: [section(escaped)] };
}

/**
 * The draft as the card shows it, from a message as Slack sends it back (a click's `body.message`): the text of the
 * `recap_update_text` section, unescaped. Null when the message is not a public update card.
 */
export function readPublicUpdateText(message: unknown): string | null {
  const blocks = (message as { blocks?: unknown } | null | undefined)?.blocks;
  if (!Array.isArray(blocks)) return null;
  const block = blocks.find((b): b is { text?: { text?: unknown } } => !!b && typeof b === "object" && (b as { block_id?: unknown }).block_id === RECAP_UPDATE_TEXT_BLOCK);
  const text = block?.text?.text;
  return typeof text === "string" ? text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") : null;
}
