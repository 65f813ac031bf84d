import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { hash, jobId, threadIds } from "../../../src/core/ids.js";
import { act } from "../../shared/act.js";
import { incidentReport } from "../incident-text.js";
import type { IncidentStateType } from "../incident-state.js";

/**
 * Feeds triage (source `sentry`): it writes the issue with the stack excerpt, the Sentry link and the counts,
 * labels it and checks for duplicates. P0 and P1 are announced in the incident channel, where triage shows its
 * progress and result card.
 */
export function fileIssue(deps: GraphDeps) {
  return async (state: IncidentStateType, config: LangGraphRunnableConfig) => {
    const issue = state.issue!;
    const a = state.assessment!;
    const channel = deps.settings.channels.incidents;
    const announce = channel && (a.severity === "P0" || a.severity === "P1") ? { announce: { channel } } : {};
    const threadId = `${threadIds.sentryIssue(deps.settings.sentryOrg ?? "sentry", issue.id)}:triage`;
    await act(deps.effects, config, "file-issue", "triage", "shopfloor.start-run", {
      graph: "triage",
      threadId,
      jobId: jobId("run-triage", hash(threadId)),
      input: {
        source: "sentry",
        title: `${issue.title}${issue.culprit ? ` in ${issue.culprit}` : ""}`.slice(0, 120),
        text: incidentReport(issue, state.event, a.reason),
        ...(issue.permalink.startsWith("http") ? { link: issue.permalink } : {}),
        severityHint: a.severity,
        labels: [],
        sentryIssueId: issue.id,
        ...announce,
      },
    });
    return {};
  };
}
