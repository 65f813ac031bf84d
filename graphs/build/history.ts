import type { ModelMessage } from "../../src/core/ports/model-port.js";

const KEEP_RECENT_TOOL_ANSWERS = 12;
const OLD_ANSWER_CHARS = 600;

const FENCE_CLOSE = "\n</untrusted>";

/**
 * What the model reads of its conversation: every turn, but tool answers older than the last few shortened to
 * their start. A long build would otherwise pay for every file it ever read on every turn.
 */
export function compactHistory(messages: readonly ModelMessage[]): ModelMessage[] {
  const toolIndexes = messages.flatMap((m, i) => (m.role === "tool" ? [i] : []));
  const old = new Set(toolIndexes.slice(0, Math.max(0, toolIndexes.length - KEEP_RECENT_TOOL_ANSWERS)));
  return messages.map((m, i) => (old.has(i) && m.content.length > OLD_ANSWER_CHARS ? { ...m, content: shortened(m.content) } : m));
}

/** A tool answer cut to its start; a fenced answer stays fenced, or the cut would leave its fence open. */
function shortened(content: string): string {
  const note = "[… older output shortened; run the tool again if you need it]";
  const fenced = content.endsWith(FENCE_CLOSE);
  return `${content.slice(0, OLD_ANSWER_CHARS)}${fenced ? FENCE_CLOSE : ""}\n${note}`;
}
