import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { buildSkippedMessage } from "../../../src/blocks/build-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { runTag, type BuildStateType } from "../build-state.js";

/** A person who asked hears why nothing is built; the hourly run's and the review's skips are only logged. */
export function reportSkip(deps: GraphDeps) {
  return async (state: BuildStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    const number = request.mode === "build" ? request.issue : request.pr;
    deps.logger.info({ mode: request.mode, number, reason: state.skip }, "build skipped");
    const target = request.slack;
    const asked = request.trigger.kind === "command" || request.trigger.kind === "mention";
    if (!target || !asked) return {};
    await act(deps.effects, config, "report-skip", runTag(state), "slack.post", {
      channel: target.channel,
      threadTs: target.threadTs,
      ...buildSkippedMessage({ number, reason: state.skip ?? "" }),
    });
    return {};
  };
}
