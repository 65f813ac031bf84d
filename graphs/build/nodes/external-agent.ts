import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { secondsLeft } from "../budget.js";
import type { BuildStateType } from "../build-state.js";
import type { StopReason } from "../build-types.js";
import { planText } from "../plan-text.js";
import { taskText } from "../task-text.js";
import { workspaceFor } from "../workspace-session.js";

/**
 * `build.agentCommand`: a team's own coding agent instead of the built-in one. It runs once, in the same sandbox
 * and workspace (no network, no tokens), with the task on standard input; the change is whatever git then sees.
 */
export function externalAgent(deps: GraphDeps) {
  return async (state: BuildStateType) => {
    const command = deps.settings.build.agentCommand!;
    const ws = await workspaceFor(deps, state);
    const stdin = `${taskText(state)}\n\nPlan:\n${planText(state.agentPlan)}\n`;
    const result = await ws.run(command, { timeoutSeconds: Math.max(1, secondsLeft(state.spend!, deps.settings.build.budgets, deps.clock.now())), stdin });
    const commands = [...(state.commands ?? []), { command, exitCode: result.exitCode, timedOut: result.timedOut, tests: false }];
    const spend = { ...state.spend!, steps: state.spend!.steps + 1 };
    if (result.timedOut || result.exitCode !== 0) {
      const stop: StopReason = { code: "agent-failed", message: `the agent command ${result.timedOut ? "was killed at its time limit" : `exited ${result.exitCode}`}: ${(result.stderr || result.stdout).trim().slice(-500)}` };
      return { commands, spend, stop, patch: (await ws.changes()).patch };
    }
    const summary = result.stdout.trim().slice(-2_000) || `Changes made by \`${command}\`.`;
    return { commands, spend, finish: { summary, testing: "", risk: "", threadReplies: [] }, patch: (await ws.changes()).patch };
  };
}
