import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { threadIdOf } from "../../shared/act.js";
import { linkedIssueNumber } from "../../../src/core/linked-issue.js";
import { runTag, type ReviewStateType } from "../review-state.js";

/**
 * The review in the ledger (pr_reviews): the merge automation reads the reviewed SHA and risk from it, the next
 * review its round and findings, recaps the findings per dimension. The PR joins its issue's work item.
 */
export function record(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    const coverage = state.coverage!;
    const threadId = threadIdOf(config);
    await deps.reviews.save({
      repository: deps.settings.repository ?? "",
      prNumber: pr.number,
      headSha: pr.headSha,
      baseSha: coverage.sinceSha ?? null,
      runKey: `${threadId}/${runTag(state)}`,
      mode: coverage.mode,
      outcome: state.outcome!,
      risk: state.risk!.level,
      riskReasons: state.risk!.reasons,
      round: state.context!.round,
      findings: (state.findings ?? []).map((f) => ({
        fingerprint: f.fingerprint,
        severity: f.severity,
        dimensions: f.dimensions,
        path: f.path,
        title: f.title,
        placement: f.placement,
      })),
      resolved: (state.fixed ?? []).map((t) => t.fingerprint),
      coverage,
      promptTokens: coverage.promptTokens,
      reviewId: state.reviewId ?? null,
    });
    const issue = linkedIssueNumber(pr.body);
    await deps.links.record(issue ? { issueNumber: issue } : { prNumber: pr.number }, { prNumber: pr.number, graphThread: threadId });
    return {};
  };
}
