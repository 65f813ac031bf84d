import { microsFromTs } from "./fake-ids.js";
import type { Block, EphemeralMessage, SlackMessage, SlackReaction } from "./types.js";
import { compareTs, type FakeSlackWorkspace } from "./workspace.js";

export interface TranscriptOptions {
  /** Show ephemeral messages (default true). */
  ephemerals?: boolean;
  /** IANA time zone for `[HH:MM]` (default UTC). */
  timeZone?: string;
}

/**
 * A channel as a person reads it:
 *
 *     [10:15] alice: the export button crashes
 *       📎 trace.log (text/plain, 2 KB)
 *       :eyes: 1
 *       ↳ Shopfloor: Thanks, I filed #42.
 *       ↳ (only visible to @alice) Shopfloor: Only approvers can merge.
 *     [10:16] bob: @Shopfloor why is #12 stuck?
 *
 * Messages with blocks render their visible text (header, sections, context, buttons as `[Label]`).
 */
export function renderTranscript(ws: FakeSlackWorkspace, channelRef: string, opts: TranscriptOptions = {}): string {
  const channel = ws.requireChannel(channelRef);
  const showEphemerals = opts.ephemerals ?? true;
  const time = timeFormatter(opts.timeZone ?? "UTC");
  const ephemerals = showEphemerals ? ws.ephemerals(channel.id) : [];
  const lines: string[] = [];

  type Item = { ts: string; message?: SlackMessage; ephemeral?: EphemeralMessage };
  const topLevel: Item[] = [
    ...ws.history(channel.id).map((m) => ({ ts: m.ts, message: m })),
    ...ephemerals.filter((e) => !e.threadTs).map((e) => ({ ts: e.ts, ephemeral: e })),
  ].sort((a, b) => compareTs(a.ts, b.ts));

  for (const item of topLevel) {
    if (item.ephemeral) {
      push(lines, "  ", `${ephemeralPrefix(ws, item.ephemeral)}${ws.displayName(item.ephemeral.from)}: `, render(ws, item.ephemeral));
      continue;
    }
    const m = item.message;
    if (!m) continue;
    const isBroadcast = m.threadTs !== undefined && m.threadTs !== m.ts;
    push(lines, "", `[${time(m.ts)}] ${ws.displayName(m.user)}: `, messageText(ws, m) + (isBroadcast ? " (also sent to the channel)" : ""));
    fileLines(ws, lines, "  ", m);
    reactionsLine(lines, "  ", m.reactions);
    if (isBroadcast) continue;

    const thread: Item[] = [
      ...(m.threadTs === m.ts ? ws.replies(channel.id, m.ts) : []).map((r) => ({ ts: r.ts, message: r })),
      ...ephemerals.filter((e) => e.threadTs === m.ts).map((e) => ({ ts: e.ts, ephemeral: e })),
    ].sort((a, b) => compareTs(a.ts, b.ts));
    for (const reply of thread) {
      if (reply.ephemeral) {
        push(lines, "  ↳ ", `${ephemeralPrefix(ws, reply.ephemeral)}${ws.displayName(reply.ephemeral.from)}: `, render(ws, reply.ephemeral));
      } else if (reply.message) {
        push(lines, "  ↳ ", `${ws.displayName(reply.message.user)}: `, messageText(ws, reply.message));
        fileLines(ws, lines, "      ", reply.message);
        reactionsLine(lines, "      ", reply.message.reactions);
      }
    }
  }
  return lines.join("\n");
}

function ephemeralPrefix(ws: FakeSlackWorkspace, e: EphemeralMessage): string {
  return `(only visible to @${ws.displayName(e.visibleTo)}) `;
}

/** First line after the prefix, continuation lines indented to line up under the text. */
function push(lines: string[], indent: string, head: string, text: string): void {
  const [first = "", ...rest] = text.split("\n");
  lines.push(`${indent}${head}${first}`.trimEnd());
  const pad = " ".repeat(indent.length + 4);
  for (const line of rest) lines.push(`${pad}${line}`.trimEnd());
}

function reactionsLine(lines: string[], indent: string, reactions: SlackReaction[]): void {
  if (reactions.length === 0) return;
  lines.push(indent + reactions.map((r) => `:${r.name}: ${r.users.length}`).join("  "));
}

function messageText(ws: FakeSlackWorkspace, m: SlackMessage): string {
  if (m.tombstone) return m.text;
  let text = render(ws, m);
  if (m.edited) text += " (edited)";
  return text;
}

/** One line per attached file, under the message as Slack shows the attachment: `📎 chart.png (image/png, 48 KB)`. */
function fileLines(ws: FakeSlackWorkspace, lines: string[], indent: string, m: SlackMessage): void {
  for (const id of m.fileIds) {
    const file = ws.file(id);
    lines.push(file ? `${indent}📎 ${file.name} (${file.mimetype}, ${formatSize(file.content.length)})` : `${indent}📎 ${id}`);
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function render(ws: FakeSlackWorkspace, m: { text: string; blocks?: Block[] }): string {
  const fromBlocks = m.blocks && m.blocks.length > 0 ? renderBlocks(m.blocks) : "";
  return unescape(ws, fromBlocks || m.text);
}

/** Only what a reader sees of Block Kit: headers, section and context text, fields and button labels. */
export function renderBlocks(blocks: Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "header":
        out.push(textOf(block.text));
        break;
      case "section": {
        const parts = [textOf(block.text), ...arrayOf(block.fields).map(textOf)].filter(Boolean);
        const accessory = elementLabel(block.accessory);
        out.push(parts.join("\n") + (accessory ? `  ${accessory}` : ""));
        break;
      }
      case "context":
        out.push(arrayOf(block.elements).map(textOf).filter(Boolean).join("  "));
        break;
      case "actions":
        out.push(arrayOf(block.elements).map(elementLabel).filter(Boolean).join(" "));
        break;
      case "image":
        out.push(`[image: ${typeof block.alt_text === "string" ? block.alt_text : ""}]`);
        break;
      case "input":
        out.push(`${textOf(block.label)}: ____`);
        break;
      case "rich_text":
      case "markdown":
        out.push(typeof block.text === "string" ? block.text : richText(block.elements));
        break;
      default:
        break;
    }
  }
  return out.filter((l) => l !== "").join("\n");
}

function textOf(obj: unknown): string {
  if (typeof obj === "object" && obj !== null && "text" in obj && typeof obj.text === "string") return obj.text;
  return "";
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function elementLabel(el: unknown): string {
  if (typeof el !== "object" || el === null || !("type" in el)) return "";
  const e = el as Record<string, unknown>;
  if (e.type === "button") return `[${textOf(e.text)}]`;
  if (typeof e.type === "string" && e.type.endsWith("_select")) return `[${textOf(e.placeholder) || "Select"} ▾]`;
  if (e.type === "overflow") return "[⋯]";
  return "";
}

function richText(elements: unknown): string {
  let out = "";
  for (const el of arrayOf(elements)) {
    if (typeof el !== "object" || el === null) continue;
    const e = el as Record<string, unknown>;
    if (e.type === "text" && typeof e.text === "string") out += e.text;
    else if (e.type === "user" && typeof e.user_id === "string") out += `<@${e.user_id}>`;
    else if (e.type === "link" && typeof e.url === "string") out += typeof e.text === "string" ? e.text : e.url;
    else if (e.type === "emoji" && typeof e.name === "string") out += `:${e.name}:`;
    else if ("elements" in e) out += richText(e.elements) + (e.type === "rich_text_section" ? "" : "\n");
  }
  return out.trimEnd();
}

/** Slack's mrkdwn escapes, as the client shows them: `<@U0ALICE>` → `@alice`, `<url|label>` → `label (url)`. */
function unescape(ws: FakeSlackWorkspace, text: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${ws.displayName(id)}`)
    .replace(/<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, name?: string) => `#${name || ws.channel(id)?.name || id}`)
    .replace(/<!subteam\^([A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, label?: string) => label || `@${ws.userGroup(id)?.handle ?? id}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, "@$1")
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<((?:https?|mailto):[^>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function timeFormatter(timeZone: string): (ts: string) => string {
  const fmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
  return (ts) => fmt.format(new Date(Number(microsFromTs(ts) / 1000n)));
}
