import { anyPhrase, compileSignals, type CompiledSignal, type Signal } from "./match-signals.js";
import type { Severity } from "../triage-types.js";

/**
 * Phrases that say how bad a bug is. Each level's phrases are summed (a headline hit counts double) and the
 * level with the highest score wins; a tie goes to the more severe level, because under-rating an outage costs
 * more than over-rating a glitch. A bug with no signal at all is P2.
 */

const NEGATIONS = ["no", "not", "without", "without a", "without any", "never", "isn't", "is not", "there is no", "there's no"];

/** P0: the product is down for everyone, data is lost or exposed. Someone should be paged now. */
const p0: Signal[] = [
  // Whole-service outage wording.
  { phrase: "outage", weight: 4 },
  { phrase: "is down", weight: 4 },
  { phrase: "are down", weight: 4 },
  { phrase: "went down", weight: 4 },
  { phrase: "goes down", weight: 3 },
  { phrase: "site down", weight: 4 },
  { phrase: "completely down", weight: 4 },
  { phrase: "production is", weight: 3 },
  { phrase: "prod is", weight: 3 },
  { phrase: "in production", weight: 1 },
  { phrase: "cannot start", weight: 3 },
  { phrase: "can't start", weight: 3 },
  { phrase: "won't start", weight: 3 },
  { phrase: "fails to start", weight: 3 },
  // "X doesn't start the Y" is common and rarely an outage: these only confirm other outage words.
  { phrase: "does not start", weight: 1 },
  { phrase: "doesn't start", weight: 1 },
  { phrase: "npe on startup", weight: 4 },
  { phrase: "on startup", weight: 1 },
  { phrase: "at startup", weight: 1 },
  // Everyone is affected, not one user on one device.
  { phrase: "all users", weight: 3 },
  { phrase: "every user", weight: 3 },
  { phrase: "all customers", weight: 3 },
  { phrase: "every customer", weight: 3 },
  // Alone, "everyone" is often a question ("is it broken for everyone?"); it confirms other outage words.
  { phrase: "everyone", weight: 1 },
  { phrase: "everybody", weight: 1 },
  { phrase: "nobody can", weight: 3 },
  { phrase: "no one can", weight: 3 },
  { phrase: "every request", weight: 2 },
  { phrase: "all requests", weight: 2 },
  { phrase: "every checkout", weight: 2 },
  { phrase: "every order", weight: 2 },
  // Data that is gone or wrong cannot be fixed by a later deploy.
  { phrase: "data loss", weight: 5 },
  { phrase: "lost data", weight: 5 },
  { phrase: "lose data", weight: 5 },
  { phrase: "losing data", weight: 5 },
  { phrase: "data corruption", weight: 5 },
  { phrase: "corrupt*", weight: 3 },
  { phrase: "deleted all", weight: 3 },
  // Security problems are P0 until someone has assessed them.
  { phrase: "security", weight: 2 },
  { phrase: "security hole", weight: 5 },
  { phrase: "security issue", weight: 4 },
  { phrase: "vulnerab*", weight: 4 },
  { phrase: "exploit*", weight: 4 },
  { phrase: "cve", weight: 3 },
  { phrase: "injection", weight: 3 },
  { phrase: "xss", weight: 4 },
  { phrase: "sensitive information", weight: 4 },
  { phrase: "credentials exposed", weight: 5 },
  { phrase: "password leak*", weight: 5 },
  { phrase: "unauthorized access", weight: 4 },
  { phrase: "unauthorised access", weight: 4 },
];

/** P1: a main flow is broken, the program crashes, or something that worked stopped working. */
const p1: Signal[] = [
  { phrase: "crash*", weight: 3 },
  { phrase: "*exception", weight: 2 },
  { phrase: "npe", weight: 3 },
  { phrase: "stack trace", weight: 2 },
  { phrase: "500", weight: 2 },
  { phrase: "internal server error", weight: 2 },
  { phrase: "blocker", weight: 4 },
  { phrase: "blocking", weight: 3 },
  { phrase: "blocked", weight: 2 },
  { phrase: "regression", weight: 3 },
  { phrase: "used to work", weight: 3 },
  { phrase: "stopped working", weight: 3 },
  { phrase: "since this morning", weight: 2 },
  { phrase: "since yesterday", weight: 2 },
  { phrase: "since the last release", weight: 2 },
  { phrase: "since the release", weight: 2 },
  { phrase: "since the deploy", weight: 2 },
  { phrase: "since the update", weight: 2 },
  { phrase: "after the upgrade", weight: 2 },
  { phrase: "after upgrading", weight: 2 },
  { phrase: "does nothing", weight: 2 },
  { phrase: "nothing happens", weight: 2 },
  { phrase: "doesn't work", weight: 2 },
  { phrase: "does not work", weight: 2 },
  { phrase: "not working", weight: 2 },
  { phrase: "unable to", weight: 2 },
  { phrase: "cannot", weight: 1 },
  { phrase: "can't", weight: 1 },
  { phrase: "broken", weight: 1 },
  { phrase: "fails", weight: 1 },
  { phrase: "hangs", weight: 2 },
  { phrase: "freez*", weight: 2 },
  { phrase: "deadlock*", weight: 3 },
  { phrase: "memory leak", weight: 2 },
  { phrase: "build fail*", weight: 3 },
  { phrase: "build is broken", weight: 3 },
  { phrase: "no workaround", weight: 3 },
  { phrase: "urgent", weight: 2 },
  // Flows without which the product earns nothing or nobody gets in.
  { phrase: "checkout", weight: 1 },
  { phrase: "payment*", weight: 1 },
  { phrase: "log in", weight: 1 },
  { phrase: "login", weight: 1 },
  { phrase: "sign in", weight: 1 },
  { phrase: "sign up", weight: 1 },
];

/** A stated workaround ("reloading the page works") means people can still get their work done. */
const workaround: Signal[] = [
  { phrase: "workaround", weight: 4, notAfter: NEGATIONS },
  { phrase: "work around", weight: 4, notAfter: NEGATIONS },
];

/** P2: broken but people can get their work done: a workaround, a wrong result, some users, sometimes. */
const p2: Signal[] = [
  ...workaround,
  { phrase: "incorrect*", weight: 2 },
  { phrase: "wrong", weight: 2 },
  { phrase: "inconsistent", weight: 2 },
  { phrase: "unexpected*", weight: 1 },
  { phrase: "sometimes", weight: 2 },
  { phrase: "intermittent*", weight: 2 },
  { phrase: "occasionally", weight: 2 },
  { phrase: "flaky", weight: 2 },
  { phrase: "some users", weight: 2 },
  { phrase: "edge case", weight: 2 },
  { phrase: "only when", weight: 1 },
  { phrase: "slow", weight: 1 },
  { phrase: "performance", weight: 1 },
];

/** P3: nothing is broken for the user's task: looks, wording, docs, logs. */
const p3: Signal[] = [
  { phrase: "typo*", weight: 4 },
  { phrase: "cosmetic", weight: 4 },
  { phrase: "trivial", weight: 4 },
  { phrase: "minor", weight: 3 },
  { phrase: "nit", weight: 3 },
  { phrase: "nitpick", weight: 3 },
  { phrase: "spelling", weight: 3 },
  { phrase: "misspel*", weight: 3 },
  { phrase: "grammar", weight: 3 },
  { phrase: "wording", weight: 3 },
  { phrase: "alignment", weight: 3 },
  { phrase: "misaligned", weight: 3 },
  { phrase: "not aligned", weight: 3 },
  { phrase: "padding", weight: 2 },
  { phrase: "margin", weight: 2 },
  { phrase: "font", weight: 2 },
  { phrase: "colour", weight: 2 },
  { phrase: "color", weight: 2 },
  { phrase: "tooltip", weight: 2 },
  { phrase: "pixel*", weight: 2 },
  { phrase: "looks off", weight: 2 },
  { phrase: "docs", weight: 2 },
  { phrase: "documentation", weight: 2 },
  { phrase: "javadoc", weight: 3 },
  { phrase: "readme", weight: 2 },
  { phrase: "comment", weight: 1 },
  { phrase: "comments", weight: 1 },
  { phrase: "log message", weight: 3 },
  { phrase: "log messages", weight: 3 },
  { phrase: "logging", weight: 1 },
  { phrase: "code style", weight: 3 },
  { phrase: "checkstyle", weight: 3 },
  { phrase: "whitespace", weight: 2 },
  { phrase: "unused", weight: 2 },
  // Only the test suite or code-hygiene checks are affected; users see nothing.
  { phrase: "flaky test*", weight: 3 },
  { phrase: "failing test*", weight: 2 },
  { phrase: "test failure*", weight: 2 },
  { phrase: "test case*", weight: 2 },
  { phrase: "testcase*", weight: 2 },
  { phrase: "unit test*", weight: 2 },
  { phrase: "findbugs", weight: 3 },
  { phrase: "spotbugs", weight: 3 },
  { phrase: "compiler warning*", weight: 3 },
  { phrase: "javac warning*", weight: 3 },
  { phrase: "lint warning*", weight: 3 },
];

export const severitySignals: Readonly<Record<Severity, readonly CompiledSignal[]>> = {
  P0: compileSignals(p0),
  P1: compileSignals(p1),
  P2: compileSignals(p2),
  P3: compileSignals(p3),
};

/** Found together with P1 evidence, a workaround lowers the bug to P2; an outage or data loss stays P0. */
export const workaroundSignals = compileSignals(workaround);

/** What each level means, for the one-line reason. */
export const severityMeaning: Readonly<Record<Severity, string>> = {
  P0: "outage, data loss, security or everyone affected",
  P1: "a main flow broken, a crash, a blocker or a regression",
  P2: "broken with a workaround, partial or an incorrect result",
  P3: "cosmetic, trivial, docs or logging",
};

/** Requests and chores jump the P3 queue only when the reporter says it cannot wait. */
export const urgencySignals = compileSignals([
  { phrase: "urgent*", weight: 1 },
  { phrase: "asap", weight: 1 },
  { phrase: "as soon as possible", weight: 1 },
  { phrase: "blocker", weight: 1 },
  { phrase: "blocking", weight: 1 },
  { phrase: "blocked", weight: 1 },
  { phrase: "critical", weight: 1 },
  { phrase: "deadline", weight: 1 },
  { phrase: "customers are asking", weight: 1 },
  { phrase: "losing customers", weight: 1 },
] satisfies Signal[]);

/** A chore that closes a known vulnerability (a CVE bump) is urgent maintenance. */
export const securityFix = anyPhrase(["cve", "vulnerability", "vulnerabilities", "vulnerable", "security fix", "security patch", "security advisory"]);
