import type { ReviewCommentRecord, ReviewRecord, ReviewThreadRecord } from "../model-types.js";
import type { FakeRepo } from "../repo-model.js";
import { isBotLogin, nodeId, userIdFor } from "../fake-ids.js";
import { FakeHttpError } from "../http-errors.js";
import { GqlFieldError, GqlValidationError, gqlObject, type GqlObject } from "./execute.js";
import { revertPullRequest } from "./revert-pull-request.js";

/**
 * The part of GitHub's GraphQL schema the fake serves: repository → pullRequest → reviewThreads → comments,
 * node(id), viewer, rateLimit, and the mutations resolveReviewThread, unresolveReviewThread,
 * addPullRequestReviewThreadReply, markPullRequestReadyForReview and revertPullRequest (revert-pull-request.ts).
 * Connections paginate like GitHub's (first/last ≤ 100 required, opaque cursors, pageInfo).
 */

type Args = Record<string, unknown>;

const encodeCursor = (i: number) => Buffer.from(`cursor:v2:${i}`).toString("base64");
function decodeCursor(cursor: unknown): number {
  const text = Buffer.from(String(cursor), "base64").toString("utf8");
  const m = /^cursor:v2:(\d+)$/.exec(text);
  if (!m) throw new GqlValidationError(`\`${String(cursor)}\` does not appear to be a valid cursor.`, { type: "INVALID_CURSOR_ARGUMENTS" });
  return Number(m[1]);
}

function connection<T>(field: string, items: T[], args: Args, toNode: (item: T) => GqlObject): GqlObject {
  const first = args.first as number | null | undefined;
  const last = args.last as number | null | undefined;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw new GqlFieldError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`, "MISSING_PAGINATION_BOUNDARIES");
  }
  for (const [name, n] of [["first", first], ["last", last]] as const) {
    if (n !== undefined && n !== null && (n < 0 || n > 100)) {
      throw new GqlFieldError(`Requesting ${n} records on the \`${field}\` connection exceeds the \`${name}\` limit of 100 records.`, "EXCESSIVE_PAGINATION");
    }
  }
  let start = args.after ? decodeCursor(args.after) + 1 : 0;
  let end = args.before ? decodeCursor(args.before) : items.length;
  if (first !== undefined && first !== null) end = Math.min(end, start + first);
  if (last !== undefined && last !== null) start = Math.max(start, end - last);
  const indexes = Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);
  return gqlObject(`${field}Connection`, {
    totalCount: () => items.length,
    nodes: () => indexes.map((i) => toNode(items[i]!)),
    edges: () => indexes.map((i) => gqlObject(`${field}Edge`, { cursor: () => encodeCursor(i), node: () => toNode(items[i]!) }, [])),
    pageInfo: () =>
      gqlObject(
        "PageInfo",
        {
          hasNextPage: () => end < items.length,
          hasPreviousPage: () => start > 0,
          startCursor: () => (indexes.length ? encodeCursor(indexes[0]!) : null),
          endCursor: () => (indexes.length ? encodeCursor(indexes[indexes.length - 1]!) : null),
        },
        [],
      ),
  }, []);
}

export function buildRoots(repo: FakeRepo, viewer: string): { query: GqlObject; mutation: GqlObject } {
  const pulls = repo.pulls;

  const actor = (login: string | null): GqlObject | null => {
    if (!login) return null;
    const id = userIdFor(login);
    const bot = isBotLogin(login);
    return gqlObject(bot ? "Bot" : "User", {
      id: () => nodeId(bot ? "BOT" : "U", id),
      databaseId: () => id,
      login: () => (bot ? login.replace(/\[bot\]$/, "") : login),
      url: () => `${repo.webUrl}/${login}`,
      avatarUrl: () => `https://avatars.githubusercontent.com/u/${id}?v=4`,
    }, ["Node", "Actor"]);
  };

  const canWrite = (login: string, prNumber: number) => repo.hasAtLeast(login, "write") || pulls.get(prNumber).author.toLowerCase() === login.toLowerCase();

  const commitObject = (oid: string) => gqlObject("Commit", { oid: () => oid, abbreviatedOid: () => oid.slice(0, 7), url: () => `${repo.webUrl}/${repo.fullName}/commit/${oid}` });

  const review = (r: ReviewRecord): GqlObject =>
    gqlObject("PullRequestReview", {
      id: () => r.nodeId,
      databaseId: () => r.id,
      fullDatabaseId: () => String(r.id),
      state: () => r.state,
      body: () => r.body,
      author: () => actor(r.author),
      submittedAt: () => r.submittedAt,
      createdAt: () => r.submittedAt ?? repo.nowIso(),
      url: () => `${repo.webUrl}/${repo.fullName}/pull/${r.pullNumber}#pullrequestreview-${r.id}`,
      commit: () => commitObject(r.commitId),
    }, ["Node", "Comment"]);

  const comment = (c: ReviewCommentRecord): GqlObject => {
    const thread = pulls.getThread(c.threadId);
    const outdated = async () => (thread ? pulls.isOutdated(thread) : false);
    return gqlObject("PullRequestReviewComment", {
      id: () => c.nodeId,
      databaseId: () => c.id,
      fullDatabaseId: () => String(c.id),
      body: () => c.body,
      bodyText: () => c.body,
      author: () => actor(c.author),
      createdAt: () => c.createdAt,
      updatedAt: () => c.updatedAt,
      publishedAt: () => c.createdAt,
      url: () => `${repo.webUrl}/${repo.fullName}/pull/${c.pullNumber}#discussion_r${c.id}`,
      path: () => c.path,
      line: async () => ((await outdated()) ? null : c.line),
      originalLine: () => c.originalLine,
      startLine: async () => ((await outdated()) ? null : c.startLine),
      originalStartLine: () => c.startLine,
      outdated,
      diffHunk: () => c.diffHunk,
      state: () => "SUBMITTED",
      isMinimized: () => false,
      minimizedReason: () => null,
      viewerDidAuthor: () => c.author.toLowerCase() === viewer.toLowerCase(),
      replyTo: () => (c.inReplyToId ? comment(pulls.getReviewComment(c.inReplyToId)) : null),
      pullRequestReview: () => {
        const r = pulls.reviews.get(c.reviewId);
        return r ? review(r) : null;
      },
      pullRequest: () => pullRequest(c.pullNumber),
      commit: () => commitObject(c.commitId),
      originalCommit: () => commitObject(c.originalCommitId),
    }, ["Node", "Comment"]);
  };

  const thread = (t: ReviewThreadRecord): GqlObject => {
    const outdated = () => pulls.isOutdated(t);
    return gqlObject("PullRequestReviewThread", {
      id: () => t.id,
      isResolved: () => t.isResolved,
      isCollapsed: () => t.isResolved,
      isOutdated: outdated,
      path: () => t.path,
      line: async () => ((await outdated()) ? null : t.line),
      originalLine: () => t.line,
      startLine: async () => ((await outdated()) ? null : t.startLine),
      originalStartLine: () => t.startLine,
      diffSide: () => t.side,
      startDiffSide: () => (t.startLine ? t.side : null),
      subjectType: () => "LINE",
      resolvedBy: () => actor(t.resolvedBy),
      viewerCanResolve: () => !t.isResolved && canWrite(viewer, t.pullNumber),
      viewerCanUnresolve: () => t.isResolved && canWrite(viewer, t.pullNumber),
      viewerCanReply: () => true,
      pullRequest: () => pullRequest(t.pullNumber),
      comments: (args: Args) =>
        connection(
          "comments",
          t.commentIds.map((id) => pulls.reviewComments.get(id)).filter((c): c is ReviewCommentRecord => c !== undefined),
          args,
          comment,
        ),
    });
  };

  const pullRequest = (number: number): GqlObject => {
    const pr = pulls.get(number);
    const info = () => pulls.info(number);
    return gqlObject("PullRequest", {
      id: () => pr.pull.nodeId,
      databaseId: () => pr.pull.id,
      fullDatabaseId: () => String(pr.pull.id),
      number: () => pr.number,
      title: () => pr.title,
      body: () => pr.body ?? "",
      url: () => `${repo.webUrl}/${repo.fullName}/pull/${pr.number}`,
      state: () => (pr.pull.merged ? "MERGED" : pr.state === "open" ? "OPEN" : "CLOSED"),
      closed: () => pr.state === "closed",
      merged: () => pr.pull.merged,
      mergedAt: () => pr.pull.mergedAt,
      isDraft: () => pr.pull.draft,
      createdAt: () => pr.createdAt,
      updatedAt: () => pr.updatedAt,
      author: () => actor(pr.author),
      headRefName: () => pr.pull.headRef,
      baseRefName: () => pr.pull.baseRef,
      headRefOid: async () => (await pulls.read(number)).pull.headSha,
      baseRefOid: async () => (await info()).baseSha,
      mergeable: async () => {
        const m = (await info()).mergeable;
        return m === null ? "UNKNOWN" : m ? "MERGEABLE" : "CONFLICTING";
      },
      mergeStateStatus: async () => (await info()).mergeableState.toUpperCase(),
      additions: async () => (await info()).additions,
      deletions: async () => (await info()).deletions,
      changedFiles: async () => (await info()).changedFiles,
      mergeCommit: () => (pr.pull.mergeCommitSha ? commitObject(pr.pull.mergeCommitSha) : null),
      reviewDecision: () => {
        const states = [...pulls.latestReviewStates(number).values()];
        const required = repo.protection.requiredApprovals;
        if (states.includes("CHANGES_REQUESTED")) return "CHANGES_REQUESTED";
        if (states.filter((s) => s === "APPROVED").length >= Math.max(1, required)) return "APPROVED";
        return required > 0 ? "REVIEW_REQUIRED" : null;
      },
      labels: (args: Args) =>
        connection("labels", pr.labels, args, (name) => {
          const label = repo.labels.get(name.toLowerCase());
          return gqlObject("Label", { id: () => label?.nodeId ?? nodeId("LA", name), name: () => name, color: () => label?.color ?? "ededed", description: () => label?.description ?? null });
        }),
      reviews: (args: Args) => {
        const states = Array.isArray(args.states) ? (args.states as string[]) : undefined;
        const list = pulls.listReviews(number).filter((r) => r.state !== "PENDING" && (!states || states.includes(r.state)));
        return connection("reviews", list, args, review);
      },
      reviewThreads: (args: Args) => connection("reviewThreads", pulls.threadsOf(number), args, thread),
      repository: () => repository(),
    });
  };

  const repository = (): GqlObject =>
    gqlObject("Repository", {
      id: () => repo.nodeId,
      databaseId: () => repo.id,
      name: () => repo.name,
      nameWithOwner: () => repo.fullName,
      owner: () => actor(repo.owner),
      url: () => `${repo.webUrl}/${repo.fullName}`,
      isPrivate: () => repo.isPrivate,
      viewerPermission: () => (repo.permissionOf(viewer) ?? "none").toUpperCase(),
      defaultBranchRef: async () => {
        const sha = await repo.git.branchSha(repo.defaultBranch);
        return gqlObject("Ref", { name: () => repo.defaultBranch, prefix: () => "refs/heads/", target: () => (sha ? commitObject(sha) : null) });
      },
      pullRequest: (args: Args) => {
        const number = Number(args.number);
        const issue = repo.issues.get(number);
        if (!issue?.pull) throw new GqlFieldError(`Could not resolve to a PullRequest with the number of ${number}.`, "NOT_FOUND");
        return pullRequest(number);
      },
    });

  const nodeById = (id: string): GqlObject | null => {
    const t = pulls.getThread(id);
    if (t) return thread(t);
    for (const c of pulls.reviewComments.values()) if (c.nodeId === id) return comment(c);
    for (const r of pulls.reviews.values()) if (r.nodeId === id) return review(r);
    for (const p of pulls.all()) if (p.pull.nodeId === id) return pullRequest(p.number);
    if (id === repo.nodeId) return repository();
    return null;
  };

  const requireInput = (field: string, args: Args, key: string): Record<string, unknown> => {
    const input = args.input as Record<string, unknown> | null | undefined;
    if (!input || typeof input !== "object" || input[key] === undefined || input[key] === null) {
      throw new GqlValidationError(`Argument 'input' on Field '${field}' has an invalid value. Expected type '${field[0]!.toUpperCase()}${field.slice(1)}Input!'.`, {
        extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "input" },
      });
    }
    return input;
  };

  const notFoundNode = (id: unknown) => new GqlFieldError(`Could not resolve to a node with the global id of '${String(id)}'`, "NOT_FOUND");

  const setResolved = (field: string, resolved: boolean) => (args: Args) => {
    const input = requireInput(field, args, "threadId");
    const t = pulls.getThread(String(input.threadId));
    if (!t) throw notFoundNode(input.threadId);
    if (!canWrite(viewer, t.pullNumber)) {
      throw new GqlFieldError(`${viewer} does not have the correct permissions to execute \`${field[0]!.toUpperCase()}${field.slice(1)}\``, "FORBIDDEN");
    }
    pulls.setResolved(t.id, resolved, viewer);
    return gqlObject(`${field}Payload`, { clientMutationId: () => input.clientMutationId ?? null, thread: () => thread(t) }, []);
  };

  const query = gqlObject("Query", {
    repository: (args: Args) => {
      const owner = String(args.owner ?? "");
      const name = String(args.name ?? "");
      if (owner.toLowerCase() !== repo.owner.toLowerCase() || name.toLowerCase() !== repo.name.toLowerCase()) {
        throw new GqlFieldError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, "NOT_FOUND");
      }
      return repository();
    },
    viewer: () => actor(viewer),
    node: (args: Args) => {
      const found = nodeById(String(args.id));
      if (!found) throw notFoundNode(args.id);
      return found;
    },
    nodes: (args: Args) => (Array.isArray(args.ids) ? args.ids.map((id) => nodeById(String(id))) : []),
    rateLimit: () => gqlObject("RateLimit", { limit: () => 5000, cost: () => 1, remaining: () => 4999, used: () => 1, resetAt: () => new Date(Date.now() + 3_600_000).toISOString(), nodeCount: () => 1 }, []),
  }, []);

  const mutation = gqlObject("Mutation", {
    resolveReviewThread: setResolved("resolveReviewThread", true),
    unresolveReviewThread: setResolved("unresolveReviewThread", false),
    addPullRequestReviewThreadReply: async (args: Args) => {
      const input = requireInput("addPullRequestReviewThreadReply", args, "pullRequestReviewThreadId");
      const t = pulls.getThread(String(input.pullRequestReviewThreadId));
      if (!t) throw notFoundNode(input.pullRequestReviewThreadId);
      const first = t.commentIds[0];
      if (first === undefined) throw notFoundNode(input.pullRequestReviewThreadId);
      const c = await pulls.reply(t.pullNumber, first, String(input.body ?? ""), viewer).catch((e: unknown) => {
        if (e instanceof FakeHttpError) throw new GqlFieldError(String(e.body.message ?? e.message), "UNPROCESSABLE");
        throw e;
      });
      return gqlObject("AddPullRequestReviewThreadReplyPayload", { clientMutationId: () => input.clientMutationId ?? null, comment: () => comment(c) }, []);
    },
    markPullRequestReadyForReview: (args: Args) => {
      const input = requireInput("markPullRequestReadyForReview", args, "pullRequestId");
      const pr = pulls.all().find((p) => p.pull.nodeId === input.pullRequestId);
      if (!pr) throw notFoundNode(input.pullRequestId);
      pulls.setDraft(pr.number, false, viewer);
      return gqlObject("MarkPullRequestReadyForReviewPayload", { clientMutationId: () => input.clientMutationId ?? null, pullRequest: () => pullRequest(pr.number) }, []);
    },
    revertPullRequest: async (args: Args) => {
      const input = requireInput("revertPullRequest", args, "pullRequestId");
      const pr = pulls.all().find((p) => p.pull.nodeId === input.pullRequestId);
      if (!pr) throw notFoundNode(input.pullRequestId);
      const revert = await revertPullRequest(repo, pr.number, {
        title: typeof input.title === "string" ? input.title : null,
        body: typeof input.body === "string" ? input.body : null,
        draft: input.draft === true,
        actor: viewer,
      }).catch((e: unknown) => {
        if (e instanceof FakeHttpError) throw new GqlFieldError(String(e.body.message ?? e.message), "UNPROCESSABLE");
        throw e;
      });
      return gqlObject("RevertPullRequestPayload", {
        clientMutationId: () => input.clientMutationId ?? null,
        pullRequest: () => pullRequest(pr.number),
        revertPullRequest: () => pullRequest(revert.number),
      }, []);
    },
  }, []);

  return { query, mutation };
}
