import type { Block } from "../core/ports/chat-port.js";
import { helpText } from "../slack/slack-surface.js";

/** Pure Block Kit for the help text; `unknown` is what the person typed that we did not understand. */
export function helpBlocks(opts: { unknown?: string; asked?: "command" | "mention" } = {}): { text: string; blocks: Block[] } {
  const quoted = opts.unknown?.slice(0, 80).replace(/`/g, "'");
  const intro = !quoted
    ? "Here is what I can do:"
    : opts.asked === "mention"
      ? `I can't help with “${quoted}” yet. Here is what I can do:`
      : `I don't know \`${quoted}\`. Here is what I can do:`;
  const body = helpText();
  return {
    text: `${intro}\n${body}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: intro } },
      { type: "section", text: { type: "mrkdwn", text: body } },
    ],
  };
}

/** A subcommand that belongs to an automation this installation does not run yet. */
export function notAvailableBlocks(subcommand: string): { text: string; blocks: Block[] } {
  const text = `\`/shopfloor ${subcommand}\` is not available in this installation yet: the automation behind it is not installed. \`/shopfloor help\` lists what works today.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
