import { microsFromTs } from "./fake-ids.js";
import { ApiArgs, messages } from "./request-args.js";
import { SlackApiError, type SlackChannel, type SlackMessage } from "./types.js";
import { parseBlocks, parseMetadata, parseView, validateText } from "./validation.js";
import { channelToWire, fileToWire, messageToWire, userToWire, viewToWire } from "./wire-format.js";
import type { FakeSlackWorkspace } from "./workspace.js";

export interface MethodContext {
  ws: FakeSlackWorkspace;
  /** Base URL of the fake, for file download links. */
  baseUrl: string;
  /** Scopes granted to the bot token. */
  scopes: ReadonlySet<string>;
}

/** Scopes a method needs whatever the channel; channel-dependent ones are checked in the handler. */
export const METHOD_SCOPES: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.delete": "chat:write",
  "chat.postEphemeral": "chat:write",
  "reactions.add": "reactions:write",
  "reactions.remove": "reactions:write",
  "reactions.get": "reactions:read",
  "conversations.join": "channels:join",
  "conversations.open": "im:write",
  "users.info": "users:read",
  "users.list": "users:read",
  "usergroups.users.list": "usergroups:read",
  "files.info": "files:read",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
};

/** Slack's answer when the token lacks a scope. */
export function requireScope(ctx: MethodContext, scope: string): void {
  if (!ctx.scopes.has(scope)) throw new SlackApiError("missing_scope", { needed: scope, provided: [...ctx.scopes].join(",") });
}

function requireChannelScope(ctx: MethodContext, channel: SlackChannel, kind: "history" | "read"): void {
  const prefix = channel.isIm ? "im" : channel.isPrivate ? "groups" : "channels";
  requireScope(ctx, `${prefix}:${kind}`);
}

/** A Web API method: its result without `ok`, or a thrown SlackApiError. */
export type MethodHandler = (ctx: MethodContext, args: ApiArgs) => Record<string, unknown>;

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** Slack's cursors are base64 of `next_ts:<ts>`. */
function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts.replace(".", "")}`).toString("base64");
}

function decodeCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, "base64").toString("utf8");
  const m = /^next_ts:(\d+)$/.exec(text);
  if (!m?.[1]) throw new SlackApiError("invalid_cursor");
  return BigInt(m[1]);
}

function pageLimit(args: ApiArgs): number {
  const limit = args.int("limit") ?? DEFAULT_PAGE;
  if (limit <= 0) return DEFAULT_PAGE;
  return Math.min(limit, MAX_PAGE);
}

/** `oldest`/`latest` bounds, exclusive unless `inclusive`. */
function inRange(args: ApiArgs): (m: SlackMessage) => boolean {
  const oldest = args.string("oldest");
  const latest = args.string("latest");
  const inclusive = args.bool("inclusive") ?? false;
  const lo = oldest ? microsFromTs(oldest) : undefined;
  const hi = latest ? microsFromTs(latest) : undefined;
  return (m) => {
    const t = microsFromTs(m.ts);
    if (lo !== undefined && (inclusive ? t < lo : t <= lo)) return false;
    if (hi !== undefined && (inclusive ? t > hi : t >= hi)) return false;
    return true;
  };
}

function botUser(ctx: MethodContext): string {
  return ctx.ws.identity.botUserId;
}

function messageContent(args: ApiArgs): { text: string; blocks: ReturnType<typeof parseBlocks> } {
  const blocks = parseBlocks(args.json("blocks", "invalid_blocks_format"), "message");
  const attachments = args.json("attachments");
  const text = args.string("text") ?? "";
  validateText(text || (Array.isArray(attachments) && attachments.length > 0 ? " " : ""), blocks);
  return { text, blocks };
}

export const apiMethods: Record<string, MethodHandler> = {
  "api.test": (_ctx, args) => ({ args: args.raw }),

  "auth.test": ({ ws }) => ({
    url: `https://${ws.identity.teamDomain}.slack.com/`,
    team: ws.identity.teamName,
    user: ws.identity.botName,
    team_id: ws.identity.teamId,
    user_id: ws.identity.botUserId,
    bot_id: ws.identity.botId,
    is_enterprise_install: false,
  }),

  "chat.postMessage": (ctx, args) => {
    const { ws } = ctx;
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    const { text, blocks } = messageContent(args);
    const metadata = parseMetadata(args.json("metadata", "invalid_metadata_format"));
    const threadTs = args.string("thread_ts") || undefined;
    const message = ws.postMessage({
      channel: channel.id,
      user: botUser(ctx),
      text,
      fromBot: true,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(metadata ? { metadata } : {}),
      broadcast: args.bool("reply_broadcast") ?? false,
    });
    return { channel: channel.id, ts: message.ts, message: messageToWire(ws, message, { includeMetadata: true }) };
  },

  "chat.update": (ctx, args) => {
    const { ws } = ctx;
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    const ts = args.requireString("ts", "message_not_found");
    const blocksValue = args.json("blocks", "invalid_blocks_format");
    const blocks = parseBlocks(blocksValue, "message");
    const text = args.string("text");
    if ((text === undefined || text === "") && blocks === undefined && !args.has("attachments")) {
      throw new SlackApiError("no_text");
    }
    validateText(text || " ", blocks);
    const metadata = parseMetadata(args.json("metadata", "invalid_metadata_format"));
    const message = ws.updateMessage(
      channel.id,
      ts,
      {
        ...(text !== undefined ? { text } : {}),
        ...(blocks !== undefined ? { blocks } : {}),
        ...(metadata ? { metadata } : {}),
      },
      botUser(ctx),
    );
    return {
      channel: channel.id,
      ts: message.ts,
      text: message.text,
      message: messageToWire(ws, message, { includeMetadata: true }),
    };
  },

  "chat.postEphemeral": (ctx, args) => {
    const { ws } = ctx;
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    const user = args.requireString("user", "user_not_found");
    const { text, blocks } = messageContent(args);
    if (!channel.members.has(botUser(ctx))) throw new SlackApiError("not_in_channel");
    const threadTs = args.string("thread_ts") || undefined;
    const eph = ws.postEphemeral({
      channel: channel.id,
      visibleTo: user,
      text,
      source: "chat.postEphemeral",
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
    });
    return { message_ts: eph.ts };
  },

  "chat.delete": (ctx, args) => {
    const { ws } = ctx;
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    const ts = args.requireString("ts", "message_not_found");
    ws.deleteMessage(channel.id, ts, botUser(ctx));
    return { channel: channel.id, ts };
  },

  "chat.getPermalink": ({ ws }, args) => {
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    const message = ws.requireMessage(channel.id, args.requireString("message_ts", "message_not_found"));
    const base = `https://${ws.identity.teamDomain}.slack.com/archives/${channel.id}/p${message.ts.replace(".", "")}`;
    const isReply = message.threadTs !== undefined && message.threadTs !== message.ts;
    return {
      channel: channel.id,
      permalink: isReply ? `${base}?thread_ts=${message.threadTs}&cid=${channel.id}` : base,
    };
  },

  "reactions.add": (ctx, args) => {
    const { ws } = ctx;
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    ws.addReaction(channel.id, args.requireString("timestamp", "message_not_found"), args.requireString("name", "invalid_name"), botUser(ctx));
    return {};
  },

  "reactions.remove": (ctx, args) => {
    const { ws } = ctx;
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    ws.removeReaction(channel.id, args.requireString("timestamp", "message_not_found"), args.requireString("name", "invalid_name"), botUser(ctx));
    return {};
  },

  "reactions.get": ({ ws }, args) => {
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    const message = ws.requireMessage(channel.id, args.requireString("timestamp", "message_not_found"));
    return { type: "message", channel: channel.id, message: messageToWire(ws, message) };
  },

  "conversations.history": (ctx, args) => {
    const { ws } = ctx;
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    requireChannelScope(ctx, channel, "history");
    if (!channel.members.has(botUser(ctx))) throw new SlackApiError("not_in_channel");
    const includeMetadata = args.bool("include_all_metadata") ?? false;
    const limit = pageLimit(args);
    const cursor = args.string("cursor");
    let list = ws.history(channel.id).filter(inRange(args)).reverse();
    if (cursor) {
      const at = decodeCursor(cursor);
      list = list.filter((m) => microsFromTs(m.ts) <= at);
    }
    const page = list.slice(0, limit);
    const next = list[limit];
    return {
      messages: page.map((m) => messageToWire(ws, m, { includeMetadata, fileBaseUrl: ctx.baseUrl })),
      has_more: next !== undefined,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: { next_cursor: next ? encodeCursor(next.ts) : "" },
    };
  },

  "conversations.replies": (ctx, args) => {
    const { ws } = ctx;
    const channel = ws.requireChannel(args.requireString("channel", "channel_not_found"));
    requireChannelScope(ctx, channel, "history");
    if (!channel.members.has(botUser(ctx))) throw new SlackApiError("not_in_channel");
    const asked = ws.message(channel.id, args.requireString("ts", "thread_not_found"));
    if (!asked) throw new SlackApiError("thread_not_found");
    const parent = asked.threadTs ? (ws.message(channel.id, asked.threadTs) ?? asked) : asked;
    const includeMetadata = args.bool("include_all_metadata") ?? false;
    const limit = pageLimit(args);
    const cursor = args.string("cursor");
    let replies = ws.replies(channel.id, parent.ts).filter(inRange(args));
    if (cursor) {
      const at = decodeCursor(cursor);
      replies = replies.filter((m) => microsFromTs(m.ts) >= at);
    }
    // As in Slack, every page starts with the parent message.
    const page = replies.slice(0, limit);
    const next = replies[limit];
    const wire = (m: SlackMessage): Record<string, unknown> => messageToWire(ws, m, { includeMetadata, fileBaseUrl: ctx.baseUrl });
    return {
      messages: [wire(parent), ...page.map(wire)],
      has_more: next !== undefined,
      response_metadata: { next_cursor: next ? encodeCursor(next.ts) : "" },
    };
  },

  "conversations.info": (ctx, args) => {
    const channel = ctx.ws.requireChannel(args.requireString("channel", "channel_not_found"));
    requireChannelScope(ctx, channel, "read");
    return { channel: channelToWire(ctx.ws, channel, botUser(ctx)) };
  },

  "conversations.join": (ctx, args) => {
    const channel = ctx.ws.requireChannel(args.requireString("channel", "channel_not_found"));
    if (channel.isPrivate || channel.isIm) throw new SlackApiError("method_not_supported_for_channel_type");
    if (channel.archived) throw new SlackApiError("is_archived");
    const already = channel.members.has(botUser(ctx));
    channel.members.add(botUser(ctx));
    return {
      channel: channelToWire(ctx.ws, channel, botUser(ctx)),
      ...(already ? { warning: "already_in_channel", ...messages("[WARN] already_in_channel") } : {}),
    };
  },

  "conversations.open": (ctx, args) => {
    const users = args.requireString("users", "user_not_found").split(",");
    if (users.length !== 1 || !users[0]) throw new SlackApiError("not_implemented", messages("[ERROR] only 1:1 DMs are supported by the sandbox"));
    const channel = ctx.ws.dmChannel(users[0]);
    return { channel: { id: channel.id } };
  },

  "conversations.members": (ctx, args) => {
    const channel = ctx.ws.requireChannel(args.requireString("channel", "channel_not_found"));
    requireChannelScope(ctx, channel, "read");
    return { members: [...channel.members], response_metadata: { next_cursor: "" } };
  },

  "users.info": ({ ws }, args) => {
    const id = args.requireString("user", "user_not_found");
    const user = ws.users.find((u) => u.id === id);
    if (!user) throw new SlackApiError("user_not_found");
    return { user: userToWire(ws, user) };
  },

  "users.list": ({ ws }) => ({
    members: ws.users.map((u) => userToWire(ws, u)),
    cache_ts: ws.nowSeconds(),
    response_metadata: { next_cursor: "" },
  }),

  "usergroups.users.list": ({ ws }, args) => {
    const group = ws.userGroup(args.requireString("usergroup", "no_such_subteam"));
    if (!group) throw new SlackApiError("no_such_subteam");
    return { users: [...group.users] };
  },

  "views.publish": ({ ws }, args) => {
    const userId = args.requireString("user_id", "user_not_found");
    const view = ws.publishHome(userId, parseView(args.json("view"), "home"), args.string("hash"));
    return { view: viewToWire(ws, view) };
  },

  "views.open": ({ ws }, args) => {
    const trigger = args.requireString("trigger_id", "invalid_trigger_id");
    const view = ws.openModal(trigger, parseView(args.json("view"), "modal"));
    return { view: viewToWire(ws, view) };
  },

  "views.push": ({ ws }, args) => {
    const trigger = args.requireString("trigger_id", "invalid_trigger_id");
    const view = ws.pushModal(trigger, parseView(args.json("view"), "modal"));
    return { view: viewToWire(ws, view) };
  },

  "views.update": ({ ws }, args) => {
    const viewId = args.string("view_id");
    const externalId = args.string("external_id");
    if (!viewId && !externalId) throw new SlackApiError("invalid_arguments", messages("[ERROR] view_id or external_id is required"));
    const existing = viewId ? ws.view(viewId) : undefined;
    const definition = parseView(args.json("view"), existing?.type ?? "modal");
    const view = ws.updateView({ ...(viewId ? { viewId } : {}), ...(externalId ? { externalId } : {}) }, definition, args.string("hash"));
    return { view: viewToWire(ws, view) };
  },

  "files.info": (ctx, args) => {
    const file = ctx.ws.file(args.requireString("file", "file_not_found"));
    if (!file) throw new SlackApiError("file_not_found");
    const isText = file.mimetype.startsWith("text/") || file.mimetype === "application/json";
    return {
      file: fileToWire(ctx.ws, file, ctx.baseUrl),
      ...(isText ? { content: file.content.toString("utf8") } : {}),
      comments: [],
      response_metadata: { next_cursor: "" },
    };
  },
};
