import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { recapBlocks } from "../../../src/blocks/recap-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { RecapStateType } from "../recap-state.js";

/** Posts the recap: a schedule's to channels.recaps, a person's where they asked (a mention's in its thread). */
export function postRecap(deps: GraphDeps) {
  return async (state: RecapStateType, config: LangGraphRunnableConfig) => {
    const { request, figures } = state;
    if (!figures) throw new AppError(ErrorCode.Internal, "post-recap ran before gather");
    const channel = request.via === "schedule" ? deps.settings.channels.recaps : request.channel;
    if (!channel) throw new AppError(ErrorCode.ConfigInvalid, "No channel for the recap: set channels.recaps in shopfloor.yml");
    const posted = await act(deps.effects, config, "post-recap", "recap", "slack.post", {
      channel,
      ...(request.via === "mention" && request.messageTs ? { threadTs: request.messageTs } : {}),
      ...recapBlocks(figures),
    });
    return { posted: { channel: posted.channel, ts: posted.ts } };
  };
}
