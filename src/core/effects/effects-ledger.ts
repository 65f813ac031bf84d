import type { EffectInput, EffectKind, EffectResult } from "./effect-kinds.js";

export interface EffectRequest<K extends EffectKind> {
  /** Graph thread the effect belongs to. */
  threadId: string;
  /** Node that decided it (its file name). */
  node: string;
  /** What the node means by it, unique within the node ("reply", "label-issue", …). */
  intent: string;
  kind: K;
  input: EffectInput<K>;
}

export type EffectStatus = "planned" | "applied" | "failed";

export interface EffectRecord {
  key: string;
  kind: EffectKind;
  threadId: string;
  status: EffectStatus;
  attempts: number;
  input: unknown;
  result: unknown;
  error: string | null;
  dryRun: boolean;
  createdAt: string;
  appliedAt: string | null;
}

/**
 * The only way a graph acts on the outside world. `apply` is idempotent per (thread, node, intent):
 * a node that runs again gets the stored result back instead of acting twice. When an earlier attempt
 * may have reached the outside world without its result being stored (a crash in between), the
 * executor looks the effect up by its marker before acting again.
 */
export interface EffectsLedger {
  apply<K extends EffectKind>(request: EffectRequest<K>): Promise<EffectResult<K>>;
  /** Effects recorded for a thread, oldest first. */
  list(threadId: string): Promise<EffectRecord[]>;
}

/** What an executor gets besides the input: whether an earlier attempt may already have acted. */
export interface EffectContext {
  key: string;
  /** Attempts before this one that did not record a result. */
  priorAttempts: number;
}

export type EffectExecutor<K extends EffectKind> = (input: EffectInput<K>, ctx: EffectContext) => Promise<EffectResult<K>>;
export type EffectExecutors = { [K in EffectKind]: EffectExecutor<K> };
