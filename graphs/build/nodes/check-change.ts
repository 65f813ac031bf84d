import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { BuildStateType } from "../build-state.js";
import type { StopReason } from "../build-types.js";
import { refusedPaths } from "../change-policy.js";
import { workspaceFor } from "../workspace-session.js";

/** The change is what git sees in the workspace, whatever the agent said it did; it must stay inside the policy. */
export function checkChange(deps: GraphDeps) {
  return async (state: BuildStateType) => {
    const ws = await workspaceFor(deps, state);
    const { patch, files } = await ws.changes();
    const changedFiles = files.map((f) => ({ path: f.path, additions: f.additions, deletions: f.deletions }));
    if (files.length === 0) {
      const stop: StopReason = { code: "no-change", message: "the agent finished without changing any file" };
      return { stop, patch, changedFiles };
    }
    const refused = refusedPaths(
      files.flatMap((f) => (f.previousPath ? [f.previousPath, f.path] : [f.path])),
      deps.settings.build,
    );
    if (refused.length) {
      const list = refused.map((r) => `${r.path}: ${r.reason}`).join("; ");
      const stop: StopReason = { code: "refused-paths", message: `it changed files a build may not change (${list})` };
      return { stop, patch, changedFiles };
    }
    return { patch, changedFiles };
  };
}
