import OpenAI from "openai";
import { z, type ZodType } from "zod";
import type { Config } from "../../config/load-config.js";
import { AppError, ErrorCode, toAppError } from "../../core/errors.js";
import type {
  ModelAttempt,
  ModelCallMeta,
  ModelMessage,
  ModelPort,
  ModelToolCall,
  ModelUsage,
  RenderedPrompt,
  StructuredRequest,
  ToolTurn,
  ToolTurnRequest,
} from "../../core/ports/model-port.js";
import { mapOpenAIError, type CallContext } from "./map-openai-error.js";
import { taskTag } from "./task-tag.js";

type ChatMessage = OpenAI.Chat.ChatCompletionMessageParam;
type ChatParams = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

/** What the adapter logs through; a pino logger fits. */
export interface ModelLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export interface OpenAIClientOptions {
  /** May be omitted for local OpenAI-compatible servers (vLLM, Ollama) that ignore it, when baseUrl is set. */
  apiKey?: string;
  baseUrl?: string;
  timeoutMs: number;
  /** The SDK's own retries on 408/409/429/5xx and connection errors (default 2; tests use 0). */
  maxRetries?: number;
  /** For tests that need to observe or break the transport. */
  fetch?: typeof fetch;
}

/**
 * The one place an OpenAI client is built. Every option is passed explicitly so the SDK does not pick up
 * OPENAI_* variables by itself: configuration is read once, in src/config.
 */
export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  if (!options.apiKey && !options.baseUrl) {
    throw new AppError(ErrorCode.ConfigInvalid, "OPENAI_API_KEY is not set: set it, or point OPENAI_BASE_URL at an OpenAI-compatible server that needs no key");
  }
  return new OpenAI({
    // Local servers ignore the key but the SDK insists on one.
    apiKey: options.apiKey ?? "no-key",
    baseURL: options.baseUrl ?? "https://api.openai.com/v1",
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 2,
    logLevel: "off",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export interface OpenAIModelAdapterOptions {
  client: OpenAI;
  config: Config["model"];
  logger: ModelLogger;
}

/** Which model serves a task: per-task override, then the prompt file's model, then the default. */
export function modelForTask(config: Config["model"], task: string, prompt: RenderedPrompt): string {
  return config.tasks[task] ?? prompt.model ?? config.defaultModel;
}

export function costUsd(config: Config["model"], model: string, promptTokens: number, completionTokens: number): number {
  const price = config.pricing[model];
  if (!price) return 0;
  const cost = (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1_000_000;
  // Avoid float noise such as 0.00030000000000000003 in the ledger.
  return Math.round(cost * 1e9) / 1e9;
}

const MAX_OUTPUT_IN_ERROR = 500;
const MAX_ISSUES_IN_REPAIR = 20;

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[]; output: string };

/** Models sometimes wrap JSON in a Markdown fence even when asked not to; that is not worth a repair round. */
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return m ? (m[1] as string) : text;
}

function parseStructured<T>(content: string | null | undefined, schema: ZodType<T>, refusal: string | null | undefined): Parsed<T> {
  const output = content ?? "";
  if (!content) return { ok: false, output, problems: [refusal ? `the model refused: ${refusal}` : "the reply was empty"] };
  let json: unknown;
  try {
    json = JSON.parse(stripFence(content));
  } catch (e) {
    return { ok: false, output, problems: [`the reply is not valid JSON (${(e as Error).message})`] };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    output,
    problems: result.error.issues.slice(0, MAX_ISSUES_IN_REPAIR).map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`),
  };
}

function repairMessage(problems: string[]): string {
  return [
    "Your previous reply cannot be used. Problems:",
    ...problems.map((p) => `- ${p}`),
    "Reply again with only the corrected JSON object, matching the required JSON schema, with no prose and no code fences.",
  ].join("\n");
}

function toChatMessage(m: ModelMessage): ChatMessage {
  switch (m.role) {
    case "system":
      return { role: "system", content: m.content };
    case "user":
      return { role: "user", content: m.content };
    case "assistant":
      return m.toolCalls?.length
        ? {
            role: "assistant",
            content: m.content || null,
            tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } })),
          }
        : { role: "assistant", content: m.content };
    case "tool":
      if (!m.toolCallId) throw new AppError(ErrorCode.Internal, "A tool message needs the toolCallId of the call it answers");
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
  }
}

/** response_format names must match ^[a-zA-Z0-9_-]{1,64}$. */
function schemaName(task: string): string {
  return task.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "output";
}

export function createOpenAIModelAdapter({ client, config, logger }: OpenAIModelAdapterOptions): ModelPort {
  const jsonSchemas = new WeakMap<object, Record<string, unknown>>();
  const jsonSchemaOf = (schema: ZodType<unknown>): Record<string, unknown> => {
    let cached = jsonSchemas.get(schema);
    if (!cached) {
      // Describe what the model must produce: the schema's input side (before defaults and transforms).
      const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
      cached = rest;
      jsonSchemas.set(schema, cached);
    }
    return cached;
  };

  interface Spend {
    usage: ModelUsage;
    /** Every request of the call, in order, with what became of it. */
    attempts: ModelAttempt[];
  }

  /** Records how a request ended under the strategy it was made for. */
  function note(spend: Spend, strategy: ModelAttempt["strategy"], model: string, outcome: unknown): void {
    if (outcome === "ok" || outcome === "invalid") {
      spend.attempts.push({ strategy, model, outcome });
      return;
    }
    const error = toAppError(outcome, ErrorCode.ModelApi);
    spend.attempts.push({ strategy, model, outcome: error.code === ErrorCode.ModelTimeout ? "timeout" : "error", errorCode: error.code });
  }

  /** One HTTP round trip. Adds the tokens and cost to `spend` even when the caller then rejects the output. */
  async function complete(
    ctx: CallContext,
    prompt: RenderedPrompt,
    messages: ChatMessage[],
    extra: Partial<ChatParams>,
    spend: Spend,
  ): Promise<OpenAI.Chat.ChatCompletion.Choice> {
    const body: ChatParams = {
      model: ctx.model,
      messages,
      user: taskTag(ctx.task),
      ...(prompt.parameters.temperature === undefined ? {} : { temperature: prompt.parameters.temperature }),
      ...(prompt.parameters.maxTokens === undefined ? {} : { max_completion_tokens: prompt.parameters.maxTokens }),
      ...extra,
    };
    const started = performance.now();
    let completion: OpenAI.Chat.ChatCompletion;
    try {
      completion = await client.chat.completions.create(body, { timeout: ctx.timeoutMs });
    } catch (e) {
      const error = mapOpenAIError(e, ctx);
      logger.warn({ task: ctx.task, model: ctx.model, promptId: ctx.promptId, code: error.code, retryable: error.retryable, err: error.message }, "model call failed");
      throw error;
    }
    const promptTokens = completion.usage?.prompt_tokens ?? 0;
    const completionTokens = completion.usage?.completion_tokens ?? 0;
    const cost = costUsd(config, ctx.model, promptTokens, completionTokens);
    spend.usage.promptTokens += promptTokens;
    spend.usage.completionTokens += completionTokens;
    spend.usage.costUsd = Math.round((spend.usage.costUsd + cost) * 1e9) / 1e9;
    const choice = completion.choices?.[0];
    logger.debug(
      {
        task: ctx.task,
        model: ctx.model,
        promptId: ctx.promptId,
        promptHash: prompt.hash,
        promptTokens,
        completionTokens,
        costUsd: cost,
        latencyMs: Math.round(performance.now() - started),
        finishReason: choice?.finish_reason,
      },
      "model call",
    );
    if (!choice) {
      throw new AppError(ErrorCode.ModelApi, `Model ${ctx.model} returned no choices (${ctx.task})`, {
        retryable: true,
        details: { task: ctx.task, model: ctx.model, promptId: ctx.promptId },
      });
    }
    return choice;
  }

  /** A request that throws is noted as an error attempt before the error goes on. */
  async function tracked<R>(spend: Spend, strategy: ModelAttempt["strategy"], model: string, request: () => Promise<R>): Promise<R> {
    try {
      return await request();
    } catch (e) {
      note(spend, strategy, model, e);
      throw e;
    }
  }

  /**
   * Runs `attempt` with the task's model and, when it fails with a retryable error or invalid output, once
   * more with the task's fallback model. Anything else (a 400, a bad key) would fail the same way again.
   */
  async function withFallback<R>(
    task: string,
    prompt: RenderedPrompt,
    timeoutMs: number,
    spend: Spend,
    attempt: (ctx: CallContext, strategy: "first" | "fallback-model") => Promise<R>,
  ): Promise<{ result: R; model: string }> {
    const primary = modelForTask(config, task, prompt);
    const ctx = (model: string): CallContext => ({ task, model, promptId: prompt.id, timeoutMs });
    try {
      return { result: await attempt(ctx(primary), "first"), model: primary };
    } catch (e) {
      const error = toAppError(e, ErrorCode.ModelApi);
      const fallback = config.fallback[task];
      const worthIt = error.retryable || error.code === ErrorCode.ModelInvalidOutput;
      if (!fallback || fallback === primary || !worthIt) throw withAttempts(error, spend);
      logger.warn({ task, model: primary, fallback, code: error.code, promptId: prompt.id }, "model failed; trying the fallback model");
      try {
        return { result: await attempt(ctx(fallback), "fallback-model"), model: fallback };
      } catch (second) {
        throw withAttempts(toAppError(second, ErrorCode.ModelApi), spend);
      }
    }
  }

  /** A failed call's error carries what was tried, so the run ledger records it with the failure. */
  function withAttempts(error: AppError, spend: Spend): AppError {
    error.details.attempts = spend.attempts;
    return error;
  }

  function meta(model: string, prompt: RenderedPrompt, spend: Spend, started: number, repairs: number): ModelCallMeta {
    return {
      model,
      promptId: prompt.id,
      promptHash: prompt.hash,
      usage: { ...spend.usage },
      latencyMs: Math.round(performance.now() - started),
      repairs,
      attempts: spend.attempts,
    };
  }

  return {
    async structured<T>(request: StructuredRequest<T>) {
      const started = performance.now();
      const spend: Spend = { usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 }, attempts: [] };
      const timeoutMs = request.timeoutMs ?? config.timeoutMs;
      const responseFormat: Partial<ChatParams> = {
        response_format: {
          type: "json_schema",
          json_schema: { name: schemaName(request.task), schema: jsonSchemaOf(request.schema as ZodType<unknown>), strict: false },
        },
      };
      const base = [...request.prompt.messages, ...(request.messages ?? [])].map(toChatMessage);

      const { result, model } = await withFallback(request.task, request.prompt, timeoutMs, spend, async (ctx, strategy) => {
        const first = await tracked(spend, strategy, ctx.model, () => complete(ctx, request.prompt, base, responseFormat, spend));
        const parsed = parseStructured(first.message.content, request.schema, first.message.refusal);
        note(spend, strategy, ctx.model, parsed.ok ? "ok" : "invalid");
        if (parsed.ok) return { value: parsed.value, repairs: 0 };

        logger.warn({ task: ctx.task, model: ctx.model, promptId: ctx.promptId, problems: parsed.problems }, "model output invalid; asking for a repair");
        const repair: ChatMessage[] = [
          ...base,
          { role: "assistant", content: parsed.output },
          { role: "user", content: repairMessage(parsed.problems) },
        ];
        const second = await tracked(spend, "feedback", ctx.model, () => complete(ctx, request.prompt, repair, responseFormat, spend));
        const reparsed = parseStructured(second.message.content, request.schema, second.message.refusal);
        note(spend, "feedback", ctx.model, reparsed.ok ? "ok" : "invalid");
        if (reparsed.ok) return { value: reparsed.value, repairs: 1 };

        throw new AppError(ErrorCode.ModelInvalidOutput, `Model ${ctx.model} gave invalid output for ${ctx.task} twice: ${reparsed.problems[0] ?? "unknown problem"}`, {
          retryable: false,
          details: {
            task: ctx.task,
            model: ctx.model,
            promptId: ctx.promptId,
            promptHash: request.prompt.hash,
            output: reparsed.output.slice(0, MAX_OUTPUT_IN_ERROR),
            issues: reparsed.problems,
          },
        });
      });
      return { value: result.value, meta: meta(model, request.prompt, spend, started, result.repairs) };
    },

    async toolTurn(request: ToolTurnRequest) {
      const started = performance.now();
      const spend: Spend = { usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 }, attempts: [] };
      const timeoutMs = request.timeoutMs ?? config.timeoutMs;
      const messages = [...request.prompt.messages, ...(request.messages ?? [])].map(toChatMessage);
      const tools: OpenAI.Chat.ChatCompletionFunctionTool[] = request.tools.map((t) => ({
        type: "function",
        function: { name: t.name, description: t.description, parameters: t.parameters },
      }));

      const { result, model } = await withFallback(request.task, request.prompt, timeoutMs, spend, async (ctx, strategy) => {
        const choice = await tracked(spend, strategy, ctx.model, () => complete(ctx, request.prompt, messages, tools.length ? { tools } : {}, spend));
        note(spend, strategy, ctx.model, "ok");
        const toolCalls: ModelToolCall[] = (choice.message.tool_calls ?? []).flatMap((c) =>
          c.type === "function" ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
        );
        const turn: ToolTurn = { content: choice.message.content ?? "", toolCalls, finishReason: choice.finish_reason };
        return turn;
      });
      return { turn: result, meta: meta(model, request.prompt, spend, started, 0) };
    },

    async ping() {
      const ctx: CallContext = { task: "ping", model: "(models.list)", promptId: "-", timeoutMs: config.timeoutMs };
      try {
        const models: string[] = [];
        for await (const m of client.models.list({ timeout: config.timeoutMs })) models.push(m.id);
        return { models: models.sort() };
      } catch (e) {
        throw mapOpenAIError(e, ctx);
      }
    },
  };
}
