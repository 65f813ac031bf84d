import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { runTag, type ReviewStateType } from "../review-state.js";
import { SUMMARY_MARKER, summaryMarkdown } from "../summary-markdown.js";

export function updateSummary(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    const body = summaryMarkdown({
      prNumber: pr.number,
      headSha: pr.headSha,
      bottomLine: state.bottomLine ?? null,
      findings: state.findings ?? [],
      stillOpen: (state.stillOpen ?? []).map((t) => ({ title: t.title, path: t.path, line: t.line })),
      resolved: (state.fixed ?? []).map((t) => ({ title: t.title, path: t.path })),
      risk: state.risk!,
      coverage: state.coverage!,
      outcome: state.outcome!,
      round: state.context!.round,
      maxRounds: deps.settings.review.maxRounds,
      droppedNits: state.droppedNits ?? 0,
      reviewedAt: deps.clock.now().toISOString(),
    });
    const comment = await act(deps.effects, config, "update-summary", `${runTag(state)}/summary`, "github.upsert-comment", {
      number: pr.number,
      marker: SUMMARY_MARKER,
      body,
    });
    return { summaryUrl: comment.url };
  };
}
