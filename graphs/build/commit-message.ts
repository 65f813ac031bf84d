import { shorten } from "../../src/core/text.js";
import type { BuildStateType } from "./build-state.js";

/** A commit message in the repository's usual shape: a subject under 72 characters, the why in the body. */
export function commitMessage(state: BuildStateType): string {
  const summary = state.finish?.summary.trim() ?? "";
  if (state.request.mode === "fix") {
    const pr = state.pr!;
    return `Address review comments on #${pr.number}\n\n${summary}`.trim();
  }
  const issue = state.issue!;
  const subject = `Fix #${issue.number}: ${issue.title}`;
  return `${shorten(subject, 72)}\n\n${summary}\n\nFixes #${issue.number}`.replace(/\n{3,}/g, "\n\n");
}
