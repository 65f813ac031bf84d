import type { KnownBlock, WebClient } from "@slack/web-api";
import { AppError, ErrorCode } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type {
  Block,
  ChatIdentity,
  ChatMessage,
  ChatPort,
  FindMessageInput,
  MessageMetadata,
  PostedMessage,
  RespondInput,
} from "../../core/ports/chat-port.js";
import { toChatMessage, type SlackWireMessage } from "./slack-messages.js";
import { toSlackAppError } from "./slack-errors.js";
import { uploadFileToSlack } from "./slack-file-upload.js";
import { postToSlackUrl } from "./slack-http.js";

export { createSlackWebClient, type SlackWebClientOptions } from "./slack-web-client.js";

/** How far back findMessageByMetadata looks: pages × page size. */
const HISTORY_PAGES = 3;
const HISTORY_PAGE_SIZE = 100;
const REPLIES_PAGES = 5;
const REPLIES_PAGE_SIZE = 200;
/** getMessage: how many pages of a thread it reads looking for a reply. */
const MESSAGE_REPLY_PAGES = 3;
/** Slack errors that mean "there is no such message (any more)" for getMessage. */
const GONE = ["message_not_found", "thread_not_found"] as const;

interface WireMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export interface WebChatAdapterOptions {
  client: WebClient;
  logger: Logger;
  /** For `respond()` and `uploadFile()`: posts to response_url and file upload URLs; the global fetch by default. */
  fetch?: typeof fetch;
}

/**
 * The ChatPort on Slack's Web API. Every failure leaves as an AppError (see slack-errors.ts); idempotent
 * outcomes (a reaction already there, or already gone) count as success.
 */
export function createWebChatAdapter(opts: WebChatAdapterOptions): ChatPort {
  const { client, logger } = opts;
  const fetchFn = opts.fetch ?? globalThis.fetch;
  let identityPromise: Promise<ChatIdentity> | undefined;
  /** users.info answers per user id; names change rarely and one adapter lives as long as a process. */
  const userNames = new Map<string, string>();

  async function call<T>(method: string, fn: () => Promise<T>, ignore: readonly string[] = []): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      const err = toSlackAppError(e, method);
      const slackError = err.details.slackError;
      if (typeof slackError === "string" && ignore.includes(slackError)) {
        logger.debug({ method, slackError }, "Slack call was already in the wanted state");
        return undefined;
      }
      logger.warn({ method, code: err.code, retryable: err.retryable, ...err.details }, err.message);
      throw err;
    }
  }

  async function must<T>(method: string, fn: () => Promise<T>): Promise<T> {
    const result = await call(method, fn);
    if (result === undefined) throw new AppError(ErrorCode.SlackApi, `Slack ${method} returned nothing`, { details: { method } });
    return result;
  }

  function identity(): Promise<ChatIdentity> {
    identityPromise ??= must("auth.test", () => client.auth.test()).then((res) => {
      if (!res.team_id || !res.user_id) {
        throw new AppError(ErrorCode.SlackApi, "Slack auth.test did not say which team and user the token belongs to", {
          details: { method: "auth.test" },
        });
      }
      return {
        teamId: res.team_id,
        userId: res.user_id,
        ...(res.bot_id ? { botId: res.bot_id } : {}),
        scopes: res.response_metadata?.scopes ?? [],
      };
    });
    // A failed lookup is not cached: the next caller tries again.
    identityPromise.catch(() => {
      identityPromise = undefined;
    });
    return identityPromise;
  }

  function postedBy(me: ChatIdentity, m: WireMessage): boolean {
    return (me.botId !== undefined && m.bot_id === me.botId) || m.user === me.userId;
  }

  function matches(me: ChatIdentity, m: WireMessage, input: FindMessageInput): boolean {
    const md = m.metadata;
    if (!md || md.event_type !== input.eventType) return false;
    const key = md.event_payload?.key;
    return key !== undefined && String(key) === input.key && postedBy(me, m);
  }

  async function findInThread(input: FindMessageInput & { threadTs: string }, me: ChatIdentity): Promise<PostedMessage | null> {
    const seen = new Map<string, WireMessage>();
    let cursor: string | undefined;
    for (let page = 0; page < REPLIES_PAGES; page++) {
      const res = await must("conversations.replies", () =>
        client.conversations.replies({
          channel: input.channel,
          ts: input.threadTs,
          include_all_metadata: true,
          limit: REPLIES_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const m of (res.messages ?? []) as WireMessage[]) if (m.ts) seen.set(m.ts, m);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    // Replies come oldest first; the message we look for is most likely among the newest.
    const newestFirst = [...seen.values()].sort((a, b) => compareTs(b.ts ?? "", a.ts ?? ""));
    const found = newestFirst.find((m) => matches(me, m, input));
    return found?.ts ? { channel: input.channel, ts: found.ts } : null;
  }

  async function findInHistory(input: FindMessageInput, me: ChatIdentity): Promise<PostedMessage | null> {
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const res = await must("conversations.history", () =>
        client.conversations.history({
          channel: input.channel,
          include_all_metadata: true,
          limit: HISTORY_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const found = ((res.messages ?? []) as WireMessage[]).find((m) => matches(me, m, input));
      if (found?.ts) return { channel: input.channel, ts: found.ts };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return null;
  }

  /**
   * A top-level message is the newest one at or before its ts in `conversations.history`; a thread reply
   * is not in the channel history, so then the thread is read from the reply's ts on.
   */
  async function readMessage(channel: string, ts: string): Promise<ChatMessage | null> {
    const history = await call(
      "conversations.history",
      () => client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 }),
      GONE,
    );
    const top = (history?.messages ?? []) as SlackWireMessage[];
    const inHistory = top.find((m) => m.ts === ts);
    if (inHistory) return toChatMessage(channel, inHistory);

    let cursor: string | undefined;
    for (let page = 0; page < MESSAGE_REPLY_PAGES; page++) {
      const res = await call(
        "conversations.replies",
        () => client.conversations.replies({ channel, ts, oldest: ts, inclusive: true, limit: 20, ...(cursor ? { cursor } : {}) }),
        GONE,
      );
      if (!res) return null;
      const found = ((res.messages ?? []) as SlackWireMessage[]).find((m) => m.ts === ts);
      if (found) return toChatMessage(channel, found);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return null;
  }

  async function userName(userId: string): Promise<string> {
    const cached = userNames.get(userId);
    if (cached !== undefined) return cached;
    try {
      const res = await must("users.info", () => client.users.info({ user: userId }));
      const u = res.user;
      const name = u?.profile?.display_name || u?.real_name || u?.profile?.real_name || u?.name || userId;
      userNames.set(userId, name);
      return name;
    } catch (e) {
      // A name is a nicety for issue bodies and cards: the id still identifies the person. Not cached, so a
      // later call can succeed.
      logger.debug({ userId, code: (e as { code?: unknown }).code }, "using the Slack user id instead of a name");
      return userId;
    }
  }

  return {
    async postMessage(input) {
      const res = await must("chat.postMessage", () =>
        client.chat.postMessage({
          channel: input.channel,
          text: input.text,
          ...(input.blocks ? { blocks: asBlocks(input.blocks) } : {}),
          ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
          ...(input.metadata ? { metadata: toSlackMetadata(input.metadata) } : {}),
        }),
      );
      if (!res.ts) throw new AppError(ErrorCode.SlackApi, "Slack chat.postMessage returned no ts", { details: { method: "chat.postMessage" } });
      return { channel: res.channel ?? input.channel, ts: res.ts };
    },

    async listUserGroupMembers(groupId) {
      // Without include_disabled, as Slack's default: a disabled group should not make anyone an approver.
      const res = await must("usergroups.users.list", () => client.usergroups.users.list({ usergroup: groupId }));
      return res.users ?? [];
    },

    async updateMessage(input) {
      const res = await must("chat.update", () =>
        client.chat.update({
          channel: input.channel,
          ts: input.ts,
          text: input.text,
          // An update without blocks would keep the old ones (and their buttons): send an explicit empty list.
          blocks: asBlocks(input.blocks ?? []),
          ...(input.metadata ? { metadata: toSlackMetadata(input.metadata) } : {}),
        }),
      );
      return { channel: res.channel ?? input.channel, ts: res.ts ?? input.ts };
    },

    async postEphemeral(input) {
      const res = await must("chat.postEphemeral", () =>
        client.chat.postEphemeral({
          channel: input.channel,
          user: input.user,
          text: input.text,
          ...(input.blocks ? { blocks: asBlocks(input.blocks) } : {}),
          ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
        }),
      );
      if (!res.message_ts) {
        throw new AppError(ErrorCode.SlackApi, "Slack chat.postEphemeral returned no message_ts", { details: { method: "chat.postEphemeral" } });
      }
      return { messageTs: res.message_ts };
    },

    async addReaction(input) {
      await call("reactions.add", () => client.reactions.add({ channel: input.channel, timestamp: input.ts, name: input.name }), [
        "already_reacted",
      ]);
    },

    async removeReaction(input) {
      await call("reactions.remove", () => client.reactions.remove({ channel: input.channel, timestamp: input.ts, name: input.name }), [
        "no_reaction",
      ]);
    },

    async findMessageByMetadata(input) {
      const me = await identity();
      return input.threadTs ? findInThread({ ...input, threadTs: input.threadTs }, me) : findInHistory(input, me);
    },

    async publishHome(input) {
      await must("views.publish", () => client.views.publish({ user_id: input.userId, view: { type: "home", blocks: asBlocks(input.blocks) } }));
    },

    async respond(input) {
      await respondVia(fetchFn, logger, input);
    },

    uploadFile: (input) => uploadFileToSlack({ client, fetch: fetchFn, logger, must }, input),

    getMessage: readMessage,

    async getPermalink(channel, ts) {
      const res = await must("chat.getPermalink", () => client.chat.getPermalink({ channel, message_ts: ts }));
      if (!res.permalink) throw new AppError(ErrorCode.SlackApi, "Slack chat.getPermalink returned no permalink", { details: { method: "chat.getPermalink" } });
      return res.permalink;
    },

    userName,

    identity,
  };
}

/** POST to a response_url: JSON, not the Web API's form encoding; the URL itself is the credential. */
async function respondVia(fetchFn: typeof fetch, logger: Logger, input: RespondInput): Promise<void> {
  const body = {
    text: input.text,
    response_type: input.responseType,
    ...(input.blocks ? { blocks: input.blocks } : {}),
    ...(input.replaceOriginal !== undefined ? { replace_original: input.replaceOriginal } : {}),
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
  };
  await postToSlackUrl(fetchFn, logger, {
    method: "response_url",
    url: input.responseUrl,
    body: JSON.stringify(body),
    contentType: "application/json; charset=utf-8",
    timeoutMs: 30_000,
  });
}

function toSlackMetadata(m: MessageMetadata): { event_type: string; event_payload: Record<string, string | number | boolean> } {
  return { event_type: m.eventType, event_payload: m.payload };
}

/** Our Block type is plain JSON built by pure builders; the SDK's union type is only a compile-time view of it. */
function asBlocks(blocks: Block[]): KnownBlock[] {
  return blocks as unknown as KnownBlock[];
}

function compareTs(a: string, b: string): number {
  const [as = "0", af = ""] = a.split(".");
  const [bs = "0", bf = ""] = b.split(".");
  const x = BigInt(as) * 1_000_000n + BigInt(af.padEnd(6, "0").slice(0, 6) || "0");
  const y = BigInt(bs) * 1_000_000n + BigInt(bf.padEnd(6, "0").slice(0, 6) || "0");
  return x < y ? -1 : x > y ? 1 : 0;
}
