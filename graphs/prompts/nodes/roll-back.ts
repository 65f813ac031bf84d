import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { movedMeanwhileText, promptAnswer, rolledBackText } from "../../../src/blocks/prompt-version-blocks.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { PromptHeadChange, PromptVersion } from "../../../src/core/ledgers/prompt-versions.js";
import { threadIdOf } from "../../shared/act.js";
import type { PromptsStateType } from "../prompts-state.js";

/**
 * A rollback is not an effect the ledger can replay, so this node makes its own re-run safe: it rolls back only while
 * the head is still the version decide saw, and it recognises its own earlier rollback (the latest move, by the same
 * person, away from that version) when a failure after the rollback made the node run again.
 */
export function rollBack(deps: GraphDeps) {
  return async (state: PromptsStateType, config: LangGraphRunnableConfig) => {
    const { promptId: id, expectedHead } = state;
    if (!id || expectedHead === undefined) throw new AppError(ErrorCode.Internal, "roll-back ran before decide allowed it");
    const { user } = state.request;
    const thread = threadIdOf(config);

    const before = await deps.promptVersions.history(id);
    let moved: { from: PromptVersion | null; to: PromptVersion | null };
    if (before.head?.id === expectedHead) moved = await deps.promptVersions.rollback(id, user);
    else if (ownRollback(before.changes, expectedHead, user)) moved = { from: before.versions.find((v) => v.id === expectedHead) ?? null, to: before.head };
    else return { decision: "moved" as const, reply: promptAnswer(movedMeanwhileText(id)) };
    const { from, to } = moved;
    if (!from) return { decision: "moved" as const, reply: promptAnswer(movedMeanwhileText(id)) };

    await deps.prompts.refresh();
    const inUse = deps.prompts.source(id);
    const fileHash = to === null && inUse.origin === "file" ? inUse.hash : null;

    const recorded = (await deps.audit.forSubject(`prompt:${id}`)).some((e) => e.action === "prompt.rollback" && e.detail?.thread === thread);
    if (!recorded) {
      await deps.audit.append({
        actor: user,
        action: "prompt.rollback",
        subject: `prompt:${id}`,
        outcome: "done",
        detail: { from: from.version, fromHash: from.hash, to: to ? to.version : "file", ...(to ? { toHash: to.hash } : fileHash ? { toHash: fileHash } : {}), thread },
      });
    }
    return { decision: "rolled-back" as const, rolledBack: { from, to, fileHash }, reply: promptAnswer(rolledBackText(id, from, to, fileHash)) };
  };
}

/** The latest move is a rollback by this person, and the head before it was the expected version. */
function ownRollback(changes: readonly PromptHeadChange[], expectedHead: number, user: string): boolean {
  const [latest, previous] = changes;
  return latest?.action === "rollback" && latest.changedBy === user && previous?.versionId === expectedHead;
}
