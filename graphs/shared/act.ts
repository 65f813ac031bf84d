import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { EffectInput, EffectKind, EffectResult } from "../../src/core/effects/effect-kinds.js";
import type { EffectsLedger } from "../../src/core/effects/effects-ledger.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";

/** The graph thread a node runs in. */
export function threadIdOf(config: LangGraphRunnableConfig): string {
  const id = config.configurable?.thread_id;
  if (typeof id !== "string" || !id) throw new AppError(ErrorCode.Internal, "node called without a thread_id");
  return id;
}

/**
 * Ask the effects ledger to perform one side effect on behalf of a node. `intent` names the effect within
 * the node; together with the thread and node it is the idempotency key, so a re-run node replays it.
 */
export function act<K extends EffectKind>(
  effects: EffectsLedger,
  config: LangGraphRunnableConfig,
  node: string,
  intent: string,
  kind: K,
  input: EffectInput<K>,
): Promise<EffectResult<K>> {
  return effects.apply({ threadId: threadIdOf(config), node, intent, kind, input });
}
