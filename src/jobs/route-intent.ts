/**
 * What a mention of Shopfloor asks for. Pure: the router (route-ingress.ts) maps an intent to an automation.
 *
 * Commands come first ("status …", "help …", "build 12", "recap weekly"); then a question about a stuck PR; then, as
 * before intents existed, any other mention of four words or more is a bug report.
 *
 * A bare number is weak evidence (bug reports are full of "30 seconds" and "order 9981"), so it names a PR only
 * when it follows "PR"/"pull"/"issue", or in a short question ("why 123", "is 123 stuck?"), and never when a unit
 * follows it. `#123` and GitHub links are unambiguous.
 */
export type MentionIntent =
  | { intent: "why"; number: number; /** owner/name of a GitHub link, when the PR was given as one. */ repository?: string }
  | { intent: "build"; number?: number }
  | { intent: "status" | "recap" | "help" }
  | { intent: "report" }
  | { intent: "unknown" };

/** Mentions that are not a command and have at least this many words are bug reports (as before intents). */
export const REPORT_MIN_WORDS = 4;

/** A short question may name its PR by a bare number. */
const SHORT_QUESTION_WORDS = 6;

const WHY_WORDS = new Set(["why", "stuck", "blocked", "waiting"]);
const PR_NOUNS = new Set(["pr", "pull", "issue", "number"]);
const UNITS =
  /^(?:%|ms|s|sec|secs|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?|years?|times?|users?|people|items?|orders?|requests?|errors?|retries|tries|attempts?|kb|mb|gb|px|percent)$/i;

/** Slack wraps links as `<url>` or `<url|label>`; GitHub's own links carry the repository. */
const GITHUB_LINK = /https?:\/\/(?:www\.)?github\.com\/([\w.-]+)\/([\w.-]+)\/(?:pull|issues)\/(\d+)/i;
const SLACK_USER_MENTION = /<@[A-Z0-9]+(?:\|[^>]*)?>/g;

export function mentionIntent(text: string): MentionIntent {
  const cleaned = text.replace(SLACK_USER_MENTION, " ").replace(/\s+/g, " ").trim();
  // "@Shopfloor why…" typed as plain text (or a client that does not encode mentions).
  const words = cleaned.split(" ").filter(Boolean);
  while (words[0]?.startsWith("@")) words.shift();
  if (words.length === 0) return { intent: "unknown" };

  const first = bare(words[0]!);
  if (first === "status" || first === "help") return { intent: first };
  // "build 12" and "recap weekly" are commands; "build fails on main since this morning" is a report.
  const rest = words.slice(1);
  if (first === "build" && (rest.length === 0 || (rest.length === 1 && /^#?\d+[?!.]?$/.test(rest[0]!)))) {
    const number = rest[0] ? positive(rest[0].replace(/\D/g, "")) : null;
    return number ? { intent: "build", number } : { intent: "build" };
  }
  if (first === "recap" && rest.length <= 1) return { intent: "recap" };

  const target = whyTarget(words.join(" "), { requireWhyWord: true });
  if (target) return { intent: "why", ...target };
  if (words.length >= REPORT_MIN_WORDS) return { intent: "report" };
  return { intent: "unknown" };
}

/**
 * The PR a "why" names. With `requireWhyWord`, a `#123` or a bare number counts only next to one of the words that
 * make it a question about a stuck PR; a GitHub link always counts. `/shopfloor why <arg>` passes its argument
 * without that requirement.
 */
export function whyTarget(text: string, opts: { requireWhyWord?: boolean } = {}): { number: number; repository?: string } | null {
  const link = GITHUB_LINK.exec(text);
  if (link) {
    const number = positive(link[3]!);
    return number ? { number, repository: `${link[1]}/${link[2]}` } : null;
  }
  const words = text.replace(SLACK_USER_MENTION, " ").split(/\s+/).filter(Boolean);
  if (opts.requireWhyWord && !words.some((w) => WHY_WORDS.has(bare(w)))) return null;

  const hashed = /(?:^|[\s(])#(\d+)\b/.exec(text);
  if (hashed) {
    const number = positive(hashed[1]!);
    return number ? { number } : null;
  }
  for (let i = 0; i < words.length; i++) {
    const token = words[i]!.replace(/[?!.,:;)]+$/, "");
    if (!/^\d+$/.test(token)) continue;
    const next = words[i + 1]?.replace(/[?!.,:;)]+$/, "") ?? "";
    if (UNITS.test(next) || /^%/.test(words[i]!.slice(token.length))) continue;
    const afterNoun = i > 0 && PR_NOUNS.has(bare(words[i - 1]!));
    if (afterNoun || !opts.requireWhyWord || words.length <= SHORT_QUESTION_WORDS) {
      const number = positive(token);
      if (number) return { number };
    }
  }
  return null;
}

/** A word without surrounding punctuation, lower-cased. */
function bare(word: string): string {
  return word.toLowerCase().replace(/^[^\w#]+|[^\w]+$/g, "");
}

function positive(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
