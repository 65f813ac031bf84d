import { anyPhrase, compileSignals, type Signal } from "./match-signals.js";

/**
 * Phrases that say what kind of report this is. Weights: 4–5 = the phrase alone settles it ("feature request"),
 * 3 = strong, 2 = suggestive, 1 = a hint that only counts together with others. A report is a bug unless another
 * type scores strictly higher: filing a real bug as a question loses it, the reverse costs a relabel.
 */

/** Something that worked or should work is broken: symptoms a developer would have to fix. */
export const bugSignals = compileSignals([
  // Failure words reporters use for any defect.
  { phrase: "bug", weight: 2 },
  { phrase: "broken", weight: 2 },
  { phrase: "broke", weight: 2 },
  { phrase: "fails", weight: 2 },
  { phrase: "failed", weight: 2 },
  { phrase: "failing", weight: 2 },
  { phrase: "failure", weight: 2 },
  { phrase: "error", weight: 2 },
  { phrase: "errors", weight: 2 },
  { phrase: "wrong", weight: 1 },
  { phrase: "incorrect*", weight: 2 },
  { phrase: "regression", weight: 3 },
  { phrase: "used to work", weight: 3 },
  // Concrete symptoms: the reporter saw the program misbehave.
  { phrase: "crash*", weight: 3 },
  { phrase: "exception", weight: 2 },
  { phrase: "*exception", weight: 3 },
  { phrase: "npe", weight: 3 },
  { phrase: "stack trace", weight: 3 },
  { phrase: "stacktrace", weight: 3 },
  { phrase: "traceback", weight: 3 },
  { phrase: "500", weight: 3 },
  { phrase: "502", weight: 3 },
  { phrase: "503", weight: 3 },
  { phrase: "404", weight: 2 },
  { phrase: "internal server error", weight: 3 },
  { phrase: "doesn't work", weight: 3 },
  { phrase: "does not work", weight: 3 },
  { phrase: "isn't working", weight: 3 },
  { phrase: "not working", weight: 3 },
  { phrase: "stopped working", weight: 3 },
  { phrase: "does nothing", weight: 3 },
  { phrase: "nothing happens", weight: 3 },
  { phrase: "blank page", weight: 2 },
  { phrase: "blank screen", weight: 2 },
  { phrase: "hangs", weight: 2 },
  { phrase: "freez*", weight: 2 },
  { phrase: "stuck", weight: 2 },
  { phrase: "times out", weight: 2 },
  { phrase: "timeout", weight: 1 },
  { phrase: "unable to", weight: 2 },
  { phrase: "cannot", weight: 1 },
  { phrase: "can't", weight: 1 },
  { phrase: "leak*", weight: 2 },
  { phrase: "deadlock*", weight: 3 },
  // Outages and data problems are bugs first, whatever else the text says.
  { phrase: "outage", weight: 3 },
  { phrase: "is down", weight: 3 },
  { phrase: "data loss", weight: 3 },
  { phrase: "corrupt*", weight: 2 },
  { phrase: "vulnerab*", weight: 2 },
  // Cosmetic defects on the product itself ("Typo on the about page") are small bugs, not chores.
  { phrase: "typo*", weight: 2 },
  { phrase: "misaligned", weight: 2 },
  { phrase: "misspel*", weight: 2 },
] satisfies Signal[]);

/** New behaviour someone wants: the wording of a request, not of a failure. */
export const featureSignals = compileSignals([
  { phrase: "feature request", weight: 5 },
  { phrase: "new feature", weight: 4 },
  { phrase: "enhancement", weight: 3 },
  { phrase: "would be nice", weight: 4 },
  { phrase: "would be great", weight: 4 },
  { phrase: "would be useful", weight: 4 },
  { phrase: "would be helpful", weight: 4 },
  { phrase: "would love", weight: 3 },
  { phrase: "please add", weight: 4 },
  { phrase: "could you add", weight: 4 },
  { phrase: "can you add", weight: 4 },
  { phrase: "can we have", weight: 4 },
  { phrase: "could we have", weight: 4 },
  { phrase: "can we get", weight: 3 },
  { phrase: "add support", weight: 3 },
  { phrase: "support for", weight: 2 },
  { phrase: "ability to", weight: 2 },
  { phrase: "option to", weight: 2 },
  { phrase: "allow users to", weight: 3 },
  { phrase: "let users", weight: 3 },
  { phrase: "i'd like", weight: 2 },
  { phrase: "i would like", weight: 2 },
  { phrase: "we would like", weight: 2 },
  { phrase: "wish", weight: 2 },
  { phrase: "suggestion", weight: 2 },
  { phrase: "proposal", weight: 2 },
] satisfies Signal[]);

/** Maintenance nobody outside the team notices: dependencies, refactoring, CI, developer docs. */
export const choreSignals = compileSignals([
  { phrase: "bump", weight: 4 },
  { phrase: "version bump", weight: 4 },
  { phrase: "dependabot", weight: 4 },
  { phrase: "upgrade", weight: 2 },
  { phrase: "dependency", weight: 2 },
  { phrase: "dependencies", weight: 2 },
  { phrase: "deps", weight: 2 },
  { phrase: "refactor*", weight: 4 },
  { phrase: "clean up", weight: 3 },
  { phrase: "cleanup", weight: 3 },
  { phrase: "tidy", weight: 2 },
  { phrase: "tech debt", weight: 3 },
  { phrase: "technical debt", weight: 3 },
  { phrase: "remove unused", weight: 3 },
  { phrase: "unused", weight: 2 },
  { phrase: "deprecat*", weight: 2 },
  { phrase: "rename", weight: 2 },
  { phrase: "ci", weight: 3 },
  { phrase: "continuous integration", weight: 3 },
  { phrase: "github actions", weight: 3 },
  { phrase: "pipeline", weight: 1 },
  { phrase: "lint*", weight: 2 },
  { phrase: "code style", weight: 3 },
  { phrase: "checkstyle", weight: 3 },
  { phrase: "docs typo", weight: 5 },
  { phrase: "typo in the docs", weight: 5 },
  { phrase: "typo in docs", weight: 5 },
  { phrase: "typo in the documentation", weight: 5 },
  { phrase: "typo in the readme", weight: 5 },
  { phrase: "typo in readme", weight: 5 },
  { phrase: "readme", weight: 2 },
  { phrase: "changelog", weight: 2 },
  { phrase: "javadoc", weight: 2 },
] satisfies Signal[]);

/** Asking how or why, where the answer may be "that is how it works" rather than a change. */
export const questionSignals = compileSignals([
  { phrase: "how do i", weight: 3 },
  { phrase: "how can i", weight: 3 },
  { phrase: "how do we", weight: 3 },
  { phrase: "how to", weight: 2 },
  { phrase: "is there a way", weight: 3 },
  { phrase: "is it possible", weight: 3 },
  { phrase: "any way to", weight: 2 },
  { phrase: "does anyone know", weight: 3 },
  { phrase: "can someone explain", weight: 3 },
  { phrase: "what is the best way", weight: 3 },
  { phrase: "where can i", weight: 3 },
  { phrase: "where do i", weight: 3 },
] satisfies Signal[]);

/** A headline opening with one of these and ending in "?" is asked, not reported. */
export const questionOpening = anyPhrase([
  "how", "what", "why", "where", "when", "which", "who", "can", "could", "is there", "are there", "is it", "does", "do", "should", "will", "would", "am i",
]);

/** A headline opening with one of these verbs asks for new or better behaviour ("Add CSV export", "Improve search speed"). */
export const featureOpening = anyPhrase([
  "add", "support", "allow", "implement", "introduce", "provide", "enable", "make it possible", "improve", "optimise", "optimize", "speed up",
]);

/** A headline opening with one of these verbs is maintenance ("Bump lodash", "Refactor the cart store"). */
export const choreOpening = anyPhrase(["bump", "upgrade", "update", "refactor", "remove", "replace", "clean up", "cleanup", "tidy", "rename", "migrate", "move", "drop"]);
