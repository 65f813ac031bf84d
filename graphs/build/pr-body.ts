import type { AgentFinish, BuildPlan, CommandRecord } from "./build-types.js";

export interface PrBodyInput {
  issue: { number: number; title: string };
  finish: AgentFinish | null;
  plan: BuildPlan | undefined;
  commands: readonly CommandRecord[];
  finalTests: CommandRecord | null;
  files: ReadonlyArray<{ path: string; additions: number; deletions: number }>;
  figures: { steps: number; tokens: number; minutes: number };
  /** Why the work stopped, for a draft PR of unfinished work. */
  stopped?: string | undefined;
}

const result = (c: CommandRecord) => (c.timedOut ? "killed at its time limit" : c.exitCode === 0 ? "passed" : `failed (exit ${c.exitCode ?? "signal"})`);
const fence = (text: string) => text.replace(/```/g, "ʼʼʼ");

/**
 * The PR a build opens: what changed and why, `Fixes #N`, the plan, the tests run and their result, risk notes and
 * what the build cost. Reviewers read it first; the review automation reads the linked issue as the spec.
 */
export function prBody(input: PrBodyInput): string {
  const parts: string[] = [];
  if (input.stopped) parts.push(`> [!WARNING]\n> Unfinished: the build stopped because ${input.stopped}. This draft holds the work so far.`);
  parts.push(`## Summary\n\n${input.finish?.summary.trim() || "(the agent did not summarise its work)"}\n\nFixes #${input.issue.number}`);
  if (input.plan) {
    parts.push(`## Plan\n\n${input.plan.summary}\n\n${input.plan.steps.map((s, i) => `${i + 1}. ${s}`).join("\n")}`);
  }
  const tests = input.commands.filter((c) => c.tests);
  const lines = [
    ...(input.finalTests ? [`- \`${fence(input.finalTests.command)}\` after the last change: **${result(input.finalTests)}**`] : []),
    ...tests.slice(-5).map((c) => `- \`${fence(c.command)}\` during the build: ${result(c)}`),
  ];
  const testing = input.finish?.testing.trim();
  parts.push(`## Tests\n\n${lines.length ? lines.join("\n") : "- No test command was run (none configured: `build.testCommand`)."}${testing ? `\n\n${testing}` : ""}`);
  const risk = input.finish?.risk.trim();
  parts.push(`## Risk\n\n${risk || "Not assessed by the agent; the review automation scores risk."}`);
  const files = input.files.map((f) => `- \`${f.path}\` (+${f.additions} −${f.deletions})`).join("\n");
  parts.push(`## Files\n\n${files || "- none"}`);
  const f = input.figures;
  parts.push(`<sub>Built by Shopfloor for #${input.issue.number} in ${f.steps} step(s), ${f.tokens.toLocaleString("en-US")} model tokens, ${f.minutes.toFixed(1)} min. Commands ran in a sandbox without network.</sub>`);
  return parts.join("\n\n");
}
