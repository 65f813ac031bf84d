import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { reviewResultMessage } from "../../../src/blocks/review-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { fixModeApplies } from "../../shared/fix-mode.js";
import { mergeChannel } from "../../shared/report-thread.js";
import { runTag, type ReviewStateType } from "../review-state.js";

/**
 * Tells people what the review means for them, in the report's thread (or where the command was typed), and in
 * the merge channel when nobody else would hear it: a fix is requested (from the build automation's fix mode on
 * Shopfloor's branches, from the author on theirs), or the PR needs a person.
 */
export function followUp(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    const coverage = state.coverage!;
    const outcome = state.outcome!;
    // A PR that passed is announced by the merge card the hand-off starts; one message, not two.
    if (outcome === "clean" || outcome === "approved") return {};
    const target = state.context!.slack ?? mergeChannel(deps);
    if (!target) {
      deps.logger.info({ pr: pr.number, outcome: state.outcome }, "review finished; no Slack channel to tell");
      return {};
    }
    const count = (s: string) => (state.findings ?? []).filter((f) => f.severity === s).length;
    const dims = coverage.dimensions.filter((d) => d.status !== "skipped");
    const doneDims = dims.filter((d) => d.status === "done").length;
    const total = coverage.reviewedFiles.length + coverage.skippedFiles.length;
    const message = reviewResultMessage({
      pr: { number: pr.number, title: pr.title, url: pr.url, author: pr.author },
      outcome,
      reason: state.outcomeReason ?? "",
      counts: { blocker: count("blocker"), major: count("major"), minor: count("minor"), nit: count("nit") },
      resolved: state.fixed?.length ?? 0,
      stillOpen: state.stillOpen?.length ?? 0,
      risk: state.risk!,
      coverage: {
        text: `${coverage.reviewedFiles.length} of ${total} file(s)${coverage.mode === "incremental" ? ` changed since ${coverage.sinceSha?.slice(0, 7)}` : ""}, ${doneDims} of ${dims.length} dimension(s)`,
        partial: coverage.skippedFiles.length > 0 || doneDims < dims.length,
      },
      round: state.context!.round,
      maxRounds: deps.settings.review.maxRounds,
      fixedByShopfloor: outcome === "changes-requested" && fixModeApplies(deps.settings, pr.headRef),
      ...(state.summaryUrl ? { summaryUrl: state.summaryUrl } : {}),
    });
    await act(deps.effects, config, "follow-up", `${runTag(state)}/result`, "slack.post", {
      channel: target.channel,
      threadTs: target.threadTs,
      ...message,
    });
    return {};
  };
}
