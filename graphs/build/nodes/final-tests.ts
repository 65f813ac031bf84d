import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { fenceUntrusted } from "../../../src/core/untrusted-text.js";
import { exhaustedBudget, secondsLeft } from "../budget.js";
import type { BuildStateType } from "../build-state.js";
import type { CommandRecord, StopReason } from "../build-types.js";
import { describeRun } from "../tools/command-tools.js";
import { workspaceFor } from "../workspace-session.js";

const MAX_BOUNCES = 2;

/**
 * Runs the configured test command once more on the final change, whatever the agent reported. Failing tests
 * send the agent back (twice at most, within its budgets); after that the build stops and a person decides.
 */
export function finalTests(deps: GraphDeps) {
  return async (state: BuildStateType) => {
    const command = deps.settings.build.testCommand;
    if (!command) return { finalTests: null };
    const ws = await workspaceFor(deps, state);
    const budgets = deps.settings.build.budgets;
    const result = await ws.run(command, { timeoutSeconds: Math.max(1, secondsLeft(state.spend!, budgets, deps.clock.now())) });
    const record: CommandRecord = { command, exitCode: result.exitCode, timedOut: result.timedOut, tests: true };
    if (result.exitCode === 0 && !result.timedOut) return { finalTests: record };
    const bounces = state.bounces ?? 0;
    if (bounces < MAX_BOUNCES && !exhaustedBudget(state.spend!, budgets, deps.clock.now())) {
      // The tests print what the repository's code prints: data, fenced like every tool answer.
      const note = `The test command fails on your final change:\n${fenceUntrusted("run_tests", describeRun(command, result))}\nFix the code (change a test only if the test itself is wrong), run the tests, then call finish again.`;
      return { finalTests: record, finish: null, bounces: bounces + 1, messages: [...(state.messages ?? []), { role: "user" as const, content: note }] };
    }
    const stop: StopReason = { code: "tests-failing", message: `the tests still fail after the agent's change (${command}: ${result.timedOut ? "killed at its time limit" : `exit ${result.exitCode}`})` };
    return { finalTests: record, stop };
  };
}
