import type { Block } from "../core/ports/chat-port.js";
import { APP_NAME, BOT_DISPLAY_NAME, SLASH_COMMAND, SUBCOMMANDS, type SubcommandName } from "../slack/slack-surface.js";

/** What a subcommand cannot do yet in this installation, said next to it in the help. */
const NOT_INSTALLED: Partial<Record<SubcommandName, string>> = {
  audit: "only `audit log` works so far; the audit of recent runs is not installed yet",
};

/** The help text: every subcommand (marking what is not installed yet) and the other ways in. Slack mrkdwn. */
export function helpBody(): string {
  const lines = SUBCOMMANDS.map((s) => {
    const note = NOT_INSTALLED[s.name];
    return `• \`${SLASH_COMMAND} ${s.usage}\` — ${s.description}${note ? ` _(${note})_` : ""}`;
  });
  return [
    `*${APP_NAME}* commands:`,
    ...lines,
    `You can also mention @${BOT_DISPLAY_NAME} with a question, post in a bug channel, or use the "Report a bug" shortcut. ${APP_NAME}'s Home tab shows the health of every automation; approvers pause and resume them there.`,
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

/** A bare `/shopfloor audit`: the audit automation behind it is not installed yet (`audit log` is). */
export function notAvailableBlocks(subcommand: string): { text: string; blocks: Block[] } {
  const text = `\`${SLASH_COMMAND} ${subcommand}\` is not available in this installation yet: the automation behind it is not installed. \`${SLASH_COMMAND} audit log [PR number]\` shows the audit log; \`${SLASH_COMMAND} help\` lists what works today.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
