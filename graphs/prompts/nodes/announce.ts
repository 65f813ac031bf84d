import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { rollbackNote } from "../../../src/blocks/prompt-version-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { PromptsStateType } from "../prompts-state.js";

/** A rollback changes what every model call of that prompt says: news for whoever looks after the audit. */
export function announce(deps: GraphDeps) {
  return async (state: PromptsStateType, config: LangGraphRunnableConfig) => {
    const channel = deps.settings.audit.channel;
    const { promptId, rolledBack } = state;
    if (!channel || !promptId || !rolledBack) return {};
    const { from, to, fileHash } = rolledBack;
    await act(deps.effects, config, "announce", "rollback", "slack.post", { channel, ...rollbackNote(state.request.user, promptId, from, to, fileHash) });
    return {};
  };
}
