import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ErrorCode, isAppError } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { hash, threadIds } from "../../../src/core/ids.js";
import { linkedIssueNumber, linkedIssueNumbers } from "../../../src/core/linked-issue.js";
import type { ForgeIssue, ForgePullRequest } from "../../../src/core/ports/forge-port.js";
import { act, threadIdOf } from "../../shared/act.js";
import { issueThread, prConversation } from "../../shared/report-thread.js";
import { fixModeApplies } from "../../shared/fix-mode.js";
import { branchName } from "../branch-name.js";
import { runTag, type BuildStateType } from "../build-state.js";
import type { ThreadToFix } from "../build-types.js";

/**
 * Decides whether this build goes ahead, on fresh facts: the issue (or PR) may have changed since the trigger.
 * `/shopfloor build` on a PR number becomes a fix run of that PR.
 */
export function gate(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    const workspaceKey = `b-${hash(`${threadIdOf(config)}/${runTag(state)}`)}`;
    if (!deps.settings.build.enabled) return { skip: "the build automation is off (build.enabled)", workspaceKey };
    if (request.mode === "build") {
      const issue = await orMissing(deps.forge.getIssue(request.issue));
      if (!issue) return { skip: `there is no issue #${request.issue} in ${deps.settings.repository ?? "the repository"}`, workspaceKey };
      if (issue.isPullRequest) return handToFix(deps, state, config, issue.number, workspaceKey);
      const skip = await issueSkip(deps, state, issue);
      // Progress goes where the people of this issue read: a mention's thread, else the report's thread, else the
      // channel the command was typed in.
      const slack = request.slack?.threadTs ? request.slack : ((await issueThread(deps, issue.number)) ?? request.slack ?? null);
      const repo = await deps.forge.getRepository();
      return { issue, skip, slack, workspaceKey, branch: branchName(deps.settings.build.branchPrefix, issue.number, issue.title), baseRef: repo.defaultBranch };
    }
    const pr = await orMissing(deps.forge.getPullRequest(request.pr));
    if (!pr) return { skip: `there is no pull request #${request.pr} in ${deps.settings.repository ?? "the repository"}`, workspaceKey };
    const issueNumber = linkedIssueNumber(pr.body);
    const issue = issueNumber ? await deps.forge.getIssue(issueNumber).catch(() => null) : null;
    const slack = request.slack ?? (await prConversation(deps, pr.number, issueNumber));
    const skip = prSkip(deps, state, pr);
    if (skip) return { pr, issue, slack, skip, workspaceKey };
    const threads = (await deps.forge.listReviewThreads(pr.number)).filter((t) => !t.isResolved && t.comments.length > 0);
    if (threads.length === 0) return { pr, issue, slack, skip: `#${pr.number} has no unresolved review threads`, workspaceKey };
    const toFix: ThreadToFix[] = threads.map((t) => ({
      id: t.id,
      path: t.path,
      line: t.line ?? t.originalLine,
      commentId: t.comments[0]!.id,
      comments: t.comments.map((c) => ({ author: c.author, body: c.body })),
    }));
    return { pr, issue, slack, skip: null, workspaceKey, branch: pr.headRef, threads: toFix };
  };
}

/** A number that names nothing is an answer for the person who asked, not a failure to retry. */
function orMissing<T>(lookup: Promise<T>): Promise<T | null> {
  return lookup.catch((e: unknown) => {
    if (isAppError(e) && e.code === ErrorCode.NotFound) return null;
    throw e;
  });
}

async function issueSkip(deps: GraphDeps, state: BuildStateType, issue: ForgeIssue): Promise<string | null> {
  const { labels } = deps.settings;
  const scheduled = state.request.trigger.kind === "schedule";
  if (issue.state !== "open") return `#${issue.number} is closed`;
  if (issue.labels.includes(labels.doNotAutomate)) return `#${issue.number} is labelled ${labels.doNotAutomate}`;
  if (scheduled && !issue.labels.includes(labels.ready)) return `#${issue.number} is no longer labelled ${labels.ready}`;
  // A person's command overrides a leftover building label (a build that crashed); the hourly run does not.
  if (scheduled && issue.labels.includes(labels.building)) return `#${issue.number} is being built already`;
  const open = await openPullRequestsFor(deps, issue.number);
  if (open.length) return `#${issue.number} has an open pull request already: #${open.map((p) => p.number).join(", #")}`;
  return null;
}

function prSkip(deps: GraphDeps, state: BuildStateType, pr: ForgePullRequest): string | null {
  const { build, labels } = deps.settings;
  if (pr.state !== "open") return `#${pr.number} is ${pr.merged ? "merged" : "closed"}`;
  if (pr.labels.includes(labels.doNotAutomate)) return `#${pr.number} is labelled ${labels.doNotAutomate}`;
  if (state.request.trigger.kind === "review" && !fixModeApplies(deps.settings, pr.headRef)) {
    return build.fixPullRequests === "off" ? "fix mode is off (build.fixPullRequests)" : `#${pr.number} is not on a Shopfloor branch; its author fixes it`;
  }
  return null;
}

export async function openPullRequestsFor(deps: Pick<GraphDeps, "forge">, issue: number): Promise<ForgePullRequest[]> {
  const open = await deps.forge.listPullRequests({ state: "open", max: 300 });
  return open.filter((pr) => linkedIssueNumbers(pr.body).includes(issue));
}

/** A PR number given to `/shopfloor build`: its review threads are fixed on the PR's own fix thread. */
async function handToFix(deps: GraphDeps, state: BuildStateType, config: LangGraphRunnableConfig, pr: number, workspaceKey: string) {
  const repo = deps.settings.repository ?? "";
  const threadId = threadIds.fix(repo, pr);
  await act(deps.effects, config, "gate", `${runTag(state)}/fix`, "shopfloor.start-run", {
    graph: "build",
    threadId,
    jobId: `run-fix-${hash(`${threadId}/${runTag(state)}`)}`,
    input: { mode: "fix", pr, trigger: state.request.trigger, ...(state.request.slack ? { slack: state.request.slack } : {}) },
  });
  return { skip: `#${pr} is a pull request: fixing its open review threads instead`, workspaceKey, slack: null };
}
