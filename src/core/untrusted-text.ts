/** Text from outside (reports, issues, diffs, command output) as the model may see it: fenced, hidden parts removed. */

/** HTML comments: invisible on GitHub and in Slack, read by a model — the usual hiding place of injected instructions. */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** Zero-width and direction-override characters, which hide or reorder text a person reviews. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Outside text as a person sees it: what is hidden from people is not shown to the model either. */
export function stripHidden(value: string): string {
  return value.replace(HTML_COMMENT, "").replace(INVISIBLE, "");
}

/**
 * Wraps outside text so it cannot pose as instructions or close its own fence: hidden text is removed, and any
 * `<untrusted` or `</untrusted` inside the value (any case, spaces allowed) loses its `<`.
 */
export function fenceUntrusted(name: string, value: string): string {
  const neutralised = stripHidden(value).replace(/<(\s*\/?\s*untrusted)/gi, "&lt;$1");
  return `<untrusted name="${name}">\n${neutralised}\n</untrusted>`;
}
