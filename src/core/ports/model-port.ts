import type { ZodType } from "zod";

/** A chat message sent to the model. Untrusted text is fenced by the prompt, never concatenated here. */
export interface ModelMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  /** For role "tool": the id of the call being answered. */
  toolCallId?: string;
  /** For role "assistant": tool calls the model made. */
  toolCalls?: ModelToolCall[];
}

export interface ModelToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ModelToolCall {
  id: string;
  name: string;
  /** Raw JSON arguments as the model sent them. */
  arguments: string;
}

/** A prompt after rendering: what the loader produced from prompts/<graph>/<node>.prompt.yml. */
export interface RenderedPrompt {
  /** `<graph>/<node>` */
  id: string;
  /** Content hash of the prompt file: its version. */
  hash: string;
  model?: string;
  parameters: { temperature?: number; maxTokens?: number };
  messages: ModelMessage[];
}

export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface ModelCallMeta {
  model: string;
  promptId: string;
  promptHash: string;
  usage: ModelUsage;
  latencyMs: number;
  /** How many repair attempts were needed for structured output (0 or 1). */
  repairs: number;
  /** Each request the call made, in order: what was tried and how it went (the run ledger keeps them). */
  attempts?: ModelAttempt[];
}

/**
 * One request within a model call. A call starts with `first`; invalid output is retried with the validation error
 * given back (`feedback`); a retryable failure or invalid output again moves to the task's fallback model
 * (`fallback-model`); the caller may then try once more with a smaller context (`smaller-context`).
 */
export interface ModelAttempt {
  strategy: "first" | "feedback" | "fallback-model" | "smaller-context";
  model: string;
  outcome: "ok" | "invalid" | "timeout" | "error";
  errorCode?: string;
}

export interface StructuredRequest<T> {
  /** Task name used for per-task model choice and accounting (e.g. "triage.classify"). */
  task: string;
  prompt: RenderedPrompt;
  schema: ZodType<T>;
  /** Extra conversation after the prompt's messages. */
  messages?: ModelMessage[];
  timeoutMs?: number;
}

export interface ToolTurnRequest {
  task: string;
  prompt: RenderedPrompt;
  messages?: ModelMessage[];
  tools: ModelToolSpec[];
  timeoutMs?: number;
}

export interface ToolTurn {
  content: string;
  toolCalls: ModelToolCall[];
  finishReason: string;
}

export interface ModelPort {
  /** Structured output validated with zod; one repair attempt with the validation error given back. */
  structured<T>(request: StructuredRequest<T>): Promise<{ value: T; meta: ModelCallMeta }>;
  /** One turn of a tool-calling conversation. */
  toolTurn(request: ToolTurnRequest): Promise<{ turn: ToolTurn; meta: ModelCallMeta }>;
  /** Reachability and model listing, for doctor. */
  ping(): Promise<{ models: string[] }>;
}
