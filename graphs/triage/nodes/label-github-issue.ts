import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { labelSpecs, labelsFor } from "../issue-labels.js";
import type { TriageStateType } from "../triage-state.js";

/** An issue a person opened on GitHub is triaged in place: labels, and one comment with the assessment. */
export function labelGithubIssue(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    if (state.request.source !== "github") throw new Error("label-github-issue runs for GitHub issues only");
    const number = state.request.issueNumber;
    const c = state.classification!;
    const labels = labelsFor(deps.settings, c, { needsInfo: false });
    await act(deps.effects, config, "label-github-issue", "ensure-labels", "github.ensure-labels", { labels: labelSpecs(deps.settings, labels) });
    await act(deps.effects, config, "label-github-issue", "labels", "github.add-labels", { number, labels });
    const lines = [
      `**Triage:** ${c.type} · ${c.severity} · area ${c.area}`,
      `Severity: ${c.severityReason}`,
      c.missing.length ? `To act on this we still need:\n${c.missing.map((m) => `- ${m}`).join("\n")}` : "",
      state.duplicateOf ? `This looks like a duplicate of #${state.duplicateOf.number}.` : "",
      state.duplicates.length && !state.duplicateOf ? `Possibly related: ${state.duplicates.map((d) => `#${d.number} (${Math.round(d.score * 100)}%)`).join(", ")}` : "",
      c.method === "rules" ? `_Rule-based triage (${c.fallbackReason ?? "no model"}): check the labels._` : "",
    ].filter(Boolean);
    await act(deps.effects, config, "label-github-issue", "assessment", "github.comment", { number, body: lines.join("\n\n") });
    return { outcome: { kind: "labelled" as const, issueNumber: number, labels } };
  };
}
