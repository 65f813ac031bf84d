/**
 * GitHub's issue search syntax (`q` of `GET /search/issues`), interpreted over in-memory issues. Pure, so
 * the fake server and the in-memory FakeForge of the tests search the same way.
 *
 * Supported: free-text words and "quoted phrases"; `repo:o/r`; `is:issue|pr|pull-request|open|closed`;
 * `type:issue|pr`; `state:open|closed`; `label:name` / `label:"two words"` (several = all of them);
 * `-label:x` (none of them); `author:login`; `in:title|body|comments` (comma lists too).
 * Other GitHub qualifiers (`sort:`, `no:`, `created:`, negations other than `-label:` …) are accepted and
 * ignored; anything else of the form `key:value` is searched as words. AND/OR/NOT operators are skipped.
 *
 * Unlike GitHub, where bare words must all match, an issue matches when ANY word does, ranked by how many
 * of the words match, then by recency: the fake is used to find duplicate candidates. A word matches a
 * whole word of the text, case-insensitively, or its start when the rest is a short suffix ("crash" finds
 * "crashes"), a rough stand-in for GitHub's stemming.
 */

export interface IssueSearchQuery {
  words: string[];
  phrases: string[];
  repos: string[];
  type?: "issue" | "pr";
  state?: "open" | "closed";
  labels: string[];
  notLabels: string[];
  author?: string;
  /** Where words are looked for; title and body when the query does not say. */
  fields: Set<"title" | "body" | "comments">;
  /** Length of the free text (words and phrases), which GitHub limits to 256 characters. */
  textLength: number;
}

export interface SearchableIssue {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: "open" | "closed";
  isPullRequest: boolean;
  author: string;
  updatedAt: string;
  /** Comment bodies, for `in:comments`. */
  comments?: string[];
}

export const MAX_SEARCH_TEXT = 256;

const OPERATORS = new Set(["AND", "OR", "NOT"]);
/** Qualifiers GitHub knows that the fake does not filter on: left out rather than searched as words. */
const IGNORED = new Set([
  "archived", "assignee", "closed", "comments", "commenter", "created", "draft", "involves", "language", "linked",
  "mentions", "merged", "milestone", "no", "org", "project", "reason", "review", "sort", "status", "team", "updated", "user",
]);

/** Splits on whitespace, keeping "quoted parts" (also inside a token, as in `label:"needs triage"`) together. */
function tokens(q: string): string[] {
  return q.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? [];
}

function unquote(s: string): string {
  return s.replace(/^"|"$/g, "");
}

export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

export function parseIssueSearch(q: string): IssueSearchQuery {
  const query: IssueSearchQuery = { words: [], phrases: [], repos: [], labels: [], notLabels: [], fields: new Set(), textLength: 0 };
  const text: string[] = [];
  for (const token of tokens(q.trim())) {
    if (OPERATORS.has(token)) continue;
    const m = /^(-?)([a-zA-Z-]+):(.+)$/.exec(token);
    const negated = m?.[1] === "-";
    const key = m?.[2]?.toLowerCase();
    const value = m ? unquote(m[3] ?? "") : "";
    const lower = value.toLowerCase();
    if (key !== undefined && (IGNORED.has(key) || (negated && key !== "label"))) continue;
    if (key === "repo") query.repos.push(lower);
    else if ((key === "is" || key === "type") && ["issue", "pr", "pull-request"].includes(lower)) query.type = lower === "issue" ? "issue" : "pr";
    else if ((key === "is" || key === "state") && (lower === "open" || lower === "closed")) query.state = lower;
    else if (key === "is" || key === "type" || key === "state") continue; // is:locked, is:merged …: not modelled
    else if (key === "label") for (const name of value.split(",")) (negated ? query.notLabels : query.labels).push(unquote(name).toLowerCase());
    else if (key === "author") query.author = lower;
    else if (key === "in") {
      for (const field of lower.split(",")) if (field === "title" || field === "body" || field === "comments") query.fields.add(field);
    } else if (token.startsWith('"')) {
      const phrase = wordsOf(unquote(token));
      if (phrase.length) query.phrases.push(phrase.join(" "));
      text.push(token);
    } else {
      query.words.push(...wordsOf(token));
      text.push(token);
    }
  }
  query.words = [...new Set(query.words)];
  if (query.fields.size === 0) query.fields = new Set(["title", "body"]);
  query.textLength = text.join(" ").length;
  return query;
}

function wordMatches(word: string, textWords: Set<string>): boolean {
  if (textWords.has(word)) return true;
  if (word.length < 4) return false;
  for (const w of textWords) if (w.startsWith(word) && w.length - word.length <= 3) return true;
  return false;
}

/** How many of the query's words and phrases the issue contains (0 = no match); -1 when a filter excludes it. */
export function scoreIssue(issue: SearchableIssue, query: IssueSearchQuery): number {
  if (query.type === "issue" && issue.isPullRequest) return -1;
  if (query.type === "pr" && !issue.isPullRequest) return -1;
  if (query.state && issue.state !== query.state) return -1;
  const labels = issue.labels.map((l) => l.toLowerCase());
  if (!query.labels.every((l) => labels.includes(l))) return -1;
  if (query.notLabels.some((l) => labels.includes(l))) return -1;
  if (query.author && issue.author.toLowerCase() !== query.author) return -1;
  if (query.words.length === 0 && query.phrases.length === 0) return 0;

  const parts: string[] = [];
  if (query.fields.has("title")) parts.push(issue.title);
  if (query.fields.has("body")) parts.push(issue.body ?? "");
  if (query.fields.has("comments")) parts.push(...(issue.comments ?? []));
  const textWords = wordsOf(parts.join("\n"));
  const wordSet = new Set(textWords);
  const joined = ` ${textWords.join(" ")} `;
  let score = 0;
  for (const word of query.words) if (wordMatches(word, wordSet)) score++;
  for (const phrase of query.phrases) if (joined.includes(` ${phrase} `)) score++;
  return score;
}

/**
 * The issues that match, best first (most matching words, then most recently updated, then highest number),
 * each with its score. Without free text every issue passing the filters matches, newest first.
 */
export function searchIssues<T>(items: Iterable<T>, query: IssueSearchQuery, view: (item: T) => SearchableIssue): Array<{ item: T; score: number }> {
  const hasText = query.words.length > 0 || query.phrases.length > 0;
  const hits: Array<{ item: T; score: number; issue: SearchableIssue }> = [];
  for (const item of items) {
    const issue = view(item);
    const score = scoreIssue(issue, query);
    if (score < 0 || (hasText && score === 0)) continue;
    hits.push({ item, score, issue });
  }
  hits.sort((a, b) => b.score - a.score || Date.parse(b.issue.updatedAt) - Date.parse(a.issue.updatedAt) || b.issue.number - a.issue.number);
  return hits.map(({ item, score }) => ({ item, score }));
}
