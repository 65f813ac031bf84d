import type { FilesGetUploadURLExternalArguments, WebClient } from "@slack/web-api";
import { AppError, ErrorCode } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { UploadFileInput } from "../../core/ports/chat-port.js";
import { postToSlackUrl } from "./slack-http.js";

/** A chart is ~100 KB; a minute covers a slow link without holding a worker for long. */
const UPLOAD_TIMEOUT_MS = 60_000;
/** What Slack's upload service answers for bytes it stored: `OK - <bytes received>`. */
const UPLOAD_RECEIPT = /^OK - (\d+)$/;

export interface FileUploadDeps {
  client: WebClient;
  fetch: typeof fetch;
  logger: Logger;
  /** The adapter's Web API call: maps what the WebClient throws (slack-errors.ts), logs, refuses empty answers. */
  must: <T>(method: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * Slack's file upload (files.upload is retired): ask for an upload URL, POST the bytes there, then complete
 * the upload, which shares the file into the channel or thread as one message.
 *
 * The three steps are called one by one rather than through `WebClient.filesUploadV2`, because that wrapper
 * turns a failed upload POST into a plain Error without its HTTP status: a 503 or a 429 from the upload
 * service would then look permanent. Here every step fails as the rest of the adapter does.
 */
export async function uploadFileToSlack(deps: FileUploadDeps, input: UploadFileInput): Promise<{ fileId: string }> {
  const { client, must } = deps;
  const length = input.bytes.byteLength;
  if (length === 0) throw new AppError(ErrorCode.Internal, `Cannot upload "${input.filename}" to Slack: the file is empty`);

  // Slack's reference names the screen-reader text `alt_txt`; the SDK's argument type calls it alt_text.
  const ticketArgs: FilesGetUploadURLExternalArguments & { alt_txt: string } = { filename: input.filename, length, alt_txt: input.altText };
  const ticket = await must("files.getUploadURLExternal", () => client.files.getUploadURLExternal(ticketArgs));
  const { upload_url: uploadUrl, file_id: fileId } = ticket;
  if (!uploadUrl || !fileId) {
    throw new AppError(ErrorCode.SlackApi, "Slack files.getUploadURLExternal returned no upload_url or file_id", {
      details: { method: "files.getUploadURLExternal" },
    });
  }

  // The upload URL is signed and absolute: the bot token is not sent there.
  const receipt = await postToSlackUrl(deps.fetch, deps.logger, {
    method: "files.upload",
    url: uploadUrl,
    body: input.bytes,
    contentType: "application/octet-stream",
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
  const received = UPLOAD_RECEIPT.exec(receipt.trim())?.[1];
  if (received !== undefined && Number(received) !== length) {
    // Completing would share a cut-off file (or fail); the upload is dropped and a retry sends it whole.
    throw new AppError(ErrorCode.SlackApi, `Slack received ${received} of the ${length} bytes of "${input.filename}"`, {
      retryable: true,
      details: { method: "files.upload", fileId, sent: length, received: Number(received) },
    });
  }

  const done = await must("files.completeUploadExternal", () =>
    client.files.completeUploadExternal({
      files: [{ id: fileId, title: input.title }],
      channel_id: input.channel,
      ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
      ...(input.initialComment ? { initial_comment: input.initialComment } : {}),
    }),
  );
  return { fileId: done.files?.[0]?.id ?? fileId };
}
