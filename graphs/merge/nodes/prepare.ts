import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { linkedIssueNumber } from "../../../src/core/linked-issue.js";
import { prConversation } from "../../shared/report-thread.js";
import type { MergeStateType } from "../merge-state.js";

/** The facts the card shows, and where it goes: the report's thread when the PR came from one, else the merge channel. */
export function prepare(deps: GraphDeps) {
  return async (state: MergeStateType) => {
    const pr = await deps.forge.getPullRequest(state.request.pr);
    const checks = await deps.forge.listChecks(state.request.reviewedSha);
    const issueNumber = linkedIssueNumber(pr.body);
    const issue = issueNumber ? await deps.forge.getIssue(issueNumber).then((i) => ({ number: i.number, title: i.title, url: i.url }), () => null) : null;
    const target = await prConversation(deps, pr.number, issueNumber);
    if (!target) deps.logger.warn({ pr: pr.number }, "no report thread and no channels.merge: the merge card has nowhere to go");
    return { pr, checks, issue, target };
  };
}
