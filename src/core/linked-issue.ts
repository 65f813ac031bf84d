/** The issue a PR says it resolves: GitHub's closing keywords followed by #N (the first one wins). */
const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/i;

export function linkedIssueNumber(body: string): number | null {
  const m = CLOSING.exec(body);
  return m ? Number(m[1]) : null;
}
