import { randomBytes } from "node:crypto";

/**
 * Response bodies shaped like OpenAI's chat completions API (https://platform.openai.com/docs/api-reference/chat),
 * so the real `openai` SDK parses them exactly as it would parse the real service's answers.
 */

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

export function randomId(prefix: string, length = 24): string {
  return `${prefix}${randomBytes(length).toString("base64url").replace(/[-_]/g, "x").slice(0, length)}`;
}

/** Rough token count (about four characters per token), so usage is plausible and grows with the input. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

export interface CompletionParts {
  model: string;
  content: string | null;
  toolCalls?: { id: string; name: string; arguments: string }[];
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
}

export function chatCompletion(parts: CompletionParts) {
  const toolCalls = parts.toolCalls?.length
    ? parts.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } }))
    : undefined;
  return {
    id: randomId("chatcmpl-"),
    object: "chat.completion" as const,
    created: Math.floor(Date.now() / 1000),
    model: parts.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant" as const,
          content: parts.content,
          refusal: null,
          annotations: [],
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: parts.finishReason,
      },
    ],
    usage: {
      prompt_tokens: parts.promptTokens,
      completion_tokens: parts.completionTokens,
      total_tokens: parts.promptTokens + parts.completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: "default",
    system_fingerprint: "fp_shopfloor_fake",
  };
}

export function modelList(ids: readonly string[]) {
  const created = Math.floor(Date.now() / 1000);
  return { object: "list" as const, data: ids.map((id) => ({ id, object: "model" as const, created, owned_by: "shopfloor-sandbox" })) };
}
