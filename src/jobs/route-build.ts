import { hash, jobId, threadIds } from "../core/ids.js";
import type { GraphJob, SlackCommandJob } from "./job-schemas.js";
import type { Route } from "./route-ingress.js";

type Trigger = { kind: "schedule" | "command" | "mention" | "review"; id: string; user?: string };

/**
 * The build run of an issue. Its thread is the issue's build thread, so a second request for the same issue waits
 * for the first and then finds its PR; the trigger names the job, so a redelivered trigger starts nothing twice.
 */
export function buildStart(repo: string, issue: number, trigger: Trigger, slack?: { channel: string; threadTs?: string }): { job: GraphJob; jobId: string } {
  const threadId = threadIds.build(repo, issue);
  return {
    jobId: jobId("run-build", hash(threadId), trigger.id),
    job: { type: "start", graph: "build", threadId, input: { mode: "build", issue, trigger, ...(slack ? { slack } : {}) } },
  };
}

/** `/shopfloor build 123`: answered in the channel it was typed in (the listener checked the number). */
export function buildFromCommand(job: SlackCommandJob, repository: string | null): Route {
  const issue = Number(/^#?(\d+)$/.exec(job.args.trim())?.[1]);
  if (!Number.isInteger(issue) || issue <= 0) return { kind: "ignore", reason: "build without an issue number" };
  if (!repository) return { kind: "ignore", reason: "no repository configured" };
  const start = buildStart(repository, issue, { kind: "command", id: job.triggerId, user: job.user }, { channel: job.channel });
  return { kind: "graph", jobId: start.jobId, job: { ...start.job, notify: { responseUrl: job.responseUrl, user: job.user } } };
}

/** `@Shopfloor build 123`: progress in the mention's thread. */
export function buildFromMention(repository: string | null, issue: number, mention: { eventId: string; channel: string; ts: string; user: string }): Route {
  if (!repository) return { kind: "ignore", reason: "no repository configured" };
  const start = buildStart(repository, issue, { kind: "mention", id: mention.eventId, user: mention.user }, { channel: mention.channel, threadTs: mention.ts });
  return { kind: "graph", jobId: start.jobId, job: { ...start.job, notify: { channel: mention.channel, threadTs: mention.ts, user: mention.user } } };
}
