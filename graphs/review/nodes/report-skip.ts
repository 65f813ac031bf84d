import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { runTag, type ReviewStateType } from "../review-state.js";

/** A person who asked in Slack hears why nothing happened; webhook-triggered skips are only logged. */
export function reportSkip(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const slack = state.request.slack;
    if (slack) {
      await act(deps.effects, config, "report-skip", runTag(state), "slack.ephemeral", {
        channel: slack.channel,
        user: slack.user,
        text: `Not reviewing #${state.request.pr}: ${state.skip}.`,
      });
    }
    return {};
  };
}
