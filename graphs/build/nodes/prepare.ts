import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { BuildStateType } from "../build-state.js";
import type { StopReason } from "../build-types.js";
import { describeRun } from "../tools/command-tools.js";
import { workspaceFor } from "../workspace-session.js";

const MAP_FILES = 400;

/**
 * Clones the repository into the run's own directory, installs dependencies with the network on, and reads the
 * map of files the plan and the agent start from. A failed install stops the build with its output: without
 * dependencies nothing the agent runs would mean anything.
 */
export function prepare(deps: GraphDeps) {
  return async (state: BuildStateType) => {
    const ws = await workspaceFor(deps, state);
    const base = { startSha: ws.startSha, spend: state.spend ?? { steps: 0, tokens: 0, startedAt: deps.clock.now().toISOString() } };
    if (ws.install && (ws.install.timedOut || ws.install.exitCode !== 0)) {
      const stop: StopReason = { code: "install-failed", message: `the install command failed: ${describeRun(deps.settings.build.installCommand ?? "", ws.install).slice(0, 1_500)}` };
      return { ...base, stop };
    }
    const { files, truncated } = await ws.listFiles(undefined, MAP_FILES);
    const repoMap = `${files.join("\n")}${truncated ? `\n[… more files; the agent can list them]` : ""}`;
    return { ...base, repoMap };
  };
}
