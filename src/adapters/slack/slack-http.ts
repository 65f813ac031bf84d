import { AppError, ErrorCode, isRetryableStatus } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";

export interface SlackUrlPost {
  /** Names the call in errors and logs ("response_url", "files.upload"); the URL itself is a credential and is never logged. */
  method: string;
  url: string;
  body: string | Uint8Array;
  contentType: string;
  timeoutMs: number;
}

/**
 * POST to a URL Slack handed out (a response_url, a file upload URL) rather than to the Web API, so the
 * WebClient's error mapping does not apply. Failures leave as the same AppErrors slack-errors.ts makes:
 * unreachable → SLACK_API retryable; 429 → RATE_LIMITED with Retry-After; other statuses → SLACK_API,
 * retryable for 408 and 5xx. Answers the response text of a 2xx.
 */
export async function postToSlackUrl(fetchFn: typeof fetch, logger: Logger, post: SlackUrlPost): Promise<string> {
  let res: Response;
  try {
    res = await fetchFn(post.url, {
      method: "POST",
      headers: { "content-type": post.contentType },
      body: post.body,
      signal: AbortSignal.timeout(post.timeoutMs),
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new AppError(ErrorCode.SlackApi, `Slack ${post.method} could not be reached: ${message}`, {
      retryable: true,
      details: { method: post.method, network: true },
      cause: e,
    });
  }
  const text = await res.text();
  if (res.ok) return text;
  const slackError = slackErrorOf(text);
  const retryAfter = Number.parseInt(res.headers.get("retry-after") ?? "", 10);
  const err = new AppError(
    res.status === 429 ? ErrorCode.RateLimited : ErrorCode.SlackApi,
    `Slack ${post.method} answered HTTP ${res.status}${slackError ? `: ${slackError}` : ""}`,
    {
      retryable: isRetryableStatus(res.status),
      ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
      details: { method: post.method, status: res.status, ...(slackError ? { slackError } : {}) },
    },
  );
  logger.warn({ ...err.details, code: err.code }, err.message);
  throw err;
}

function slackErrorOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    return typeof parsed.error === "string" ? parsed.error : undefined;
  } catch {
    return text.trim() ? text.trim().slice(0, 100) : undefined;
  }
}
