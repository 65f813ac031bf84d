/**
 * The in-memory model of the fake Slack workspace. Field names follow our own TypeScript style; the wire
 * shapes Slack sends (snake_case) are produced from these by `wire-format.ts`.
 */
export type Block = Record<string, unknown>;

export interface SlackUser {
  id: string;
  /** Handle, as in `@alice`. */
  name: string;
  realName: string;
  isBot: boolean;
  botId?: string;
  email?: string;
  tz: string;
  isAdmin: boolean;
  deleted: boolean;
}

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  /** For a DM: the human on the other side of the bot. */
  imUser?: string;
  members: Set<string>;
  created: number;
  creator: string;
  topic: string;
  purpose: string;
  archived: boolean;
}

export interface SlackReaction {
  name: string;
  users: string[];
}

export interface SlackMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  content: Buffer;
  user: string;
  created: number;
  channels: string[];
}

export interface SlackMessage {
  channel: string;
  ts: string;
  user: string;
  /** Set on messages the app posted. */
  botId?: string;
  appId?: string;
  text: string;
  blocks?: Block[];
  /** The parent's ts for replies; for a parent, its own ts once it has replies. */
  threadTs?: string;
  metadata?: SlackMetadata;
  reactions: SlackReaction[];
  fileIds: string[];
  edited?: { user: string; ts: string };
  clientMsgId?: string;
  /** A deleted parent that still has replies stays as a tombstone, as in Slack. */
  tombstone?: boolean;
  /** A reply also sent to the channel (`reply_broadcast`). */
  broadcast?: boolean;
}

export interface EphemeralMessage {
  channel: string;
  ts: string;
  /** The only user who sees it. */
  visibleTo: string;
  /** Who it appears to come from: the bot user id. */
  from: string;
  text: string;
  blocks?: Block[];
  threadTs?: string;
  source: "chat.postEphemeral" | "response_url";
  deleted?: boolean;
}

export interface SlackView {
  id: string;
  type: "home" | "modal";
  userId: string;
  /** The view definition the app sent (blocks, title, callback_id, private_metadata, …). */
  definition: Record<string, unknown>;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId: string;
  /** `state.values` as the user filled them in. */
  stateValues: Record<string, Record<string, unknown>>;
  closed: boolean;
}

export interface UserGroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** HTTP status sent back, 200 also for `ok:false`. */
  status: number;
  ok: boolean;
  error?: string;
  at: number;
}

/** A workspace operation that Slack would refuse: carries Slack's error string. */
export class SlackApiError extends Error {
  readonly error: string;
  readonly extra: Record<string, unknown>;

  constructor(error: string, extra: Record<string, unknown> = {}) {
    super(error);
    this.name = "SlackApiError";
    this.error = error;
    this.extra = extra;
  }
}
