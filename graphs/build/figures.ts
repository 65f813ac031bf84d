import type { BuildFigures } from "../../src/blocks/build-blocks.js";
import type { BuildStateType } from "./build-state.js";

/** What the build cost and produced, for Slack, the PR body and the audit log. */
export function figuresOf(state: BuildStateType, now: Date): BuildFigures {
  const files = state.changedFiles ?? [];
  const spend = state.spend ?? { steps: 0, tokens: 0, startedAt: now.toISOString() };
  const tests = state.finalTests ?? [...(state.commands ?? [])].reverse().find((c) => c.tests) ?? null;
  return {
    files: files.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    tests: tests ? (tests.exitCode === 0 && !tests.timedOut ? "passed" : "failed") : "not run",
    steps: spend.steps,
    tokens: spend.tokens,
    minutes: Math.max(0, (now.getTime() - Date.parse(spend.startedAt)) / 60_000),
  };
}
