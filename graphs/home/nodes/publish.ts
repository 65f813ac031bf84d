import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { homeBlocks } from "../../../src/blocks/home-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { HomeStateType } from "../home-state.js";

/** Publishes the viewer's Home tab (views.publish replaces the whole view, so a re-publish is harmless). */
export function publish(deps: GraphDeps) {
  return async (state: HomeStateType, config: LangGraphRunnableConfig) => {
    if (!state.facts) throw new AppError(ErrorCode.Internal, "publish ran before gather");
    const user = state.request.user;
    await act(deps.effects, config, "publish", `home-${user}`, "slack.publish-home", { userId: user, blocks: homeBlocks(state.facts) });
    return {};
  };
}
