import type { BuildStateType } from "./build-state.js";

/** What the agent is asked to do, as one text for the prompts (fenced there as untrusted). */
export function taskText(state: BuildStateType): string {
  if (state.request.mode === "build") {
    const issue = state.issue!;
    return `Issue #${issue.number}: ${issue.title}\nLabels: ${issue.labels.join(", ") || "none"}\n\n${issue.body}`;
  }
  const pr = state.pr!;
  const threads = (state.threads ?? [])
    .map((t) => {
      // Each comment indented under its thread, so a multi-line comment stays visibly part of it.
      const talk = t.comments.map((c) => `  ${c.author}: ${c.body.replace(/<!--[\s\S]*?-->/g, "").trim().replace(/\n/g, "\n    ")}`).join("\n");
      return `[thread ${t.id}] ${t.path}${t.line ? `:${t.line}` : ""}\n${talk}`;
    })
    .join("\n\n");
  const spec = state.issue ? `\n\nThe issue it fixes, #${state.issue.number}: ${state.issue.title}\n${state.issue.body}` : "";
  return `Address the open review threads of pull request #${pr.number} (${pr.title}) on its branch ${pr.headRef}. Change the code where a thread is right; where you disagree, say why in its reply instead.\n\nOpen review threads:\n${threads}\n\nThe pull request's description:\n${pr.body}${spec}`;
}
