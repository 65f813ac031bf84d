import { createHash } from "node:crypto";

/**
 * Deterministic ids. A graph thread id is derived from what triggered it, so a redelivered trigger lands on
 * the same thread; a job id is derived from the delivery id, so a redelivered request collapses in BullMQ.
 */

export const threadIds = {
  slackThread: (team: string, channel: string, threadTs: string) => `slack:${team}:${channel}:${threadTs}`,
  slackRequest: (team: string, requestId: string) => `slack-req:${team}:${requestId}`,
  issue: (repo: string, issue: number) => `gh-issue:${repo}#${issue}`,
  /** One review thread per PR: its runs take turns on the thread lock, so two pushes never review at once. */
  pullRequest: (repo: string, pr: number) => `gh-pr:${repo}#${pr}`,
  /** The shepherd's thread of a PR: what it tried per head SHA lives in its state. */
  shepherd: (repo: string, pr: number) => `gh-pr:${repo}#${pr}:shepherd`,
  /** The build of an issue: one at a time per issue, whatever started it. */
  build: (repo: string, issue: number) => `gh-issue:${repo}#${issue}:build`,
  /** Fix mode on a PR: one at a time per PR; listed with the PR's other threads by prefix. */
  fix: (repo: string, pr: number) => `gh-pr:${repo}#${pr}:fix`,
  sentryIssue: (org: string, issueId: string) => `sentry:${org}:${issueId}`,
  /** The card of one audit or planner proposal. */
  proposal: (id: number) => `proposal:${id}`,
};

/** The BullMQ queue of an automation (one each, so each can be paused alone); graphs count a paused one's backlog. */
export const graphQueueName = (graph: string) => `shopfloor-graph-${graph}`;

/**
 * BullMQ refuses custom job ids that contain ':' or are integer-only. Keep ids readable where possible
 * and fall back to a hash when the source has characters we do not want in Redis keys.
 */
export function jobId(prefix: string, ...parts: string[]): string {
  const raw = parts.join("-");
  const safe = raw.replace(/[^A-Za-z0-9._-]/g, "_");
  const id = `${prefix}-${safe}`;
  return id.length <= 200 ? id : `${prefix}-${hash(raw)}`;
}

export function hash(text: string, length = 16): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Idempotency key of an effect: graph thread + node + intent. */
export function effectKey(threadId: string, node: string, intent: string): string {
  return `${threadId}/${node}/${intent}`;
}

/** The hidden marker written into GitHub bodies so a create can be looked up before it is repeated. */
export function githubMarker(key: string): string {
  return `<!-- shopfloor:key=${hash(key, 24)} -->`;
}
