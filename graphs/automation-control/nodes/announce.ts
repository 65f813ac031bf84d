import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { maintainersNote } from "../../../src/blocks/automation-control-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { AutomationControlStateType } from "../automation-control-state.js";

/** A pause or resume is news for everyone who looks after the factory, when they have a channel. */
export function announce(deps: GraphDeps) {
  return async (state: AutomationControlStateType, config: LangGraphRunnableConfig) => {
    const channel = deps.settings.channels.maintainers;
    if (!channel) return {};
    const { action, automation, user, reason } = state.request;
    await act(deps.effects, config, "announce", action, "slack.post", { channel, ...maintainersNote(action, automation, user, reason) });
    return {};
  };
}
