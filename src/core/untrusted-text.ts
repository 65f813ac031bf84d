/** Text from outside (reports, issues, diffs, command output) as the model may see it: fenced, hidden parts removed. */

/** HTML comments: invisible on GitHub and in Slack, read by a model — the usual hiding place of injected instructions. */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/**
 * Zero-width and direction-override characters, which hide or reorder text a person reviews; Unicode tag characters
 * and runs of variation selectors, which no interface shows yet can carry a whole sentence a model reads ("ASCII
 * smuggling"). A single U+FE0E/U+FE0F stays: it is part of most emoji ("⚠️"), and the coding agent edits files by
 * exact match on what it read.
 */
// eslint-disable-next-line no-misleading-character-class -- combining characters listed on purpose, one by one
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]|[\uFE00-\uFE0F]{2,}|[\uFE00-\uFE0D]/gu;
/**
 * A fence tag, or a chat-template control token (`<|im_start|>`, `<|eot_id|>`, DeepSeek's `<｜…｜>`): a server that
 * tokenises messages with the model's own tokenizer (vLLM, llama.cpp) may read such text as a real turn boundary.
 */
const BREAKOUT = /<(\s*\/?\s*untrusted|\|[A-Za-z][\w.-]*\|>|｜[^｜>]*｜>)/gi;

/** Outside text as a person sees it: what is hidden from people is not shown to the model either. */
export function stripHidden(value: string): string {
  return value.replace(HTML_COMMENT, "").replace(INVISIBLE, "");
}

/**
 * Wraps outside text so it cannot pose as instructions or close its own fence: hidden text is removed, and any
 * `<untrusted` or `</untrusted` inside the value (any case, spaces allowed) loses its `<`, as do chat-template tokens.
 */
export function fenceUntrusted(name: string, value: string): string {
  const neutralised = stripHidden(value).replace(BREAKOUT, "&lt;$1");
  return `<untrusted name="${name}">\n${neutralised}\n</untrusted>`;
}
