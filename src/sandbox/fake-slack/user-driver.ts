import { newClientMsgId, newEventId } from "./fake-ids.js";
import type { ResponseUrls } from "./response-urls.js";
import { signSlackRequest } from "./slack-signature.js";
import type { Block, SlackChannel, SlackUser, SlackView } from "./types.js";
import { messageToWire, viewToWire } from "./wire-format.js";
import type { FakeSlackWorkspace } from "./workspace.js";

export interface SlackUserDriverOptions {
  /** Where Slack delivers to the app, e.g. `http://127.0.0.1:3000/slack/events`. */
  targetUrl: string;
  signingSecret: string;
  workspace: FakeSlackWorkspace;
  responseUrls: ResponseUrls;
  fileBaseUrl: string;
  /** Slack gives up on a delivery after 3 s; `acked` on a response says whether the app answered in time. */
  ackTimeoutMs?: number;
  /** The driver itself waits this long before aborting a request. */
  requestTimeoutMs?: number;
  /** The legacy verification token Slack still puts into payloads. */
  verificationToken?: string;
}

/** Shopfloor's answer to one delivery. */
export interface DriverResponse {
  status: number;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  headers: Record<string, string>;
  /** How long the app took to answer. */
  ms: number;
  /** Answered within Slack's 3-second window. */
  acked: boolean;
}

export type EventEnvelope = Record<string, unknown> & { event_id: string; event: Record<string, unknown> };

export interface EventDelivery {
  eventId: string;
  envelope: EventEnvelope;
  response: DriverResponse;
}

export interface PostedUserMessage extends EventDelivery {
  ts: string;
  channel: string;
  /** The separate `app_mention` delivery, when the text mentions the bot. */
  mention?: EventDelivery;
}

export interface RawSendOptions {
  /** A signature to send instead of the right one, or "omit" to send none. */
  signature?: string | "omit";
  /** Request timestamp in seconds (default now); a stale one must be refused. */
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type ViewValueInput = string | string[] | Record<string, unknown>;

/**
 * A person in the fake workspace. Each action changes the workspace the way Slack would (a posted message
 * is stored first) and then delivers what Slack sends to the app — events, slash commands, interactions —
 * signed with the signing secret, returning the app's HTTP answer and how long it took.
 */
export class SlackUserDriver {
  private readonly ws: FakeSlackWorkspace;
  private readonly ackTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly verificationToken: string;

  constructor(private readonly opts: SlackUserDriverOptions) {
    this.ws = opts.workspace;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 3_000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.verificationToken = opts.verificationToken ?? "sandbox-verification-token";
  }

  // ── messages ─────────────────────────────────────────────────────────────

  /**
   * Post as a person. `@alice` / `@Shopfloor` in the text become `<@U…>` mentions as the Slack client
   * does; a mention of the bot also delivers an `app_mention` event, after the `message` event. Nothing is
   * delivered from a channel the bot is not in (the response then has status 0).
   */
  async postMessage(input: {
    user: string;
    channel: string;
    text: string;
    threadTs?: string;
    files?: Array<{ name: string; content: string | Buffer; mimetype?: string; title?: string }>;
    /** Which events to deliver (default both, as Slack does for an app subscribed to both). */
    deliver?: Array<"message" | "app_mention">;
  }): Promise<PostedUserMessage> {
    const user = this.user(input.user);
    const channel = this.ws.ensureChannel(input.channel);
    const text = this.encodeMentions(input.text);
    const fileIds = (input.files ?? []).map((f) => this.ws.addFile({ ...f, user: user.id }).id);
    const message = this.ws.postMessage({
      channel: channel.id,
      user: user.id,
      text,
      fileIds,
      clientMsgId: newClientMsgId(),
      blocks: richTextBlocks(text),
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
    });
    const wire = messageToWire(this.ws, message, { fileBaseUrl: this.opts.fileBaseUrl });
    delete wire.reactions;
    if (fileIds.length > 0) wire.subtype = "file_share";
    // Slack sends channel events only for channels the app is in.
    const deliver = channel.members.has(this.ws.identity.botUserId) ? (input.deliver ?? ["message", "app_mention"]) : [];

    const messageEvent = { ...wire, channel: channel.id, event_ts: message.ts, channel_type: channelType(channel) };
    const delivered = deliver.includes("message")
      ? await this.deliverEvent(messageEvent)
      : { eventId: "", envelope: this.envelope(messageEvent), response: notSent() };

    let mention: EventDelivery | undefined;
    if (deliver.includes("app_mention") && text.includes(`<@${this.ws.identity.botUserId}>`) && !channel.isIm) {
      const { subtype: _subtype, upload: _upload, display_as_bot: _dab, ...rest } = wire;
      mention = await this.deliverEvent({ ...rest, type: "app_mention", channel: channel.id, event_ts: message.ts });
    }
    return { ts: message.ts, channel: channel.id, ...delivered, ...(mention ? { mention } : {}) };
  }

  async editMessage(input: { user: string; channel: string; ts: string; text: string }): Promise<EventDelivery> {
    const user = this.user(input.user);
    const channel = this.ws.requireChannel(input.channel);
    const before = messageToWire(this.ws, this.ws.requireMessage(channel.id, input.ts));
    const text = this.encodeMentions(input.text);
    const message = this.ws.updateMessage(channel.id, input.ts, { text, blocks: richTextBlocks(text) }, user.id);
    const eventTs = this.ws.nextTs();
    return this.deliverEvent({
      type: "message",
      subtype: "message_changed",
      message: { ...messageToWire(this.ws, message), source_team: this.ws.identity.teamId, user_team: this.ws.identity.teamId },
      previous_message: before,
      channel: channel.id,
      hidden: true,
      ts: eventTs,
      event_ts: eventTs,
      channel_type: channelType(channel),
    });
  }

  async deleteMessage(input: { user: string; channel: string; ts: string }): Promise<EventDelivery> {
    const user = this.user(input.user);
    const channel = this.ws.requireChannel(input.channel);
    const before = this.ws.deleteMessage(channel.id, input.ts, user.id);
    const eventTs = this.ws.nextTs();
    return this.deliverEvent({
      type: "message",
      subtype: "message_deleted",
      previous_message: messageToWire(this.ws, before),
      channel: channel.id,
      hidden: true,
      deleted_ts: input.ts,
      ts: eventTs,
      event_ts: eventTs,
      channel_type: channelType(channel),
    });
  }

  async addReaction(input: { user: string; channel: string; ts: string; name: string }): Promise<EventDelivery> {
    const user = this.user(input.user);
    const channel = this.ws.requireChannel(input.channel);
    const message = this.ws.requireMessage(channel.id, input.ts);
    this.ws.addReaction(channel.id, input.ts, input.name, user.id);
    return this.deliverEvent({
      type: "reaction_added",
      user: user.id,
      reaction: input.name,
      item_user: message.user,
      item: { type: "message", channel: channel.id, ts: input.ts },
      event_ts: this.ws.nextTs(),
    });
  }

  /** The user opens the app's Home tab. */
  async openHome(userRef: string): Promise<EventDelivery> {
    const user = this.user(userRef);
    const home = this.ws.homeView(user.id);
    return this.deliverEvent({
      type: "app_home_opened",
      user: user.id,
      channel: this.ws.dmChannel(user.id).id,
      tab: "home",
      ...(home ? { view: viewToWire(this.ws, home) } : {}),
      event_ts: this.ws.nextTs(),
    });
  }

  // ── commands and interactions ────────────────────────────────────────────

  async command(input: {
    user: string;
    channel: string;
    command?: string;
    text: string;
  }): Promise<DriverResponse & { responseUrl: string; triggerId: string }> {
    const user = this.user(input.user);
    const channel = this.ws.ensureChannel(input.channel);
    const triggerId = this.ws.issueTrigger(user.id);
    const responseUrl = this.opts.responseUrls.create({ kind: "command", channel: channel.id, user: user.id });
    const form = new URLSearchParams({
      token: this.verificationToken,
      team_id: this.ws.identity.teamId,
      team_domain: this.ws.identity.teamDomain,
      channel_id: channel.id,
      channel_name: channel.isIm ? "directmessage" : channel.name,
      user_id: user.id,
      user_name: user.name,
      command: input.command ?? "/shopfloor",
      text: this.encodeMentions(input.text),
      api_app_id: this.ws.identity.appId,
      is_enterprise_install: "false",
      response_url: responseUrl,
      trigger_id: triggerId,
    });
    const response = await this.send(form.toString(), "application/x-www-form-urlencoded");
    this.showCommandAck(response, channel.id, user.id);
    return { ...response, responseUrl, triggerId };
  }

  /**
   * Slack shows a slash command's acknowledgement body to the person who ran it (or to the channel with
   * response_type in_channel), as if it were the first response_url reply.
   */
  private showCommandAck(response: DriverResponse, channel: string, user: string): void {
    const body = response.json as { text?: unknown; blocks?: unknown; response_type?: unknown } | null;
    if (response.status !== 200 || !body || typeof body !== "object" || (typeof body.text !== "string" && !Array.isArray(body.blocks))) return;
    const text = typeof body.text === "string" ? body.text : "";
    const blocks = Array.isArray(body.blocks) ? (body.blocks as Block[]) : undefined;
    if (body.response_type === "in_channel") {
      this.ws.postMessage({ channel, user: this.ws.identity.botUserId, text, fromBot: true, ignoreMembership: true, ...(blocks ? { blocks } : {}) });
    } else {
      this.ws.postEphemeral({ channel, visibleTo: user, text, source: "response_url", ...(blocks ? { blocks } : {}) });
    }
  }

  /**
   * Click a button on a message (or an ephemeral message, or a view with `viewId`). The button must be on
   * it, as a person can only click what they see; `force` sends the click anyway (a stale client).
   */
  async clickButton(input: {
    user: string;
    actionId: string;
    value?: string;
    blockId?: string;
    channel?: string;
    messageTs?: string;
    viewId?: string;
    force?: boolean;
  }): Promise<DriverResponse & { triggerId: string; responseUrl?: string }> {
    const user = this.user(input.user);
    const triggerId = this.ws.issueTrigger(user.id);
    let blocks: Block[] = [];
    const payload: Record<string, unknown> = {
      type: "block_actions",
      user: { id: user.id, username: user.name, name: user.name, team_id: this.ws.identity.teamId },
      api_app_id: this.ws.identity.appId,
      token: this.verificationToken,
      trigger_id: triggerId,
      team: { id: this.ws.identity.teamId, domain: this.ws.identity.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      state: { values: {} },
    };
    let responseUrl: string | undefined;

    if (input.viewId) {
      const view = this.ws.view(input.viewId);
      if (!view || view.closed) throw new Error(`view ${input.viewId} is not open`);
      blocks = (view.definition.blocks as Block[] | undefined) ?? [];
      payload.container = { type: "view", view_id: view.id };
      payload.view = viewToWire(this.ws, view);
      payload.state = { values: view.stateValues };
    } else {
      if (!input.channel || !input.messageTs) throw new Error("clickButton needs channel and messageTs, or viewId");
      const channel = this.ws.requireChannel(input.channel);
      const message = this.ws.message(channel.id, input.messageTs);
      const ephemeral = message ? undefined : this.ws.ephemeral(channel.id, input.messageTs);
      if (!message && !ephemeral) throw new Error(`no message ${input.messageTs} in ${channel.id}`);
      if (ephemeral && ephemeral.visibleTo !== user.id) throw new Error(`${user.name} cannot see ephemeral ${input.messageTs}`);
      blocks = (message?.blocks ?? ephemeral?.blocks) ?? [];
      const threadTs = message?.threadTs ?? ephemeral?.threadTs;
      responseUrl = this.opts.responseUrls.create({
        kind: "interaction",
        channel: channel.id,
        user: user.id,
        messageTs: input.messageTs,
        originalIsEphemeral: ephemeral !== undefined,
      });
      payload.container = {
        type: "message",
        message_ts: input.messageTs,
        channel_id: channel.id,
        is_ephemeral: ephemeral !== undefined,
        ...(threadTs && threadTs !== input.messageTs ? { thread_ts: threadTs } : {}),
      };
      payload.channel = { id: channel.id, name: channel.isIm ? "directmessage" : channel.name };
      if (message) payload.message = messageToWire(this.ws, message);
      payload.response_url = responseUrl;
    }

    const found = findButton(blocks, input.actionId, input.blockId);
    if (!found && !input.force) throw new Error(`no button with action_id "${input.actionId}" is shown there`);
    payload.actions = [
      {
        action_id: input.actionId,
        block_id: input.blockId ?? found?.blockId ?? "",
        text: found?.element.text ?? { type: "plain_text", text: input.actionId, emoji: true },
        value: input.value ?? (typeof found?.element.value === "string" ? found.element.value : ""),
        ...(typeof found?.element.style === "string" ? { style: found.element.style } : {}),
        type: "button",
        action_ts: this.ws.nextTs(),
      },
    ];
    const response = await this.sendPayload(payload);
    return { ...response, triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  /** A global shortcut, or a message shortcut when `channel` and `messageTs` are given. */
  async shortcut(input: {
    user: string;
    callbackId: string;
    channel?: string;
    messageTs?: string;
  }): Promise<DriverResponse & { triggerId: string; responseUrl?: string }> {
    const user = this.user(input.user);
    const triggerId = this.ws.issueTrigger(user.id);
    const team = { id: this.ws.identity.teamId, domain: this.ws.identity.teamDomain };
    const base = {
      token: this.verificationToken,
      action_ts: this.ws.nextTs(),
      team,
      is_enterprise_install: false,
      enterprise: null,
      callback_id: input.callbackId,
      trigger_id: triggerId,
    };
    if (!input.channel || !input.messageTs) {
      const response = await this.sendPayload({
        type: "shortcut",
        ...base,
        user: { id: user.id, username: user.name, team_id: this.ws.identity.teamId },
      });
      return { ...response, triggerId };
    }
    const channel = this.ws.requireChannel(input.channel);
    const message = this.ws.requireMessage(channel.id, input.messageTs);
    const responseUrl = this.opts.responseUrls.create({ kind: "command", channel: channel.id, user: user.id });
    const response = await this.sendPayload({
      type: "message_action",
      ...base,
      user: { id: user.id, name: user.name, team_id: this.ws.identity.teamId },
      channel: { id: channel.id, name: channel.isIm ? "directmessage" : channel.name },
      message_ts: message.ts,
      message: messageToWire(this.ws, message),
      response_url: responseUrl,
    });
    return { ...response, triggerId, responseUrl };
  }

  /**
   * Submit an open modal. `values` are by block id then action id: a string fills a text input or picks the
   * option with that value, an array picks several, an object is sent as the element state as is.
   * The app's answer is applied as Slack would: `errors` keep it open, `update`/`push`/`clear` change the
   * stack, an empty 200 closes it.
   */
  async submitView(input: {
    user: string;
    viewId: string;
    values?: Record<string, Record<string, ViewValueInput>>;
  }): Promise<DriverResponse & { outcome: "closed" | "errors" | "updated" | "pushed" | "cleared" | "failed"; errors?: Record<string, string> }> {
    const user = this.user(input.user);
    const view = this.ws.view(input.viewId);
    if (!view || view.closed || view.userId !== user.id) throw new Error(`view ${input.viewId} is not open for ${user.name}`);
    view.stateValues = buildStateValues(view, input.values ?? {});
    const response = await this.sendPayload({
      type: "view_submission",
      team: { id: this.ws.identity.teamId, domain: this.ws.identity.teamDomain },
      user: { id: user.id, username: user.name, name: user.name, team_id: this.ws.identity.teamId },
      api_app_id: this.ws.identity.appId,
      token: this.verificationToken,
      trigger_id: this.ws.issueTrigger(user.id),
      view: viewToWire(this.ws, view),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
    if (response.status !== 200) return { ...response, outcome: "failed" };
    const answer = (response.json ?? {}) as Record<string, unknown>;
    switch (answer.response_action) {
      case "errors":
        return { ...response, outcome: "errors", errors: (answer.errors ?? {}) as Record<string, string> };
      case "update":
        this.ws.updateView({ viewId: view.id }, answer.view as Record<string, unknown>);
        return { ...response, outcome: "updated" };
      case "push":
        this.ws.pushModalForUser(user.id, answer.view as Record<string, unknown>);
        return { ...response, outcome: "pushed" };
      case "clear":
        this.ws.closeModal(user.id, "all");
        return { ...response, outcome: "cleared" };
      default:
        this.ws.closeModal(user.id, "top");
        return { ...response, outcome: "closed" };
    }
  }

  /** The user closes a modal with Cancel; Slack tells the app only when the view asked (`notify_on_close`). */
  async closeView(input: { user: string; viewId: string }): Promise<DriverResponse | undefined> {
    const user = this.user(input.user);
    const view = this.ws.view(input.viewId);
    if (!view || view.closed) throw new Error(`view ${input.viewId} is not open`);
    this.ws.closeModal(user.id, "top");
    if (view.definition.notify_on_close !== true) return undefined;
    return this.sendPayload({
      type: "view_closed",
      team: { id: this.ws.identity.teamId, domain: this.ws.identity.teamDomain },
      user: { id: user.id, username: user.name, name: user.name, team_id: this.ws.identity.teamId },
      api_app_id: this.ws.identity.appId,
      token: this.verificationToken,
      view: viewToWire(this.ws, view),
      is_cleared: false,
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  /** Slack's check of the Request URL when events are turned on. */
  async urlVerification(challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"): Promise<DriverResponse> {
    return this.send(JSON.stringify({ token: this.verificationToken, challenge, type: "url_verification" }), "application/json");
  }

  // ── raw deliveries ───────────────────────────────────────────────────────

  /** Send anything, signed correctly unless told otherwise (bad-input tests). */
  async sendRaw(body: string | Record<string, unknown>, opts: RawSendOptions = {}): Promise<DriverResponse> {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return this.send(text, opts.contentType ?? (typeof body === "string" ? "application/x-www-form-urlencoded" : "application/json"), opts);
  }

  /** Slack's retry of an event delivery: same body and event_id, with the retry headers. */
  async redeliver(envelope: EventEnvelope, retryNum: number, retryReason = "http_timeout"): Promise<DriverResponse> {
    return this.send(JSON.stringify(envelope), "application/json", { retryNum, retryReason });
  }

  /** The bot's DM channel with a person, for posting in the app's Messages tab. */
  dmChannel(userRef: string): string {
    return this.ws.dmChannel(this.user(userRef).id).id;
  }

  // ── internals ────────────────────────────────────────────────────────────

  private user(ref: string): SlackUser {
    const user = this.ws.user(ref);
    if (!user) throw new Error(`no user ${ref} in the sandbox workspace`);
    return user;
  }

  /** `@alice` → `<@U0ALICE>`, `@Shopfloor` → `<@U0SHOPBOT>`; already-encoded mentions stay. */
  private encodeMentions(text: string): string {
    return text.replace(/(^|[\s(])@([A-Za-z][\w.-]*)/g, (whole, pre: string, name: string) => {
      const lower = name.toLowerCase();
      const id = this.ws.identity;
      if (lower === id.botName.toLowerCase() || lower === id.botDisplayName.toLowerCase()) return `${pre}<@${id.botUserId}>`;
      const user = this.ws.users.find((u) => u.name.toLowerCase() === lower);
      if (user) return `${pre}<@${user.id}>`;
      const group = this.ws.userGroup(lower);
      if (group) return `${pre}<!subteam^${group.id}|@${group.handle}>`;
      return whole;
    });
  }

  private envelope(event: Record<string, unknown>): EventEnvelope {
    const id = this.ws.identity;
    const eventId = newEventId();
    return {
      token: this.verificationToken,
      team_id: id.teamId,
      context_team_id: id.teamId,
      context_enterprise_id: null,
      api_app_id: id.appId,
      event,
      type: "event_callback",
      event_id: eventId,
      event_time: this.ws.nowSeconds(),
      authorizations: [
        { enterprise_id: null, team_id: id.teamId, user_id: id.botUserId, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(JSON.stringify({ et: event.type, tid: id.teamId, aid: id.appId })).toString("base64url")}`,
    };
  }

  private async deliverEvent(event: Record<string, unknown>): Promise<EventDelivery> {
    const envelope = this.envelope(event);
    const response = await this.send(JSON.stringify(envelope), "application/json");
    return { eventId: envelope.event_id, envelope, response };
  }

  private sendPayload(payload: Record<string, unknown>): Promise<DriverResponse> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(body, "application/x-www-form-urlencoded");
  }

  private async send(body: string, contentType: string, opts: RawSendOptions = {}): Promise<DriverResponse> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      "x-slack-request-timestamp": String(timestamp),
      ...opts.headers,
    };
    if (opts.signature !== "omit") {
      headers["x-slack-signature"] = opts.signature ?? signSlackRequest(this.opts.signingSecret, body, timestamp);
    }
    if (opts.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = opts.retryReason ?? "http_timeout";
    }
    const started = performance.now();
    const res = await fetch(this.opts.targetUrl, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    const text = await res.text();
    const ms = Math.round(performance.now() - started);
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: res.status,
      body: text,
      json,
      headers: Object.fromEntries(res.headers.entries()),
      ms,
      acked: ms <= this.ackTimeoutMs,
    };
  }
}

function notSent(): DriverResponse {
  return { status: 0, body: "", json: undefined, headers: {}, ms: 0, acked: false };
}

function channelType(channel: SlackChannel): string {
  if (channel.isIm) return "im";
  return channel.isPrivate ? "group" : "channel";
}

/** The rich_text block Slack clients attach to what a person types. */
function richTextBlocks(text: string): Block[] {
  const elements: Record<string, unknown>[] = [];
  const re = /<@([UW][A-Z0-9]+)>|<(https?:\/\/[^|>]+)(?:\|([^>]+))?>/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) elements.push({ type: "text", text: text.slice(last, m.index) });
    if (m[1]) elements.push({ type: "user", user_id: m[1] });
    else elements.push({ type: "link", url: m[2], ...(m[3] ? { text: m[3] } : {}) });
    last = m.index + m[0].length;
  }
  if (last < text.length) elements.push({ type: "text", text: text.slice(last) });
  return [
    {
      type: "rich_text",
      block_id: Buffer.from(text).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, 5) || "blk",
      elements: [{ type: "rich_text_section", elements }],
    },
  ];
}

function findButton(
  blocks: Block[],
  actionId: string,
  blockId?: string,
): { blockId: string; element: Record<string, unknown> } | undefined {
  for (const block of blocks) {
    if (blockId !== undefined && block.block_id !== blockId) continue;
    const candidates = [
      ...(Array.isArray(block.elements) ? (block.elements as unknown[]) : []),
      ...(block.accessory ? [block.accessory] : []),
    ];
    for (const el of candidates) {
      if (typeof el === "object" && el !== null && (el as Record<string, unknown>).action_id === actionId) {
        return { blockId: typeof block.block_id === "string" ? block.block_id : "", element: el as Record<string, unknown> };
      }
    }
  }
  return undefined;
}

/** `view.state.values` for the inputs of a view, as Slack reports them. */
function buildStateValues(view: SlackView, values: Record<string, Record<string, ViewValueInput>>): Record<string, Record<string, unknown>> {
  const blocks = (view.definition.blocks as Block[] | undefined) ?? [];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const block = blocks.find((b) => b.block_id === blockId);
    if (!block) throw new Error(`view ${view.id} has no block "${blockId}"`);
    out[blockId] = {};
    for (const [actionId, value] of Object.entries(actions)) {
      const element = [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])].find(
        (e): e is Record<string, unknown> => typeof e === "object" && e !== null && (e as Record<string, unknown>).action_id === actionId,
      );
      if (!element) throw new Error(`block "${blockId}" has no element "${actionId}"`);
      (out[blockId] as Record<string, unknown>)[actionId] = elementState(element, value);
    }
  }
  return out;
}

function elementState(element: Record<string, unknown>, value: ViewValueInput): Record<string, unknown> {
  const type = String(element.type);
  if (typeof value === "object" && !Array.isArray(value)) return { type, ...value };
  const options = (Array.isArray(element.options) ? element.options : []) as Array<Record<string, unknown>>;
  const option = (v: string): Record<string, unknown> => {
    const found = options.find((o) => o.value === v);
    if (!found && options.length > 0) throw new Error(`element "${String(element.action_id)}" has no option "${v}"`);
    return found ?? { text: { type: "plain_text", text: v }, value: v };
  };
  const list = Array.isArray(value) ? value : [value];
  switch (type) {
    case "static_select":
    case "radio_buttons":
    case "external_select":
      return { type, selected_option: option(list[0] ?? "") };
    case "multi_static_select":
    case "checkboxes":
      return { type, selected_options: list.map(option) };
    case "users_select":
      return { type, selected_user: list[0] };
    case "multi_users_select":
      return { type, selected_users: list };
    case "conversations_select":
      return { type, selected_conversation: list[0] };
    case "channels_select":
      return { type, selected_channel: list[0] };
    case "datepicker":
      return { type, selected_date: list[0] };
    default:
      return { type, value: list[0] ?? "" };
  }
}

