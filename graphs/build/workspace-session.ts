import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { Workspace, WorkspacePort } from "../../src/core/ports/workspace-port.js";
import type { BuildStateType } from "./build-state.js";

/**
 * Open workspaces of this process, by key. Nodes of one run usually share the process, so the clone is made once;
 * after a crash, a retry on another worker or a long wait for an answer, the workspace is made again from the
 * state's patch (the work so far), so nothing the agent did is lost and nothing is half-applied.
 */
const open = new WeakMap<WorkspacePort, Map<string, Workspace>>();

function cacheOf(port: WorkspacePort): Map<string, Workspace> {
  let cache = open.get(port);
  if (!cache) open.set(port, (cache = new Map()));
  return cache;
}

export async function workspaceFor(deps: Pick<GraphDeps, "workspaces" | "settings">, state: BuildStateType): Promise<Workspace> {
  const key = state.workspaceKey!;
  const cache = cacheOf(deps.workspaces);
  const cached = cache.get(key);
  if (cached) return cached;
  const install = deps.settings.build.installCommand;
  const ws = await deps.workspaces.open({
    key,
    branch: state.branch!,
    ...(state.baseRef ? { baseRef: state.baseRef } : {}),
    // A re-opened workspace starts from the commit the run started from, so the saved patch applies as it was made.
    ...(state.startSha ? { startSha: state.startSha } : {}),
    ...(state.patch ? { patch: state.patch } : {}),
    ...(install ? { installCommand: install } : {}),
  });
  cache.set(key, ws);
  return ws;
}

/** Removes the run's directory, whether this process has it open or an earlier one left it behind. */
export async function discardWorkspace(deps: Pick<GraphDeps, "workspaces">, key: string | undefined): Promise<void> {
  if (!key) return;
  const cache = cacheOf(deps.workspaces);
  const ws = cache.get(key);
  cache.delete(key);
  if (ws) await ws.remove();
  await deps.workspaces.discard(key);
}
