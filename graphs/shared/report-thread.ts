import type { GraphDeps } from "../../src/core/graph-deps.js";

/** A Slack conversation to post in: a channel, and the thread within it when there is one. */
export interface SlackTarget {
  channel: string;
  threadTs?: string;
}

/** The Slack thread of the report a PR came from — directly, or through the issue it fixes — if there is one. */
export async function reportThread(deps: Pick<GraphDeps, "links">, pr: number, issue: number | null): Promise<SlackTarget | null> {
  const link = (await deps.links.find({ prNumber: pr })) ?? (issue ? await deps.links.find({ issueNumber: issue }) : null);
  return link?.slackChannel && link.slackThreadTs ? { channel: link.slackChannel, threadTs: link.slackThreadTs } : null;
}

/** The Slack thread of the report an issue came from, if there is one. */
export async function issueThread(deps: Pick<GraphDeps, "links">, issue: number): Promise<SlackTarget | null> {
  const link = await deps.links.find({ issueNumber: issue });
  return link?.slackChannel && link.slackThreadTs ? { channel: link.slackChannel, threadTs: link.slackThreadTs } : null;
}

/** Where people hear about a PR: its report's thread, else the merge channel, else nowhere. */
export async function prConversation(deps: Pick<GraphDeps, "links" | "settings">, pr: number, issue: number | null): Promise<SlackTarget | null> {
  return (await reportThread(deps, pr, issue)) ?? mergeChannel(deps);
}

export function mergeChannel(deps: Pick<GraphDeps, "settings">): SlackTarget | null {
  return deps.settings.channels.merge ? { channel: deps.settings.channels.merge } : null;
}
