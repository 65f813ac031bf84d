import { isBotLogin, nodeId, userIdFor } from "./fake-ids.js";
import type { CommitInfo, DiffFile } from "./git-store.js";
import { gitHttpUrl } from "./git-http.js";
import type {
  CheckRunRecord,
  CommentRecord,
  IssueRecord,
  LabelRecord,
  PullRecord,
  ReviewCommentRecord,
  ReviewRecord,
  StatusRecord,
} from "./model-types.js";
import type { FakeRepo } from "./repo-model.js";

/**
 * GitHub REST JSON for the fake's records (field names and nesting as api.github.com returns them, so
 * Octokit's types and any code written against the real API read them unchanged).
 */

type Json = Record<string, unknown>;

const apiRepo = (repo: FakeRepo) => `${repo.apiUrl}/repos/${repo.owner}/${repo.name}`;
const htmlRepo = (repo: FakeRepo) => `${repo.webUrl}/${repo.owner}/${repo.name}`;

export function userShape(repo: FakeRepo, login: string): Json {
  const id = userIdFor(login);
  const bot = isBotLogin(login);
  const api = `${repo.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId(bot ? "BOT" : "U", id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: bot ? `${repo.webUrl}/apps/${login.replace(/\[bot\]$/, "")}` : `${repo.webUrl}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: bot ? "Bot" : "User",
    user_view_type: "public",
    site_admin: false,
  };
}

export function authorAssociation(repo: FakeRepo, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  const level = repo.permissions.get(login.toLowerCase());
  if (level && level !== "none") return "COLLABORATOR";
  return "NONE";
}

export function repoPermissions(repo: FakeRepo, login: string): Record<string, boolean> {
  return {
    admin: repo.hasAtLeast(login, "admin"),
    maintain: repo.hasAtLeast(login, "maintain"),
    push: repo.hasAtLeast(login, "write"),
    triage: repo.hasAtLeast(login, "triage"),
    pull: repo.hasAtLeast(login, "read") || !repo.isPrivate,
  };
}

export function repositoryShape(repo: FakeRepo, viewer?: string): Json {
  const api = apiRepo(repo);
  const openIssues = [...repo.issues.values()].filter((i) => i.state === "open").length;
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.isPrivate,
    owner: userShape(repo, repo.owner),
    html_url: htmlRepo(repo),
    description: null,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    // The fake runs no git daemon and no SSH: those two point at the bare repository itself.
    git_url: repo.git.cloneUrl,
    ssh_url: repo.git.cloneUrl,
    clone_url: gitHttpUrl(repo.apiUrl, repo.fullName),
    svn_url: htmlRepo(repo),
    homepage: null,
    size: 0,
    language: null,
    has_issues: true,
    has_projects: false,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    mirror_url: null,
    archived: false,
    disabled: false,
    license: null,
    visibility: repo.isPrivate ? "private" : "public",
    forks_count: 0,
    forks: 0,
    open_issues_count: openIssues,
    open_issues: openIssues,
    watchers_count: 0,
    watchers: 0,
    stargazers_count: 0,
    default_branch: repo.defaultBranch,
    is_template: false,
    web_commit_signoff_required: false,
    custom_properties: {},
    topics: [],
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: repo.deleteBranchOnMerge,
    created_at: repo.createdAt,
    updated_at: repo.nowIso(),
    pushed_at: repo.nowIso(),
    ...(viewer ? { permissions: repoPermissions(repo, viewer) } : {}),
  };
}

export function labelShape(repo: FakeRepo, label: LabelRecord): Json {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${apiRepo(repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.isDefault,
    description: label.description,
  };
}

function labelsOf(repo: FakeRepo, names: string[]): Json[] {
  return names.map((name) => {
    const label = repo.labels.get(name.toLowerCase());
    return label ? labelShape(repo, label) : { name };
  });
}

export function issueHtmlUrl(repo: FakeRepo, issue: IssueRecord): string {
  return `${htmlRepo(repo)}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
}

export function issueShape(repo: FakeRepo, issue: IssueRecord, options: { full?: boolean } = {}): Json {
  const api = `${apiRepo(repo)}/issues/${issue.number}`;
  const assignees = issue.assignees.map((a) => userShape(repo, a));
  return {
    url: api,
    repository_url: apiRepo(repo),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: issueHtmlUrl(repo, issue),
    id: issue.id,
    node_id: issue.nodeId,
    number: issue.number,
    title: issue.title,
    user: userShape(repo, issue.author),
    labels: labelsOf(repo, issue.labels),
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: repo.commentCount(issue.number),
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: authorAssociation(repo, issue.author),
    active_lock_reason: null,
    body: issue.body,
    reactions: reactions(`${api}/reactions`),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
    ...(issue.pull
      ? {
          draft: issue.pull.draft,
          pull_request: {
            url: `${apiRepo(repo)}/pulls/${issue.number}`,
            html_url: issueHtmlUrl(repo, issue),
            diff_url: `${issueHtmlUrl(repo, issue)}.diff`,
            patch_url: `${issueHtmlUrl(repo, issue)}.patch`,
            merged_at: issue.pull.mergedAt,
          },
        }
      : {}),
    ...(options.full ? { closed_by: issue.closedBy ? userShape(repo, issue.closedBy) : null } : {}),
  };
}

function reactions(url: string): Json {
  return { url, total_count: 0, "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

export function commentShape(repo: FakeRepo, comment: CommentRecord): Json {
  const issue = repo.issues.get(comment.issueNumber);
  const issueHtml = issue ? issueHtmlUrl(repo, issue) : `${htmlRepo(repo)}/issues/${comment.issueNumber}`;
  return {
    url: `${apiRepo(repo)}/issues/comments/${comment.id}`,
    html_url: `${issueHtml}#issuecomment-${comment.id}`,
    issue_url: `${apiRepo(repo)}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: comment.nodeId,
    user: userShape(repo, comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(repo, comment.author),
    body: comment.body,
    reactions: reactions(`${apiRepo(repo)}/issues/comments/${comment.id}/reactions`),
    performed_via_github_app: null,
  };
}

async function branchEnd(repo: FakeRepo, ref: string, sha: string): Promise<Json> {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userShape(repo, repo.owner),
    repo: repositoryShape(repo),
  };
}

/** A pull request; `full` adds what only `GET /pulls/{n}` returns (mergeability, stats). */
export async function pullShape(repo: FakeRepo, issue: IssueRecord & { pull: PullRecord }, options: { full?: boolean } = {}): Promise<Json> {
  const p = issue.pull;
  const api = `${apiRepo(repo)}/pulls/${issue.number}`;
  const html = issueHtmlUrl(repo, issue);
  const info = options.full ? await repo.pulls.info(issue.number) : undefined;
  const baseSha = info?.baseSha ?? (await repo.git.branchSha(p.baseRef)) ?? p.baseSha;
  const assignees = issue.assignees.map((a) => userShape(repo, a));
  const shape: Json = {
    url: api,
    id: p.id,
    node_id: p.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${apiRepo(repo)}/issues/${issue.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${apiRepo(repo)}/pulls/comments{/number}`,
    comments_url: `${apiRepo(repo)}/issues/${issue.number}/comments`,
    statuses_url: `${apiRepo(repo)}/statuses/${p.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: userShape(repo, issue.author),
    body: issue.body,
    labels: labelsOf(repo, issue.labels),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: await branchEnd(repo, p.headRef, p.headSha),
    base: await branchEnd(repo, p.baseRef, baseSha),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: `${apiRepo(repo)}/issues/${issue.number}` },
      comments: { href: `${apiRepo(repo)}/issues/${issue.number}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${apiRepo(repo)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${apiRepo(repo)}/statuses/${p.headSha}` },
    },
    author_association: authorAssociation(repo, issue.author),
    auto_merge: null,
    draft: p.draft,
  };
  if (info) {
    Object.assign(shape, {
      merged: p.merged,
      mergeable: info.mergeable,
      rebaseable: info.rebaseable,
      mergeable_state: info.mergeableState,
      merged_by: p.mergedBy ? userShape(repo, p.mergedBy) : null,
      comments: repo.commentCount(issue.number),
      review_comments: repo.pulls.listReviewComments(issue.number).length,
      maintainer_can_modify: p.maintainerCanModify,
      commits: info.commits,
      additions: info.additions,
      deletions: info.deletions,
      changed_files: info.changedFiles,
    });
  }
  return shape;
}

export function fileShape(repo: FakeRepo, file: DiffFile, headSha: string): Json {
  const path = file.filename.split("/").map(encodeURIComponent).join("/");
  return {
    sha: file.blobSha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${htmlRepo(repo)}/blob/${headSha}/${path}`,
    raw_url: `${htmlRepo(repo)}/raw/${headSha}/${path}`,
    contents_url: `${apiRepo(repo)}/contents/${path}?ref=${headSha}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.previousFilename ? { previous_filename: file.previousFilename } : {}),
  };
}

export function reviewShape(repo: FakeRepo, review: ReviewRecord): Json {
  const pullApi = `${apiRepo(repo)}/pulls/${review.pullNumber}`;
  const html = `${htmlRepo(repo)}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: review.nodeId,
    user: userShape(repo, review.author),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullApi,
    author_association: authorAssociation(repo, review.author),
    _links: { html: { href: html }, pull_request: { href: pullApi } },
    ...(review.submittedAt ? { submitted_at: review.submittedAt } : {}),
    commit_id: review.commitId,
  };
}

export async function reviewCommentShape(repo: FakeRepo, c: ReviewCommentRecord): Promise<Json> {
  const thread = repo.pulls.getThread(c.threadId);
  const outdated = thread ? await repo.pulls.isOutdated(thread) : false;
  const pr = repo.issues.get(c.pullNumber);
  const headSha = pr?.pull?.headSha ?? c.commitId;
  const api = `${apiRepo(repo)}/pulls/comments/${c.id}`;
  const html = `${htmlRepo(repo)}/pull/${c.pullNumber}#discussion_r${c.id}`;
  return {
    url: api,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: c.nodeId,
    diff_hunk: c.diffHunk,
    path: c.path,
    position: outdated ? null : c.position,
    original_position: c.position,
    commit_id: outdated ? c.commitId : headSha,
    original_commit_id: c.originalCommitId,
    ...(c.inReplyToId ? { in_reply_to_id: c.inReplyToId } : {}),
    user: userShape(repo, c.author),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: html,
    pull_request_url: `${apiRepo(repo)}/pulls/${c.pullNumber}`,
    author_association: authorAssociation(repo, c.author),
    _links: { self: { href: api }, html: { href: html }, pull_request: { href: `${apiRepo(repo)}/pulls/${c.pullNumber}` } },
    reactions: reactions(`${api}/reactions`),
    start_line: outdated ? null : c.startLine,
    original_start_line: c.startLine,
    start_side: c.startSide,
    line: outdated ? null : c.line,
    original_line: c.originalLine,
    side: c.side,
    subject_type: "line",
  };
}

export function checkRunShape(repo: FakeRepo, run: CheckRunRecord): Json {
  const api = `${apiRepo(repo)}/check-runs/${run.id}`;
  const appId = userIdFor(`app:${run.appSlug}`);
  const pulls = repo.pulls
    .all()
    .filter((p) => p.state === "open" && p.pull.headSha === run.headSha)
    .map((p) => ({
      url: `${apiRepo(repo)}/pulls/${p.number}`,
      id: p.pull.id,
      number: p.number,
      head: { ref: p.pull.headRef, sha: p.pull.headSha, repo: { id: repo.id, url: apiRepo(repo), name: repo.name } },
      base: { ref: p.pull.baseRef, sha: p.pull.baseSha, repo: { id: repo.id, url: apiRepo(repo), name: repo.name } },
    }));
  return {
    id: run.id,
    name: run.name,
    node_id: run.nodeId,
    head_sha: run.headSha,
    external_id: run.externalId ?? "",
    url: api,
    html_url: `${htmlRepo(repo)}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${htmlRepo(repo)}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: 0, annotations_url: `${api}/annotations` },
    check_suite: { id: run.checkSuiteId },
    app: {
      id: appId,
      slug: run.appSlug,
      node_id: nodeId("A", appId),
      owner: userShape(repo, repo.owner),
      name: run.appSlug === "github-actions" ? "GitHub Actions" : run.appSlug,
      description: "",
      external_url: `${repo.webUrl}/apps/${run.appSlug}`,
      html_url: `${repo.webUrl}/apps/${run.appSlug}`,
      created_at: repo.createdAt,
      updated_at: repo.createdAt,
      permissions: { checks: "write", metadata: "read" },
      events: [],
    },
    pull_requests: pulls,
  };
}

export function statusShape(repo: FakeRepo, s: StatusRecord): Json {
  const creator = userShape(repo, s.creator);
  return {
    url: `${apiRepo(repo)}/statuses/${s.sha}`,
    avatar_url: creator.avatar_url,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    creator,
  };
}

export function commitShape(repo: FakeRepo, c: CommitInfo, files?: DiffFile[]): Json {
  const api = `${apiRepo(repo)}/commits/${c.sha}`;
  const loginFromEmail = /^\d+\+([^@]+)@users\.noreply\.github\.com$/.exec(c.authorEmail)?.[1];
  const shape: Json = {
    sha: c.sha,
    node_id: nodeId("C", c.sha),
    commit: {
      author: { name: c.authorName, email: c.authorEmail, date: c.authorDate },
      committer: { name: c.committerName, email: c.committerEmail, date: c.committerDate },
      message: c.message,
      tree: { sha: c.treeSha, url: `${apiRepo(repo)}/git/trees/${c.treeSha}` },
      url: `${apiRepo(repo)}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    url: api,
    html_url: `${htmlRepo(repo)}/commit/${c.sha}`,
    comments_url: `${api}/comments`,
    author: loginFromEmail ? userShape(repo, loginFromEmail) : null,
    committer: null,
    parents: c.parents.map((sha) => ({ sha, url: `${apiRepo(repo)}/commits/${sha}`, html_url: `${htmlRepo(repo)}/commit/${sha}` })),
  };
  if (files) {
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    shape.stats = { total: additions + deletions, additions, deletions };
    shape.files = files.map((f) => fileShape(repo, f, c.sha));
  }
  return shape;
}

/** A commit as the Git Data API (and the contents API's `commit`) shows it: git's fields, no GitHub users. */
export function gitCommitShape(repo: FakeRepo, c: CommitInfo): Json {
  return {
    sha: c.sha,
    node_id: nodeId("C", c.sha),
    url: `${apiRepo(repo)}/git/commits/${c.sha}`,
    html_url: `${htmlRepo(repo)}/commit/${c.sha}`,
    author: { name: c.authorName, email: c.authorEmail, date: c.authorDate },
    committer: { name: c.committerName, email: c.committerEmail, date: c.committerDate },
    tree: { sha: c.treeSha, url: `${apiRepo(repo)}/git/trees/${c.treeSha}` },
    message: c.message,
    parents: c.parents.map((sha) => ({ sha, url: `${apiRepo(repo)}/git/commits/${sha}`, html_url: `${htmlRepo(repo)}/commit/${sha}` })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function refShape(repo: FakeRepo, fullRef: string, sha: string): Json {
  return {
    ref: fullRef,
    node_id: nodeId("REF", fullRef),
    url: `${apiRepo(repo)}/git/${fullRef}`,
    object: { sha, type: "commit", url: `${apiRepo(repo)}/git/commits/${sha}` },
  };
}
