import { severities, type IssueType, type Severity } from "../triage-types.js";
import { evidence, findSignals, scoreOf, type SignalHit } from "./match-signals.js";
import { securityFix, severityMeaning, severitySignals, urgencySignals, workaroundSignals } from "./severity-signals.js";

export interface SeverityDecision {
  severity: Severity;
  /** One line naming the signal found. */
  reason: string;
}

/** A level needs at least this much evidence (one strong phrase, or two weaker ones) to move a bug off P2. */
const MIN_SCORE = 3;
const REASON_MAX = 300;

function quote(words: readonly string[]): string {
  return words.map((w) => `"${w}"`).join(", ");
}

function line(text: string): string {
  return text.length > REASON_MAX ? `${text.slice(0, REASON_MAX - 1)}…` : text;
}

function bugSeverity(head: string, body: string): SeverityDecision {
  const byLevel = severities.map((level) => {
    const hits = findSignals(severitySignals[level], head, body);
    return { level, hits, score: scoreOf(hits) };
  });
  // Highest score wins; on a tie the more severe level (earlier in the list) stays, since under-rating costs more.
  const best = byLevel.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score < MIN_SCORE) {
    return { severity: "P2", reason: "A bug with no sign of an outage, a crash or a cosmetic-only problem: P2 by default" };
  }
  const words = evidence(best.hits, head, body);
  const workaround = findSignals(workaroundSignals, head, body);
  if (best.level === "P1" && workaround.length) {
    return { severity: "P2", reason: line(`${quote(words)} but a workaround is given (${quote(evidence(workaround, head, body, 1))}): ${severityMeaning.P2}`) };
  }
  return { severity: best.level, reason: line(`${quote(words)}: ${severityMeaning[best.level]}`) };
}

function urgency(head: string, body: string): SignalHit[] {
  return findSignals(urgencySignals, head, body);
}

/**
 * Severity with a one-line reason. Bugs are weighed by their signal tables; other reports start at P3 because
 * nothing is broken: a feature request goes to P2 only when the reporter says it is urgent, a chore to P1 when it
 * closes a known vulnerability.
 */
export function detectSeverity(type: IssueType, head: string, body: string): SeverityDecision {
  if (type === "bug") return bugSeverity(head, body);
  if (type === "question") return { severity: "P3", reason: "A question, not a defect: P3 unless the answer shows a bug" };
  const urgent = urgency(head, body);
  if (type === "chore") {
    const security = securityFix.exec(`${head}\n${body}`);
    if (security) return { severity: "P1", reason: line(`Maintenance that closes a vulnerability ("${security[0]}"): P1`) };
    if (urgent.length) return { severity: "P2", reason: line(`Maintenance marked urgent (${quote(evidence(urgent, head, body))}): P2`) };
    return { severity: "P3", reason: "Maintenance with no user-visible breakage: P3" };
  }
  if (urgent.length) return { severity: "P2", reason: line(`A feature request marked urgent (${quote(evidence(urgent, head, body))}): P2`) };
  return { severity: "P3", reason: "A feature request with no urgency stated: P3" };
}
