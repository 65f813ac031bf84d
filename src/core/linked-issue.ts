/** The issues a PR says it resolves: GitHub's closing keywords followed by #N. */
const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/gi;

/** Every issue a closing keyword names, in order. */
export function linkedIssueNumbers(body: string): number[] {
  return [...body.matchAll(CLOSING)].map((m) => Number(m[1]));
}

/** The first one: the issue a PR is about. */
export function linkedIssueNumber(body: string): number | null {
  return linkedIssueNumbers(body)[0] ?? null;
}
