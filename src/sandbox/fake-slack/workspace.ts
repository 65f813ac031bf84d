import type { ClockPort } from "../../core/ports/clock-port.js";
import {
  channelIdForName,
  channelNameForId,
  dmChannelIdFor,
  microsFromTs,
  newFileId,
  newHash,
  newTriggerId,
  newViewId,
  tsFromMicros,
} from "./fake-ids.js";
import {
  SlackApiError,
  type ApiCall,
  type Block,
  type EphemeralMessage,
  type SlackChannel,
  type SlackFile,
  type SlackMessage,
  type SlackMetadata,
  type SlackUser,
  type SlackView,
  type UserGroup,
} from "./types.js";

export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  /** The bot user's handle (`@shopfloor`). */
  botName: string;
  /** How people see the bot's messages. */
  botDisplayName: string;
}

/** A trigger id lives about 3 s in Slack and can open one view. */
const TRIGGER_TTL_MS = 3_000;
/** Slack allows a modal stack of at most three views. */
const MAX_MODAL_STACK = 3;

const REACTION_NAME = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

/**
 * The state of one fake Slack workspace: users, channels, messages and threads, reactions, ephemerals,
 * views, files and user groups, plus a log of every Web API call. API handlers and the user driver both
 * change it through these methods, which refuse what Slack would refuse with Slack's error strings.
 */
export class FakeSlackWorkspace {
  readonly identity: WorkspaceIdentity;
  readonly callLog: ApiCall[] = [];

  private readonly clock: ClockPort;
  private readonly userMap = new Map<string, SlackUser>();
  private readonly channelMap = new Map<string, SlackChannel>();
  private readonly messageMap = new Map<string, SlackMessage[]>();
  private readonly ephemeralList: EphemeralMessage[] = [];
  private readonly fileMap = new Map<string, SlackFile>();
  private readonly groupMap = new Map<string, UserGroup>();
  private readonly viewMap = new Map<string, SlackView>();
  private readonly homeViews = new Map<string, string>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly triggers = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  private lastMicros = 0n;

  constructor(opts: { identity: WorkspaceIdentity; clock: ClockPort }) {
    this.identity = opts.identity;
    this.clock = opts.clock;
    this.userMap.set(opts.identity.botUserId, {
      id: opts.identity.botUserId,
      name: opts.identity.botName,
      realName: opts.identity.botDisplayName,
      isBot: true,
      botId: opts.identity.botId,
      tz: "UTC",
      isAdmin: false,
      deleted: false,
    });
  }

  /** A new message timestamp: from the clock, strictly increasing. */
  nextTs(): string {
    const now = BigInt(this.clock.now().getTime()) * 1000n;
    this.lastMicros = now > this.lastMicros ? now : this.lastMicros + 1n;
    return tsFromMicros(this.lastMicros);
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  // ── calls ────────────────────────────────────────────────────────────────

  /** How many times a Web API method was called (including calls that failed or were faulted). */
  calls(method: string): number {
    return this.callLog.filter((c) => c.method === method).length;
  }

  // ── users ────────────────────────────────────────────────────────────────

  get users(): SlackUser[] {
    return [...this.userMap.values()];
  }

  addUser(input: { id?: string; name: string; realName?: string; email?: string; isAdmin?: boolean; tz?: string }): SlackUser {
    const id = input.id ?? `U0${input.name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
    const user: SlackUser = {
      id,
      name: input.name,
      realName: input.realName ?? input.name.charAt(0).toUpperCase() + input.name.slice(1),
      isBot: false,
      tz: input.tz ?? "UTC",
      isAdmin: input.isAdmin ?? false,
      deleted: false,
      ...(input.email ? { email: input.email } : {}),
    };
    this.userMap.set(id, user);
    // People are in every public channel of the sandbox unless a channel says otherwise.
    for (const ch of this.channelMap.values()) if (!ch.isPrivate && !ch.isIm) ch.members.add(id);
    return user;
  }

  /** By id (`U0ALICE`), handle (`alice`) or `@alice`. */
  user(ref: string): SlackUser | undefined {
    const byId = this.userMap.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^@/, "");
    return this.users.find((u) => u.name === name);
  }

  requireUser(ref: string): SlackUser {
    const user = this.user(ref);
    if (!user) throw new SlackApiError("user_not_found");
    return user;
  }

  /** The name shown in transcripts: the bot's display name, else the handle. */
  displayName(userId: string): string {
    if (userId === this.identity.botUserId) return this.identity.botDisplayName;
    return this.userMap.get(userId)?.name ?? userId;
  }

  // ── channels ─────────────────────────────────────────────────────────────

  get channels(): SlackChannel[] {
    return [...this.channelMap.values()];
  }

  createChannel(input: { name: string; id?: string; isPrivate?: boolean; members?: string[]; botIsMember?: boolean }): SlackChannel {
    const name = input.name.replace(/^#/, "");
    const isPrivate = input.isPrivate ?? false;
    const id = input.id ?? channelIdForName(name, isPrivate);
    if (this.channelMap.has(id)) throw new SlackApiError("name_taken");
    const members = new Set<string>(input.members ?? this.users.filter((u) => !u.isBot).map((u) => u.id));
    if (input.botIsMember ?? true) members.add(this.identity.botUserId);
    const creator = [...members].find((m) => m !== this.identity.botUserId) ?? this.identity.botUserId;
    return this.addChannel({ id, name, isPrivate, isIm: false, members, creator });
  }

  /** Stores a new channel with an empty history. */
  private addChannel(c: Omit<SlackChannel, "created" | "topic" | "purpose" | "archived">): SlackChannel {
    const channel: SlackChannel = { ...c, created: this.nowSeconds(), topic: "", purpose: "", archived: false };
    this.channelMap.set(channel.id, channel);
    this.messageMap.set(channel.id, []);
    return channel;
  }

  /** By id (`C0BUGS`), name (`bugs`) or `#bugs`; a user id resolves to the bot's DM with that user. */
  channel(ref: string): SlackChannel | undefined {
    const byId = this.channelMap.get(ref);
    if (byId) return byId;
    if (/^[UW][A-Z0-9]+$/.test(ref) && this.userMap.has(ref)) return this.dmChannel(ref);
    const name = ref.replace(/^#/, "");
    return this.channels.find((c) => !c.isIm && c.name === name);
  }

  requireChannel(ref: string): SlackChannel {
    const channel = this.channel(ref);
    if (!channel) throw new SlackApiError("channel_not_found");
    return channel;
  }

  /** What a person does implicitly: a channel they post in exists. Ids like `C0BUGS` get the name `bugs`. */
  ensureChannel(ref: string): SlackChannel {
    const existing = this.channel(ref);
    if (existing) return existing;
    if (/^D[A-Z0-9]+$/.test(ref)) {
      const user = this.users.find((u) => !u.isBot && dmChannelIdFor(u.id) === ref);
      if (!user) throw new SlackApiError("channel_not_found");
      return this.dmChannel(user.id);
    }
    if (/^[CG][A-Z0-9]{2,}$/.test(ref)) {
      return this.createChannel({ id: ref, name: channelNameForId(ref), isPrivate: ref.startsWith("G") });
    }
    return this.createChannel({ name: ref });
  }

  /** The bot's direct-message channel with a user (App Home "Messages" tab). */
  dmChannel(userRef: string): SlackChannel {
    const user = this.requireUser(userRef);
    const id = dmChannelIdFor(user.id);
    const existing = this.channelMap.get(id);
    if (existing) return existing;
    return this.addChannel({ id, name: user.id, isPrivate: true, isIm: true, imUser: user.id, members: new Set([user.id, this.identity.botUserId]), creator: user.id });
  }

  // ── messages ─────────────────────────────────────────────────────────────

  postMessage(input: {
    channel: string;
    user: string;
    text: string;
    blocks?: Block[];
    threadTs?: string;
    metadata?: SlackMetadata;
    fileIds?: string[];
    fromBot?: boolean;
    broadcast?: boolean;
    clientMsgId?: string;
    /** Slash-command responses reach channels the bot has not joined. */
    ignoreMembership?: boolean;
  }): SlackMessage {
    const channel = this.requireChannel(input.channel);
    if (channel.archived) throw new SlackApiError("is_archived");
    if (!input.ignoreMembership && !channel.members.has(input.user)) throw new SlackApiError("not_in_channel");
    let threadTs: string | undefined;
    if (input.threadTs) {
      const parent = this.message(channel.id, input.threadTs);
      if (!parent) throw new SlackApiError("thread_not_found");
      // Replying to a reply lands in the same thread, as in Slack.
      threadTs = parent.threadTs ?? parent.ts;
      const root = this.message(channel.id, threadTs);
      if (root) root.threadTs = root.ts;
    }
    const message: SlackMessage = {
      channel: channel.id,
      ts: this.nextTs(),
      user: input.user,
      text: input.text,
      reactions: [],
      fileIds: input.fileIds ?? [],
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.fromBot ? { botId: this.identity.botId, appId: this.identity.appId } : {}),
      ...(input.broadcast && threadTs ? { broadcast: true } : {}),
      ...(input.clientMsgId ? { clientMsgId: input.clientMsgId } : {}),
    };
    this.messageMap.get(channel.id)?.push(message);
    for (const id of message.fileIds) this.fileMap.get(id)?.channels.push(channel.id);
    return message;
  }

  message(channelRef: string, ts: string): SlackMessage | undefined {
    const channel = this.channel(channelRef);
    if (!channel) return undefined;
    return this.messageMap.get(channel.id)?.find((m) => m.ts === ts);
  }

  requireMessage(channelRef: string, ts: string): SlackMessage {
    this.requireChannel(channelRef);
    const message = this.message(channelRef, ts);
    if (!message) throw new SlackApiError("message_not_found");
    return message;
  }

  updateMessage(
    channelRef: string,
    ts: string,
    changes: { text?: string; blocks?: Block[]; metadata?: SlackMetadata },
    editor: string,
  ): SlackMessage {
    const message = this.requireMessage(channelRef, ts);
    if (message.tombstone) throw new SlackApiError("message_not_found");
    if (message.user !== editor) throw new SlackApiError("cant_update_message");
    if (changes.text !== undefined) message.text = changes.text;
    if (changes.blocks !== undefined) {
      if (changes.blocks.length > 0) message.blocks = changes.blocks;
      else delete message.blocks;
    }
    if (changes.metadata !== undefined) message.metadata = changes.metadata;
    message.edited = { user: editor, ts: this.nextTs() };
    return message;
  }

  /** Deletes a message; a parent with replies stays as "This message was deleted." Returns the message as it was. */
  deleteMessage(channelRef: string, ts: string, deleter: string): SlackMessage {
    const message = this.requireMessage(channelRef, ts);
    if (message.tombstone) throw new SlackApiError("message_not_found");
    if (message.user !== deleter) throw new SlackApiError("cant_delete_message");
    const before = { ...message, reactions: message.reactions.map((r) => ({ ...r, users: [...r.users] })) };
    const list = this.messageMap.get(message.channel) ?? [];
    const hasReplies = message.threadTs === message.ts && this.replies(message.channel, message.ts).length > 0;
    if (hasReplies) {
      message.tombstone = true;
      message.text = "This message was deleted.";
      delete message.blocks;
      delete message.metadata;
      message.reactions = [];
      message.fileIds = [];
    } else {
      list.splice(list.indexOf(message), 1);
      const root = message.threadTs && message.threadTs !== message.ts ? this.message(message.channel, message.threadTs) : undefined;
      if (root?.tombstone && this.replies(root.channel, root.ts).length === 0) list.splice(list.indexOf(root), 1);
    }
    return before;
  }

  /** Top-level messages of a channel (and replies broadcast to it), oldest first. */
  history(channelRef: string): SlackMessage[] {
    const channel = this.requireChannel(channelRef);
    return (this.messageMap.get(channel.id) ?? []).filter((m) => !m.threadTs || m.threadTs === m.ts || m.broadcast);
  }

  /** The replies of a thread (without the parent), oldest first. */
  replies(channelRef: string, threadTs: string): SlackMessage[] {
    const channel = this.requireChannel(channelRef);
    return (this.messageMap.get(channel.id) ?? []).filter((m) => m.threadTs === threadTs && m.ts !== threadTs);
  }

  /** Every message of a channel, replies included, oldest first. */
  allMessages(channelRef: string): SlackMessage[] {
    const channel = this.requireChannel(channelRef);
    return [...(this.messageMap.get(channel.id) ?? [])];
  }

  // ── reactions ────────────────────────────────────────────────────────────

  addReaction(channelRef: string, ts: string, name: string, user: string): void {
    if (!REACTION_NAME.test(name)) throw new SlackApiError("invalid_name");
    const message = this.requireMessage(channelRef, ts);
    const reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(user)) throw new SlackApiError("already_reacted");
    if (reaction) reaction.users.push(user);
    else message.reactions.push({ name, users: [user] });
  }

  removeReaction(channelRef: string, ts: string, name: string, user: string): void {
    if (!REACTION_NAME.test(name)) throw new SlackApiError("invalid_name");
    const message = this.requireMessage(channelRef, ts);
    const reaction = message.reactions.find((r) => r.name === name);
    if (!reaction || !reaction.users.includes(user)) throw new SlackApiError("no_reaction");
    reaction.users = reaction.users.filter((u) => u !== user);
    if (reaction.users.length === 0) message.reactions = message.reactions.filter((r) => r !== reaction);
  }

  // ── ephemerals ───────────────────────────────────────────────────────────

  postEphemeral(input: {
    channel: string;
    visibleTo: string;
    text: string;
    blocks?: Block[];
    threadTs?: string;
    source: EphemeralMessage["source"];
  }): EphemeralMessage {
    const channel = this.requireChannel(input.channel);
    const user = this.requireUser(input.visibleTo);
    if (input.source === "chat.postEphemeral" && !channel.members.has(user.id)) throw new SlackApiError("user_not_in_channel");
    const ephemeral: EphemeralMessage = {
      channel: channel.id,
      ts: this.nextTs(),
      visibleTo: user.id,
      from: this.identity.botUserId,
      text: input.text,
      source: input.source,
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
    };
    this.ephemeralList.push(ephemeral);
    return ephemeral;
  }

  /** Ephemeral messages still shown, optionally of one channel, oldest first. */
  ephemerals(channelRef?: string): EphemeralMessage[] {
    const channelId = channelRef ? this.requireChannel(channelRef).id : undefined;
    return this.ephemeralList.filter((e) => !e.deleted && (channelId === undefined || e.channel === channelId));
  }

  ephemeral(channelId: string, ts: string): EphemeralMessage | undefined {
    return this.ephemeralList.find((e) => e.channel === channelId && e.ts === ts && !e.deleted);
  }

  // ── files and user groups ────────────────────────────────────────────────

  /** `id` is given when the file was announced earlier (files.getUploadURLExternal hands out its id). */
  addFile(input: { name: string; content: string | Buffer; user: string; mimetype?: string; title?: string; id?: string }): SlackFile {
    const ext = input.name.includes(".") ? (input.name.split(".").pop() ?? "") : "";
    const file: SlackFile = {
      id: input.id ?? newFileId(),
      name: input.name,
      title: input.title ?? input.name,
      mimetype: input.mimetype ?? mimeFor(ext),
      filetype: ext || "text",
      content: typeof input.content === "string" ? Buffer.from(input.content, "utf8") : input.content,
      user: input.user,
      created: this.nowSeconds(),
      channels: [],
    };
    this.fileMap.set(file.id, file);
    return file;
  }

  file(id: string): SlackFile | undefined {
    return this.fileMap.get(id);
  }

  addUserGroup(input: { handle: string; id?: string; name?: string; users: string[] }): UserGroup {
    const group: UserGroup = {
      id: input.id ?? `S0${input.handle.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
      handle: input.handle,
      name: input.name ?? input.handle,
      users: input.users.map((u) => this.requireUser(u).id),
    };
    this.groupMap.set(group.id, group);
    return group;
  }

  userGroup(ref: string): UserGroup | undefined {
    return this.groupMap.get(ref) ?? [...this.groupMap.values()].find((g) => g.handle === ref.replace(/^@/, ""));
  }

  // ── views ────────────────────────────────────────────────────────────────

  publishHome(userRef: string, definition: Record<string, unknown>, hash?: string): SlackView {
    const user = this.requireUser(userRef);
    const existingId = this.homeViews.get(user.id);
    const existing = existingId ? this.viewMap.get(existingId) : undefined;
    if (existing && hash !== undefined && hash !== existing.hash) throw new SlackApiError("hash_conflict");
    const view = this.makeView("home", user.id, definition, existing?.id);
    this.homeViews.set(user.id, view.id);
    return view;
  }

  homeView(userRef: string): SlackView | undefined {
    const user = this.user(userRef);
    const id = user ? this.homeViews.get(user.id) : undefined;
    return id ? this.viewMap.get(id) : undefined;
  }

  openModal(triggerId: string, definition: Record<string, unknown>): SlackView {
    const userId = this.consumeTrigger(triggerId);
    this.closeModals(userId);
    const view = this.makeView("modal", userId, definition);
    this.modalStacks.set(userId, [view.id]);
    return view;
  }

  pushModal(triggerId: string, definition: Record<string, unknown>): SlackView {
    const userId = this.consumeTrigger(triggerId);
    if ((this.modalStacks.get(userId) ?? []).length === 0) throw new SlackApiError("not_found");
    return this.pushModalForUser(userId, definition);
  }

  /** `views.update` and `response_action: "update"`: replace a view's definition, keeping its id. */
  updateView(ref: { viewId?: string; externalId?: string }, definition: Record<string, unknown>, hash?: string): SlackView {
    const existing = ref.viewId
      ? this.viewMap.get(ref.viewId)
      : [...this.viewMap.values()].find((v) => v.externalId !== "" && v.externalId === ref.externalId);
    if (!existing || existing.closed) throw new SlackApiError("not_found");
    if (hash !== undefined && hash !== existing.hash) throw new SlackApiError("hash_conflict");
    existing.definition = definition;
    existing.hash = newHash();
    existing.externalId = typeof definition.external_id === "string" ? definition.external_id : existing.externalId;
    return existing;
  }

  view(id: string): SlackView | undefined {
    return this.viewMap.get(id);
  }

  /** The modals a user has open, bottom of the stack first. */
  modalStack(userRef: string): SlackView[] {
    const user = this.user(userRef);
    const ids = user ? (this.modalStacks.get(user.id) ?? []) : [];
    return ids.map((id) => this.viewMap.get(id)).filter((v): v is SlackView => v !== undefined);
  }

  /** Close the top modal (a submission without response_action) or all of them. */
  closeModal(userId: string, which: "top" | "all"): void {
    const stack = this.modalStacks.get(userId) ?? [];
    const closing = which === "all" ? stack.splice(0) : stack.splice(-1);
    for (const id of closing) {
      const view = this.viewMap.get(id);
      if (view) view.closed = true;
    }
  }

  closeModals(userId: string): void {
    this.closeModal(userId, "all");
  }

  pushModalForUser(userId: string, definition: Record<string, unknown>): SlackView {
    const stack = this.modalStacks.get(userId) ?? [];
    if (stack.length >= MAX_MODAL_STACK) throw new SlackApiError("push_limit_reached");
    const view = this.makeView("modal", userId, definition, undefined, stack[0], stack[stack.length - 1] ?? null);
    stack.push(view.id);
    this.modalStacks.set(userId, stack);
    return view;
  }

  private makeView(
    type: SlackView["type"],
    userId: string,
    definition: Record<string, unknown>,
    keepId?: string,
    rootViewId?: string,
    previousViewId: string | null = null,
  ): SlackView {
    const id = keepId ?? newViewId();
    const view: SlackView = {
      id,
      type,
      userId,
      definition,
      hash: newHash(),
      rootViewId: rootViewId ?? id,
      previousViewId,
      externalId: typeof definition.external_id === "string" ? definition.external_id : "",
      stateValues: {},
      closed: false,
    };
    this.viewMap.set(id, view);
    return view;
  }

  // ── trigger ids ──────────────────────────────────────────────────────────

  issueTrigger(userId: string): string {
    const id = newTriggerId();
    this.triggers.set(id, { userId, issuedAt: performance.now(), used: false });
    return id;
  }

  /** A trigger opens one view within about 3 s (real elapsed time: it measures the app, not the sandbox clock). */
  consumeTrigger(triggerId: string): string {
    const trigger = this.triggers.get(triggerId);
    if (!trigger) throw new SlackApiError("invalid_trigger_id");
    if (trigger.used) throw new SlackApiError("trigger_exchanged");
    if (performance.now() - trigger.issuedAt > TRIGGER_TTL_MS) throw new SlackApiError("expired_trigger_id");
    trigger.used = true;
    return trigger.userId;
  }
}

/** Sort helper for code that merges messages and ephemerals. */
export function compareTs(a: string, b: string): number {
  const x = microsFromTs(a);
  const y = microsFromTs(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function mimeFor(ext: string): string {
  const map: Record<string, string> = {
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    txt: "text/plain",
    log: "text/plain",
    json: "application/json",
    md: "text/markdown",
    csv: "text/csv",
    pdf: "application/pdf",
  };
  return map[ext.toLowerCase()] ?? "application/octet-stream";
}
