import { hash, jobId, threadIds } from "../core/ids.js";
import type { IngressJob, NotifyTarget, SlackCommandJob } from "./job-schemas.js";
import { positiveInt, record, text } from "./route-fields.js";
import type { Route } from "./route-ingress.js";

type GithubJob = Extract<IngressJob, { source: "github" }>;

/** The pull_request actions that mean "there is new code to review". Closing, labelling, editing do not. */
export const REVIEW_ACTIONS = new Set(["opened", "reopened", "ready_for_review", "synchronize"]);

/** `@shopfloor review` at the start of a line of a PR comment (any case). */
const REVIEW_REQUEST = /(^|\n)\s*@shopfloor\s+review\b/i;

function startReview(repo: string, pr: number, input: Record<string, unknown>, trigger: string, notify?: NotifyTarget): Route {
  const threadId = threadIds.pullRequest(repo, pr);
  return { kind: "graph", jobId: jobId("run-review", hash(threadId), trigger), job: { type: "start", graph: "review", threadId, input, ...(notify ? { notify } : {}) } };
}

const repoOf = (job: GithubJob) => text(record(job.payload.repository)?.full_name) ?? "repo";

/**
 * A push, an opened or a re-opened PR starts a review. Drafts, labels and excluded authors are checked by the
 * graph on fresh facts: the webhook may be minutes old by the time the job runs.
 */
export function reviewFromPullRequest(job: GithubJob): Route {
  const pr = positiveInt(record(job.payload.pull_request)?.number);
  if (!pr || !job.action || !REVIEW_ACTIONS.has(job.action)) return { kind: "ignore", reason: `pull_request.${job.action ?? "?"} needs no review` };
  const kind = job.action as "opened" | "reopened" | "ready_for_review" | "synchronize";
  return startReview(repoOf(job), pr, { pr, trigger: { kind, id: job.deliveryId } }, job.deliveryId);
}

/** `@shopfloor review` in a PR comment. Whether its author may ask (write access) is checked by the graph. */
export function reviewFromComment(job: GithubJob): Route {
  const issue = record(job.payload.issue);
  const number = positiveInt(issue?.number);
  const comment = record(job.payload.comment);
  const body = text(comment?.body);
  if (job.action !== "created" || !number || !body || !REVIEW_REQUEST.test(body)) return { kind: "ignore", reason: "a comment that asks for nothing" };
  if (!issue?.pull_request) return { kind: "ignore", reason: "@shopfloor review on an issue, not a pull request" };
  const user = record(comment?.user);
  if (user?.type === "Bot") return { kind: "ignore", reason: "a bot's comment" };
  return startReview(repoOf(job), number, { pr: number, full: true, trigger: { kind: "comment", id: job.deliveryId, by: text(user?.login) ?? "someone" } }, job.deliveryId);
}

/** `/shopfloor review 123`: the listener has checked that a number follows. */
export function reviewFromCommand(job: SlackCommandJob, repository: string | null): Route {
  const pr = Number(/^#?(\d+)\b/.exec(job.args.trim())?.[1]);
  if (!Number.isInteger(pr) || pr <= 0) return { kind: "ignore", reason: "review without a PR number" };
  if (!repository) return { kind: "ignore", reason: "no repository configured" };
  const input = { pr, full: true, trigger: { kind: "command", id: job.triggerId, by: job.user }, slack: { channel: job.channel, user: job.user } };
  return startReview(repository, pr, input, job.triggerId, { responseUrl: job.responseUrl, user: job.user });
}
