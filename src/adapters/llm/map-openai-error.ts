import OpenAI from "openai";
import { AppError, ErrorCode, isAppError, isRetryableStatus } from "../../core/errors.js";

/** What the error message may name: never the API key or the prompt. */
export interface CallContext {
  task: string;
  model: string;
  promptId: string;
  timeoutMs: number;
}

/** `retry-after-ms` (OpenAI's own), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Math.round(Number(ms)));
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * SDK errors → AppError. Time-outs, 408/429/5xx and connection failures are worth another try; other 4xx
 * are not (the same request would fail again). A 429 for an exhausted quota is not a rate limit: retrying
 * cannot help until someone adds credit.
 */
export function mapOpenAIError(e: unknown, ctx: CallContext): AppError {
  if (isAppError(e)) return e;
  const details = { task: ctx.task, model: ctx.model, promptId: ctx.promptId };
  if (e instanceof OpenAI.APIConnectionTimeoutError) {
    return new AppError(ErrorCode.ModelTimeout, `Model ${ctx.model} did not answer within ${ctx.timeoutMs} ms (${ctx.task})`, {
      retryable: true,
      details: { ...details, timeoutMs: ctx.timeoutMs },
      cause: e,
    });
  }
  if (e instanceof OpenAI.APIUserAbortError) {
    return new AppError(ErrorCode.ModelApi, `Model call for ${ctx.task} was aborted`, { retryable: false, details, cause: e });
  }
  if (e instanceof OpenAI.APIConnectionError) {
    return new AppError(ErrorCode.ModelApi, `Cannot reach the model API (${ctx.task}, ${ctx.model}): ${e.message}`, {
      retryable: true,
      details,
      cause: e,
    });
  }
  if (e instanceof OpenAI.APIError && typeof e.status === "number") {
    const status = e.status;
    const apiDetails = { ...details, status, code: e.code ?? null, type: e.type ?? null, requestId: e.requestID ?? null };
    const serverMessage = (e.error as { message?: string } | undefined)?.message ?? e.message;
    if (status === 429 && e.code === "insufficient_quota") {
      return new AppError(ErrorCode.ModelApi, `The model API account has no quota left: ${serverMessage}`, { retryable: false, details: apiDetails, cause: e });
    }
    if (status === 429) {
      const after = retryAfterMs(e.headers);
      return new AppError(ErrorCode.RateLimited, `Model API rate limit for ${ctx.model} (${ctx.task})${after === undefined ? "" : `; retry after ${after} ms`}`, {
        retryable: true,
        ...(after === undefined ? {} : { retryAfterMs: after }),
        details: apiDetails,
        cause: e,
      });
    }
    if (status === 401 || status === 403) {
      return new AppError(ErrorCode.ModelApi, `The model API refused the credentials (${status}): check OPENAI_API_KEY and OPENAI_BASE_URL. ${serverMessage}`, {
        retryable: false,
        details: apiDetails,
        cause: e,
      });
    }
    if (status === 404) {
      return new AppError(ErrorCode.ModelApi, `The model API does not know model ${ctx.model} or the endpoint (404): ${serverMessage}`, {
        retryable: false,
        details: apiDetails,
        cause: e,
      });
    }
    const retryable = isRetryableStatus(status);
    const after = retryable ? retryAfterMs(e.headers) : undefined;
    return new AppError(ErrorCode.ModelApi, `Model API error ${status} for ${ctx.model} (${ctx.task}): ${serverMessage}`, {
      retryable,
      ...(after === undefined ? {} : { retryAfterMs: after }),
      // The one refusal a caller can do something about: the same request with less in it (call-model's last repair).
      details: e.code === "context_length_exceeded" ? { ...apiDetails, contextTooLong: true } : apiDetails,
      cause: e,
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new AppError(ErrorCode.ModelApi, `Model call failed (${ctx.task}, ${ctx.model}): ${message}`, { retryable: false, details, cause: e });
}
