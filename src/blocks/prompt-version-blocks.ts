import type { PromptHeadChange, PromptVersion } from "../core/ledgers/prompt-versions.js";
import type { Block } from "../core/ports/chat-port.js";
import type { PromptSource } from "../core/prompts.js";
import { plural } from "../core/text.js";
import { SECTION_MAX, context, header, section, slackTime, textMessage, typed } from "./mrkdwn.js";

/**
 * Pure texts of `/shopfloor prompts [history|rollback]`: what is in use, how it got there, the answers to a rollback
 * and the note to the maintainers. Prompt ids come from the files; a name a person typed is escaped.
 */

export interface PromptMessage {
  text: string;
  blocks: Block[];
}

/** How many versions and head moves one history answer shows; older ones are counted, not listed. */
const HISTORY_LIMIT = 15;

const USAGE = "`/shopfloor prompts` lists the prompts, `/shopfloor prompts history <graph/node>` shows one prompt's versions, `/shopfloor prompts rollback <graph/node>` goes back one version.";

const message = textMessage;
const code = (id: string) => `\`${id}\``;
const when = (iso: string) => slackTime(iso, true);
const approved = (v: PromptVersion) => `*v${v.version}* ${code(v.hash)} by <@${v.createdBy}>, ${when(v.createdAt)}`;
const fileHash = (hash: string) => `the file ${code(hash)}`;

/** Lines packed into as few sections as Slack accepts, never splitting a line. */
function sections(lines: readonly string[]): Block[] {
  const out: Block[] = [];
  let current = "";
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > SECTION_MAX && current) {
      out.push(section(current));
      current = line;
    } else current = next;
  }
  if (current) out.push(section(current));
  return out;
}


interface PromptListRow {
  /** What the renderer uses now. */
  source: PromptSource;
  /** The stored head, when the prompt's head is a version (it may be skipped when it no longer fits the file). */
  head?: PromptVersion | undefined;
}

/** `/shopfloor prompts`: every prompt and what is in use. */
export function promptListMessage(rows: readonly PromptListRow[]): PromptMessage {
  const onVersion = rows.filter((r) => r.source.origin === "version").length;
  const summary = `${plural(rows.length, "prompt")}, ${onVersion === 0 ? "all on their files" : `${onVersion} on an approved version`}.`;
  const lines = rows.map(({ source, head }) => {
    if (source.origin === "version" && head) return `• ${code(source.id)} — ${approved(head)}`;
    if (head) return `• ${code(source.id)} — ${fileHash(source.hash)} (v${head.version} is approved but not used: it no longer fits the file)`;
    return `• ${code(source.id)} — ${fileHash(source.hash)}`;
  });
  return {
    text: `Prompts: ${summary}`,
    blocks: [header("Prompts in use"), section(summary), ...sections(lines), context(USAGE)],
  };
}

interface PromptHistoryInput {
  id: string;
  versions: readonly PromptVersion[];
  changes: readonly PromptHeadChange[];
  /** The stored head (null: the file). */
  head: PromptVersion | null;
  /** What the renderer uses now. */
  inUse: PromptSource;
}

/** `/shopfloor prompts history <id>`: the versions and the head moves, newest first, and what is in use. */
export function promptHistoryMessage(h: PromptHistoryInput): PromptMessage {
  const inUse = h.inUse.origin === "version" && h.head ? approved(h.head) : fileHash(h.inUse.hash);
  const skipped = h.head && h.inUse.origin === "file" ? ` (v${h.head.version} is the approved head but no longer fits the file, so the file is used)` : "";
  const summary = `In use: ${inUse}${skipped}.`;
  if (h.versions.length === 0) {
    const text = `${code(h.id)} has no approved versions: ${fileHash(h.inUse.hash)} has always been in use.`;
    return { text, blocks: [section(text)] };
  }
  const number = new Map(h.versions.map((v) => [v.id, v.version] as const));
  const versionLines = h.versions.slice(0, HISTORY_LIMIT).map((v) => {
    const proposal = v.proposalId === null ? "" : `, proposal #${v.proposalId}`;
    const current = h.head?.id === v.id ? " — *head*" : "";
    return `• ${approved(v)}${proposal}, made from ${code(v.baseHash)}${current}`;
  });
  const moveLines = h.changes.slice(0, HISTORY_LIMIT).map((c) => {
    const target = c.versionId === null ? "the file" : `v${number.get(c.versionId) ?? "?"}`;
    return `• ${when(c.changedAt)} <@${c.changedBy}> ${c.action === "adopt" ? `adopted ${target}` : `rolled back to ${target}`}`;
  });
  const more = (shown: number, total: number, what: string) => (total > shown ? [`…and ${plural(total - shown, `older ${what}`)}`] : []);
  return {
    text: `History of ${h.id}: ${plural(h.versions.length, "version")}. ${summary}`,
    blocks: [
      header(`History of ${h.id}`),
      section(summary),
      section("*Versions*, newest first"),
      ...sections([...versionLines, ...more(versionLines.length, h.versions.length, "version")]),
      section("*Changes*, newest first"),
      ...sections([...moveLines, ...more(moveLines.length, h.changes.length, "change")]),
    ],
  };
}

/** An unknown or missing prompt name: the ids there are, so the next try works. */
export function unknownPromptText(name: string | undefined, ids: readonly string[]): string {
  const which = name ? `There is no prompt called ${typed(name)}.` : "Which prompt?";
  return `${which} Prompts: ${ids.map(code).join(", ") || "(none)"}. ${USAGE}`;
}

/** The edge's answer to arguments promptsArgs cannot read. */
export function promptsUsageText(): string {
  return `Usage: ${USAGE}`;
}

export function rollbackRefusedText(id: string): string {
  return `Only approvers can roll back ${code(id)}. Ask one of them, or an admin to add you to \`approvers\` in shopfloor.yml.`;
}

export function alreadyOnFileText(id: string, hash: string): string {
  return `${code(id)} already uses its file (${code(hash)}): there is no approved version to roll back. Nothing changed.`;
}

/** The head moved between the check and the rollback (someone else rolled back or adopted): nothing was done. */
export function movedMeanwhileText(id: string): string {
  return `${code(id)} changed while your rollback was on its way, so nothing was rolled back. \`/shopfloor prompts history ${id}\` shows where it stands.`;
}

/** `fileHash` is null when it is not known (the renderer already moved on to another version). */
const target = (to: PromptVersion | null, hash: string | null) => (to ? `v${to.version} (${code(to.hash)})` : hash ? `its file (${code(hash)})` : "its file");

export function rolledBackText(id: string, from: PromptVersion, to: PromptVersion | null, fileHash: string | null): string {
  return `Rolled back ${code(id)} from v${from.version} to ${target(to, fileHash)}. Model calls from now on use it.`;
}

/** The note in the maintainers channel: who rolled back what to what. */
export function rollbackNote(user: string, id: string, from: PromptVersion, to: PromptVersion | null, fileHash: string | null): PromptMessage {
  return message(`:rewind: <@${user}> rolled back ${code(id)} from v${from.version} to ${target(to, fileHash)}`);
}

export const promptAnswer = (text: string): PromptMessage => message(text);
