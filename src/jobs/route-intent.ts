import { RUN_AUTOMATIONS, type RunAutomation } from "../../graphs/explain/explain-input.js";

/**
 * What a mention of Shopfloor asks for. Pure: the router (route-ingress.ts) maps an intent to an automation.
 *
 * Commands come first ("status …", "help …", "build 12", "recap weekly"); then a question about a failed run ("why
 * did the review of #123 fail?") or a stuck PR; then, as before intents existed, any other mention of four words or
 * more is a bug report.
 *
 * A bare number is weak evidence (bug reports are full of "30 seconds" and "order 9981"), so it names a PR only
 * when it follows "PR"/"pull"/"issue", or in a short question ("why 123", "is 123 stuck?"), and never when a unit
 * follows it. `#123` and GitHub links are unambiguous.
 */
export type MentionIntent =
  | ({ intent: "why" } & WhyTarget)
  | { intent: "build"; number?: number }
  | { intent: "status" | "recap" | "help" }
  | { intent: "report" }
  | { intent: "unknown" };

/** Mentions that are not a command and have at least this many words are bug reports (as before intents). */
export const REPORT_MIN_WORDS = 4;

/** A short question may name its PR by a bare number. */
const SHORT_QUESTION_WORDS = 6;
/** A question about a run says more ("what went wrong with the triage of 12"), so it may be a little longer. */
const RUN_QUESTION_WORDS = 9;

/** What a "why" is about: a PR (or issue) by number, and, for a question about a failed run, which automation's. */
export interface WhyTarget {
  number: number;
  /** owner/name of a GitHub link, when the PR was given as one. */
  repository?: string;
  /** Absent for a question about the PR itself. */
  about?: "run";
  automation?: RunAutomation;
}

/** The words that name an automation: its name, plural and -ing form ("the review", "reviews", "reviewing"). */
const AUTOMATION_FORMS: Record<RunAutomation, readonly string[]> = {
  review: ["review", "reviews", "reviewing"],
  build: ["build", "builds", "building"],
  triage: ["triage", "triages", "triaging"],
  verify: ["verify", "verifies", "verifying", "verification", "verifications"],
  merge: ["merge", "merges", "merging"],
  shepherd: ["shepherd", "shepherds", "shepherding"],
  incident: ["incident", "incidents"],
  recap: ["recap", "recaps"],
  audit: ["audit", "audits", "auditing"],
};
const AUTOMATION_WORDS: ReadonlyMap<string, RunAutomation> = new Map(
  RUN_AUTOMATIONS.flatMap((a) => AUTOMATION_FORMS[a].map((w) => [w, a] as const)),
);
/**
 * After an automation's name, the words that make it the automation rather than a thing named after it: "the
 * review of #1", "review 123", "verify fail on #7", "did its review break?" count; "the review page" does not.
 */
const AFTER_AUTOMATION = new Set(["of", "on", "for", "in", "with", "run", "runs", "job", "step", "pr", "pull", "issue", "number"]);
const FAIL_WORDS = new Set([
  "fail", "fails", "failed", "failing", "failure", "failures",
  "break", "breaks", "broke", "broken",
  "error", "errors", "errored", "erroring",
  "crash", "crashes", "crashed",
  "wrong",
]);
const QUESTION_WORDS = new Set(["why", "what", "whats", "how"]);

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
 * The PR a "why" names, and the automation when the question is about one of its runs. With `requireWhyWord` (a
 * mention), a `#123` or a bare number counts only in a question about a stuck PR (one of WHY_WORDS) or about a
 * failed run (a question naming an automation and a failure: "why did the review of #123 fail?"); a GitHub link
 * always counts. `/shopfloor why <arg>` passes its argument without that requirement, and there naming an
 * automation is enough ("review 123"): the subcommand already asks why.
 */
export function whyTarget(text: string, opts: { requireWhyWord?: boolean } = {}): WhyTarget | null {
  const words = text.replace(SLACK_USER_MENTION, " ").split(/\s+/).filter(Boolean);
  const automation = runAutomation(words, opts.requireWhyWord === true);
  const about = automation ? { about: "run" as const, automation } : {};

  const link = GITHUB_LINK.exec(text);
  if (link) {
    const number = positive(link[3]!);
    return number ? { number, repository: `${link[1]}/${link[2]}`, ...about } : null;
  }
  if (opts.requireWhyWord && !automation && !words.some((w) => WHY_WORDS.has(bare(w)))) return null;

  const hashed = /(?:^|[\s(])#(\d+)\b/.exec(text);
  if (hashed) {
    const number = positive(hashed[1]!);
    return number ? { number, ...about } : null;
  }
  const shortEnough = words.length <= (automation ? RUN_QUESTION_WORDS : SHORT_QUESTION_WORDS);
  for (let i = 0; i < words.length; i++) {
    const token = words[i]!.replace(/[?!.,:;)]+$/, "");
    if (!/^\d+$/.test(token)) continue;
    const before = i > 0 ? bare(words[i - 1]!) : "";
    const afterNoun = PR_NOUNS.has(before) || (automation !== null && AUTOMATION_WORDS.has(before));
    const next = words[i + 1]?.replace(/[?!.,:;)]+$/, "") ?? "";
    // "30 errors" is a count, but in "did review 123 error?" the number is named and "error" is the verb.
    const unit = UNITS.test(next) && !(automation && afterNoun);
    if (unit || /^%/.test(words[i]!.slice(token.length))) continue;
    if (afterNoun || !opts.requireWhyWord || shortEnough) {
      const number = positive(token);
      if (number) return { number, ...about };
    }
  }
  return null;
}

/**
 * The automation a question about a failed run names, or null. In a mention (`strict`) it takes a question (a
 * question word or a "?"), a failure word and the automation's name used as one; the command only needs the name.
 */
function runAutomation(words: readonly string[], strict: boolean): RunAutomation | null {
  const bares = words.map(bare);
  let named: RunAutomation | null = null;
  for (let i = 0; i < bares.length && !named; i++) {
    const automation = AUTOMATION_WORDS.get(bares[i]!);
    if (!automation) continue;
    const next = bares[i + 1];
    const asAutomation = next === undefined || /^#?\d+$/.test(next) || AFTER_AUTOMATION.has(next) || FAIL_WORDS.has(next) || /\?$/.test(words[i]!);
    if (asAutomation) named = automation;
  }
  if (!named || !strict) return named;
  const question = bares.some((w) => QUESTION_WORDS.has(w)) || words.some((w) => w.includes("?"));
  return question && bares.some((w) => FAIL_WORDS.has(w)) ? named : null;
}

/** A word without surrounding punctuation, lower-cased. */
function bare(word: string): string {
  return word.toLowerCase().replace(/^[^\w#]+|[^\w]+$/g, "").replace(/'s$/, "");
}

function positive(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
