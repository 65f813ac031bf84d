import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { runTimelineBlocks } from "../../../src/blocks/run-timeline-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { ExplainStateType } from "../explain-state.js";

/**
 * Answers where it was asked: in the mention's thread, or in the channel of the command (a failed run usually
 * concerns others there too). "I have no such run" concerns only the asker, so a command gets that privately.
 */
export function replyRun(deps: GraphDeps) {
  return async (state: ExplainStateType, config: LangGraphRunnableConfig) => {
    const { request, runTimeline } = state;
    if (!runTimeline) throw new AppError(ErrorCode.Internal, "reply-run ran before gather-run");
    const message = runTimelineBlocks(runTimeline);
    if (request.via === "command" && request.responseUrl) {
      await act(deps.effects, config, "reply-run", "answer", "slack.respond", {
        responseUrl: request.responseUrl,
        responseType: runTimeline.kind === "timeline" ? "in_channel" : "ephemeral",
        ...message,
      });
      return {};
    }
    const threadTs = request.threadTs ?? request.messageTs;
    const posted = await act(deps.effects, config, "reply-run", "answer", "slack.post", {
      channel: request.channel,
      ...(threadTs ? { threadTs } : {}),
      ...message,
    });
    return { replyTs: posted.ts };
  };
}
