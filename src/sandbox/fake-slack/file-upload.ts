import type { MethodContext, MethodHandler } from "./api-methods.js";
import { newFileId } from "./fake-ids.js";
import { messages } from "./request-args.js";
import { SlackApiError } from "./types.js";

/** Slack refuses alt text longer than this (`alt_txt_too_large`). */
const MAX_ALT_TEXT = 1000;

interface PendingUpload {
  id: string;
  filename: string;
  /** The length promised to files.getUploadURLExternal. */
  length: number;
  altText?: string;
  user: string;
  /** The bytes POSTed to the upload URL, once they came. */
  content?: Buffer;
}

/** Where the upload URL of a file points, below the fake's own base URL. */
export const UPLOAD_PATH_PREFIX = "/upload/v1/";

/**
 * Slack's external upload: files.getUploadURLExternal hands out an upload URL and a file id, the client POSTs
 * the bytes there, and files.completeUploadExternal turns the upload into a file and shares it. Until then
 * the file does not exist for the rest of the workspace; an upload completes once.
 */
export class PendingUploads {
  private readonly pending = new Map<string, PendingUpload>();

  /** The POST to an upload URL: raw bytes (or a multipart body's file part). Answers as Slack's upload service. */
  receive(fileId: string, body: Buffer, contentType: string): { status: number; text: string } {
    const upload = this.pending.get(fileId);
    if (!upload) return { status: 404, text: "file_not_found" };
    const content = contentType.toLowerCase().startsWith("multipart/form-data") ? multipartFile(body, contentType) : body;
    if (!content) return { status: 400, text: "invalid_form_data" };
    upload.content = content;
    return { status: 200, text: `OK - ${content.length}` };
  }

  methods(): Record<string, MethodHandler> {
    return {
      "files.getUploadURLExternal": (ctx, args) => {
        const filename = args.requireString("filename");
        const length = args.int("length");
        if (length === undefined) throw new SlackApiError("invalid_arguments", messages("[ERROR] missing required field: length"));
        // Slack's own wording for a zero length: a required argument was not provided.
        if (length <= 0) throw new SlackApiError("missing_argument");
        const altText = args.string("alt_txt");
        if (altText !== undefined && altText.length > MAX_ALT_TEXT) throw new SlackApiError("alt_txt_too_large");
        const id = newFileId();
        this.pending.set(id, { id, filename, length, user: ctx.ws.identity.botUserId, ...(altText ? { altText } : {}) });
        return { upload_url: `${ctx.baseUrl}${UPLOAD_PATH_PREFIX}${id}`, file_id: id };
      },

      "files.completeUploadExternal": (ctx, args) => {
        const listed = args.json("files");
        if (!Array.isArray(listed) || listed.length === 0) throw new SlackApiError("invalid_arguments", messages("[ERROR] missing required field: files"));
        const uploads = listed.map((entry) => this.completable(entry));
        const channelRef = args.string("channel_id") || args.string("channels")?.split(",")[0];
        const threadTs = args.string("thread_ts") || undefined;
        if (threadTs && !channelRef) throw new SlackApiError("invalid_arguments", messages("[ERROR] thread_ts needs channel_id"));
        // The files exist (unshared) from here on; a refused share (channel_not_found, not_in_channel,
        // thread_not_found) leaves the upload pending, so completing again can still share them.
        const fileIds = uploads.map(({ upload, title }) => this.toFile(ctx, upload, title));
        if (channelRef) share(ctx, channelRef, fileIds, args.string("initial_comment") ?? "", threadTs);
        for (const { upload } of uploads) this.pending.delete(upload.id);
        return { files: uploads.map(({ upload, title }) => ({ id: upload.id, title })) };
      },
    };
  }

  private completable(entry: unknown): { upload: PendingUpload; title: string } {
    const e = (typeof entry === "object" && entry !== null ? entry : {}) as { id?: unknown; title?: unknown };
    const upload = typeof e.id === "string" ? this.pending.get(e.id) : undefined;
    // An unknown id, an upload already completed, or bytes that never came: "Could not find the file from the upload ticket."
    if (!upload?.content) throw new SlackApiError("file_not_found");
    if (upload.content.length !== upload.length) {
      throw new SlackApiError("file_update_failed", messages(`[ERROR] the upload of ${upload.filename} carried ${upload.content.length} bytes, ${upload.length} were announced`));
    }
    return { upload, title: typeof e.title === "string" && e.title ? e.title : upload.filename };
  }

  private toFile(ctx: MethodContext, upload: PendingUpload, title: string): string {
    const existing = ctx.ws.file(upload.id);
    if (existing) return existing.id;
    return ctx.ws.addFile({ id: upload.id, name: upload.filename, title, content: upload.content ?? Buffer.alloc(0), user: upload.user }).id;
  }
}

/** The bot's message carrying the files, as Slack posts it on completion; the initial comment is its text. */
function share(ctx: MethodContext, channelRef: string, fileIds: string[], text: string, threadTs: string | undefined): void {
  const channel = ctx.ws.requireChannel(channelRef);
  ctx.ws.postMessage({
    channel: channel.id,
    user: ctx.ws.identity.botUserId,
    text,
    fileIds,
    fromBot: true,
    ...(threadTs ? { threadTs } : {}),
  });
}

/** The first file part of a multipart/form-data body, or undefined when there is none. */
function multipartFile(body: Buffer, contentType: string): Buffer | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const headersEnd = body.indexOf("\r\n\r\n", at);
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (headersEnd < 0 || next < 0) return undefined;
    const headers = body.subarray(at, headersEnd).toString("utf8");
    if (/filename=/i.test(headers)) return body.subarray(headersEnd + 4, next - 2);
    at = next;
  }
  return undefined;
}
