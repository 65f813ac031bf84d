import type { TrackedEvent, TrackedIssue } from "../../src/core/ports/error-tracker-port.js";

/** The top frames, as a developer reads a stack: where it broke first. */
export function stackExcerpt(event: TrackedEvent | null | undefined, max = 6): string {
  if (!event) return "";
  const head = event.exceptionType ? `${event.exceptionType}: ${event.exceptionValue ?? ""}` : event.message;
  const frames = event.frames.slice(0, max).map((f) => `  at ${f.function || "?"} (${f.filename}${f.lineNo ? `:${f.lineNo}` : ""})${f.inApp ? "" : " [library]"}`);
  return [head, ...frames].join("\n");
}

/** The report triage files from: what happened, how often, to how many, since when, and where in the code. */
export function incidentReport(issue: TrackedIssue, event: TrackedEvent | null | undefined, reason: string): string {
  const stack = stackExcerpt(event);
  return [
    `Sentry reports ${issue.title}${issue.culprit ? ` in ${issue.culprit}` : ""}.`,
    `Counts: ${issue.count} events, ${issue.userCount} users affected. First seen ${issue.firstSeen}, last seen ${issue.lastSeen}.${issue.substatus ? ` Status: ${issue.substatus}.` : ""}${event?.release ? ` Release ${event.release}.` : ""}${event?.environment ? ` Environment ${event.environment}.` : ""}`,
    `Assessment: ${reason}`,
    stack ? `Stack (top frames):\n${stack}` : "",
    `Sentry: ${issue.permalink}`,
  ]
    .filter(Boolean)
    .join("\n\n");
}
