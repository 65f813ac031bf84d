import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { verifyPassed } from "../../../src/blocks/verify-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { mergedPr } from "../merged-pr.js";
import { smokeSummary } from "../verify-text.js";
import { sha7, type VerifyStateType } from "../verify-state.js";

/**
 * The merge holds: the linked issue is closed if GitHub's closing keywords did not close it already (a PR that
 * only mentions its issue), and the merge's thread gets a ✅ with what was checked.
 */
export function reportSuccess(deps: GraphDeps) {
  return async (state: VerifyStateType, config: LangGraphRunnableConfig) => {
    const req = state.request;
    let issue: { number: number; closed: "now" | "already" } | undefined;
    if (req.issueNumber) {
      const found = await deps.forge.getIssue(req.issueNumber);
      if (found.state === "open" && !found.isPullRequest) {
        await act(deps.effects, config, "report-success", `${sha7(state)}/close-${req.issueNumber}`, "github.close-issue", { number: req.issueNumber, reason: "completed" });
        issue = { number: req.issueNumber, closed: "now" };
      } else if (found.state === "closed") {
        issue = { number: req.issueNumber, closed: "already" };
      }
    }
    if (!req.slack) {
      deps.logger.info({ pr: req.pr, sha: req.mergeSha }, "merge verified; no Slack thread to tell");
      return {};
    }
    const message = verifyPassed({
      pr: mergedPr(req),
      checks: state.checks?.summary ?? "checks not read",
      ...(state.smoke ? { smoke: smokeSummary(state.smoke) } : {}),
      ...(issue ? { issue } : {}),
    });
    await act(deps.effects, config, "report-success", `${sha7(state)}/passed`, "slack.post", {
      channel: req.slack.channel,
      threadTs: req.slack.threadTs,
      ...message,
    });
    return {};
  };
}
