import type { SentryIssueJson } from "./sentry-shapes.js";

/**
 * The part of Sentry's issue search syntax (https://docs.sentry.io/concepts/search/) that Shopfloor and the
 * demo use: `is:` (status and substatus), `project:`, `level:`, `firstSeen:`/`lastSeen:`/`age:` with a relative
 * window (`-15m` within, `+1h` older than) or a comparison with a date (`>2025-01-01T00:00:00Z`, `<=…`),
 * `timesSeen:>10`, `!` negation, quoted values and free text (title or culprit). Other keys are accepted and
 * ignored, as a filter the fake cannot apply should not hide issues.
 */

const UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `-15m` → within the last 15 minutes; `+1h` → more than an hour ago. */
function relative(value: string): { sign: "-" | "+"; ms: number } | undefined {
  const m = /^([-+])(\d+)([smhdw])$/.exec(value);
  if (!m) return undefined;
  return { sign: m[1] as "-" | "+", ms: Number(m[2]) * UNITS[m[3] as keyof typeof UNITS] };
}

function compare(actual: number, spec: string, parse: (v: string) => number): boolean | undefined {
  const m = /^(>=|<=|>|<|=)?(.+)$/.exec(spec);
  if (!m) return undefined;
  const expected = parse(m[2] as string);
  if (Number.isNaN(expected)) return undefined;
  switch (m[1]) {
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    default:
      return actual === expected;
  }
}

function dateMatches(iso: string, value: string, now: number): boolean {
  const at = Date.parse(iso);
  const rel = relative(value);
  if (rel) return rel.sign === "-" ? at >= now - rel.ms : at < now - rel.ms;
  // A relative value behind a comparison: `>-1h` reads as "after an hour ago".
  const cmp = /^(>=|<=|>|<)([-+]\d+[smhdw])$/.exec(value);
  if (cmp) {
    const r = relative(cmp[2] as string) as { sign: "-" | "+"; ms: number };
    return compare(at, `${cmp[1]}${now - r.ms}`, Number) ?? true;
  }
  return compare(at, value, Date.parse) ?? true;
}

const unquote = (v: string) => (v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

function termMatches(issue: SentryIssueJson, key: string, value: string, now: number): boolean {
  switch (key) {
    case "is": {
      const status = value === "archived" ? "ignored" : value;
      if (["unresolved", "resolved", "ignored"].includes(status)) return issue.status === status;
      if (["new", "ongoing", "regressed", "escalating", "archived_until_escalating"].includes(value)) return issue.substatus === value;
      return true;
    }
    case "project":
      return issue.project.slug === value || issue.project.id === value;
    case "level":
      return issue.level === value;
    case "firstSeen":
    case "age":
      return dateMatches(issue.firstSeen, value, now);
    case "lastSeen":
      return dateMatches(issue.lastSeen, value, now);
    case "timesSeen":
      return compare(Number(issue.count), value, Number) ?? true;
    default:
      return true;
  }
}

export function matchesQuery(issue: SentryIssueJson, query: string, now: number): boolean {
  const terms = query.match(/!?[\w.]+:(?:"[^"]*"|\S+)|"[^"]*"|\S+/g) ?? [];
  for (const term of terms) {
    const m = /^(!?)([\w.]+):(.+)$/.exec(term);
    if (!m) {
      const text = `${issue.title} ${String(issue.culprit ?? "")}`.toLowerCase();
      if (!text.includes(unquote(term).toLowerCase())) return false;
      continue;
    }
    const matched = termMatches(issue, m[2] as string, unquote(m[3] as string), now);
    if (matched === (m[1] === "!")) return false;
  }
  return true;
}

/** Sentry's `sort` values for the issue list; `date` (last seen, newest first) is the default. */
export const ISSUE_SORTS = ["date", "new", "freq", "user", "priority", "trends", "inbox"] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

export function isIssueSort(value: string): value is IssueSort {
  return (ISSUE_SORTS as readonly string[]).includes(value);
}

export function sortIssues(issues: SentryIssueJson[], sort: IssueSort): SentryIssueJson[] {
  const key: (i: SentryIssueJson) => number =
    sort === "new"
      ? (i) => Date.parse(i.firstSeen)
      : sort === "freq"
        ? (i) => Number(i.count)
        : sort === "user"
          ? (i) => Number(i.userCount)
          : // priority, trends and inbox need Sentry's scoring; last seen is the closest honest order.
            (i) => Date.parse(i.lastSeen);
  return [...issues].sort((a, b) => key(b) - key(a) || Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || Number(b.id) - Number(a.id));
}
