import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { PromptsStateType } from "../prompts-state.js";

/** Tells the person privately: through the command's response_url, else as an ephemeral message in the channel. */
export function answer(deps: GraphDeps) {
  return async (state: PromptsStateType, config: LangGraphRunnableConfig) => {
    const { request, reply } = state;
    if (!reply) throw new AppError(ErrorCode.Internal, "answer ran before the reply was made");
    if (request.responseUrl) {
      await act(deps.effects, config, "answer", "reply", "slack.respond", { responseUrl: request.responseUrl, responseType: "ephemeral", ...reply });
    } else if (request.channel) {
      await act(deps.effects, config, "answer", "reply", "slack.ephemeral", { channel: request.channel, user: request.user, ...reply });
    } else {
      deps.logger.warn({ user: request.user, action: request.action }, "prompts request with neither response_url nor channel: nobody to answer");
    }
    return {};
  };
}
