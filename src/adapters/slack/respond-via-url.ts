import { AppError, ErrorCode, isRetryableStatus } from "../../core/errors.js";
import type { RespondInput } from "../../core/ports/chat-port.js";

/**
 * Replies through a slash command's or interaction's response_url (valid 30 minutes, 5 uses). Unlike
 * chat.postMessage it works in channels the bot is not a member of.
 */
export async function respondViaUrl(input: RespondInput, fetchFn: typeof fetch = fetch): Promise<void> {
  let res: Response;
  try {
    res = await fetchFn(input.responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: input.text,
        ...(input.blocks ? { blocks: input.blocks } : {}),
        response_type: input.responseType,
        ...(input.replaceOriginal ? { replace_original: true } : {}),
        ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw new AppError(ErrorCode.SlackApi, `response_url unreachable: ${String(e)}`, { retryable: true, cause: e });
  }
  if (!res.ok) {
    const body = await res.text().catch(() => "");
    // 404 "expired_url" / "used_url": the URL cannot be used again, retrying will not help.
    throw new AppError(ErrorCode.SlackApi, `response_url answered ${res.status} ${body.slice(0, 100)}`, {
      retryable: isRetryableStatus(res.status),
      details: { slackError: body.slice(0, 100) || String(res.status) },
    });
  }
}
