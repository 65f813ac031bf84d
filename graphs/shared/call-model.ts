import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ZodType } from "zod";
import { ErrorCode, toAppError } from "../../src/core/errors.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { ModelCallRecord } from "../../src/core/ledgers/run-ledger.js";
import type { ModelCallMeta, ModelMessage, ModelToolSpec, RenderedPrompt, ToolTurn } from "../../src/core/ports/model-port.js";
import { threadIdOf } from "./act.js";

type ModelDeps = Pick<GraphDeps, "model" | "runs" | "prompts">;

interface CallSite {
  config: LangGraphRunnableConfig;
  /** The calling node's id (its file name). */
  node: string;
  /** `<graph>.<node>` by convention: the key for per-task models and cost accounting. */
  task: string;
  /** `<graph>/<node>`: the prompt file under prompts/. */
  promptId: string;
  vars: Record<string, unknown>;
  messages?: ModelMessage[];
  timeoutMs?: number;
}

/**
 * Every model call of a graph goes through here so the run ledger records it: model, prompt id and hash,
 * tokens, cost, latency, repairs and outcome, whether it succeeded or not.
 */
export async function callStructured<T>(deps: ModelDeps, site: CallSite & { schema: ZodType<T> }): Promise<T> {
  return (await callStructuredWithMeta(deps, site)).value;
}

/** callStructured for callers that account for tokens themselves (e.g. a review's coverage). */
export async function callStructuredWithMeta<T>(deps: ModelDeps, site: CallSite & { schema: ZodType<T> }): Promise<{ value: T; meta: ModelCallMeta }> {
  const prompt = deps.prompts.render(site.promptId, site.vars);
  return record(deps, site, prompt, async () => {
    const { value, meta } = await deps.model.structured({
      task: site.task,
      prompt,
      schema: site.schema,
      ...(site.messages ? { messages: site.messages } : {}),
      ...(site.timeoutMs ? { timeoutMs: site.timeoutMs } : {}),
    });
    return { result: { value, meta }, meta };
  });
}

/** One turn of a tool-calling conversation, with its usage (the build agent spends a token budget). */
export async function callToolTurn(deps: ModelDeps, site: CallSite & { tools: ModelToolSpec[] }): Promise<{ turn: ToolTurn; meta: ModelCallMeta }> {
  const prompt = deps.prompts.render(site.promptId, site.vars);
  return record(deps, site, prompt, async () => {
    const { turn, meta } = await deps.model.toolTurn({
      task: site.task,
      prompt,
      tools: site.tools,
      ...(site.messages ? { messages: site.messages } : {}),
      ...(site.timeoutMs ? { timeoutMs: site.timeoutMs } : {}),
    });
    return { result: { turn, meta }, meta };
  });
}

async function record<R>(deps: ModelDeps, site: CallSite, prompt: RenderedPrompt, call: () => Promise<{ result: R; meta: ModelCallMeta }>): Promise<R> {
  const configurable = site.config.configurable ?? {};
  const base: Omit<ModelCallRecord, "outcome" | "meta"> = {
    runId: typeof configurable.run_id === "string" ? configurable.run_id : null,
    threadId: threadIdOf(site.config),
    graph: typeof configurable.graph === "string" ? configurable.graph : null,
    node: site.node,
    task: site.task,
  };
  const started = performance.now();
  try {
    const { result, meta } = await call();
    await deps.runs.recordModelCall({ ...base, outcome: "ok", meta });
    return result;
  } catch (e) {
    const err = toAppError(e);
    const outcome = err.code === ErrorCode.ModelInvalidOutput ? "invalid" : err.code === ErrorCode.ModelTimeout ? "timeout" : "error";
    await deps.runs.recordModelCall({
      ...base,
      outcome,
      errorCode: err.code,
      meta: {
        model: String(err.details.model ?? prompt.model ?? "unknown"),
        promptId: prompt.id,
        promptHash: prompt.hash,
        usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
        latencyMs: performance.now() - started,
        repairs: 0,
      },
    });
    throw err;
  }
}
