import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { statusBlocks } from "../../../src/blocks/status-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { StatusStateType } from "../status-state.js";

/** Answers where it was asked: in the mention's thread, or privately to whoever ran the command. */
export function postStatus(deps: GraphDeps) {
  return async (state: StatusStateType, config: LangGraphRunnableConfig) => {
    const { request, snapshot } = state;
    if (!snapshot) throw new AppError(ErrorCode.Internal, "post-status ran before gather-status");
    const message = statusBlocks(snapshot);
    if (request.via === "command" && request.responseUrl) {
      await act(deps.effects, config, "post-status", "reply", "slack.respond", {
        responseUrl: request.responseUrl,
        responseType: "ephemeral",
        ...message,
      });
      return {};
    }
    const posted = await act(deps.effects, config, "post-status", "reply", "slack.post", {
      channel: request.channel,
      threadTs: request.threadTs ?? request.messageTs,
      ...message,
    });
    return { replyTs: posted.ts };
  };
}
