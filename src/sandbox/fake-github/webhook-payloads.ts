import { ZERO_SHA } from "./git-store.js";
import type { FakeRepo } from "./repo-model.js";
import {
  checkRunShape,
  commentShape,
  commitShape,
  issueShape,
  labelShape,
  pullShape,
  repositoryShape,
  reviewCommentShape,
  reviewShape,
  statusShape,
  userShape,
} from "./rest-shapes.js";

/**
 * Webhook payloads built from the fake's state, with the top-level keys GitHub sends for each event
 * (`action`, the object, `repository`, `sender`, and `installation` when the fake plays an App).
 * Records are read before the first await, so a payload describes the state at the moment of the change.
 */

type Json = Record<string, unknown>;

function envelope(repo: FakeRepo, actor: string, body: Json): Json {
  return {
    ...body,
    repository: repositoryShape(repo),
    sender: userShape(repo, actor),
    ...(repo.installationId ? { installation: { id: repo.installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${repo.installationId}` } } : {}),
  };
}

export { labelShape };

export async function issues(repo: FakeRepo, action: string, number: number, actor: string): Promise<Json> {
  const issue = repo.getIssue(number);
  return envelope(repo, actor, { action, issue: issueShape(repo, issue) });
}

export async function pullRequest(repo: FakeRepo, action: string, number: number, actor: string): Promise<Json> {
  const pr = repo.pulls.get(number);
  return envelope(repo, actor, { action, number, pull_request: await pullShape(repo, pr, { full: true }) });
}

export async function issueComment(repo: FakeRepo, action: string, commentId: number, actor: string): Promise<Json> {
  const comment = repo.getComment(commentId);
  const issue = repo.getIssue(comment.issueNumber);
  return envelope(repo, actor, { action, issue: issueShape(repo, issue), comment: commentShape(repo, comment) });
}

export async function checkRun(repo: FakeRepo, action: string, id: number, actor: string): Promise<Json> {
  const run = repo.checkRuns.get(id);
  if (!run) throw new Error(`check run ${id} is gone`);
  const shape = checkRunShape(repo, run);
  const suite = {
    id: run.checkSuiteId,
    head_branch: repo.pulls.all().find((p) => p.pull.headSha === run.headSha)?.pull.headRef ?? null,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    url: `${repo.apiUrl}/repos/${repo.fullName}/check-suites/${run.checkSuiteId}`,
    pull_requests: shape.pull_requests,
    app: shape.app,
    created_at: run.startedAt,
    updated_at: run.completedAt ?? run.startedAt,
  };
  return envelope(repo, actor, { action, check_run: { ...shape, check_suite: suite } });
}

export async function status(repo: FakeRepo, id: number, actor: string): Promise<Json> {
  const s = repo.statuses.find((x) => x.id === id);
  if (!s) throw new Error(`status ${id} is gone`);
  const shape = statusShape(repo, s);
  const commit = await repo.git.commit(s.sha);
  const branches = (await repo.git.branches()).filter((b) => b.sha === s.sha).map((b) => ({ name: b.name, commit: { sha: b.sha, url: `${repo.apiUrl}/repos/${repo.fullName}/commits/${b.sha}` }, protected: false }));
  return envelope(repo, actor, {
    id: s.id,
    sha: s.sha,
    name: repo.fullName,
    target_url: s.targetUrl,
    avatar_url: shape.avatar_url,
    context: s.context,
    description: s.description,
    state: s.state,
    commit: commitShape(repo, commit),
    branches,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  });
}

export async function review(repo: FakeRepo, action: string, reviewId: number, actor: string): Promise<Json> {
  const r = repo.pulls.reviews.get(reviewId);
  if (!r) throw new Error(`review ${reviewId} is gone`);
  const pr = repo.pulls.get(r.pullNumber);
  return envelope(repo, actor, { action, review: reviewShape(repo, r), pull_request: await pullShape(repo, pr) });
}

export async function reviewComment(repo: FakeRepo, action: string, commentId: number, actor: string): Promise<Json> {
  const c = repo.pulls.getReviewComment(commentId);
  const pr = repo.pulls.get(c.pullNumber);
  return envelope(repo, actor, { action, comment: await reviewCommentShape(repo, c), pull_request: await pullShape(repo, pr) });
}

export async function reviewThread(repo: FakeRepo, action: string, threadId: string, actor: string): Promise<Json> {
  const thread = repo.pulls.getThread(threadId);
  if (!thread) throw new Error(`thread ${threadId} is gone`);
  const comments = thread.commentIds.map((id) => repo.pulls.reviewComments.get(id)).filter((c) => c !== undefined);
  const pr = repo.pulls.get(thread.pullNumber);
  return envelope(repo, actor, {
    action,
    thread: { node_id: thread.id, comments: await Promise.all(comments.map((c) => reviewCommentShape(repo, c))) },
    pull_request: await pullShape(repo, pr),
  });
}

export async function push(repo: FakeRepo, ref: string, before: string | null, after: string | null, pusher: string): Promise<Json> {
  const commits = after ? await repo.git.commitsBetween(before, after) : [];
  const shaped = commits.slice(-20).map((c) => {
    const shape = commitShape(repo, c);
    return {
      id: c.sha,
      tree_id: c.treeSha,
      distinct: true,
      message: c.message,
      timestamp: c.authorDate,
      url: shape.html_url,
      author: { name: c.authorName, email: c.authorEmail, username: c.authorName },
      committer: { name: c.committerName, email: c.committerEmail },
      added: [],
      removed: [],
      modified: [],
    };
  });
  const identity = repo.identityOf(pusher);
  return envelope(repo, pusher, {
    ref,
    before: before ?? ZERO_SHA,
    after: after ?? ZERO_SHA,
    pusher: { name: pusher, email: identity.email },
    created: before === null,
    deleted: after === null,
    forced: false,
    base_ref: null,
    compare: `${repo.webUrl}/${repo.fullName}/compare/${(before ?? ZERO_SHA).slice(0, 12)}...${(after ?? ZERO_SHA).slice(0, 12)}`,
    commits: shaped,
    head_commit: shaped.at(-1) ?? null,
  });
}
