/**
 * What the graphs need from the chat workspace (Slack). Shaped by use, not by the Slack SDK.
 * Block Kit blocks are plain JSON built by pure builders; the port does not interpret them.
 */
export type Block = Record<string, unknown>;

/** Machine-readable metadata carried by a message, used to find it again after a crash. */
export interface MessageMetadata {
  eventType: string;
  payload: Record<string, string | number | boolean>;
}

export interface PostMessageInput {
  channel: string;
  text: string;
  blocks?: Block[];
  threadTs?: string;
  metadata?: MessageMetadata;
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface UpdateMessageInput {
  channel: string;
  ts: string;
  text: string;
  blocks?: Block[];
  metadata?: MessageMetadata;
}

export interface PostEphemeralInput {
  channel: string;
  user: string;
  text: string;
  blocks?: Block[];
  threadTs?: string;
}

export interface ReactionInput {
  channel: string;
  ts: string;
  name: string;
}

export interface FindMessageInput {
  channel: string;
  /** Search replies of this thread; without it, the channel's recent history. */
  threadTs?: string;
  eventType: string;
  /** Value of `payload.key` to match. */
  key: string;
}

/** A reply through a slash command's or interaction's response_url (works where the bot is not a member). */
export interface RespondInput {
  responseUrl: string;
  text: string;
  blocks?: Block[];
  responseType: "ephemeral" | "in_channel";
  replaceOriginal?: boolean;
  threadTs?: string;
}

/** A message as it stands now (after edits), with the files attached to it. */
export interface ChatMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  threadTs?: string;
  files: { id: string; name: string; url: string; mimetype?: string }[];
}

/** A file shared into a channel or thread (a recap chart), as one bot message carrying it. */
export interface UploadFileInput {
  channel: string;
  /** The thread's parent ts; the file then arrives as a reply. */
  threadTs?: string;
  /** With its extension: Slack derives the file type from it ("recap-weekly.png"). */
  filename: string;
  title: string;
  /** What a screen reader says for an image. */
  altText: string;
  bytes: Uint8Array;
  /** The text of the message that carries the file. */
  initialComment?: string;
}

export interface ChatIdentity {
  teamId: string;
  userId: string;
  botId?: string;
  scopes: string[];
}

export interface ChatPort {
  postMessage(input: PostMessageInput): Promise<PostedMessage>;
  /** Slack user ids of a user group's members (usergroups.users.list), for approver checks. */
  listUserGroupMembers(groupId: string): Promise<string[]>;
  updateMessage(input: UpdateMessageInput): Promise<PostedMessage>;
  postEphemeral(input: PostEphemeralInput): Promise<{ messageTs: string }>;
  /** Adding a reaction that is already there succeeds. */
  addReaction(input: ReactionInput): Promise<void>;
  /** Removing a reaction that is not there succeeds. */
  removeReaction(input: ReactionInput): Promise<void>;
  /** Find a message the bot posted earlier by its metadata key (lookup-before-create). */
  findMessageByMetadata(input: FindMessageInput): Promise<PostedMessage | null>;
  publishHome(input: { userId: string; blocks: Block[] }): Promise<void>;
  /** Upload a file and share it into the channel (or thread) as a message from the bot. */
  uploadFile(input: UploadFileInput): Promise<{ fileId: string }>;
  respond(input: RespondInput): Promise<void>;
  /** The message as it is now, or null when it was deleted or cannot be seen. */
  getMessage(channel: string, ts: string): Promise<ChatMessage | null>;
  getPermalink(channel: string, ts: string): Promise<string>;
  /** Display name of a user (for issue bodies); falls back to the id. */
  userName(userId: string): Promise<string>;
  identity(): Promise<ChatIdentity>;
}
