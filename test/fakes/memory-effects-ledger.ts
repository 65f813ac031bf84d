import { createExecutors } from "../../src/core/effects/create-executors.js";
import type { EffectKind, EffectResult } from "../../src/core/effects/effect-kinds.js";
import type { EffectRecord, EffectRequest, EffectsLedger } from "../../src/core/effects/effects-ledger.js";
import { effectKey } from "../../src/core/ids.js";
import type { ChatPort, ForgePort, RunStarter } from "../../src/core/ports/index.js";

/** The effects ledger's semantics in memory, for graph scenario tests (the PostgreSQL one is tested apart). */
export class MemoryEffectsLedger implements EffectsLedger {
  readonly records = new Map<string, EffectRecord>();
  private readonly executors;

  constructor(ports: { chat: ChatPort; forge: ForgePort; starter?: RunStarter }) {
    this.executors = createExecutors(ports);
  }

  async apply<K extends EffectKind>(request: EffectRequest<K>): Promise<EffectResult<K>> {
    const key = effectKey(request.threadId, request.node, request.intent);
    const existing = this.records.get(key);
    if (existing?.status === "applied") return existing.result as EffectResult<K>;
    const record: EffectRecord = existing ?? {
      key,
      kind: request.kind,
      threadId: request.threadId,
      status: "planned",
      attempts: 0,
      input: request.input,
      result: null,
      error: null,
      dryRun: false,
      createdAt: new Date().toISOString(),
      appliedAt: null,
    };
    record.attempts += 1;
    this.records.set(key, record);
    const executor = this.executors[request.kind] as (input: unknown, ctx: { key: string; priorAttempts: number }) => Promise<EffectResult<K>>;
    try {
      const result = await executor(request.input, { key, priorAttempts: record.attempts - 1 });
      Object.assign(record, { status: "applied", result, appliedAt: new Date().toISOString() });
      return result;
    } catch (e) {
      record.error = String(e);
      throw e;
    }
  }

  async list(threadId: string): Promise<EffectRecord[]> {
    return [...this.records.values()].filter((r) => r.threadId === threadId);
  }
}
