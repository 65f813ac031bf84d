import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { controlAnswer } from "../../../src/blocks/automation-control-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { hash } from "../../../src/core/ids.js";
import { act, threadIdOf } from "../../shared/act.js";
import type { AutomationControlStateType } from "../automation-control-state.js";

/** The graph that draws Home tabs (graphs/home). */
const HOME_GRAPH = "home";

/**
 * Tells the person. A command answers privately through its response_url. A Home click has no channel to answer in
 * (an ephemeral message needs one), so the clicker's Home tab is drawn again with the answer on top: the button they
 * clicked flips at the same time.
 */
export function answer(deps: GraphDeps) {
  return async (state: AutomationControlStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    if (!state.reply) throw new AppError(ErrorCode.Internal, "answer ran before decide/apply");
    if (request.via === "home") {
      const threadId = `${threadIdOf(config)}:home`;
      await act(deps.effects, config, "answer", "home", "shopfloor.start-run", {
        graph: HOME_GRAPH,
        threadId,
        jobId: `run-home-${hash(threadId)}`,
        input: { user: request.user, notice: state.reply },
      });
      return {};
    }
    const message = controlAnswer(state.reply);
    if (request.responseUrl) {
      await act(deps.effects, config, "answer", "reply", "slack.respond", { responseUrl: request.responseUrl, responseType: "ephemeral", ...message });
    } else if (request.channel) {
      await act(deps.effects, config, "answer", "reply", "slack.ephemeral", { channel: request.channel, user: request.user, ...message });
    }
    return {};
  };
}
