import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { BuildStateType } from "../build-state.js";
import { discardWorkspace } from "../workspace-session.js";

/** Every build ends here: its workspace is removed, whatever happened. */
export function cleanup(deps: GraphDeps) {
  return async (state: BuildStateType) => {
    await discardWorkspace(deps, state.workspaceKey);
    return {};
  };
}
