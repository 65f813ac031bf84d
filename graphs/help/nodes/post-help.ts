import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { helpBlocks } from "../../../src/blocks/help-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { HelpStateType } from "../help-state.js";

/** Answers a mention Shopfloor did not understand (or a plain "help") in its thread. */
export function postHelp(deps: GraphDeps) {
  return async (state: HelpStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    const posted = await act(deps.effects, config, "post-help", "reply", "slack.post", {
      channel: request.channel,
      threadTs: request.threadTs ?? request.messageTs,
      ...helpBlocks({ asked: "mention", ...(request.unknown ? { unknown: request.unknown } : {}) }),
    });
    return { replyTs: posted.ts };
  };
}
