import { promptAnswer, promptHistoryMessage, promptListMessage, unknownPromptText } from "../../../src/blocks/prompt-version-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { PromptsStateType } from "../prompts-state.js";

/**
 * The list of prompts, or one prompt's history. What is in use comes from the renderer (it skips a version that no
 * longer fits its file); who approved what and when comes from the store.
 */
export function show(deps: GraphDeps) {
  return async (state: PromptsStateType) => {
    await deps.prompts.refresh();
    const ids = deps.prompts.ids();
    const { action, name } = state.request;
    if (action === "list") {
      const heads = new Map((await deps.promptVersions.heads()).map((v) => [v.promptId, v] as const));
      const rows = ids.map((id) => ({ source: deps.prompts.source(id), head: heads.get(id) }));
      return { decision: "shown" as const, reply: promptListMessage(rows) };
    }
    if (!name || !ids.includes(name)) return { decision: "unknown" as const, reply: promptAnswer(unknownPromptText(name, ids)) };
    const history = await deps.promptVersions.history(name);
    return { decision: "shown" as const, reply: promptHistoryMessage({ id: name, ...history, inUse: deps.prompts.source(name) }) };
  };
}
