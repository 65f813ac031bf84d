import type { Octokit } from "@octokit/rest";
import { AppError, ErrorCode } from "../../core/errors.js";
import type { ForgeReviewThread } from "../../core/ports/forge-port.js";

/**
 * Review threads exist only in GitHub's GraphQL API (REST has review comments but neither threads nor
 * their resolved state). Both connections are capped at 100 per page, so threads are paged, and a thread
 * with more than 100 comments has the rest fetched through `node(id)`.
 */

type Graphql = Octokit["graphql"];

const COMMENT_FIELDS = "pageInfo { hasNextPage endCursor } nodes { databaseId body author { __typename login } }";

const THREADS_QUERY = `query ($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved isOutdated path line originalLine startLine comments(first: 100) { ${COMMENT_FIELDS} } }
      }
    }
  }
}`;

const MORE_COMMENTS_QUERY = `query ($id: ID!, $cursor: String) {
  node(id: $id) { ... on PullRequestReviewThread { comments(first: 100, after: $cursor) { ${COMMENT_FIELDS} } } }
}`;

export const RESOLVE_THREAD_MUTATION = `mutation ($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface CommentNode {
  databaseId: number;
  body: string;
  author: { __typename?: string; login: string } | null;
}

interface CommentConnection {
  pageInfo: PageInfo;
  nodes: CommentNode[];
}

interface ThreadNode {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  originalLine: number | null;
  startLine: number | null;
  comments: CommentConnection;
}

interface ThreadsAnswer {
  repository: { pullRequest: { reviewThreads: { pageInfo: PageInfo; nodes: ThreadNode[] } } | null } | null;
}

/**
 * GraphQL gives a GitHub App's login without the "[bot]" that REST shows ("shopfloor" vs "shopfloor[bot]");
 * the suffix is put back so an author compares equal across both APIs.
 */
function authorLogin(author: CommentNode["author"]): string {
  if (!author) return "ghost";
  return author.__typename === "Bot" && !author.login.endsWith("[bot]") ? `${author.login}[bot]` : author.login;
}

const toComment = (c: CommentNode) => ({ id: c.databaseId, author: authorLogin(c.author), body: c.body });

async function remainingComments(graphql: Graphql, threadId: string, after: PageInfo): Promise<ForgeReviewThread["comments"]> {
  const out: ForgeReviewThread["comments"] = [];
  let page = after;
  while (page.hasNextPage && page.endCursor) {
    const answer = await graphql<{ node: { comments?: CommentConnection } | null }>(MORE_COMMENTS_QUERY, { id: threadId, cursor: page.endCursor });
    const comments = answer.node?.comments;
    if (!comments) break; // the thread went away between two pages
    out.push(...comments.nodes.map(toComment));
    page = comments.pageInfo;
  }
  return out;
}

/** Every review thread of pull request `number`, comments oldest first. */
export async function fetchReviewThreads(graphql: Graphql, owner: string, name: string, number: number): Promise<ForgeReviewThread[]> {
  const threads: ForgeReviewThread[] = [];
  let cursor: string | null = null;
  for (;;) {
    const answer: ThreadsAnswer = await graphql<ThreadsAnswer>(THREADS_QUERY, { owner, name, number, cursor });
    // GitHub reports a missing repository or PR as a NOT_FOUND error (thrown by Octokit); a bare null is
    // the same thing said less clearly.
    const connection = answer.repository?.pullRequest?.reviewThreads;
    if (!connection) throw new AppError(ErrorCode.NotFound, `GitHub has no pull request #${number} in ${owner}/${name}`);
    for (const t of connection.nodes) {
      threads.push({
        id: t.id,
        isResolved: t.isResolved,
        isOutdated: t.isOutdated,
        path: t.path,
        line: t.line,
        originalLine: t.originalLine,
        startLine: t.startLine,
        comments: [...t.comments.nodes.map(toComment), ...(await remainingComments(graphql, t.id, t.comments.pageInfo))],
      });
    }
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) return threads;
    cursor = connection.pageInfo.endCursor;
  }
}
