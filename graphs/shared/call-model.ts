import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ZodType } from "zod";
import { ErrorCode, toAppError, type AppError } from "../../src/core/errors.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { ModelCallRecord } from "../../src/core/ledgers/run-ledger.js";
import type { ModelAttempt, ModelCallMeta, ModelMessage, ModelToolSpec, RenderedPrompt, ToolTurn } from "../../src/core/ports/model-port.js";
import { threadIdOf } from "./act.js";

type ModelDeps = Pick<GraphDeps, "model" | "runs" | "prompts" | "logger">;

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
  /**
   * The last repair of a semantic failure: the same call with less context (shorter guidelines, a cut report). Asked
   * for when the model's output stayed invalid after the feedback retry and the fallback model, or the context did not
   * fit; returns null when there is nothing left to cut.
   */
  smaller?: () => Record<string, unknown> | null;
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
  const ask = (prompt: RenderedPrompt) =>
    deps.model.structured({
      task: site.task,
      prompt,
      schema: site.schema,
      ...(site.messages ? { messages: site.messages } : {}),
      ...(site.timeoutMs ? { timeoutMs: site.timeoutMs } : {}),
    });
  const prompt = deps.prompts.render(site.promptId, site.vars);
  return record(deps, site, prompt, async () => {
    try {
      const { value, meta } = await ask(prompt);
      return { result: { value, meta }, meta };
    } catch (e) {
      const err = toAppError(e);
      const smallerVars = worthCutting(err) ? site.smaller?.() : null;
      if (!smallerVars) throw err;
      const before = attemptsOf(err);
      deps.logger.warn({ task: site.task, code: err.code }, "model output still invalid; trying once more with a smaller context");
      try {
        const { value, meta } = await ask(deps.prompts.render(site.promptId, smallerVars));
        const attempts = [...before, ...relabel(meta.attempts ?? [{ strategy: "first", model: meta.model, outcome: "ok" }])];
        const repaired = { ...meta, repairs: meta.repairs + 1, attempts };
        return { result: { value, meta: repaired }, meta: repaired };
      } catch (second) {
        const last = toAppError(second);
        last.details.attempts = [...before, ...relabel(attemptsOf(last))];
        throw last;
      }
    }
  });
}

/** Invalid output that survived the feedback retry and the fallback model, or a prompt too long for the model. */
function worthCutting(err: AppError): boolean {
  return err.code === ErrorCode.ModelInvalidOutput || err.details.contextTooLong === true;
}

function attemptsOf(err: AppError): ModelAttempt[] {
  return Array.isArray(err.details.attempts) ? (err.details.attempts as ModelAttempt[]) : [];
}

/** The smaller call's own first request is the smaller-context attempt; its feedback and fallback keep their names. */
function relabel(attempts: ModelAttempt[]): ModelAttempt[] {
  return attempts.map((a, i) => (i === 0 && a.strategy === "first" ? { ...a, strategy: "smaller-context" } : a));
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
        attempts: attemptsOf(err),
      },
    });
    throw err;
  }
}
