import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { explainBlocks } from "../../../src/blocks/explain-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { ExplainStateType } from "../explain-state.js";

/**
 * Answers where it was asked: in the mention's thread, or in the channel of the command (others there usually want
 * to know too). "I can't find it" concerns only the asker, so a command gets that privately.
 */
export function reply(deps: GraphDeps) {
  return async (state: ExplainStateType, config: LangGraphRunnableConfig) => {
    const { request, subject } = state;
    if (!subject) throw new AppError(ErrorCode.Internal, "reply ran before gather");
    const message = explainBlocks({
      subject,
      reasons: state.reasons,
      timeline: state.timeline,
      now: state.facts?.now ?? deps.clock.now().toISOString(),
      ...(state.paragraph ? { paragraph: state.paragraph } : {}),
    });
    if (request.via === "command" && request.responseUrl) {
      const found = subject.kind === "pr" || subject.kind === "issue";
      await act(deps.effects, config, "reply", "answer", "slack.respond", {
        responseUrl: request.responseUrl,
        responseType: found ? "in_channel" : "ephemeral",
        ...message,
      });
      return {};
    }
    const posted = await act(deps.effects, config, "reply", "answer", "slack.post", {
      channel: request.channel,
      ...(request.threadTs ?? request.messageTs ? { threadTs: request.threadTs ?? request.messageTs } : {}),
      ...message,
    });
    return { replyTs: posted.ts };
  };
}
