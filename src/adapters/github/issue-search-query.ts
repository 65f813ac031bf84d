/**
 * Builds the `q` of `GET /search/issues` for ForgePort.searchIssues: the caller's text and qualifiers,
 * restricted to one repository and to issues.
 * - `repo:<owner>/<repo>` and `is:issue` are added unless already there (case-insensitively);
 * - qualifiers that would widen or contradict that are dropped: another `repo:`, `org:`, `user:`
 *   (several `repo:` qualifiers are OR-ed by GitHub), `is:pr` / `is:pull-request` / `type:pr`;
 * - the free text is cut at a word boundary to GitHub's 256-character limit, which would otherwise be a 422.
 */

/** GitHub refuses a search whose text (qualifiers aside) is longer than this. */
export const MAX_SEARCH_TEXT = 256;

/** Tokens split on whitespace, "quoted parts" kept together (also inside a token: `label:"needs triage"`). */
function tokenize(q: string): string[] {
  return q.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? [];
}

const QUALIFIER = /^-?[a-zA-Z-]+:\S/;

export function scopeIssueSearch(query: string, owner: string, repo: string): string {
  const ownRepo = `${owner}/${repo}`.toLowerCase();
  let hasRepo = false;
  let hasIssue = false;
  const qualifiers: string[] = [];
  const text: string[] = [];
  for (const token of tokenize(query.trim())) {
    const lower = token.toLowerCase();
    if (!QUALIFIER.test(token) || token.startsWith('"')) {
      text.push(token);
      continue;
    }
    if (lower.startsWith("repo:")) {
      if (lower.slice("repo:".length).replace(/^"|"$/g, "") !== ownRepo || hasRepo) continue;
      hasRepo = true;
    } else if (lower.startsWith("org:") || lower.startsWith("user:")) {
      continue;
    } else if (["is:pr", "is:pull-request", "type:pr", "type:pull-request"].includes(lower)) {
      continue;
    } else if (lower === "is:issue" || lower === "type:issue") {
      if (hasIssue) continue;
      hasIssue = true;
    }
    qualifiers.push(token);
  }
  if (!hasRepo) qualifiers.push(`repo:${owner}/${repo}`);
  if (!hasIssue) qualifiers.push("is:issue");
  return [...limitText(text), ...qualifiers].join(" ");
}

/** Keeps whole tokens while the text fits GitHub's limit. */
function limitText(tokens: string[]): string[] {
  const kept: string[] = [];
  let length = 0;
  for (const token of tokens) {
    const next = length + (kept.length ? 1 : 0) + token.length;
    if (next > MAX_SEARCH_TEXT) break;
    kept.push(token);
    length = next;
  }
  return kept;
}
