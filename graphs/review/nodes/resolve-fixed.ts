import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { fixedReplyBody } from "../finding-comment.js";
import { runTag, type ReviewStateType } from "../review-state.js";

/** Says in each fixed thread what fixed it, then resolves the thread (GitHub GraphQL resolveReviewThread). */
export function resolveFixed(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    for (const thread of state.fixed ?? []) {
      const intent = `${runTag(state)}/${thread.threadId}`;
      await act(deps.effects, config, "resolve-fixed", `${intent}/reply`, "github.reply-review-comment", {
        number: pr.number,
        commentId: thread.commentId,
        body: fixedReplyBody(pr.headSha),
      });
      await act(deps.effects, config, "resolve-fixed", `${intent}/resolve`, "github.resolve-thread", { threadId: thread.threadId });
    }
    return {};
  };
}
