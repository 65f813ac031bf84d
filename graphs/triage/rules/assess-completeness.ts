import type { IssueType, Severity } from "../triage-types.js";
import { anyPhrase, wordCount } from "./match-signals.js";

export interface Sections {
  steps: readonly string[];
  expected: string;
  actual: string;
  environment: string;
}

export interface Completeness {
  actionable: boolean;
  missing: string[];
}

/** Short reports can still be clear when they name a symptom and a place ("The checkout button does nothing on Safari 17"). */
const MIN_WORDS = 12;
const MIN_WORDS_WITH_PLACE = 8;
const MIN_FEATURE_WORDS = 6;
const MAX_MISSING = 3;

/**
 * Words that describe what the reporter saw happen. "Broken" or "doesn't work" alone do not: they say that
 * something is wrong, not what.
 */
const symptom = anyPhrase([
  "crash*", "exception", "*exception", "error", "errors", "500", "502", "503", "404", "stack trace", "traceback", "npe",
  "does nothing", "nothing happens", "blank", "empty", "hangs", "freez*", "stuck", "spinner", "loading forever", "times out", "timeout",
  "shows", "showing", "displays", "returns", "returned", "redirects", "says", "message", "disappear*", "missing", "duplicate*",
  "twice", "charged", "typo*", "misaligned", "overlap*", "cut off", "slow", "instead", "wrong", "incorrect*", "no results", "is down",
  "outage", "lost", "corrupt*", "logged out", "not saved", "not loading", "won't load", "doesn't load", "fails to", "failed to",
]);

/** Words that say where it happens: a page, a control, a command, a version. */
const place = anyPhrase([
  "page", "pages", "screen", "button", "link", "url", "form", "field", "dialog", "modal", "menu", "tab", "view", "app", "site",
  "website", "endpoint", "api", "command", "cli", "checkout", "cart", "login", "settings", "dashboard", "browser", "version",
]);
const stepsMarker = anyPhrase(["steps", "to reproduce", "repro", "reproduce", "reproduction"]);
const expectedMarker = anyPhrase(["expected", "should", "supposed to"]);
const urlOrPath = /https?:\/\/\S+|(?:^|\s)\/[\w-]+(?:\/[\w-]+)*/;

export const missingItems = {
  whatHappens: "what happens exactly (the error message or what you see)",
  steps: "steps to reproduce",
  where: "where it happens (page, command, version)",
  expected: "what you expected to happen",
  featureGoal: "what you would like to be able to do, and why",
} as const;

/**
 * What a bug report must say depends on what is at stake. An outage that names its symptom is filed at once:
 * asking for steps would only delay it. A cosmetic problem needs what and where, not steps or an expectation
 * ("Typo on the about page"). Anything else needs a symptom and enough words, or explicit steps/expected/actual.
 */
function bugCompleteness(text: string, s: Sections, area: string, severity: Severity): Completeness {
  const words = wordCount(text);
  const saysWhatHappens = !!s.actual || symptom.test(text);
  const hasSteps = s.steps.length > 0 || stepsMarker.test(text);
  const hasExpected = !!s.expected || expectedMarker.test(text);
  const hasWhere = !!s.environment || area !== "unknown" || place.test(text) || urlOrPath.test(text);
  const marked = s.steps.length > 0 || !!s.expected || !!s.actual;
  const cosmetic = severity === "P3";
  const actionable =
    marked ||
    (severity === "P0" && saysWhatHappens) ||
    (cosmetic && saysWhatHappens && hasWhere) ||
    (saysWhatHappens && (words >= MIN_WORDS || (hasWhere && words >= MIN_WORDS_WITH_PLACE)));
  const missing = [
    saysWhatHappens ? "" : missingItems.whatHappens,
    hasSteps || cosmetic ? "" : missingItems.steps,
    hasWhere ? "" : missingItems.where,
    hasExpected || cosmetic ? "" : missingItems.expected,
  ]
    .filter(Boolean)
    .slice(0, MAX_MISSING);
  return { actionable, missing };
}

/**
 * Whether a developer (or the build automation) could start without asking anything, and what to ask otherwise.
 * Only bugs are held back for details; a question is answered rather than built, so it is never actionable.
 */
export function assessCompleteness(type: IssueType, severity: Severity, text: string, sections: Sections, area: string): Completeness {
  switch (type) {
    case "bug":
      return bugCompleteness(text, sections, area, severity);
    case "feature": {
      const clear = wordCount(text) >= MIN_FEATURE_WORDS;
      return { actionable: clear, missing: clear ? [] : [missingItems.featureGoal] };
    }
    case "chore":
      return { actionable: wordCount(text) >= 3, missing: [] };
    case "question":
      return { actionable: false, missing: [] };
  }
}
