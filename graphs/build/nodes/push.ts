import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { BuildStateType } from "../build-state.js";
import { commitMessage } from "../commit-message.js";
import { workspaceFor } from "../workspace-session.js";

/**
 * Commits the workspace and pushes the branch (never forced). A re-run after a lost answer finds the same change on
 * the branch already: the adapter accepts a remote head with the same tree instead of pushing twice.
 */
export function push(deps: GraphDeps) {
  return async (state: BuildStateType) => {
    if (state.headSha) return {};
    const ws = await workspaceFor(deps, state);
    const { sha } = await ws.commitAndPush({ message: commitMessage(state), author: deps.settings.build.author });
    deps.logger.info({ branch: state.branch, sha }, "build pushed");
    return { headSha: sha };
  };
}
