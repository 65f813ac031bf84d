import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { TriageStateType } from "../triage-state.js";

/** A confirmed duplicate files nothing new: the report goes onto the existing issue as a comment. */
export function commentDuplicate(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const dup = state.duplicateOf!;
    const report = state.report!;
    const quoted = [report.title, report.text, ...report.answers].filter(Boolean).join("\n\n").replace(/\n/g, "\n> ");
    await act(deps.effects, config, "comment-duplicate", "comment", "github.comment", {
      number: dup.number,
      body: `Reported again by ${report.reporterName}${report.permalink ? ` in [Slack](${report.permalink})` : ""}:\n\n> ${quoted}`,
    });
    return { outcome: { kind: "duplicate" as const, issueNumber: dup.number, url: dup.url } };
  };
}
