import { alreadyOnFileText, promptAnswer, rollbackRefusedText, unknownPromptText } from "../../../src/blocks/prompt-version-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { isApprover } from "../../shared/approvers.js";
import type { PromptsStateType } from "../prompts-state.js";

/**
 * Checks a rollback against the prompts there are, who asks and what is in use. A refusal is audited here: it changes
 * nothing else. An allowed rollback remembers the head it saw, so it rolls back that version and no other.
 */
export function decide(deps: GraphDeps) {
  return async (state: PromptsStateType) => {
    const { name, user } = state.request;
    const ids = deps.prompts.ids();
    if (!name || !ids.includes(name)) return { decision: "unknown" as const, reply: promptAnswer(unknownPromptText(name, ids)) };
    if (!(await isApprover(deps, user))) {
      await deps.audit.append({ actor: user, action: "prompt.rollback", subject: `prompt:${name}`, outcome: "refused", detail: { reason: "not an approver" } });
      return { decision: "refused" as const, promptId: name, reply: promptAnswer(rollbackRefusedText(name)) };
    }
    const { head } = await deps.promptVersions.history(name);
    if (!head) {
      await deps.prompts.refresh();
      return { decision: "unchanged" as const, promptId: name, reply: promptAnswer(alreadyOnFileText(name, deps.prompts.source(name).hash)) };
    }
    return { decision: "allowed" as const, promptId: name, expectedHead: head.id };
  };
}
