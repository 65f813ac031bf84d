/**
 * Everything Shopfloor handles in Slack, in one place (DESIGN §7). The app manifest (src/slack/manifest.ts →
 * slack-manifest.yml), the help text, `shopfloor doctor`'s scope check and the tests that compare the Bolt
 * listeners with the manifest all read these constants, so adding a command or an event here is the one change
 * that keeps them in step.
 */

export const APP_NAME = "Shopfloor";
/** Shown in the app directory and on the app's profile; Slack allows 140 characters. */
export const APP_DESCRIPTION = "Turns Slack bug reports into triaged GitHub issues, reviewed PRs and approved merges.";
/** Bot user name: Slack allows a-z, 0-9, '-', '_' and '.'. */
export const BOT_DISPLAY_NAME = "shopfloor";

export const SLASH_COMMAND = "/shopfloor";

export type SubcommandName = "help" | "bug" | "why" | "status" | "review" | "build" | "recap" | "pause" | "resume" | "audit" | "prompts" | "plan";

export interface Subcommand {
  name: SubcommandName;
  /** What follows `/shopfloor`, with <required> and [optional] arguments. */
  usage: string;
  description: string;
  /** Only configured approvers may run it (DESIGN §9); everyone else gets an ephemeral refusal. */
  approversOnly: boolean;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: "help", usage: "help", description: "Show these commands.", approversOnly: false },
  {
    name: "bug",
    usage: "bug <what happened>",
    description: "Report a bug; it comes back as a triaged GitHub issue linked in the thread.",
    approversOnly: false,
  },
  {
    name: "why",
    usage: "why <PR or issue number>",
    description: "Explain why a PR or issue is stuck and what should happen next; `why review 123` shows why an automation's run on it failed.",
    approversOnly: false,
  },
  {
    name: "status",
    usage: "status",
    description: "Health of every automation: queues, runs in flight, paused automations.",
    approversOnly: false,
  },
  { name: "review", usage: "review <PR number>", description: "Review a pull request now: every file, on every dimension.", approversOnly: false },
  { name: "build", usage: "build <issue number>", description: "Start building an issue now instead of waiting for the hourly run.", approversOnly: false },
  { name: "recap", usage: "recap [daily|weekly]", description: "Post a recap now.", approversOnly: false },
  { name: "pause", usage: "pause <automation>", description: "Pause an automation (approvers only).", approversOnly: true },
  { name: "resume", usage: "resume <automation>", description: "Resume a paused automation (approvers only).", approversOnly: true },
  {
    name: "audit",
    usage: "audit [log [PR number]]",
    description:
      "Audit the last week's runs: failure hot spots, hand-offs, noisy review checks, cost, slow steps; proposes prompt and policy changes for approval. `audit log 123` shows who merged, approved or was refused, newest first.",
    approversOnly: false,
  },
  {
    name: "prompts",
    usage: "prompts [history|rollback <prompt>]",
    description: "The prompts in use; `history review/tests` lists its approved versions; `rollback review/tests` goes back one version (approvers only).",
    approversOnly: false,
  },
  { name: "plan", usage: "plan", description: "Grade the repository against its product spec (planner.specPath) and propose the largest gaps as issues.", approversOnly: false },
];

/** The slash command's usage hint in the Slack composer: every subcommand, most used first. */
export const SLASH_USAGE_HINT = SUBCOMMANDS.map((s) => s.usage).join(" | ");

/** The `/shopfloor help` text (Slack mrkdwn). */
export function helpText(): string {
  const lines = SUBCOMMANDS.map((s) => `• \`${SLASH_COMMAND} ${s.usage}\` — ${s.description}`);
  return [
    `*${APP_NAME}* commands:`,
    ...lines,
    `You can also mention @${BOT_DISPLAY_NAME} with a question, post in a bug channel, or use the "Report a bug" shortcut.`,
  ].join("\n");
}

/** Events API subscriptions of the bot user. */
export const BOT_EVENTS = [
  "app_mention",
  "message.channels",
  "message.groups",
  "message.im",
  "app_home_opened",
] as const;
export type BotEvent = (typeof BOT_EVENTS)[number];

export interface Shortcut {
  type: "global" | "message";
  name: string;
  callbackId: string;
  /** Slack allows 150 characters. */
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    type: "global",
    name: "Report a bug",
    callbackId: "report_bug_global",
    description: "Describe a bug; Shopfloor files a triaged GitHub issue and keeps you posted.",
  },
  {
    type: "message",
    name: "Report a bug",
    callbackId: "report_bug_message",
    description: "Turn this message into a bug report; Shopfloor replies in its thread.",
  },
];

/** Bot token scopes: exactly what the surface above and the chat adapter need, nothing more. */
export const BOT_SCOPES = [
  // app_mention events: "@Shopfloor why is #123 stuck?".
  "app_mentions:read",
  // message.channels events and conversations.history/replies in public channels: bug reports, clarification
  // replies, and finding our own earlier message by metadata after a crash (lookup-before-create).
  "channels:history",
  // The same for private channels (message.groups).
  "groups:history",
  // The same for direct messages with the bot (message.im, the App Home Messages tab).
  "im:history",
  // chat.postMessage / chat.update / chat.postEphemeral: thread replies, merge cards, recaps, refusals.
  "chat:write",
  // The /shopfloor slash command and the "Report a bug" shortcuts.
  "commands",
  // reactions.get: see whether a report already carries our progress reaction before adding it again.
  "reactions:read",
  // reactions.add / reactions.remove: progress reactions on reports (received, issue filed, fixed).
  "reactions:write",
  // users.info: reporter and approver names for issues, merge cards and the audit log.
  "users:read",
  // usergroups.users.list: members of the approver groups in shopfloor.yml (approvers.slackGroups).
  "usergroups:read",
  // files.info: screenshots and logs attached to bug reports, passed to triage.
  "files:read",
  // files.getUploadURLExternal / files.completeUploadExternal: the weekly recap's trend chart, a PNG shared in the recap thread.
  "files:write",
  // conversations.info on public channels: doctor and start-up check the configured channels exist and the bot is in them.
  "channels:read",
  // The same for private channels.
  "groups:read",
  // conversations.open: message an approver or a reporter directly (clarifications asked in private).
  "im:write",
] as const;
export type BotScope = (typeof BOT_SCOPES)[number];

/** Scope of the app-level token (SLACK_APP_TOKEN) that Socket Mode needs; it is not part of the manifest. */
export const APP_TOKEN_SCOPES = ["connections:write"] as const;

/** The one HTTP path Slack calls for events, interactivity, commands and shortcuts (Bolt's HTTPReceiver default). */
export const SLACK_EVENTS_PATH = "/slack/events";
