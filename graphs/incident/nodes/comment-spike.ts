import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { IncidentStateType } from "../incident-state.js";

/** A spike of an error already filed: a comment with the new counts on its issue, not a new issue. */
export function commentSpike(deps: GraphDeps) {
  return async (state: IncidentStateType, config: LangGraphRunnableConfig) => {
    const issue = state.issue!;
    const known = await deps.incidents.get(issue.id);
    const link = await deps.links.find({ sentryIssueId: issue.id });
    if (!link?.issueNumber) {
      // Triage has not filed it yet (or was cancelled): the next poll will find the issue.
      deps.logger.info({ sentryIssue: issue.id }, "spike before the issue exists; nothing to comment on yet");
      return { decision: "known" as const };
    }
    await act(deps.effects, config, "comment-spike", `spike-${issue.count}`, "github.comment", {
      number: link.issueNumber,
      body: `📈 Sentry ${issue.shortId || issue.id} is spiking: **${issue.count} events** (was ${known?.eventCount ?? "?"}), **${issue.userCount} users** affected, last seen ${issue.lastSeen}.${issue.permalink ? ` [Sentry](${issue.permalink})` : ""}`,
    });
    return { issueNumber: link.issueNumber };
  };
}
