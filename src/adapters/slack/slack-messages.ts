import type { ChatMessage } from "../../core/ports/chat-port.js";

/** The parts of a Web API message object (conversations.history / .replies) that ChatMessage needs. */
export interface SlackWireMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  subtype?: string;
  thread_ts?: string;
  files?: SlackWireFile[];
}

export interface SlackWireFile {
  id?: string;
  name?: string;
  title?: string;
  mimetype?: string;
  url_private?: string;
  permalink?: string;
  /** "tombstone" for a deleted file, "hidden_by_limit" on plans that hide old files. */
  mode?: string;
}

/** Subtypes of messages that no longer say anything: a deleted thread parent stays as a tombstone. */
const GONE_SUBTYPES = new Set(["tombstone", "message_deleted"]);
const GONE_FILE_MODES = new Set(["tombstone", "hidden_by_limit"]);

/**
 * A message as the port shows it, or null when it was deleted. `threadTs` is set for thread replies only
 * (a thread parent's own `thread_ts` equals its `ts`). Deleted or hidden files are left out.
 */
export function toChatMessage(channel: string, m: SlackWireMessage): ChatMessage | null {
  if (!m.ts || (m.subtype !== undefined && GONE_SUBTYPES.has(m.subtype))) return null;
  const files: ChatMessage["files"] = [];
  for (const f of m.files ?? []) {
    const url = f.url_private || f.permalink;
    if (!f.id || !url || (f.mode !== undefined && GONE_FILE_MODES.has(f.mode))) continue;
    files.push({ id: f.id, name: f.name || f.title || f.id, url, ...(f.mimetype ? { mimetype: f.mimetype } : {}) });
  }
  return {
    channel,
    ts: m.ts,
    user: m.user ?? m.bot_id ?? "",
    text: m.text ?? "",
    ...(m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {}),
    files,
  };
}
