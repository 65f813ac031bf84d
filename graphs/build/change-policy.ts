import { matchesAny } from "../../src/core/path-globs.js";

const WORKFLOWS = [".github/workflows/**"];

/**
 * The changed paths a build may not push, each with the reason: outside `build.allowedPaths`, or a CI workflow
 * (a workflow runs with the repository's secrets, so a model must not write one unless the team allows it).
 */
export function refusedPaths(paths: readonly string[], policy: { allowedPaths: readonly string[]; allowWorkflowChanges: boolean }): Array<{ path: string; reason: string }> {
  const refused: Array<{ path: string; reason: string }> = [];
  for (const path of paths) {
    if (!policy.allowWorkflowChanges && matchesAny(path, WORKFLOWS)) refused.push({ path, reason: "a CI workflow (build.allowWorkflowChanges is off)" });
    else if (!matchesAny(path, policy.allowedPaths)) refused.push({ path, reason: "outside build.allowedPaths" });
  }
  return refused;
}
