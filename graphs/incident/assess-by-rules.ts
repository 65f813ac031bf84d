import type { GraphSettings } from "../../src/core/graph-deps.js";
import type { TrackedIssue } from "../../src/core/ports/error-tracker-port.js";
import type { Assessment } from "./incident-state.js";

/**
 * Severity from facts alone: level, events, users, regression. The thresholds are the team's
 * (shopfloor.yml `incidents`); the model may judge higher, never below the log-only line.
 */
export function assessByRules(issue: TrackedIssue, t: GraphSettings["incidents"]): Assessment & { logOnly: boolean } {
  const regressed = issue.substatus === "regressed" || issue.substatus === "escalating";
  const logOnly = issue.count < t.minEvents && issue.userCount < t.minUsers && issue.level !== "fatal" && !regressed;
  const facts = `${issue.count} events, ${issue.userCount} users, level ${issue.level}${regressed ? `, ${issue.substatus}` : ""}`;
  if (issue.userCount >= t.p0Users || (issue.level === "fatal" && issue.userCount >= t.p1Users)) return { severity: "P0", reason: `${facts}: many users affected`, method: "rules", logOnly };
  if (issue.count >= t.p1Events || issue.userCount >= t.p1Users || issue.level === "fatal" || regressed) {
    return { severity: "P1", reason: `${facts}: ${regressed ? "a regression" : "frequent or severe"}`, method: "rules", logOnly };
  }
  if (issue.level === "error") return { severity: "P2", reason: `${facts}: an error a few users hit`, method: "rules", logOnly };
  return { severity: "P3", reason: `${facts}: a warning`, method: "rules", logOnly };
}
