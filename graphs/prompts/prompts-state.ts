import { Annotation } from "@langchain/langgraph";
import type { PromptMessage } from "../../src/blocks/prompt-version-blocks.js";
import type { PromptVersion } from "../../src/core/ledgers/prompt-versions.js";
import type { PromptsInput } from "./prompts-input.js";

/**
 * What the request comes to. `shown` (a list or a history), `unknown` (no such prompt), `refused` (not an approver),
 * `unchanged` (already on its file) and `moved` (the head moved under the rollback) only answer; `allowed` rolls back
 * and then becomes `rolled-back`, the one outcome the maintainers hear about.
 */
type PromptsDecision = "shown" | "unknown" | "refused" | "unchanged" | "moved" | "allowed" | "rolled-back";

export const PromptsState = Annotation.Root({
  request: Annotation<PromptsInput>(),
  decision: Annotation<PromptsDecision | undefined>(),
  /** The prompt id a rollback is about, once known. */
  promptId: Annotation<string | undefined>(),
  /** The stored version that was the head when the rollback was allowed: the rollback happens only from it. */
  expectedHead: Annotation<number | undefined>(),
  /** What the rollback moved from and to (null: the file), and the file's hash when it is back on it. */
  rolledBack: Annotation<{ from: PromptVersion; to: PromptVersion | null; fileHash: string | null } | undefined>(),
  /** What the person is told. */
  reply: Annotation<PromptMessage | undefined>(),
});
export type PromptsStateType = typeof PromptsState.State;
