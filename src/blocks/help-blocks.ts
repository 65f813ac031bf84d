import type { Block } from "../core/ports/chat-port.js";
import { APP_NAME, BOT_DISPLAY_NAME, SLASH_COMMAND, SUBCOMMANDS } from "../slack/slack-surface.js";

/** The help text: every subcommand and the other ways in. Slack mrkdwn. */
export function helpBody(): string {
  const lines = SUBCOMMANDS.map((s) => `• \`${SLASH_COMMAND} ${s.usage}\` — ${s.description}`);
  return [
    `*${APP_NAME}* commands:`,
    ...lines,
    `You can also mention @${BOT_DISPLAY_NAME} with a question, post in a bug channel, or use the "Report a bug" shortcut; \`@${BOT_DISPLAY_NAME} why did the review of #123 fail?\` shows that run's timeline. ${APP_NAME}'s Home tab shows the health of every automation; approvers pause and resume them there.`,
  ].join("\n");
}

/** Pure Block Kit for the help text; `unknown` is what the person typed that we did not understand. */
export function helpBlocks(opts: { unknown?: string; asked?: "command" | "mention" } = {}): { text: string; blocks: Block[] } {
  const quoted = opts.unknown?.slice(0, 80).replace(/`/g, "'");
  const intro = !quoted
    ? "Here is what I can do:"
    : opts.asked === "mention"
      ? `I can't help with “${quoted}” yet. Here is what I can do:`
      : `I don't know \`${quoted}\`. Here is what I can do:`;
  const body = helpBody();
  return {
    text: `${intro}\n${body}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: intro } },
      { type: "section", text: { type: "mrkdwn", text: body } },
    ],
  };
}
